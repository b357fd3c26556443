import type { Redis } from 'ioredis';
import type { AppendOptions, KeyedLog, LogEntry } from './ports.ts';

/** Compares two `<ms>-<seq>` ids numerically. */
export function compareLogIds(a: string, b: string): number {
  const [am = 0, as = 0] = a.split('-').map(Number);
  const [bm = 0, bs = 0] = b.split('-').map(Number);
  return am === bm ? as - bs : am - bm;
}

/** A valid log id (`<ms>-<seq>` or a bare `<ms>`), as a client may send one back. */
export const isLogId = (id: string): boolean => /^\d{1,16}(-\d{1,16})?$/.test(id);

const olderThan = (id: string, ms: number): boolean => Number(id.split('-')[0]) < ms;

/**
 * The oldest id kept by a stream once it has been trimmed ('0-0' if it never was), or undefined
 * when the stream does not exist.
 */
async function trimmedBefore(redis: Redis, key: string): Promise<string | undefined> {
  let info: unknown[];
  try {
    info = (await redis.call('XINFO', 'STREAM', key)) as unknown[];
  } catch {
    return undefined; // no such key
  }
  const field = (name: string) => info[info.indexOf(name) + 1];
  if (Number(field('entries-added')) <= Number(field('length'))) return '0-0';
  const first = field('first-entry') as [string, unknown] | null;
  return first?.[0] ?? String(field('last-generated-id'));
}

interface MemoryLog {
  entries: LogEntry[];
  /** The newest id ever trimmed from the front: entries after it up to the first kept are gone. */
  trimmedThrough: string | undefined;
  expiresAt: number;
}

/** In-process keyed logs with the Redis adapter's semantics (ids, caps, expiry, dedupe). */
export function createMemoryKeyedLog(now: () => number = Date.now): KeyedLog {
  const logs = new Map<string, MemoryLog>();
  const seen = new Map<string, number>();
  let lastMs = 0;
  let seq = 0;
  const nextId = () => {
    const ms = Math.max(now(), lastMs);
    seq = ms === lastMs ? seq + 1 : 0;
    lastMs = ms;
    return `${ms}-${seq}`;
  };
  const live = (key: string): MemoryLog | undefined => {
    const log = logs.get(key);
    if (log && log.expiresAt <= now()) {
      logs.delete(key);
      return undefined;
    }
    return log;
  };
  return {
    kind: 'memory',
    append(key: string, payload: unknown, opts: AppendOptions) {
      const t = now();
      if (opts.dedupeKey) {
        const until = seen.get(opts.dedupeKey);
        if (until !== undefined && until > t) return Promise.resolve(undefined);
        seen.set(opts.dedupeKey, t + opts.ttlMs);
        if (seen.size > 100_000) for (const [k, u] of seen) if (u <= t) seen.delete(k);
      }
      let log = live(key);
      if (!log) {
        log = { entries: [], trimmedThrough: undefined, expiresAt: 0 };
        logs.set(key, log);
      }
      const id = nextId();
      log.entries.push({ id, payload: structuredClone(payload) });
      while (log.entries.length > opts.maxLen) log.trimmedThrough = log.entries.shift()!.id;
      log.expiresAt = t + opts.ttlMs;
      return Promise.resolve(id);
    },
    readAfter<T>(key: string, afterId: string, limit: number, ttlMs: number) {
      const log = live(key);
      if (!log) return Promise.resolve({ entries: [], complete: !olderThan(afterId, now() - ttlMs) });
      const complete = log.trimmedThrough === undefined || compareLogIds(afterId, log.trimmedThrough) >= 0;
      const entries = log.entries
        .filter((e) => compareLogIds(e.id, afterId) > 0)
        .slice(0, limit)
        .map((e) => ({ id: e.id, payload: structuredClone(e.payload) as T }));
      return Promise.resolve({ entries, complete });
    },
  };
}

// KEYS[1] log stream, KEYS[2] dedupe key ('' for none); ARGV: payload, maxLen, ttlMs.
const APPEND = `
if KEYS[2] ~= '' then
  if redis.call('SET', KEYS[2], '1', 'NX', 'PX', ARGV[3]) == false then return false end
end
local id = redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[2], '*', 'p', ARGV[1])
redis.call('PEXPIRE', KEYS[1], ARGV[3])
return id`;

/**
 * Keyed logs on Redis streams: one stream per key, trimmed approximately to `maxLen`, expiring
 * after `ttlMs` idle. The dedupe mark and the append are one script, so a crash cannot leave an
 * event marked as logged but missing.
 */
export function createRedisKeyedLog(redis: Redis, prefix = 'tp:klog:'): KeyedLog {
  return {
    kind: 'redis',
    async append(key: string, payload: unknown, opts: AppendOptions) {
      const res = (await redis.eval(
        APPEND,
        2,
        prefix + key,
        opts.dedupeKey ? `${prefix}seen:${opts.dedupeKey}` : '',
        JSON.stringify(payload),
        String(opts.maxLen),
        String(opts.ttlMs),
      )) as string | null;
      return res ?? undefined;
    },
    async readAfter<T>(key: string, afterId: string, limit: number, ttlMs: number) {
      const k = prefix + key;
      const [rows, keptFrom] = await Promise.all([
        redis.xrange(k, `(${afterId}`, '+', 'COUNT', limit),
        trimmedBefore(redis, k),
      ]);
      // Complete when the stream was never trimmed or afterId is within what it keeps; a log that
      // is gone entirely is complete only for a resume point younger than its expiry.
      const complete =
        keptFrom === undefined
          ? !olderThan(afterId, Date.now() - ttlMs)
          : keptFrom === '0-0' || compareLogIds(afterId, keptFrom) >= 0;
      const entries = rows.map(([id, fields]) => {
        const i = fields.indexOf('p');
        return { id, payload: JSON.parse(fields[i + 1] ?? 'null') as T };
      });
      return { entries, complete };
    },
  };
}
