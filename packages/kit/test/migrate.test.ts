import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { migrateSchema, schemaDb, type DatabaseHandle, type Migrations } from '../src/index.ts';
import { freshPglite, hasPostgres, testPostgres, uniqueName } from '../src/testing/index.ts';

const v1: Migrations = {
  '001_accounts': {
    async up(db) {
      await db.schema
        .createTable('accounts')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('cash', 'numeric(20, 4)', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
    },
  },
};
const v2: Migrations = {
  ...v1,
  '002_accounts_name': {
    async up(db) {
      await db.schema
        .alterTable('accounts')
        .addColumn('name', 'text', (c) => c.notNull().defaultTo('main'))
        .execute();
    },
  },
};
const broken: Migrations = {
  ...v2,
  '003_broken': {
    async up(db) {
      await db.schema.createTable('accounts').addColumn('id', 'text').execute();
    },
  },
};

async function contract(handle: DatabaseHandle) {
  const schema = uniqueName('mig');
  try {
    const [a, b] = await Promise.all([migrateSchema(handle, schema, v1), migrateSchema(handle, schema, v1)]);
    expect([...a, ...b]).toEqual(['001_accounts']);
    expect(await migrateSchema(handle, schema, v2)).toEqual(['002_accounts_name']);
    // Up to date: nothing runs again (the fast path), and an older set of migrations than the
    // database has is still refused by the migrator.
    expect(await migrateSchema(handle, schema, v2)).toEqual([]);
    await expect(migrateSchema(handle, schema, v1)).rejects.toThrow();
    const db = schemaDb(handle, schema);
    await db
      .insertInto('accounts')
      .values({ id: '0192f000-0000-7000-8000-000000000001', cash: '100000.1234' })
      .execute();
    const row = await db.selectFrom('accounts').selectAll().executeTakeFirstOrThrow();
    expect(row.cash).toBe('100000.1234');
    expect(row.name).toBe('main');
    await expect(migrateSchema(handle, schema, broken)).rejects.toThrow(/003_broken/);
    // The failed migration left nothing behind and the data is intact.
    expect(await db.selectFrom('accounts').select('id').execute()).toHaveLength(1);
  } finally {
    await sql`drop schema if exists ${sql.id(schema)} cascade`.execute(handle.db);
  }
}

const postgres = await hasPostgres();

describe('migrations', () => {
  it('apply once, forward only, on PGlite', async () => {
    const { handle } = await freshPglite();
    try {
      await contract(handle);
    } finally {
      await handle.close();
    }
  });

  it.runIf(postgres)('apply once, forward only, on PostgreSQL 15', async () => {
    const handle = testPostgres();
    try {
      await contract(handle);
    } finally {
      await handle.close();
    }
  });
});
