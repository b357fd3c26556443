import { sql } from 'kysely';
import { fenceTableMigration, type Migrations } from '@tradeplane/kit';

export const migrations: Migrations = {
  '001_triggers': {
    async up(db) {
      await db.schema
        .createTable('triggers')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('schedule', 'jsonb', (c) => c.notNull())
        .addColumn('target', 'jsonb', (c) => c.notNull())
        .addColumn('misfire_policy', 'text', (c) => c.notNull())
        .addColumn('enabled', 'boolean', (c) => c.notNull())
        // Cron and market triggers: when the next fire is due. NULL when disabled, and for price/news.
        .addColumn('next_fire_at', 'timestamptz')
        .addColumn('last_fired_at', 'timestamptz')
        // Bumped by every change: a fire decided on an older version is dropped.
        .addColumn('version', 'integer', (c) => c.notNull().defaultTo(1))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addCheckConstraint('triggers_kind', sql`kind in ('cron','market','price','news')`)
        .addCheckConstraint('triggers_misfire_policy', sql`misfire_policy in ('fire_once','skip')`)
        .execute();
      await db.schema.createIndex('triggers_user').on('triggers').columns(['user_id', 'id']).execute();
      // The leader's loop reads only enabled time triggers in due order.
      await db.schema
        .createIndex('triggers_due')
        .on('triggers')
        .column('next_fire_at')
        .where(sql.ref('next_fire_at'), 'is not', null)
        .execute();
    },
  },
  '002_runs': {
    async up(db) {
      await db.schema
        .createTable('runs')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('trigger_id', 'uuid', (c) => c.notNull().references('triggers.id').onDelete('cascade'))
        .addColumn('user_id', 'text', (c) => c.notNull())
        .addColumn('scheduled_for', 'timestamptz', (c) => c.notNull())
        // '' for time and price triggers; the article id for news (two articles may share an instant).
        .addColumn('occurrence_key', 'text', (c) => c.notNull().defaultTo(''))
        .addColumn('fired_at', 'timestamptz', (c) => c.notNull())
        .addColumn('misfire', 'boolean', (c) => c.notNull())
        .addColumn('status', 'text', (c) => c.notNull())
        .addColumn('reason', 'text', (c) => c.notNull())
        .addColumn('context', 'jsonb', (c) => c.notNull())
        .addColumn('event_id', 'text')
        .addColumn('fencing_token', 'bigint')
        .addCheckConstraint('runs_status', sql`status in ('fired','skipped')`)
        .execute();
      // One run per trigger and occurrence: a second fire of the same occurrence cannot be written.
      await db.schema
        .createIndex('runs_occurrence')
        .on('runs')
        .columns(['trigger_id', 'scheduled_for', 'occurrence_key'])
        .unique()
        .execute();
      await db.schema.createIndex('runs_trigger').on('runs').columns(['trigger_id', 'id']).execute();
      await db.schema.createIndex('runs_fired_at').on('runs').column('fired_at').execute();
    },
  },
  // The highest fencing token of the leader lease ever used to fire: writes below it are refused.
  '003_fence': fenceTableMigration,
};
