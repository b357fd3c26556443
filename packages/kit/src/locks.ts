import { randomBytes } from 'node:crypto';
import type { Lease, LockManager } from './ports.ts';
import { redisFromSource, releaseRedis, type RedisSource } from './cache.ts';

/**
 * Leases with fencing tokens. A lease can expire while its holder still thinks it holds it (a GC
 * pause, a slow network); the fencing token lets the resource it guards reject writes from the
 * older holder (Kleppmann, "How to do distributed locking"). Both adapters hand out tokens that
 * strictly increase per lock name in acquisition order, and neither lets a holder that lost its
 * lease extend or release the lease of whoever took it next.
 */

const MIN_WAIT_MS = 5;
const MAX_WAIT_MS = 100;

function newOwnerToken(): string {
  return randomBytes(16).toString('base64url');
}

/** Full-jitter exponential wait for the n-th retry, capped: many waiters don't wake in lockstep. */
function retryDelay(attempt: number): number {
  const ceiling = Math.min(MAX_WAIT_MS, MIN_WAIT_MS * 2 ** attempt);
  return MIN_WAIT_MS + Math.random() * (ceiling - MIN_WAIT_MS);
}

const sleep = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

function positiveTtl(ttlMs: number): number {
  if (!(ttlMs > 0) || !Number.isFinite(ttlMs))
    throw new RangeError(`lock ttlMs must be a positive finite number, got ${ttlMs}`);
  return Math.max(1, Math.ceil(ttlMs));
}

/** `acquire` on top of `tryAcquire`: polls with jittered waits until the deadline. */
async function acquireWithin(
  tryAcquire: (name: string, ttlMs: number) => Promise<Lease | undefined>,
  name: string,
  ttlMs: number,
  waitMs: number,
): Promise<Lease | undefined> {
  const deadline = Date.now() + Math.max(0, waitMs);
  for (let attempt = 0; ; attempt++) {
    const lease = await tryAcquire(name, ttlMs);
    if (lease) return lease;
    const left = deadline - Date.now();
    if (left <= 0) return undefined;
    await sleep(Math.min(left, retryDelay(attempt)));
  }
}

/** In-process locks with the Redis adapter's semantics: expiry, owner tokens, fencing tokens. */
export function createMemoryLocks(): LockManager {
  const held = new Map<string, { owner: string; expiresAt: number }>();
  const fences = new Map<string, number>();

  const holds = (name: string, owner: string) => {
    const entry = held.get(name);
    return entry !== undefined && entry.owner === owner && entry.expiresAt > Date.now() ? entry : undefined;
  };

  const tryAcquire = (name: string, ttlMs: number): Promise<Lease | undefined> => {
    const ttl = positiveTtl(ttlMs);
    const current = held.get(name);
    if (current && current.expiresAt > Date.now()) return Promise.resolve(undefined);
    const owner = newOwnerToken();
    held.set(name, { owner, expiresAt: Date.now() + ttl });
    const fencingToken = (fences.get(name) ?? 0) + 1;
    fences.set(name, fencingToken);
    const lease: Lease = {
      name,
      fencingToken,
      extend(extendMs) {
        const ms = positiveTtl(extendMs);
        const entry = holds(name, owner);
        if (!entry) return Promise.resolve(false);
        entry.expiresAt = Date.now() + ms;
        return Promise.resolve(true);
      },
      release() {
        if (held.get(name)?.owner === owner) held.delete(name);
        return Promise.resolve();
      },
    };
    return Promise.resolve(lease);
  };

  return {
    tryAcquire,
    acquire: (name, ttlMs, waitMs) => acquireWithin(tryAcquire, name, ttlMs, waitMs),
    close() {
      held.clear();
      return Promise.resolve();
    },
  };
}

// Taking the lock and drawing the fencing token must be one atomic step: done as two commands, a
// holder paused between them could draw its token after a later holder drew one, and the newer
// holder's writes would then be the ones fenced off.
const ACQUIRE = `
if redis.call('set', KEYS[1], ARGV[1], 'NX', 'PX', ARGV[2]) then
  return redis.call('incr', KEYS[2])
end
return 0`;

// Compare-and-delete / compare-and-pexpire: only the owner token that took the lock may touch it.
const RELEASE = `
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('del', KEYS[1])
end
return 0`;

const EXTEND = `
if redis.call('get', KEYS[1]) == ARGV[1] then
  return redis.call('pexpire', KEYS[1], ARGV[2])
end
return 0`;

export type RedisLocksOptions = RedisSource & {
  /** Key prefix: the lock is `${prefix}${name}`, its fencing counter `${prefix}${name}:fence`. Default `tp:lock:`. */
  prefix?: string;
};

/**
 * Redis locks: `SET key owner NX PX ttl` plus an `INCR` fencing counter, run together in one
 * script. Single Redis node (or primary) only: the lock and its counter are separate keys, which
 * Redis Cluster would place in different slots.
 */
export function createRedisLocks(opts: RedisLocksOptions): LockManager {
  const conn = redisFromSource(opts);
  const { redis } = conn;
  const prefix = opts.prefix ?? 'tp:lock:';

  const tryAcquire = async (name: string, ttlMs: number): Promise<Lease | undefined> => {
    const ttl = positiveTtl(ttlMs);
    const key = prefix + name;
    const owner = newOwnerToken();
    const fencingToken = Number(await redis.eval(ACQUIRE, 2, key, `${key}:fence`, owner, ttl));
    if (!fencingToken) return undefined;
    return {
      name,
      fencingToken,
      async extend(extendMs) {
        const ms = positiveTtl(extendMs);
        return Number(await redis.eval(EXTEND, 1, key, owner, ms)) === 1;
      },
      async release() {
        await redis.eval(RELEASE, 1, key, owner);
      },
    };
  };

  return {
    tryAcquire,
    acquire: (name, ttlMs, waitMs) => acquireWithin(tryAcquire, name, ttlMs, waitMs),
    close: () => releaseRedis(conn),
  };
}
