import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { Redis } from 'ioredis';
import { InternalAuth, INTERNAL_TOKEN_HEADER } from '@tradeplane/kit';
import { TEST_DATABASE_URL, TEST_REDIS_URL, TEST_INTERNAL_SECRET } from '@tradeplane/kit/testing';
import { http } from './embedded.ts';
import { SERVICES } from '@tradeplane/contracts';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface ClusterPlatform {
  gateway: string;
  launcher: ChildProcess;
  databaseUrl: string;
  redisUrl: string;
  /** The environment every service process of this cluster gets. */
  env: Record<string, string>;
  output(): string;
  close(): Promise<void>;
}

/**
 * Starts `npm run start:cluster` (the supervisor and one process per service) against a fresh
 * PostgreSQL database and a dedicated Redis database, on a fixed block of ports.
 */
export async function startClusterPlatform(opts: {
  basePort: number;
  redisDb: number;
  env?: Record<string, string>;
}): Promise<ClusterPlatform> {
  const dbName = `tp_e2e_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = new pg.Client({ connectionString: TEST_DATABASE_URL });
  await admin.connect();
  await admin.query(`create database ${dbName}`);
  await admin.end();
  const databaseUrl = TEST_DATABASE_URL.replace(/\/[^/]*$/, `/${dbName}`);
  const redisUrl = TEST_REDIS_URL.replace(/\/\d*$/, '') + `/${opts.redisDb}`;
  const redis = new Redis(redisUrl);
  await redis.flushdb();
  redis.disconnect();

  // Every service on the base port plus its usual offset (gateway 8000 → base, identity 8009 → base + 9, …).
  const ports = Object.fromEntries(
    Object.entries(SERVICES).map(([name, s]) => [
      `${name.toUpperCase().replace(/-/g, '_')}_PORT`,
      opts.basePort + (s.port - 8000),
    ]),
  ) as Record<string, number> & { GATEWAY_PORT: number };
  let out = '';
  const env: Record<string, string> = {
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    INTERNAL_AUTH_SECRET: TEST_INTERNAL_SECRET,
    LOG_LEVEL: 'warn',
    HEALTH_POLL_MS: '500',
    ...Object.fromEntries(Object.entries(ports).map(([k, v]) => [k, String(v)])),
    ...opts.env,
  };
  const launcher = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', 'cluster'], {
    cwd: ROOT,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
  });
  launcher.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  launcher.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const gateway = `http://127.0.0.1:${ports.GATEWAY_PORT}`;

  const close = async () => {
    if (launcher.exitCode === null) {
      const exited = new Promise((r) => launcher.once('exit', r));
      launcher.kill('SIGTERM');
      const timer = setTimeout(() => {
        try {
          process.kill(-launcher.pid!, 'SIGKILL');
        } catch {
          /* already gone */
        }
      }, 15_000);
      await exited;
      clearTimeout(timer);
    }
    const a = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await a.connect();
    await a.query(`drop database if exists ${dbName} with (force)`);
    await a.end();
  };

  try {
    await waitFor(
      async () => (await http(gateway, 'GET', '/health').catch(() => ({ status: 0 }))).status === 200,
      60_000,
      () => out,
    );
    // Orders refuse an order (503) until market-data has quoted its symbol: a fresh market places
    // its first quotes just after it takes its lease, so wait for one before handing over.
    const marketData = `http://127.0.0.1:${ports.MARKET_DATA_PORT}`;
    const auth = new InternalAuth(TEST_INTERNAL_SECRET);
    await waitFor(
      async () => {
        const token = auth.mint('gateway', 'market-data', {
          userId: 'cluster-harness',
          roles: ['user'],
          plan: 'free',
          scopes: [],
          via: 'jwt',
        });
        const r = await http(marketData, 'GET', '/v1/market/quotes?symbols=SPY', {
          headers: { [INTERNAL_TOKEN_HEADER]: token },
        }).catch(() => undefined);
        return r?.status === 200 && r.body?.quotes?.SPY !== undefined;
      },
      60_000,
      () => out,
    );
  } catch (err) {
    await close();
    throw err;
  }
  return { gateway, launcher, databaseUrl, redisUrl, env, output: () => out, close };
}

/**
 * One more instance of a service in its own process, beside a running cluster (a second gateway
 * for fan-out tests). Resolves once its /health/ready answers 200.
 */
export async function startExtraInstance(
  cluster: ClusterPlatform,
  service: string,
  port: number,
): Promise<{ url: string; pid: number; stop(): Promise<void> }> {
  const portKey = `${service.toUpperCase().replace(/-/g, '_')}_PORT`;
  let out = '';
  const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/service.ts', service], {
    cwd: ROOT,
    env: { ...process.env, ...cluster.env, [portKey]: String(port) },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (out += d.toString()));
  const url = `http://127.0.0.1:${port}`;
  const stop = async () => {
    if (child.exitCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
    await exited;
    clearTimeout(timer);
  };
  try {
    await waitFor(
      async () => (await http(url, 'GET', '/health/ready').catch(() => ({ status: 0 }))).status === 200,
      60_000,
      () => out,
    );
  } catch (err) {
    await stop();
    throw err;
  }
  return { url, pid: child.pid!, stop };
}

/** Polls `check` until it is true; fails with `what` after `ms`. A bound on waiting, not a timing assertion. */
export async function waitFor(
  check: () => Promise<boolean>,
  ms: number,
  what: () => string = () => '',
): Promise<void> {
  const deadline = Date.now() + ms;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`condition not met within ${ms} ms\n${what().slice(-4000)}`);
}
