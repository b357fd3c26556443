import type { Registry, ServiceInstance } from './ports.ts';
import { redisFromSource, releaseRedis, type RedisSource } from './cache.ts';

/**
 * Service registry: each instance rewrites its record every `heartbeatMs` with a `ttlMs` expiry, so
 * a crashed instance disappears by itself within `ttlMs` and `list` never needs a sweeper.
 */

export interface RegistryTiming {
  /** How long a record lives without a heartbeat. Default 10 s. */
  ttlMs?: number;
  /** How often a registered instance rewrites its record. Default 3 s; must be below ttlMs. */
  heartbeatMs?: number;
  /**
   * Told about a heartbeat that failed (Redis unreachable). The next beat retries; the record only
   * lapses if beats keep failing for ttlMs. Default: ignored.
   */
  onError?: (err: unknown) => void;
}

type Instance = Omit<ServiceInstance, 'lastHeartbeat'>;

interface RecordStore {
  write(instance: ServiceInstance, ttlMs: number): Promise<void>;
  remove(service: string, instanceId: string): Promise<void>;
}

function timing(opts: RegistryTiming): { ttlMs: number; heartbeatMs: number } {
  const ttlMs = opts.ttlMs ?? 10_000;
  const heartbeatMs = opts.heartbeatMs ?? 3_000;
  if (!(ttlMs > 0) || !(heartbeatMs > 0) || heartbeatMs >= ttlMs) {
    throw new RangeError(
      `registry needs 0 < heartbeatMs < ttlMs (got heartbeatMs=${heartbeatMs}, ttlMs=${ttlMs})`,
    );
  }
  return { ttlMs, heartbeatMs };
}

/**
 * Registration bookkeeping shared by both adapters: one heartbeat timer per instance, no
 * overlapping beats, and a stop that waits for an in-flight beat so it cannot re-create the record
 * right after deleting it.
 */
function registrations(store: RecordStore, opts: RegistryTiming) {
  const { ttlMs, heartbeatMs } = timing(opts);
  const active = new Map<string, () => Promise<void>>();

  async function register(instance: Instance): Promise<() => Promise<void>> {
    const id = `${instance.service}:${instance.instanceId}`;
    // Registering the same instance again replaces the earlier heartbeat instead of running two.
    await active.get(id)?.();

    const beat = () => store.write({ ...instance, lastHeartbeat: new Date().toISOString() }, ttlMs);
    await beat();

    let inFlight: Promise<void> | undefined;
    let stopped = false;
    const timer = setInterval(() => {
      if (inFlight || stopped) return;
      inFlight = beat()
        .catch((err: unknown) => opts.onError?.(err))
        .finally(() => {
          inFlight = undefined;
        });
    }, heartbeatMs);
    // A registration must never be what keeps a process alive.
    timer.unref();

    const stop = async () => {
      if (stopped) return;
      stopped = true;
      clearInterval(timer);
      if (active.get(id) === stop) active.delete(id);
      await inFlight;
      await store.remove(instance.service, instance.instanceId);
    };
    active.set(id, stop);
    return stop;
  }

  async function stopAll(): Promise<void> {
    const stops = [...active.values()];
    const results = await Promise.allSettled(stops.map((s) => s()));
    const failed = results.find((r): r is PromiseRejectedResult => r.status === 'rejected');
    if (failed) throw failed.reason;
  }

  return { register, stopAll };
}

export type MemoryRegistryOptions = RegistryTiming;

export function createMemoryRegistry(opts: MemoryRegistryOptions = {}): Registry {
  const records = new Map<string, { instance: ServiceInstance; expiresAt: number }>();
  const regs = registrations(
    {
      write(instance, ttlMs) {
        records.set(`${instance.service}:${instance.instanceId}`, {
          instance,
          expiresAt: Date.now() + ttlMs,
        });
        return Promise.resolve();
      },
      remove(service, instanceId) {
        records.delete(`${service}:${instanceId}`);
        return Promise.resolve();
      },
    },
    opts,
  );

  return {
    kind: 'memory',
    register: regs.register,
    list(service) {
      const now = Date.now();
      const live: ServiceInstance[] = [];
      for (const [key, record] of records) {
        if (record.expiresAt <= now) records.delete(key);
        else if (service === undefined || record.instance.service === service)
          live.push({ ...record.instance });
      }
      return Promise.resolve(live);
    },
    ping: () => Promise.resolve(),
    async close() {
      await regs.stopAll();
      records.clear();
    },
  };
}

export type RedisRegistryOptions = RedisSource &
  RegistryTiming & {
    /** Key prefix: an instance lives at `${prefix}${service}:${instanceId}`. Default `tp:registry:`. */
    prefix?: string;
  };

/** Escapes glob metacharacters so a service name matches itself literally in SCAN MATCH. */
function globLiteral(s: string): string {
  return s.replace(/[*?[\]\\]/g, '\\$&');
}

const SCAN_BATCH = 200;

export function createRedisRegistry(opts: RedisRegistryOptions): Registry {
  const conn = redisFromSource(opts);
  const { redis } = conn;
  const prefix = opts.prefix ?? 'tp:registry:';
  const keyOf = (service: string, instanceId: string) => `${prefix}${service}:${instanceId}`;

  const regs = registrations(
    {
      async write(instance, ttlMs) {
        await redis.set(keyOf(instance.service, instance.instanceId), JSON.stringify(instance), 'PX', ttlMs);
      },
      async remove(service, instanceId) {
        await redis.del(keyOf(service, instanceId));
      },
    },
    opts,
  );

  return {
    kind: 'redis',
    register: regs.register,
    async list(service) {
      const match = `${globLiteral(prefix)}${service === undefined ? '' : `${globLiteral(service)}:`}*`;
      // SCAN, never KEYS: KEYS blocks the whole Redis while it walks every key.
      const keys = new Set<string>();
      let cursor = '0';
      do {
        const [next, batch] = await redis.scan(cursor, 'MATCH', match, 'COUNT', SCAN_BATCH);
        cursor = next;
        for (const k of batch) keys.add(k);
      } while (cursor !== '0');
      if (keys.size === 0) return [];

      const all = [...keys];
      const live: ServiceInstance[] = [];
      for (let i = 0; i < all.length; i += SCAN_BATCH) {
        // A key SCAN returned may expire before MGET reads it: that instance is simply not live.
        const values = await redis.mget(all.slice(i, i + SCAN_BATCH));
        for (const json of values) {
          if (json === null) continue;
          try {
            const instance = JSON.parse(json) as ServiceInstance;
            if (service === undefined || instance.service === service) live.push(instance);
          } catch {
            // A record that isn't ours (or is corrupt) says nothing about a live instance.
          }
        }
      }
      return live;
    },
    async ping() {
      await redis.ping();
    },
    async close() {
      try {
        await regs.stopAll();
      } finally {
        await releaseRedis(conn);
      }
    },
  };
}
