import { sql } from 'kysely';
import type { Migrations } from '@tradeplane/kit';

/** Statuses in which an order may still execute or change (Alpaca's "open" orders). */
const OPEN_STATUSES = sql.raw(
  `('new','partially_filled','accepted','pending_new','accepted_for_bidding','pending_cancel','pending_replace','held','done_for_day','stopped','suspended','calculated')`,
);

export const migrations: Migrations = {
  '001_accounts': {
    async up(db) {
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('is_default', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('broker', 'text', (c) => c.notNull().defaultTo('paper'))
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
        .addColumn('initial_cash', 'numeric', (c) => c.notNull())
        .addColumn('margin_enabled', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('alpaca_key_id', 'text')
        // AES-256-GCM ciphertext (domain/secrets.ts); the plain secret is never stored nor returned.
        .addColumn('alpaca_secret_enc', 'text')
        .addColumn('alpaca_base_url', 'text')
        .addColumn('alpaca_paper', 'boolean')
        .addColumn('commission', 'jsonb')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('closed_at', 'timestamptz')
        .addCheckConstraint('accounts_broker_known', sql`broker in ('paper', 'alpaca')`)
        .addCheckConstraint('accounts_status_known', sql`status in ('active', 'closed')`)
        .addCheckConstraint('accounts_cash_not_negative', sql`initial_cash >= 0`)
        .execute();
      // One default account per user, whatever the race between user.registered and a first
      // request that opens it lazily.
      await db.schema
        .createIndex('accounts_one_default')
        .on('accounts')
        .column('user_id')
        .unique()
        .where(sql.ref('is_default'), '=', true)
        .execute();
      await db.schema.createIndex('accounts_user').on('accounts').columns(['user_id', 'id']).execute();
    },
  },
  '002_orders': {
    async up(db) {
      await db.schema
        .createTable('orders')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('account_id', 'uuid', (c) => c.notNull().references('accounts.id'))
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('client_order_id', 'text', (c) => c.notNull())
        .addColumn('idempotency_key', 'text')
        .addColumn('symbol', 'text', (c) => c.notNull())
        .addColumn('asset_id', 'text')
        .addColumn('asset_class', 'text', (c) => c.notNull().defaultTo('us_equity'))
        .addColumn('side', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('time_in_force', 'text', (c) => c.notNull())
        .addColumn('order_class', 'text', (c) => c.notNull())
        .addColumn('qty', 'numeric')
        .addColumn('notional', 'numeric')
        .addColumn('filled_qty', 'numeric', (c) => c.notNull().defaultTo(0))
        .addColumn('filled_avg_price', 'numeric')
        .addColumn('commission', 'numeric', (c) => c.notNull().defaultTo(0))
        .addColumn('limit_price', 'numeric')
        .addColumn('stop_price', 'numeric')
        .addColumn('trail_price', 'numeric')
        .addColumn('trail_percent', 'numeric')
        .addColumn('hwm', 'numeric')
        .addColumn('extended_hours', 'boolean', (c) => c.notNull().defaultTo(false))
        .addColumn('status', 'text', (c) => c.notNull())
        // The status a pending_replace order returns to when its replacement is refused.
        .addColumn('prev_status', 'text')
        .addColumn('reject_code', 'text')
        .addColumn('reject_reason', 'text')
        .addColumn('parent_id', 'uuid', (c) => c.references('orders.id'))
        .addColumn('leg_role', 'text')
        // Shares the exit orders of one OCO group may sell (or buy) together.
        .addColumn('exit_qty', 'numeric')
        .addColumn('replaces', 'uuid')
        .addColumn('replaced_by', 'uuid')
        .addColumn('position_intent', 'text')
        .addColumn('broker', 'text', (c) => c.notNull())
        .addColumn('broker_order_id', 'text')
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('triggered_at', 'timestamptz')
        .addColumn('auction_at', 'timestamptz')
        .addColumn('expires_at', 'timestamptz')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('submitted_at', 'timestamptz')
        .addColumn('filled_at', 'timestamptz')
        .addColumn('expired_at', 'timestamptz')
        .addColumn('canceled_at', 'timestamptz')
        .addColumn('failed_at', 'timestamptz')
        .addColumn('replaced_at', 'timestamptz')
        // Alpaca: client_order_id is unique per account, even after the order is canceled.
        .addUniqueConstraint('orders_client_order_id_key', ['account_id', 'client_order_id'])
        // The last line of defence against an overfill, whatever the code above it does.
        .addCheckConstraint('orders_no_overfill', sql`filled_qty >= 0 and (qty is null or filled_qty <= qty)`)
        .addCheckConstraint('orders_qty_or_notional', sql`(qty is null) <> (notional is null)`)
        .execute();
      await db.schema
        .createIndex('orders_idempotency_key')
        .on('orders')
        .columns(['user_id', 'idempotency_key'])
        .unique()
        .where(sql.ref('idempotency_key'), 'is not', null)
        .execute();
      await db.schema
        .createIndex('orders_account')
        .on('orders')
        .columns(['account_id', 'created_at'])
        .execute();
      await db.schema.createIndex('orders_parent').on('orders').column('parent_id').execute();
      await db.schema.createIndex('orders_broker_order').on('orders').column('broker_order_id').execute();
      await db.schema
        .createIndex('orders_open')
        .on('orders')
        .columns(['account_id', 'symbol'])
        .where(sql<boolean>`status in ${OPEN_STATUSES}`)
        .execute();
      await db.schema
        .createIndex('orders_open_expiry')
        .on('orders')
        .column('expires_at')
        .where(sql<boolean>`status in ${OPEN_STATUSES}`)
        .execute();
    },
  },
  '003_fills': {
    async up(db) {
      await db.schema
        .createTable('fills')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('order_id', 'uuid', (c) => c.notNull().references('orders.id'))
        .addColumn('account_id', 'uuid', (c) => c.notNull())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('symbol', 'text', (c) => c.notNull())
        .addColumn('side', 'text', (c) => c.notNull())
        .addColumn('qty', 'numeric', (c) => c.notNull())
        .addColumn('price', 'numeric', (c) => c.notNull())
        .addColumn('commission', 'numeric', (c) => c.notNull())
        .addColumn('broker_execution_id', 'text')
        .addColumn('executed_at', 'timestamptz', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addCheckConstraint('fills_positive', sql`qty > 0 and price > 0 and commission >= 0`)
        // A broker's execution is recorded once, however often its stream repeats it.
        .addUniqueConstraint('fills_broker_execution_key', ['order_id', 'broker_execution_id'])
        .execute();
      await db.schema.createIndex('fills_order').on('fills').column('order_id').execute();
      await db.schema
        .createIndex('fills_account')
        .on('fills')
        .columns(['account_id', 'executed_at'])
        .execute();
    },
  },
  '004_idempotency_keys': {
    async up(db) {
      await db.schema
        .createTable('idempotency_keys')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('key', 'text', (c) => c.notNull())
        .addColumn('request_hash', 'text', (c) => c.notNull())
        .addColumn('state', 'text', (c) => c.notNull())
        .addColumn('response_status', 'integer')
        .addColumn('response_body', 'jsonb')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('idempotency_keys_pkey', ['user_id', 'key'])
        .addCheckConstraint('idempotency_keys_state_known', sql`state in ('in_flight', 'completed')`)
        .execute();
      await db.schema
        .createIndex('idempotency_keys_expiry')
        .on('idempotency_keys')
        .column('expires_at')
        .execute();
    },
  },
  '005_settings': {
    async up(db) {
      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },
  // What placements reserve, counted on the account row, so a placement can tell what the orders
  // placed at the same moment added since its risk check read the account (place-order.ts).
  '006_account_reservations': {
    async up(db) {
      await db.schema
        .alterTable('accounts')
        // Orders stored by placements (and replacements) on the account, ever, legs included.
        .addColumn('placed_seq', 'bigint', (c) => c.notNull().defaultTo(0))
        // Cash their buys reserved at placement, ever (only grows).
        .addColumn('placed_buy_notional', 'numeric', (c) => c.notNull().defaultTo(0))
        // Shares their sells reserved at placement, per symbol, ever: {"AAPL": "12.5"}.
        .addColumn('placed_sell_qty', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
        // Bumped by a reset: a check made before it priced the old cash.
        .addColumn('reset_seq', 'integer', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
  '008_placed_sides': {
    async up(db) {
      // Orders placed per symbol and side, ever: {"AAPL:buy": 3}. A placement approved while no
      // order on the other side of its symbol could be crossed (the wash-trade guard) is stored
      // only if none was placed meanwhile (place-order.ts).
      await db.schema
        .alterTable('accounts')
        .addColumn('placed_sides', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
        .execute();
    },
  },
  '009_placed_sell_notional': {
    async up(db) {
      // Value of the sells placed on the account, ever: on a margin account any sell may be a
      // short sale holding buying power, so a buy's approval holds only while the buys and sells
      // placed meanwhile fit its slack together (place-order.ts, the headroom guard).
      await db.schema
        .alterTable('accounts')
        .addColumn('placed_sell_notional', 'numeric', (c) => c.notNull().defaultTo(0))
        .execute();
    },
  },
};
