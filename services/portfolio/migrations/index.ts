import { sql } from 'kysely';
import type { Migrations } from '@tradeplane/kit';

export const migrations: Migrations = {
  '001_accounts': {
    async up(db) {
      // Orders owns accounts; this is the ledger side of them, built from events only.
      await db.schema
        .createTable('accounts')
        .addColumn('account_id', 'text', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('is_default', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('margin_enabled', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('broker', 'text', (c) => c.notNull().defaultTo('paper'))
        // false while fills arrived before account.opened (events of different types race).
        .addColumn('opened', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('cash', 'numeric', (c) => c.notNull().defaultTo(0))
        .addColumn('realized_pnl', 'numeric', (c) => c.notNull().defaultTo(0))
        .addColumn('fees', 'numeric', (c) => c.notNull().defaultTo(0))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('closed_at', 'timestamptz')
        // Fills executed before the last reset belong to the old account and are ignored.
        .addColumn('reset_at', 'timestamptz')
        .addColumn('sod_date', 'date')
        .addColumn('sod_equity', 'numeric')
        .addColumn('high_water_mark', 'numeric')
        .addColumn('last_equity', 'numeric')
        .addColumn('valued_at', 'timestamptz')
        .addColumn('last_fill_at', 'timestamptz')
        .execute();
      await db.schema
        .createIndex('accounts_user')
        .on('accounts')
        .columns(['user_id', 'is_default'])
        .execute();
    },
  },
  '002_positions': {
    async up(db) {
      // qty is signed (negative: short); cost_basis is signed too (qty × average entry), exact.
      await db.schema
        .createTable('positions')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('symbol', 'text', (c) => c.notNull())
        .addColumn('qty', 'numeric', (c) => c.notNull())
        .addColumn('cost_basis', 'numeric', (c) => c.notNull())
        .addColumn('realized_pnl', 'numeric', (c) => c.notNull().defaultTo(0))
        .addColumn('commissions', 'numeric', (c) => c.notNull().defaultTo(0))
        .addColumn('last_price', 'numeric')
        .addColumn('lastday_price', 'numeric')
        .addColumn('opened_at', 'timestamptz')
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('positions_pkey', ['account_id', 'symbol'])
        .execute();
    },
  },
  '003_fills': {
    async up(db) {
      // One row per trade.executed: the ledger's journal, and Alpaca's FILL activities.
      await db.schema
        .createTable('fills')
        .addColumn('trade_id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('order_id', 'text', (c) => c.notNull())
        .addColumn('symbol', 'text', (c) => c.notNull())
        .addColumn('side', 'text', (c) => c.notNull())
        .addColumn('qty', 'numeric', (c) => c.notNull())
        .addColumn('price', 'numeric', (c) => c.notNull())
        .addColumn('commission', 'numeric', (c) => c.notNull())
        .addColumn('realized_pnl', 'numeric', (c) => c.notNull())
        .addColumn('position_qty', 'numeric', (c) => c.notNull())
        .addColumn('cum_qty', 'numeric', (c) => c.notNull())
        .addColumn('cash_after', 'numeric', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addCheckConstraint('fills_side', sql`side in ('buy','sell')`)
        .execute();
      await db.schema
        .createIndex('fills_account_at')
        .on('fills')
        .columns(['account_id', 'at', 'trade_id'])
        .execute();
      await db.schema.createIndex('fills_order').on('fills').columns(['account_id', 'order_id']).execute();
    },
  },
  '004_exits': {
    async up(db) {
      // Stop-loss / take-profit levels of a position and the one exit order they may place.
      // state: armed → triggered (exit order being placed, clientOrderId fixed) → placed | failed.
      await db.schema
        .createTable('position_exits')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('symbol', 'text', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('stop_loss', 'numeric')
        .addColumn('take_profit', 'numeric')
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('kind', 'text')
        .addColumn('side', 'text')
        .addColumn('qty', 'numeric')
        .addColumn('trigger_price', 'numeric')
        .addColumn('client_order_id', 'text')
        .addColumn('order_id', 'text')
        .addColumn('error', 'text')
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('triggered_at', 'timestamptz')
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('position_exits_pkey', ['account_id', 'symbol'])
        .addCheckConstraint('position_exits_state', sql`state in ('armed','triggered','placed','failed')`)
        .execute();
      await db.schema
        .createIndex('position_exits_state')
        .on('position_exits')
        .columns(['state', 'symbol'])
        .execute();
    },
  },
  '005_snapshots': {
    async up(db) {
      await db.schema
        .createTable('equity_snapshots')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addColumn('equity', 'numeric', (c) => c.notNull())
        .addColumn('cash', 'numeric', (c) => c.notNull())
        .addPrimaryKeyConstraint('equity_snapshots_pkey', ['account_id', 'at'])
        .execute();
    },
  },
  '006_journal': {
    async up(db) {
      await db.schema
        .createTable('journal_entries')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('trade_id', 'text', (c) => c.notNull())
        .addColumn('notes', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('tags', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addUniqueConstraint('journal_entries_trade_key', ['user_id', 'trade_id'])
        .execute();
      await db.schema
        .createIndex('journal_entries_user')
        .on('journal_entries')
        .columns(['user_id', 'id'])
        .execute();
    },
  },
  '007_watchlists': {
    async up(db) {
      await db.schema
        .createTable('watchlists')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('symbols', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addUniqueConstraint('watchlists_name_key', ['account_id', 'name'])
        .execute();
    },
  },
  '008_non_trade_activities': {
    async up(db) {
      // Alpaca's non-trade activities (NTA), written with the money movement they report: the
      // funding of an account (CSD) at its opening and at a reset, and each fill's commission (FEE).
      // Ids are derived from what caused them, so a replayed cause inserts nothing.
      await db.schema
        .createTable('non_trade_activities')
        .addColumn('id', 'text', (c) => c.primaryKey())
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('activity_type', 'text', (c) => c.notNull())
        .addColumn('activity_sub_type', 'text')
        .addColumn('net_amount', 'numeric', (c) => c.notNull())
        .addColumn('symbol', 'text')
        .addColumn('qty', 'numeric')
        .addColumn('per_share_amount', 'numeric')
        .addColumn('order_id', 'text')
        .addColumn('trade_id', 'text')
        .addColumn('description', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('executed'))
        .addColumn('at', 'timestamptz', (c) => c.notNull())
        .addColumn('recorded_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addCheckConstraint('non_trade_activities_status', sql`status in ('executed','correct','canceled')`)
        .execute();
      await db.schema
        .createIndex('non_trade_activities_account_at')
        .on('non_trade_activities')
        .columns(['account_id', 'at', 'id'])
        .execute();
    },
  },
  '009_close_requests': {
    async up(db) {
      // The request an Idempotency-Key first closed a position with: a retry with the same key
      // answers that close's order, a different request under the key is refused.
      await db.schema
        .createTable('close_requests')
        .addColumn('account_id', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text', (c) => c.notNull())
        .addColumn('symbol', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('client_order_id', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('close_requests_pkey', ['account_id', 'idempotency_key'])
        .execute();
    },
  },
};
