import { sql } from 'kysely';
import type { Migrations } from '@tradeplane/kit';

export const migrations: Migrations = {
  '001_health_samples': {
    async up(db) {
      await db.schema
        .createTable('health_samples')
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        .addColumn('service', 'text', (c) => c.notNull())
        .addColumn('up', 'boolean', (c) => c.notNull())
        .addColumn('instances', 'integer', (c) => c.notNull())
        .addColumn('latency_ms', 'integer')
        .addColumn('error', 'text')
        .addColumn('checked_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      await db.schema
        .createIndex('health_samples_service_time')
        .on('health_samples')
        .columns(['service', 'checked_at'])
        .execute();
    },
  },
};
