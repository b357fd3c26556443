import { spawn, type ChildProcess } from 'node:child_process';
import net from 'node:net';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import pg from 'pg';
import { Redis } from 'ioredis';
import { InternalAuth } from '@tradeplane/kit';
import {
  hasPostgres,
  hasRedis,
  TEST_DATABASE_URL,
  TEST_INTERNAL_SECRET,
  TEST_REDIS_URL,
} from '@tradeplane/kit/testing';

/**
 * Two scheduler processes in cluster mode against PostgreSQL and Redis: one fires a per-second cron
 * trigger, never both; kill -9 the leader and the other takes over and fires within 10 s.
 */
const ROOT = fileURLToPath(new URL('../../..', import.meta.url));
// One scheduler process, as cluster mode runs it.
const ENTRY = 'scripts/service.ts';
// Redis database of this test alone (the platform's e2e cluster test uses 9), flushed before and after.
const REDIS_DB = 14;

const infra = (await hasPostgres()) && (await hasRedis());

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });
}

async function until<T>(
  what: string,
  ms: number,
  fn: () => Promise<T | undefined | false>,
  log: () => string = () => '',
): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await fn().catch(() => undefined);
    if (v) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms\n${log().slice(-3000)}`);
    await new Promise((r) => setTimeout(r, 100));
  }
}

interface Proc {
  name: string;
  url: string;
  child: ChildProcess;
  out: string;
}

interface Status {
  instanceId: string;
  leader: boolean;
  fencingToken: number | null;
}

interface Run {
  scheduled_for: Date;
  fired_at: Date;
  misfire: boolean;
  status: string;
  fencing_token: string;
}

describe.skipIf(!infra)('scheduler cluster: two processes, one leader, takeover after kill -9', () => {
  const auth = new InternalAuth(TEST_INTERNAL_SECRET);
  const dbName = `tp_sched_${process.pid}_${Math.random().toString(36).slice(2, 8)}`;
  const databaseUrl = TEST_DATABASE_URL.replace(/\/[^/]*$/, `/${dbName}`);
  const redisUrl = `${TEST_REDIS_URL.replace(/\/\d*$/, '')}/${REDIS_DB}`;
  const procs: Proc[] = [];
  let db: pg.Client;

  const headers = (user: { userId: string; roles: string[] }) => ({
    'content-type': 'application/json',
    'x-internal-token': auth.mint('gateway', 'scheduler', { ...user, plan: 'free', scopes: [], via: 'jwt' }),
  });
  const admin = { userId: 'ops', roles: ['user', 'admin'] };
  const status = async (p: Proc): Promise<Status> => {
    const res = await fetch(`${p.url}/v1/triggers/scheduler-status`, {
      headers: headers(admin),
      signal: AbortSignal.timeout(1_000),
    });
    if (res.status !== 200) throw new Error(`status ${res.status}`);
    return (await res.json()) as Status;
  };
  const alive = (p: Proc) => p.child.exitCode === null && p.child.signalCode === null;
  const logs = () => procs.map((p) => `--- ${p.name}\n${p.out}`).join('\n');

  const start = (name: string, port: number): Proc => {
    const child = spawn(process.execPath, ['--import', 'tsx', ENTRY, 'scheduler'], {
      cwd: ROOT,
      env: {
        ...process.env,
        DATABASE_URL: databaseUrl,
        REDIS_URL: redisUrl,
        INTERNAL_AUTH_SECRET: TEST_INTERNAL_SECRET,
        SCHEDULER_PORT: String(port),
        LOG_LEVEL: 'warn',
        DB_POOL_SIZE: '3',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const p: Proc = { name, url: `http://127.0.0.1:${port}`, child, out: '' };
    child.stdout!.on('data', (d: Buffer) => (p.out += d.toString()));
    child.stderr!.on('data', (d: Buffer) => (p.out += d.toString()));
    procs.push(p);
    return p;
  };

  const flushRedis = async () => {
    const r = new Redis(redisUrl);
    try {
      await r.flushdb();
    } finally {
      r.disconnect();
    }
  };

  beforeAll(async () => {
    const a = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await a.connect();
    await a.query(`create database ${dbName}`);
    await a.end();
    await flushRedis();
    start('A', await freePort());
    start('B', await freePort());
    for (const p of procs)
      await until(`${p.name} ready`, 60_000, async () => (await status(p)).instanceId, logs);
    db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
  }, 120_000);

  afterAll(async () => {
    await db?.end().catch(() => undefined);
    for (const p of procs) {
      if (!alive(p)) continue;
      const exited = new Promise((r) => p.child.once('exit', r));
      p.child.kill('SIGTERM');
      const timer = setTimeout(() => p.child.kill('SIGKILL'), 10_000);
      await exited;
      clearTimeout(timer);
    }
    const a = new pg.Client({ connectionString: TEST_DATABASE_URL });
    await a.connect();
    await a.query(`drop database if exists ${dbName} with (force)`);
    await a.end();
    await flushRedis();
  }, 60_000);

  const runs = async (triggerId: string): Promise<Run[]> =>
    (
      await db.query<Run>(
        'select scheduled_for, fired_at, misfire, status, fencing_token from scheduler.runs where trigger_id = $1 order by scheduled_for',
        [triggerId],
      )
    ).rows;

  const duplicates = async (triggerId: string) => ({
    runs: (
      await db.query(
        'select scheduled_for from scheduler.runs where trigger_id = $1 group by scheduled_for having count(*) > 1',
        [triggerId],
      )
    ).rowCount,
    events: (
      await db.query(
        `select payload->'data'->>'scheduledFor' from scheduler.outbox
          where type = 'trigger.fired' and payload->'data'->>'triggerId' = $1
          group by 1 having count(*) > 1`,
        [triggerId],
      )
    ).rowCount,
  });

  it('fires a per-second cron from the leader only, and from the other within 10 s of kill -9', async () => {
    const statuses = await Promise.all(procs.map(status));
    expect(statuses.filter((s) => s.leader)).toHaveLength(1);
    const leader = procs[statuses.findIndex((s) => s.leader)]!;
    const follower = procs.find((p) => p !== leader)!;
    const leaderToken = statuses.find((s) => s.leader)!.fencingToken!;

    // Created through the follower: any instance serves the API, only the leader fires.
    const created = await fetch(`${follower.url}/v1/triggers`, {
      method: 'POST',
      headers: headers({ userId: 'cluster-user', roles: ['user'] }),
      body: JSON.stringify({
        name: 'every second',
        kind: 'cron',
        schedule: { expression: '* * * * * *', timezone: 'UTC' },
        target: { type: 'notification', message: 'tick' },
      }),
    });
    expect(created.status).toBe(201);
    const { id } = (await created.json()) as { id: string };

    await until('three fires', 15_000, async () => (await runs(id)).length >= 3, logs);
    const before = await runs(id);
    expect(new Set(before.map((r) => Number(r.fencing_token)))).toEqual(new Set([leaderToken]));
    expect(await duplicates(id)).toEqual({ runs: 0, events: 0 });

    leader.child.kill('SIGKILL');
    const killedAt = Date.now();
    await until('leader exit', 5_000, async () => !alive(leader));

    const tookOver = await until(
      'a fire after the kill',
      10_000,
      async () => {
        const after = (await runs(id)).filter((r) => r.fired_at.getTime() > killedAt);
        return after.length > 0 && after;
      },
      logs,
    );
    expect(Date.now() - killedAt).toBeLessThan(10_000);
    const survivor = await status(follower);
    expect(survivor.leader).toBe(true);
    expect(survivor.fencingToken!).toBeGreaterThan(leaderToken);
    expect(Number(tookOver[0]!.fencing_token)).toBe(survivor.fencingToken);

    // A few more seconds on the new leader: still one run and one event per second, and the
    // seconds lost in the handover come back as at most one misfire, never a burst.
    await new Promise((r) => setTimeout(r, 2_500));
    const all = await runs(id);
    expect(await duplicates(id)).toEqual({ runs: 0, events: 0 });
    const afterKill = all.filter((r) => r.fired_at.getTime() > killedAt);
    expect(afterKill.filter((r) => r.misfire).length).toBeLessThanOrEqual(1);
    expect(afterKill.every((r) => r.status === 'fired')).toBe(true);
    expect(afterKill.length).toBeGreaterThanOrEqual(2);
  }, 90_000);
});
