import { PGlite } from '@electric-sql/pglite';
import { sql } from 'kysely';
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import net from 'node:net';
import {
  connectPostgres,
  createPgliteTemplate,
  pgliteHandle,
  pgliteStartParams,
  type DatabaseHandle,
} from '../db.ts';
import { processEnv } from '../config.ts';

/**
 * Test infrastructure. Route and domain tests run on PGlite (a copy of a template data directory,
 * so a fresh database opens in well under a second). Tests against PostgreSQL and Redis use the
 * servers named by TEST_DATABASE_URL / TEST_REDIS_URL (loopback defaults); when those are not
 * answering they are skipped with a message, except under CI, where their absence fails the run.
 */
const env = processEnv();
export const TEST_DATABASE_URL = env.TEST_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
export const TEST_REDIS_URL = env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379/0';
export const IN_CI = env.CI === 'true' || env.CI === '1';

const TEMPLATE_DIR = join(tmpdir(), 'tradeplane-pglite-template-0.5.14');

/** Creates the PGlite template data directory once (vitest globalSetup calls this). */
export function ensurePgliteTemplate(): Promise<string> {
  return createPgliteTemplate(TEMPLATE_DIR);
}

/** A fresh PGlite database for one test file; close() removes its files. */
export async function freshPglite(): Promise<{ handle: DatabaseHandle; pglite: PGlite; dir: string }> {
  const template = await ensurePgliteTemplate();
  const dir = mkdtempSync(join(tmpdir(), 'tradeplane-pglite-'));
  cpSync(template, dir, { recursive: true });
  const pglite = new PGlite(dir, { startParams: pgliteStartParams() });
  await pglite.waitReady;
  const inner = pgliteHandle(pglite, true);
  const handle: DatabaseHandle = {
    ...inner,
    async close() {
      await inner.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
  return { handle, pglite, dir };
}

function probe(host: string, port: number, timeoutMs = 500): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = net.connect({ host, port });
    const done = (ok: boolean) => {
      socket.destroy();
      resolve(ok);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

async function available(url: string, what: string): Promise<boolean> {
  const u = new URL(url);
  const ok = await probe(u.hostname, Number(u.port || (u.protocol.startsWith('redis') ? 6379 : 5432)));
  if (!ok && IN_CI) throw new Error(`${what} is required under CI but is not answering at ${u.host}`);
  if (!ok)
    process.stderr.write(`[tradeplane tests] ${what} not answering at ${u.host}: skipping its tests\n`);
  return ok;
}

/** True when the test PostgreSQL answers. Throws under CI when it does not. */
export const hasPostgres = () => available(TEST_DATABASE_URL, 'PostgreSQL');
/** True when the test Redis answers. Throws under CI when it does not. */
export const hasRedis = () => available(TEST_REDIS_URL, 'Redis');

/** A PostgreSQL handle on the test database. */
export function testPostgres(): DatabaseHandle {
  return connectPostgres({ url: TEST_DATABASE_URL, max: 5, applicationName: 'tradeplane-test' });
}

/** A unique name for a schema, stream prefix or key prefix, so parallel test files never collide. */
export function uniqueName(prefix: string): string {
  return `${prefix}_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
}

/** Deletes every Redis key under `prefix:` (a test's own namespace). */
export async function deleteRedisKeys(prefix: string): Promise<void> {
  const { Redis } = await import('ioredis');
  const redis = new Redis(TEST_REDIS_URL);
  try {
    const keys: string[] = [];
    let cursor = '0';
    do {
      const [next, batch] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
      keys.push(...batch);
      cursor = next;
    } while (cursor !== '0');
    if (keys.length > 0) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

export interface ScratchDatabase {
  /** Handles on the new database (several: one per service instance of a test). */
  handles: DatabaseHandle[];
  url: string;
  /** Closes the handles and drops the database. */
  close(): Promise<void>;
}

/**
 * A PostgreSQL database of a test's own on the test server, with `count` pools on it (two service
 * instances sharing one database), dropped by close().
 */
export async function scratchPostgres(prefix: string, count = 2): Promise<ScratchDatabase> {
  const name = `${prefix}_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = connectPostgres({ url: TEST_DATABASE_URL, max: 1 });
  await sql`create database ${sql.id(name)}`.execute(admin.db);
  const url = new URL(TEST_DATABASE_URL);
  url.pathname = `/${name}`;
  const handles = Array.from({ length: count }, () => connectPostgres({ url: url.toString(), max: 10 }));
  return {
    handles,
    url: url.toString(),
    async close() {
      for (const h of handles) await h.close();
      await sql`drop database if exists ${sql.id(name)} with (force)`.execute(admin.db);
      await admin.close();
    },
  };
}
