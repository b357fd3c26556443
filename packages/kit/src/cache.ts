import { Redis } from 'ioredis';
import type { Cache } from './ports.ts';

/**
 * Cache adapters: an in-process LRU (embedded mode, tests) and Redis (cluster mode).
 *
 * Both store values as JSON, the memory one included: a cached object then comes back as a fresh
 * copy with the same shape in either mode (a Date comes back as a string in both), so code that
 * works embedded cannot break in cluster, and no caller can mutate what another caller reads.
 */

export interface CacheStats {
  hits: number;
  misses: number;
}

export type CacheWithStats = Cache & { stats(): CacheStats };

/** Where a Redis adapter gets its connection: one it opens (and closes), or a shared one it borrows. */
export type RedisSource = { url: string; redis?: undefined } | { redis: Redis; url?: undefined };

/**
 * Opens or borrows the connection named by a RedisSource. A borrowed connection belongs to the
 * caller and is never closed by the adapter.
 */
export function redisFromSource(source: RedisSource): { redis: Redis; owned: boolean } {
  if (source.redis) return { redis: source.redis, owned: false };
  const redis = new Redis(source.url, { maxRetriesPerRequest: 2, enableOfflineQueue: true });
  // Without a listener ioredis prints every reconnect error to the console; failures still reach
  // callers as rejected commands, which is where they are handled.
  redis.on('error', () => undefined);
  return { redis, owned: true };
}

/** Closes a connection the adapter opened itself; leaves a borrowed one alone. */
export async function releaseRedis(conn: { redis: Redis; owned: boolean }): Promise<void> {
  if (!conn.owned) return;
  try {
    await conn.redis.quit();
  } catch {
    // quit() rejects when the connection is already down; it is closed either way.
    conn.redis.disconnect();
  }
}

interface Flight {
  promise: Promise<unknown>;
  /** Set when the key is written or deleted while the compute runs: its result is then out of date. */
  stale: boolean;
}

interface Store {
  read(key: string): Promise<string | undefined>;
  /** `ttlMs` is finite and > 0 here. */
  write(key: string, json: string, ttlMs: number | undefined): Promise<void>;
  remove(key: string): Promise<void>;
}

/**
 * The part both adapters share: JSON coding, TTL rules, hit/miss counting and single-flight wrap.
 *
 * TTL rules: `Infinity` stores without expiry; a TTL of 0 or less (or NaN) stores nothing and drops
 * any previous value, so a caller computing "time left" that has run out never gets a stale read.
 * `undefined` cannot be told apart from a miss, so setting it deletes the key.
 */
function buildCache(kind: Cache['kind'], store: Store, onClose: () => Promise<void>): CacheWithStats {
  const stats: CacheStats = { hits: 0, misses: 0 };
  const flights = new Map<string, Flight>();

  const invalidateFlight = (key: string) => {
    const flight = flights.get(key);
    if (flight) {
      flight.stale = true;
      flights.delete(key);
    }
  };

  const get = async <T>(key: string): Promise<T | undefined> => {
    const json = await store.read(key);
    if (json === undefined) {
      stats.misses += 1;
      return undefined;
    }
    stats.hits += 1;
    return JSON.parse(json) as T;
  };

  const write = async (key: string, value: unknown, ttlMs: number): Promise<void> => {
    const json = value === undefined ? undefined : JSON.stringify(value);
    if (json === undefined || !(ttlMs > 0)) {
      await store.remove(key);
      return;
    }
    await store.write(key, json, Number.isFinite(ttlMs) ? Math.max(1, Math.ceil(ttlMs)) : undefined);
  };

  return {
    kind,
    get,
    async set(key, value, ttlMs) {
      invalidateFlight(key);
      await write(key, value, ttlMs);
    },
    async del(key) {
      invalidateFlight(key);
      await store.remove(key);
    },
    wrap<T>(key: string, ttlMs: number, compute: () => Promise<T>): Promise<T> {
      // Concurrent callers of a missing key share one compute instead of stampeding the source.
      const running = flights.get(key);
      if (running) return running.promise as Promise<T>;
      const flight: Flight = { promise: Promise.resolve(), stale: false };
      const promise = (async () => {
        const cached = await get<T>(key);
        if (cached !== undefined) return cached;
        const value = await compute();
        // A set/del during the compute means the source changed: don't overwrite the newer state.
        if (!flight.stale) await write(key, value, ttlMs);
        return value;
      })();
      flight.promise = promise;
      flights.set(key, flight);
      const settle = () => {
        if (flights.get(key) === flight) flights.delete(key);
      };
      promise.then(settle, settle);
      return promise;
    },
    stats: () => ({ ...stats }),
    ping: () => Promise.resolve(),
    async close() {
      flights.clear();
      await onClose();
    },
  };
}

export interface MemoryCacheOptions {
  /** Entries kept before the least recently used is evicted. Default 10 000. */
  maxEntries?: number;
}

/** In-process LRU cache with a TTL per entry. Expired entries are dropped when read or evicted. */
export function createMemoryCache(opts: MemoryCacheOptions = {}): CacheWithStats {
  const maxEntries = Math.max(1, opts.maxEntries ?? 10_000);
  // A Map iterates in insertion order; re-inserting on every read keeps the oldest-used first.
  const entries = new Map<string, { json: string; expiresAt: number }>();

  const store: Store = {
    read(key) {
      const entry = entries.get(key);
      if (!entry) return Promise.resolve(undefined);
      entries.delete(key);
      if (entry.expiresAt <= Date.now()) return Promise.resolve(undefined);
      entries.set(key, entry);
      return Promise.resolve(entry.json);
    },
    write(key, json, ttlMs) {
      entries.delete(key);
      entries.set(key, {
        json,
        expiresAt: ttlMs === undefined ? Number.POSITIVE_INFINITY : Date.now() + ttlMs,
      });
      while (entries.size > maxEntries) {
        const oldest = entries.keys().next();
        if (oldest.done) break;
        entries.delete(oldest.value);
      }
      return Promise.resolve();
    },
    remove(key) {
      entries.delete(key);
      return Promise.resolve();
    },
  };

  const cache = buildCache('memory', store, () => {
    entries.clear();
    return Promise.resolve();
  });
  return cache;
}

export type RedisCacheOptions = RedisSource & {
  /** Key prefix, so several platforms (or tests) can share one Redis. Default `tp:cache:`. */
  prefix?: string;
};

/** Redis cache: `SET key json PX ttl`; single-flight applies within this process. */
export function createRedisCache(opts: RedisCacheOptions): CacheWithStats {
  const conn = redisFromSource(opts);
  const { redis } = conn;
  const prefix = opts.prefix ?? 'tp:cache:';

  const store: Store = {
    async read(key) {
      const json = await redis.get(prefix + key);
      return json ?? undefined;
    },
    async write(key, json, ttlMs) {
      if (ttlMs === undefined) await redis.set(prefix + key, json);
      else await redis.set(prefix + key, json, 'PX', ttlMs);
    },
    async remove(key) {
      await redis.del(prefix + key);
    },
  };

  const cache = buildCache('redis', store, () => releaseRedis(conn));
  return {
    ...cache,
    async ping() {
      await redis.ping();
    },
  };
}
