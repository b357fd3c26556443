import { Migrator, sql, type Migration, type MigrationProvider } from 'kysely';
import type { AnyDB, DatabaseHandle } from './db.ts';

/**
 * Forward-only migrations per service, run at start. Each service's migrations and their
 * bookkeeping table live in its own schema; Kysely's migrator takes a PostgreSQL advisory lock
 * for the run, so several instances starting at once apply each migration exactly once.
 * Migration names sort in the order they apply (`001_users`, `002_api_keys`, …).
 */
export interface ServiceMigration {
  up(db: AnyDB): Promise<void>;
}
export type Migrations = Record<string, ServiceMigration>;

class ObjectProvider implements MigrationProvider {
  constructor(private readonly migrations: Migrations) {}
  getMigrations(): Promise<Record<string, Migration>> {
    return Promise.resolve(this.migrations as Record<string, Migration>);
  }
}

export class MigrationError extends Error {
  constructor(schema: string, name: string | undefined, cause: unknown) {
    super(
      `migration ${name ?? '(unknown)'} of schema ${schema} failed: ${(cause as Error)?.message ?? String(cause)}`,
      {
        cause,
      },
    );
    this.name = 'MigrationError';
  }
}

export async function migrateSchema(
  handle: DatabaseHandle,
  schema: string,
  migrations: Migrations,
): Promise<string[]> {
  if (!/^[a-z_][a-z0-9_]*$/.test(schema)) throw new Error(`bad schema name ${schema}`);
  // The common case at start: nothing to do. Two cheap reads instead of the migrator's lock and
  // its catalog introspection (which reads every table's columns and dominates a warm start).
  if (await upToDate(handle, schema, migrations)) return [];
  // Two services starting at once on a fresh database may race on CREATE SCHEMA; the lock orders them.
  await handle.db.transaction().execute(async (tx) => {
    await sql`select pg_advisory_xact_lock(hashtext(${'tradeplane:schema:' + schema}))`.execute(tx);
    await sql`create schema if not exists ${sql.id(schema)}`.execute(tx);
  });
  const migrator = new Migrator({
    db: handle.db.withSchema(schema),
    provider: new ObjectProvider(migrations),
    migrationTableSchema: schema,
    migrationTableName: 'schema_migrations',
    migrationLockTableName: 'schema_migrations_lock',
  });
  const { error, results } = await migrator.migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error');
    throw new MigrationError(schema, failed?.migrationName, error);
  }
  return (results ?? []).filter((r) => r.status === 'Success').map((r) => r.migrationName);
}

/** True when exactly these migrations, no more and no fewer, are recorded as applied. */
async function upToDate(handle: DatabaseHandle, schema: string, migrations: Migrations): Promise<boolean> {
  const table = `${schema}.schema_migrations`;
  const found = await sql<{ t: string | null }>`select to_regclass(${table})::text as t`.execute(handle.db);
  if (!found.rows[0]?.t) return false;
  const applied = await sql<{ name: string }>`select name from ${sql.table(table)}`.execute(handle.db);
  const names = Object.keys(migrations);
  return applied.rows.length === names.length && applied.rows.every((r) => names.includes(r.name));
}
