import { Kysely, PostgresDialect, sql, type Transaction } from 'kysely';
import pg from 'pg';
import { PGlite } from '@electric-sql/pglite';
import { createPgConfig } from '@electric-sql/pglite/node-postgres';
import { cpSync, existsSync, mkdirSync, mkdtempSync, renameSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';

/**
 * The database a service talks to: Kysely over node-postgres, connected either to PostgreSQL
 * (`postgres://…`) or to an embedded PGlite database through PGlite's node-postgres bridge.
 * Each service works in its own schema (`db.withSchema(schema)`), so the same SQL runs on both.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyDB = Kysely<any>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyTx = Transaction<any>;

export interface DatabaseHandle {
  /** Kysely bound to no schema; services use `schemaDb(handle, schema)`. */
  readonly db: AnyDB;
  readonly kind: 'postgres' | 'pglite';
  /** Raw pool, for LISTEN/NOTIFY-free health checks and tests. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

// NUMERIC (1700) and INT8 (20) arrive as strings: money stays exact, bigints are never truncated.
pg.types.setTypeParser(1700, (v) => v);
pg.types.setTypeParser(20, (v) => v);

export interface PostgresOptions {
  url: string;
  max?: number;
  applicationName?: string;
}

export function connectPostgres(opts: PostgresOptions): DatabaseHandle {
  const pool = new pg.Pool({
    connectionString: opts.url,
    max: opts.max ?? 10,
    application_name: opts.applicationName ?? 'tradeplane',
    connectionTimeoutMillis: 5_000,
    idleTimeoutMillis: 30_000,
  });
  // A dropped idle connection must not crash the process; the pool replaces it.
  pool.on('error', () => undefined);
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) }) as AnyDB;
  return {
    db,
    kind: 'postgres',
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
    },
  };
}

export interface PgliteOptions {
  /** A directory for the data files, or undefined for an in-memory database. */
  dataDir?: string;
  /** PostgreSQL's shared_buffers (e.g. `32MB`); default DEFAULT_PGLITE_SHARED_BUFFERS. */
  sharedBuffers?: string;
}

/**
 * PGlite's buffer cache. PostgreSQL's default (128MB) is resident in the process from the start
 * (measured: 289 MB RSS on opening a database with it, 208 MB with 32MB); one process holding every
 * service of a laptop install reads its data through the OS page cache as well, so a smaller
 * cache costs little.
 */
export const DEFAULT_PGLITE_SHARED_BUFFERS = '32MB';

/** PGlite's start parameters with our shared_buffers. */
export function pgliteStartParams(sharedBuffers = DEFAULT_PGLITE_SHARED_BUFFERS): string[] {
  return [...PGlite.defaultStartParams, '-c', `shared_buffers=${sharedBuffers}`];
}

export async function openPglite(
  opts: PgliteOptions & {
    /**
     * An initialized, empty PGlite data directory to start a new database from: copying it is
     * much faster than PGlite's initdb on a first start. Ignored when `dataDir` holds a database.
     */
    template?: string;
  } = {},
): Promise<{ handle: DatabaseHandle; pglite: PGlite }> {
  if (opts.dataDir) {
    const fresh = !existsSync(join(opts.dataDir, 'PG_VERSION'));
    if (fresh && opts.template && existsSync(join(opts.template, 'PG_VERSION')))
      cpSync(opts.template, opts.dataDir, { recursive: true });
    else mkdirSync(opts.dataDir, { recursive: true });
  }
  const startParams = pgliteStartParams(opts.sharedBuffers);
  const pglite = opts.dataDir ? new PGlite(opts.dataDir, { startParams }) : new PGlite({ startParams });
  await pglite.waitReady;
  const handle = pgliteHandle(pglite, true);
  return { handle, pglite };
}

/** Creates an initialized, empty PGlite data directory at `dir` (PGlite's initdb), once. */
export async function createPgliteTemplate(dir: string): Promise<string> {
  if (existsSync(join(dir, 'PG_VERSION'))) return dir;
  mkdirSync(dirname(dir), { recursive: true });
  const staging = mkdtempSync(`${dir}.staging-`);
  const pg = new PGlite(staging);
  await pg.waitReady;
  await pg.close();
  try {
    renameSync(staging, dir);
  } catch {
    // Another process made it first.
    rmSync(staging, { recursive: true, force: true });
  }
  return dir;
}

/**
 * A handle over an existing PGlite instance. PGlite has one connection, so the pool has one
 * client and transactions serialize; `owned` decides whether close() also closes PGlite.
 */
export function pgliteHandle(pglite: PGlite, owned: boolean): DatabaseHandle {
  const pool = new pg.Pool({ ...createPgConfig(pglite), max: 1 });
  const db = new Kysely<unknown>({ dialect: new PostgresDialect({ pool }) }) as AnyDB;
  return {
    db,
    kind: 'pglite',
    async ping() {
      await sql`select 1`.execute(db);
    },
    async close() {
      await db.destroy();
      if (owned) await pglite.close();
    },
  };
}

/** Kysely scoped to one service's schema: every unqualified table name resolves there. */
export function schemaDb(handle: DatabaseHandle, schema: string): AnyDB {
  return handle.db.withSchema(schema);
}

/**
 * PostgreSQL errors after which the transaction was rolled back whole and a retry may succeed:
 * deadlock_detected (40P01), serialization_failure (40001), lock_not_available (55P03).
 */
export function isTransientDbConflict(err: unknown): boolean {
  const code = (err as { code?: unknown } | undefined)?.code;
  return code === '40P01' || code === '40001' || code === '55P03';
}

export function isUniqueViolation(err: unknown, constraint?: string): boolean {
  const e = err as { code?: string; constraint?: string } | undefined;
  return e?.code === '23505' && (constraint === undefined || e.constraint === constraint);
}
