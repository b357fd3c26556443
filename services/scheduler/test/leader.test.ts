import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  buildService,
  createEmbeddedPlatform,
  createMemoryLocks,
  createLogger,
  type BuiltService,
  type DatabaseHandle,
  type Lease,
  type LockManager,
  type Platform,
  type ServiceDefinition,
} from '@tradeplane/kit';
import { freshPglite, TEST_INTERNAL_SECRET } from '@tradeplane/kit/testing';
import { createSchedulerService, schedulerRuntime } from '../src/index.ts';
import { fireDueTrigger } from '../src/domain/fire-due.ts';
import { Leadership } from '../src/domain/leadership.ts';
import { StaleLeaderError } from '../src/domain/errors.ts';
import type { TimeTrigger } from '../src/domain/trigger.ts';
import { readFence } from '../src/store/fence.store.ts';
import { getOwnedTrigger } from '../src/store/triggers.store.ts';
import { PARKED, TestClock, uniqueUser, waitFor } from './helper.ts';

describe('two scheduler instances on one platform (shared locks, bus, database)', () => {
  let database: DatabaseHandle;
  let platform: Platform;
  let a: BuiltService;
  let b: BuiltService;
  const clock = new TestClock(new Date('2026-03-10T12:00:00Z'));

  beforeAll(async () => {
    database = (await freshPglite()).handle;
    platform = await createEmbeddedPlatform({
      env: {
        LOG_LEVEL: 'silent',
        INTERNAL_AUTH_SECRET: TEST_INTERNAL_SECRET,
        ...PARKED,
        SCHEDULER_LEADER_TTL_MS: '2000',
        SCHEDULER_LEADER_RENEW_MS: '300',
        SCHEDULER_LEADER_RETRY_MS: '100',
      },
      database,
      keepDatabase: true,
    });
    const def = createSchedulerService({ now: clock.now }) as unknown as ServiceDefinition;
    a = await buildService(def, platform);
    b = await buildService(def, platform);
  });
  afterAll(async () => {
    await a?.close().catch(() => undefined);
    await b?.close().catch(() => undefined);
    await platform?.close();
    await database?.close();
  });

  const rt = (s: BuiltService) => schedulerRuntime(s.ctx);
  const leaders = () => [a, b].filter((s) => rt(s).leadership.isLeader());

  it('elects exactly one leader, and keeps it while it renews', async () => {
    await waitFor(async () => leaders().length === 1);
    const first = leaders()[0]!;
    await new Promise((r) => setTimeout(r, 2_500)); // longer than the TTL: renewals keep it
    expect(leaders()).toEqual([first]);
  });

  it("refuses a deposed leader's fire once the next leader has claimed the fence", async () => {
    const old = leaders()[0]!;
    const next = old === a ? b : a;
    const user = uniqueUser();
    const res = await old.app.inject({
      method: 'POST',
      url: '/v1/triggers',
      headers: {
        'x-internal-token': platform.internalAuth.mint('gateway', 'scheduler', {
          userId: user.userId,
          roles: ['user'],
          plan: 'free',
          scopes: [],
          via: 'jwt',
        }),
      },
      payload: {
        name: 'daily',
        kind: 'cron',
        schedule: { expression: '0 9 * * *' },
        target: { type: 'notification' },
      },
    });
    expect(res.statusCode).toBe(201);
    const trigger = (await getOwnedTrigger(old.ctx.db, user.userId, res.json().id)) as TimeTrigger;
    const oldFence = rt(old).leadership.fence()!;

    // The old leader "pauses" (stops leading without knowing it) and the other takes the lease.
    // Its own contend loop may win the free lease back first: then it pauses again.
    await waitFor(async () => {
      rt(old).leadership.stepDown('test: paused');
      await rt(next).leadership.contend();
      return rt(next).leadership.isLeader();
    });
    const newFence = rt(next).leadership.fence()!;
    expect(newFence.token).toBeGreaterThan(oldFence.token);
    expect((await readFence(next.ctx.db)).token).toBe(newFence.token);

    // Waking up, the old leader still holds its token and tries to fire with it.
    clock.set('2026-03-10T13:00:01Z');
    await expect(fireDueTrigger(rt(old).deps, trigger, oldFence)).rejects.toBeInstanceOf(StaleLeaderError);
    // The new leader fires it.
    const runs = await rt(next).tick();
    expect(runs.map((r) => r.triggerId)).toEqual([trigger.id]);
  });

  it('hands over at shutdown: the other instance leads at once', async () => {
    const leader = leaders()[0]!;
    const other = leader === a ? b : a;
    await leader.close();
    await waitFor(async () => rt(other).leadership.isLeader(), 2_000);
  });
});

/** A lock manager whose leases can be made to fail renewals. */
function flakyLocks(): LockManager & { failExtend: 'no' | 'false' | 'throw' } {
  const inner = createMemoryLocks();
  const self = {
    failExtend: 'no' as 'no' | 'false' | 'throw',
    async tryAcquire(name: string, ttl: number): Promise<Lease | undefined> {
      const lease = await inner.tryAcquire(name, ttl);
      if (!lease) return undefined;
      return {
        name,
        fencingToken: lease.fencingToken,
        extend: (ms: number) => {
          if (self.failExtend === 'throw') return Promise.reject(new Error('redis down'));
          if (self.failExtend === 'false') return Promise.resolve(false);
          return lease.extend(ms);
        },
        release: () => lease.release(),
      };
    },
    acquire: inner.acquire,
    close: inner.close,
  };
  return self;
}

describe('leadership', () => {
  let database: DatabaseHandle;
  let platform: Platform;
  let db: BuiltService['ctx']['db'];
  beforeAll(async () => {
    database = (await freshPglite()).handle;
    platform = await createEmbeddedPlatform({
      env: { LOG_LEVEL: 'silent', INTERNAL_AUTH_SECRET: TEST_INTERNAL_SECRET, ...PARKED },
      database,
      keepDatabase: true,
    });
    // A built but not started instance: only its migrated schema is used.
    const s = await buildService(createSchedulerService() as unknown as ServiceDefinition, platform, {
      startBackground: false,
    });
    db = s.ctx.db;
  });
  afterAll(async () => {
    await platform?.close();
    await database?.close();
  });

  const log = createLogger('silent');

  it.each(['false', 'throw'] as const)('steps down at once when a renewal answers %s', async (how) => {
    const locks = flakyLocks();
    const lost: string[] = [];
    const l = new Leadership({
      locks,
      db,
      log,
      ttlMs: 5_000,
      instanceId: `i-${how}`,
      onLose: (r) => lost.push(r),
    });
    await l.contend();
    expect(l.isLeader()).toBe(true);
    locks.failExtend = how;
    await l.renew();
    expect(l.isLeader()).toBe(false);
    expect(l.fence()).toBeUndefined();
    expect(lost).toHaveLength(1);
  });

  it('stops counting itself leader once the lease may have run out, before any renewal says so', async () => {
    const l = new Leadership({ locks: createMemoryLocks(), db, log, ttlMs: 150, instanceId: 'slow' });
    await l.contend();
    expect(l.isLeader()).toBe(true);
    await new Promise((r) => setTimeout(r, 200));
    expect(l.isLeader()).toBe(false);
  });

  it('catches a restarted lock store’s fencing counter up past the database fence', async () => {
    await db.updateTable('fence').set({ token: 500 }).where('name', '=', 'leader').execute();
    const l = new Leadership({
      locks: createMemoryLocks(),
      db,
      log,
      ttlMs: 5_000,
      instanceId: 'fresh-store',
    });
    await l.contend();
    expect(l.isLeader()).toBe(true);
    expect(l.fence()!.token).toBe(501);
    expect(await readFence(db)).toMatchObject({ token: 501, holder: 'fresh-store' });
  });
});
