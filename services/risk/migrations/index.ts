import { sql } from 'kysely';
import type { Migrations } from '@tradeplane/kit';

export const migrations: Migrations = {
  '001_accounts': {
    async up(db) {
      // A copy of orders' accounts (account.opened / account.closed): who owns what, and margin.
      await db.schema
        .createTable('accounts')
        .addColumn('account_id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('margin_enabled', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('is_default', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('closed_at', 'timestamptz')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema.createIndex('accounts_user').on('accounts').column('user_id').execute();
    },
  },
  '002_limits': {
    async up(db) {
      // NULL disables a limit. Percentages are percent (10 = 10 %).
      await db.schema
        .createTable('limits')
        .addColumn('account_id', 'text', (c) => c.primaryKey())
        .addColumn('max_order_notional', 'numeric')
        .addColumn('max_position_pct', 'numeric')
        .addColumn('max_open_orders', 'integer')
        .addColumn('allow_symbols', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
        .addColumn('deny_symbols', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
        .addColumn('price_collar_pct', 'numeric')
        .addColumn('daily_loss_limit_pct', 'numeric')
        .addColumn('max_drawdown_pct', 'numeric')
        .addColumn('daily_loss_action', 'text', (c) => c.notNull())
        .addColumn('drawdown_action', 'text', (c) => c.notNull())
        .addColumn('shorting_enabled', 'boolean', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addCheckConstraint(
          'limits_actions',
          sql`daily_loss_action in ('REDUCING','HALTED') and drawdown_action in ('REDUCING','HALTED')`,
        )
        .execute();
    },
  },
  '003_trading_states': {
    async up(db) {
      await db.schema
        .createTable('trading_states')
        .addColumn('account_id', 'text', (c) => c.primaryKey())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        // 'default' | 'user' | 'kill_switch' | 'breaker:daily_loss' | 'breaker:drawdown'
        .addColumn('changed_by', 'text', (c) => c.notNull())
        .addColumn('changed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('kill_switch', 'boolean', (c) => c.notNull().defaultTo(false))
        // The UTC day on which the owner resumed after a breaker: breakers stay quiet until the next day.
        .addColumn('resumed_on', 'date')
        // Valuation seen last (portfolio.valued or a check): what the breakers compare.
        .addColumn('sod_date', 'date')
        .addColumn('sod_equity', 'numeric')
        .addColumn('high_water_mark', 'numeric')
        .addColumn('last_equity', 'numeric')
        .addColumn('valued_at', 'timestamptz')
        .addCheckConstraint('trading_states_state', sql`state in ('ACTIVE','REDUCING','HALTED')`)
        .execute();
    },
  },
  '004_decisions': {
    async up(db) {
      await db.schema
        .createTable('decisions')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('approved', 'boolean', (c) => c.notNull())
        .addColumn('code', 'text')
        .addColumn('message', 'text')
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('symbol', 'text', (c) => c.notNull())
        .addColumn('side', 'text', (c) => c.notNull())
        // Everything the decision was made from: the request, the account state, limits, rules.
        .addColumn('inputs', 'jsonb', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createIndex('decisions_account')
        .on('decisions')
        .columns(['account_id', 'id'])
        .execute();
    },
  },
  '005_compliance': {
    async up(db) {
      // Only explicit choices are stored; a rule without a row has its default.
      await db.schema
        .createTable('compliance_settings')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('rule_id', 'text', (c) => c.notNull())
        .addColumn('enabled', 'boolean', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('compliance_settings_pkey', ['account_id', 'rule_id'])
        .execute();
      // The day-trade counter's own ledger, from trade.executed.
      await db.schema
        .createTable('dt_positions')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('symbol', 'text', (c) => c.notNull())
        .addColumn('qty', 'numeric', (c) => c.notNull())
        .addPrimaryKeyConstraint('dt_positions_pkey', ['account_id', 'symbol'])
        .execute();
      // Shares opened on a trading day and still open: closing any of them is a day trade.
      await db.schema
        .createTable('dt_opened')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('symbol', 'text', (c) => c.notNull())
        .addColumn('trade_date', 'date', (c) => c.notNull())
        .addColumn('qty', 'numeric', (c) => c.notNull())
        .addPrimaryKeyConstraint('dt_opened_pkey', ['account_id', 'symbol', 'trade_date'])
        .execute();
      // One row per closing order, however many fills it took (FINRA counts the round trip once).
      await db.schema
        .createTable('day_trades')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('symbol', 'text', (c) => c.notNull())
        .addColumn('trade_date', 'date', (c) => c.notNull())
        .addColumn('trade_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('day_trades_pkey', ['account_id', 'order_id'])
        .execute();
      await db.schema
        .createIndex('day_trades_date')
        .on('day_trades')
        .columns(['account_id', 'trade_date'])
        .execute();
    },
  },
};
