import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { Redis } from 'ioredis';
import { createMemoryCache, createRedisCache, type CacheWithStats } from '../src/cache.ts';
import { createMemoryLocks, createRedisLocks } from '../src/locks.ts';
import { createMemoryRegistry, createRedisRegistry } from '../src/registry.ts';
import type { LockManager, Registry } from '../src/ports.ts';
import { hasRedis, TEST_REDIS_URL, uniqueName } from '../src/testing/infra.ts';

const redisUp = await hasRedis();
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));
const instance = (service: string, instanceId: string) => ({
  service,
  instanceId,
  url: `http://127.0.0.1:${8000 + instanceId.length}`,
  version: '1.2.3',
  pid: process.pid,
  startedAt: new Date().toISOString(),
});

interface Adapters {
  cache(opts?: { maxEntries?: number }): CacheWithStats;
  locks(): LockManager;
  registry(opts: { ttlMs: number; heartbeatMs: number }): Registry;
}

/** The behaviour both adapters must share; run once against memory and once against Redis. */
function contract(kind: 'memory' | 'redis', adapters: () => Adapters) {
  describe(`${kind} cache`, () => {
    let cache: CacheWithStats;
    beforeAll(() => {
      cache = adapters().cache();
    });
    afterAll(async () => {
      await cache.close();
    });

    it('reports its kind and answers ping', async () => {
      expect(cache.kind).toBe(kind);
      await expect(cache.ping()).resolves.toBeUndefined();
    });

    it('returns undefined for a missing key and the stored value after set', async () => {
      expect(await cache.get('absent')).toBeUndefined();
      await cache.set('k1', { a: 1, list: ['x'] }, 10_000);
      expect(await cache.get('k1')).toEqual({ a: 1, list: ['x'] });
    });

    it('stores values as JSON, so reads are copies with JSON shapes', async () => {
      const value = { at: new Date('2024-01-02T03:04:05.000Z'), n: 1 };
      await cache.set('json', value, 10_000);
      const first = await cache.get<{ at: string; n: number }>('json');
      expect(first).toEqual({ at: '2024-01-02T03:04:05.000Z', n: 1 });
      first!.n = 99;
      expect((await cache.get<{ n: number }>('json'))!.n).toBe(1);
    });

    it('forgets a value after its TTL', async () => {
      await cache.set('short', 'v', 40);
      expect(await cache.get('short')).toBe('v');
      await sleep(120);
      expect(await cache.get('short')).toBeUndefined();
    });

    it('deletes a key', async () => {
      await cache.set('gone', 1, 10_000);
      await cache.del('gone');
      expect(await cache.get('gone')).toBeUndefined();
    });

    it('treats a non-positive TTL as nothing to keep', async () => {
      await cache.set('zero', 'old', 10_000);
      await cache.set('zero', 'new', 0);
      expect(await cache.get('zero')).toBeUndefined();
    });

    it('counts hits and misses', async () => {
      const c = adapters().cache();
      try {
        await c.get('m1');
        await c.set('h1', 1, 10_000);
        await c.get('h1');
        await c.get('h1');
        expect(c.stats()).toEqual({ hits: 2, misses: 1 });
      } finally {
        await c.close();
      }
    });

    it('runs one compute for concurrent wraps of the same key', async () => {
      let computes = 0;
      let release!: () => void;
      const gate = new Promise<void>((r) => (release = r));
      const compute = async () => {
        computes += 1;
        await gate;
        return { price: '101.25' };
      };
      const all = Promise.all(Array.from({ length: 10 }, () => cache.wrap('quote:AAPL', 10_000, compute)));
      await sleep(10);
      release();
      const results = await all;
      expect(computes).toBe(1);
      expect(results.every((r) => r.price === '101.25')).toBe(true);
      expect(await cache.wrap('quote:AAPL', 10_000, compute)).toEqual({ price: '101.25' });
      expect(computes).toBe(1);
    });

    it('does not cache a compute that failed', async () => {
      let computes = 0;
      const failing = () => {
        computes += 1;
        return Promise.reject(new Error('source down'));
      };
      await expect(cache.wrap('fails', 10_000, failing)).rejects.toThrow('source down');
      await expect(cache.wrap('fails', 10_000, () => Promise.resolve('ok'))).resolves.toBe('ok');
      expect(computes).toBe(1);
      expect(await cache.get('fails')).toBe('ok');
    });

    it('does not store a compute that was overtaken by a delete', async () => {
      let release!: (v: string) => void;
      const slow = cache.wrap('inval', 10_000, () => new Promise<string>((r) => (release = r)));
      await sleep(10);
      await cache.del('inval');
      release('stale');
      expect(await slow).toBe('stale');
      expect(await cache.get('inval')).toBeUndefined();
    });
  });

  describe(`${kind} locks`, () => {
    let locks: LockManager;
    beforeAll(() => {
      locks = adapters().locks();
    });
    afterAll(async () => {
      await locks.close();
    });

    it('lets only one holder take a lock and hands it on after release', async () => {
      const first = await locks.tryAcquire('settle', 10_000);
      expect(first).toBeDefined();
      expect(await locks.tryAcquire('settle', 10_000)).toBeUndefined();
      await first!.release();
      const second = await locks.tryAcquire('settle', 10_000);
      expect(second).toBeDefined();
      expect(second!.fencingToken).toBeGreaterThan(first!.fencingToken);
      await second!.release();
    });

    it('issues strictly increasing fencing tokens per lock name', async () => {
      const tokens: number[] = [];
      for (let i = 0; i < 5; i++) {
        const lease = await locks.tryAcquire('fenced', 10_000);
        tokens.push(lease!.fencingToken);
        await lease!.release();
      }
      for (let i = 1; i < tokens.length; i++) expect(tokens[i]).toBeGreaterThan(tokens[i - 1]!);
    });

    it('keeps separate locks independent', async () => {
      const a = await locks.tryAcquire('lock-a', 10_000);
      const b = await locks.tryAcquire('lock-b', 10_000);
      expect(a).toBeDefined();
      expect(b).toBeDefined();
      await a!.release();
      await b!.release();
    });

    it('lets an expired lease be taken, and the old holder can neither extend nor release it', async () => {
      const old = await locks.tryAcquire('expiring', 40);
      await sleep(120);
      const next = await locks.tryAcquire('expiring', 10_000);
      expect(next).toBeDefined();
      expect(next!.fencingToken).toBeGreaterThan(old!.fencingToken);
      expect(await old!.extend(10_000)).toBe(false);
      await old!.release();
      expect(await locks.tryAcquire('expiring', 10_000)).toBeUndefined();
      await next!.release();
    });

    it('keeps a lock past its first TTL when extended', async () => {
      const lease = await locks.tryAcquire('extended', 80);
      expect(await lease!.extend(10_000)).toBe(true);
      await sleep(150);
      expect(await locks.tryAcquire('extended', 10_000)).toBeUndefined();
      await lease!.release();
      expect(await lease!.extend(10_000)).toBe(false);
    });

    it('acquire waits for the holder to release', async () => {
      const holder = await locks.tryAcquire('waited', 10_000);
      const released = sleep(60).then(() => holder!.release());
      const waiter = await locks.acquire('waited', 10_000, 5_000);
      await released;
      expect(waiter).toBeDefined();
      expect(waiter!.fencingToken).toBeGreaterThan(holder!.fencingToken);
      await waiter!.release();
    });

    it('acquire gives up after waitMs while the lock stays held', async () => {
      const holder = await locks.tryAcquire('busy', 10_000);
      expect(await locks.acquire('busy', 10_000, 60)).toBeUndefined();
      await holder!.release();
    });
  });

  describe(`${kind} registry`, () => {
    let registry: Registry;
    const timing = { ttlMs: 300, heartbeatMs: 50 };
    beforeAll(() => {
      registry = adapters().registry(timing);
    });
    afterAll(async () => {
      await registry.close();
    });

    it('lists a registered instance with a heartbeat time, and drops it on stop', async () => {
      const stop = await registry.register(instance('orders', 'o-1'));
      const listed = await registry.list('orders');
      expect(listed).toHaveLength(1);
      expect(listed[0]).toMatchObject({ service: 'orders', instanceId: 'o-1', version: '1.2.3' });
      expect(Number.isNaN(Date.parse(listed[0]!.lastHeartbeat))).toBe(false);
      await stop();
      expect(await registry.list('orders')).toEqual([]);
    });

    it('filters by service and lists all services without one', async () => {
      const stops = [
        await registry.register(instance('risk', 'r-1')),
        await registry.register(instance('risk', 'r-2')),
        await registry.register(instance('identity', 'i-1')),
      ];
      expect((await registry.list('risk')).map((i) => i.instanceId).sort()).toEqual(['r-1', 'r-2']);
      expect((await registry.list()).map((i) => i.instanceId).sort()).toEqual(['i-1', 'r-1', 'r-2']);
      for (const stop of stops) await stop();
    });

    it('keeps an instance alive past the TTL with heartbeats', async () => {
      const stop = await registry.register(instance('market-data', 'm-1'));
      const first = (await registry.list('market-data'))[0]!.lastHeartbeat;
      await sleep(timing.ttlMs * 2);
      const later = await registry.list('market-data');
      expect(later).toHaveLength(1);
      expect(Date.parse(later[0]!.lastHeartbeat)).toBeGreaterThan(Date.parse(first));
      await stop();
    });

    it('holds one record when the same instance registers twice', async () => {
      await registry.register(instance('notify', 'n-1'));
      const stop = await registry.register(instance('notify', 'n-1'));
      expect(await registry.list('notify')).toHaveLength(1);
      await stop();
      expect(await registry.list('notify')).toEqual([]);
    });
  });
}

contract('memory', () => ({
  cache: (opts) => createMemoryCache(opts ?? {}),
  locks: () => createMemoryLocks(),
  registry: (opts) => createMemoryRegistry(opts),
}));

describe('memory cache eviction', () => {
  it('evicts the least recently used entry beyond maxEntries', async () => {
    const cache = createMemoryCache({ maxEntries: 2 });
    await cache.set('a', 1, 10_000);
    await cache.set('b', 2, 10_000);
    await cache.get('a');
    await cache.set('c', 3, 10_000);
    expect(await cache.get('a')).toBe(1);
    expect(await cache.get('b')).toBeUndefined();
    expect(await cache.get('c')).toBe(3);
  });
});

describe('memory registry liveness', () => {
  afterEach(() => {
    vi.useRealTimers();
  });

  it('stops listing an instance whose heartbeats stopped for longer than the TTL', async () => {
    // Only the clock is faked: heartbeat timers don't fire, as in a process that froze or died.
    vi.useFakeTimers({ toFake: ['Date'] });
    const registry = createMemoryRegistry({ ttlMs: 10_000, heartbeatMs: 3_000 });
    await registry.register(instance('orders', 'frozen'));
    expect(await registry.list('orders')).toHaveLength(1);
    vi.setSystemTime(Date.now() + 10_001);
    expect(await registry.list('orders')).toEqual([]);
    await registry.close();
  });

  it('rejects a heartbeat that is not shorter than the TTL', () => {
    expect(() => createMemoryRegistry({ ttlMs: 1_000, heartbeatMs: 1_000 })).toThrow(RangeError);
  });
});

describe.skipIf(!redisUp)('redis adapters', () => {
  const prefix = `${uniqueName('tpt')}:`;
  let admin: Redis;
  const opened: Redis[] = [];
  const shared = () => {
    const r = new Redis(TEST_REDIS_URL, { maxRetriesPerRequest: 2 });
    opened.push(r);
    return r;
  };

  beforeAll(() => {
    admin = new Redis(TEST_REDIS_URL);
  });

  afterAll(async () => {
    let cursor = '0';
    do {
      const [next, keys] = await admin.scan(cursor, 'MATCH', `${prefix}*`, 'COUNT', 500);
      cursor = next;
      if (keys.length > 0) await admin.del(...keys);
    } while (cursor !== '0');
    await admin.quit();
    for (const r of opened) await r.quit();
  });

  contract('redis', () => ({
    // The cache opens its own connection from a URL; locks and registry borrow one, as the platform does.
    cache: () => createRedisCache({ url: TEST_REDIS_URL, prefix: `${prefix}cache:` }),
    locks: () => createRedisLocks({ redis: shared(), prefix: `${prefix}lock:` }),
    registry: (opts) => createRedisRegistry({ redis: shared(), prefix: `${prefix}registry:`, ...opts }),
  }));

  it('writes instances under prefix:service:instanceId with a PX expiry', async () => {
    const registry = createRedisRegistry({
      redis: shared(),
      prefix: `${prefix}reg2:`,
      ttlMs: 5_000,
      heartbeatMs: 1_000,
    });
    const stop = await registry.register(instance('orders', 'o-9'));
    const key = `${prefix}reg2:orders:o-9`;
    const ttl = await admin.pttl(key);
    expect(ttl).toBeGreaterThan(0);
    expect(ttl).toBeLessThanOrEqual(5_000);
    expect(JSON.parse((await admin.get(key))!)).toMatchObject({ service: 'orders', instanceId: 'o-9' });
    await stop();
    expect(await admin.exists(key)).toBe(0);
    await registry.close();
  });

  it('does not list an instance whose record expired', async () => {
    const registry = createRedisRegistry({
      redis: shared(),
      prefix: `${prefix}reg3:`,
      ttlMs: 5_000,
      heartbeatMs: 1_000,
    });
    // A record as a crashed instance leaves it: last written, never refreshed.
    const record = { ...instance('orders', 'crashed'), lastHeartbeat: new Date().toISOString() };
    await admin.set(`${prefix}reg3:orders:crashed`, JSON.stringify(record), 'PX', 50);
    expect(await registry.list('orders')).toHaveLength(1);
    await sleep(150);
    expect(await registry.list('orders')).toEqual([]);
    await registry.close();
  });

  it('leaves a borrowed connection open on close', async () => {
    const redis = shared();
    const locks = createRedisLocks({ redis, prefix: `${prefix}lock2:` });
    await locks.close();
    expect(await redis.ping()).toBe('PONG');
  });

  it('shares one lock between two managers, as between two processes', async () => {
    const a = createRedisLocks({ url: TEST_REDIS_URL, prefix: `${prefix}lock3:` });
    const b = createRedisLocks({ url: TEST_REDIS_URL, prefix: `${prefix}lock3:` });
    try {
      const held = await a.tryAcquire('job', 10_000);
      expect(held).toBeDefined();
      expect(await b.tryAcquire('job', 10_000)).toBeUndefined();
      await held!.release();
      const next = await b.tryAcquire('job', 10_000);
      expect(next!.fencingToken).toBeGreaterThan(held!.fencingToken);
      await next!.release();
    } finally {
      await a.close();
      await b.close();
    }
  });
});
