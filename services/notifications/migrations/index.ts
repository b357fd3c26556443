import { sql } from 'kysely';
import type { Migrations } from '@tradeplane/kit';

export const migrations: Migrations = {
  '001_notifications': {
    async up(db) {
      // One row per (source event, user): a redelivered or replayed event finds its notification.
      await db.schema
        .createTable('notifications')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('title', 'text', (c) => c.notNull())
        .addColumn('body', 'text', (c) => c.notNull())
        .addColumn('data', 'jsonb', (c) => c.notNull().defaultTo(sql`'{}'::jsonb`))
        .addColumn('source_id', 'text', (c) => c.notNull())
        // False when the owner switched the inbox channel off for the type: kept for dedupe, not listed.
        .addColumn('in_inbox', 'boolean', (c) => c.notNull().defaultTo(true))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('read_at', 'timestamptz')
        .addUniqueConstraint('notifications_source_user_key', ['source_id', 'user_id'])
        .execute();
      await db.schema
        .createIndex('notifications_user_id')
        .on('notifications')
        .columns(['user_id', 'id'])
        .execute();
      await db.schema
        .createIndex('notifications_user_unread')
        .on('notifications')
        .columns(['user_id', 'id'])
        .where(sql.raw<boolean>('read_at is null and in_inbox'))
        .execute();
    },
  },
  '002_preferences': {
    async up(db) {
      // Only explicit choices; a (type, channel) without a row has its default.
      await db.schema
        .createTable('preferences')
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('enabled', 'boolean', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('preferences_pkey', ['user_id', 'type', 'channel'])
        .execute();
      // Where to reach a user: the address identity knows, the owner's override, a phone for SMS.
      await db.schema
        .createTable('recipients')
        .addColumn('user_id', 'text', (c) => c.primaryKey())
        .addColumn('email', 'text')
        .addColumn('email_override', 'text')
        .addColumn('phone', 'text')
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
    },
  },
  '003_webhooks_devices': {
    async up(db) {
      await db.schema
        .createTable('webhooks')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('url', 'text', (c) => c.notNull())
        // Empty: every type.
        .addColumn('types', 'jsonb', (c) => c.notNull().defaultTo(sql`'[]'::jsonb`))
        // Sealed (AES-256-GCM): the secret is needed in clear to sign, so it cannot be hashed.
        .addColumn('secret_sealed', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .execute();
      await db.schema.createIndex('webhooks_user').on('webhooks').columns(['user_id', 'id']).execute();
      await db.schema
        .createTable('devices')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('token', 'text', (c) => c.notNull())
        .addColumn('platform', 'text', (c) => c.notNull())
        .addColumn('name', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        // A device token names one app install: registering it again (another user) moves it.
        .addUniqueConstraint('devices_token_key', ['token'])
        .execute();
      await db.schema.createIndex('devices_user').on('devices').columns(['user_id', 'id']).execute();
      await db.schema
        .createTable('webhook_allowlist')
        .addColumn('entry', 'text', (c) => c.primaryKey())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createTable('settings')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'text', (c) => c.notNull())
        .execute();
    },
  },
  '004_deliveries': {
    async up(db) {
      // One row per notification and channel, and per endpoint for webhooks (target_key = endpoint
      // id, '' otherwise): whatever redelivers the source event, a channel is sent at most once.
      await db.schema
        .createTable('deliveries')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('notification_id', 'uuid', (c) => c.references('notifications.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('channel', 'text', (c) => c.notNull())
        .addColumn('endpoint_id', 'uuid', (c) => c.references('webhooks.id').onDelete('cascade'))
        .addColumn('target_key', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('type', 'text', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('attempts', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('next_attempt_at', 'timestamptz')
        .addColumn('give_up_at', 'timestamptz', (c) => c.notNull())
        .addColumn('last_status_code', 'integer')
        .addColumn('last_error', 'text')
        .addColumn('delivered_at', 'timestamptz')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addCheckConstraint(
          'deliveries_status',
          sql`status in ('pending','delivered','failed','dead','skipped')`,
        )
        .addCheckConstraint(
          'deliveries_channel',
          sql`channel in ('inbox','websocket','email','webhook','sms','push')`,
        )
        .execute();
      await db.schema
        .createIndex('deliveries_once')
        .unique()
        .on('deliveries')
        .columns(['notification_id', 'channel', 'target_key'])
        .execute();
      // The worker's queue: only rows still to be sent enter this index.
      await db.schema
        .createIndex('deliveries_due')
        .on('deliveries')
        .column('next_attempt_at')
        .where(sql.raw<boolean>(`status in ('pending','failed')`))
        .execute();
      await db.schema
        .createIndex('deliveries_endpoint')
        .on('deliveries')
        .columns(['endpoint_id', 'id'])
        .execute();
    },
  },
  '005_alerts': {
    async up(db) {
      await db.schema
        .createTable('alerts')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('symbol', 'text')
        .addColumn('direction', 'text')
        .addColumn('level', 'numeric')
        .addColumn('keyword', 'text')
        .addColumn('repeat', 'text', (c) => c.notNull())
        .addColumn('note', 'text')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
        // Which side of the level the price was last seen on; null until the first observation.
        .addColumn('side', 'text')
        .addColumn('trigger_count', 'integer', (c) => c.notNull().defaultTo(0))
        .addColumn('last_triggered_at', 'timestamptz')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addCheckConstraint('alerts_kind', sql`kind in ('price','news')`)
        .addCheckConstraint('alerts_status', sql`status in ('active','triggered')`)
        .addCheckConstraint('alerts_repeat', sql`repeat in ('once','rearm')`)
        .addCheckConstraint('alerts_side', sql`side is null or side in ('above','below')`)
        .addCheckConstraint(
          'alerts_price_fields',
          sql`kind <> 'price' or (symbol is not null and direction in ('above','below') and level > 0)`,
        )
        .addCheckConstraint(
          'alerts_news_fields',
          sql`kind <> 'news' or symbol is not null or keyword is not null`,
        )
        .execute();
      await db.schema.createIndex('alerts_user').on('alerts').columns(['user_id', 'id']).execute();
      await db.schema
        .createIndex('alerts_active')
        .on('alerts')
        .columns(['kind', 'symbol'])
        .where(sql.raw<boolean>(`status = 'active'`))
        .execute();
    },
  },
};
