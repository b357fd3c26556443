import { sql } from 'kysely';
import type { Migrations } from '@tradeplane/kit';

export const migrations: Migrations = {
  '001_rate_limit_plans': {
    async up(db) {
      await db.schema
        .createTable('rate_limit_plans')
        .addColumn('plan', 'text', (c) => c.primaryKey())
        .addColumn('requests_per_minute', 'integer', (c) => c.notNull().check(sql`requests_per_minute > 0`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      // Alpaca's documented limit is 200 requests/min per account; paid plans get more.
      await db
        .insertInto('rate_limit_plans')
        .values([
          { plan: 'free', requests_per_minute: 200 },
          { plan: 'pro', requests_per_minute: 1000 },
          { plan: 'enterprise', requests_per_minute: 10000 },
        ])
        .execute();
    },
  },
};
