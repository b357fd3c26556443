import { afterAll, describe, expect, it } from 'vitest';
import { Redis } from 'ioredis';
import { compareLogIds, createMemoryKeyedLog, createRedisKeyedLog, isLogId } from '../src/keyed-log.ts';
import type { KeyedLog } from '../src/ports.ts';
import { deleteRedisKeys, hasRedis, TEST_REDIS_URL, uniqueName } from '../src/testing/infra.ts';

const redisUp = await hasRedis();
const DAY = 86_400_000;

/** What both adapters must do alike; run against memory and against Redis. */
function contract(kind: 'memory' | 'redis', make: () => KeyedLog) {
  describe(`${kind} keyed log`, () => {
    it('appends with increasing ids and reads what follows an id', async () => {
      const log = make();
      const ids: string[] = [];
      for (let i = 0; i < 5; i++) ids.push((await log.append('u1', { n: i }, { maxLen: 100, ttlMs: DAY }))!);
      for (let i = 1; i < ids.length; i++) expect(compareLogIds(ids[i]!, ids[i - 1]!)).toBeGreaterThan(0);
      const after = await log.readAfter<{ n: number }>('u1', ids[1]!, 100, DAY);
      expect(after.complete).toBe(true);
      expect(after.entries.map((e) => e.payload.n)).toEqual([2, 3, 4]);
      expect(after.entries.map((e) => e.id)).toEqual(ids.slice(2));
      expect((await log.readAfter('u1', ids[4]!, 100, DAY)).entries).toEqual([]);
      expect((await log.readAfter('u1', ids[0]!, 2, DAY)).entries).toHaveLength(2);
    });

    it('keeps keys apart', async () => {
      const log = make();
      const a = (await log.append('a', 'x', { maxLen: 10, ttlMs: DAY }))!;
      await log.append('b', 'y', { maxLen: 10, ttlMs: DAY });
      const fromStart = await log.readAfter('b', '0-0', 10, DAY);
      expect(fromStart.entries.map((e) => e.payload)).toEqual(['y']);
      expect((await log.readAfter('a', a, 10, DAY)).entries).toEqual([]);
    });

    it('appends a deduplicated payload once', async () => {
      const log = make();
      const first = await log.append('d', 1, { maxLen: 10, ttlMs: DAY, dedupeKey: 'ev-1' });
      const again = await log.append('d', 1, { maxLen: 10, ttlMs: DAY, dedupeKey: 'ev-1' });
      expect(first).toBeDefined();
      expect(again).toBeUndefined();
      expect((await log.readAfter('d', '0-0', 10, DAY)).entries).toHaveLength(1);
    });

    it('says a resume point is incomplete once entries after it were trimmed', async () => {
      const log = make();
      const ids: string[] = [];
      // Redis trims approximately (whole nodes of 100 entries), so append well past the cap.
      for (let i = 0; i < 400; i++) ids.push((await log.append('t', i, { maxLen: 10, ttlMs: DAY }))!);
      const old = await log.readAfter('t', ids[0]!, 1000, DAY);
      expect(old.complete).toBe(false);
      const recent = await log.readAfter<number>('t', ids[395]!, 1000, DAY);
      expect(recent.complete).toBe(true);
      expect(recent.entries.map((e) => e.payload)).toEqual([396, 397, 398, 399]);
    });

    it('treats an old resume point on a missing log as incomplete and a recent one as complete', async () => {
      const log = make();
      expect((await log.readAfter('never', `${Date.now() - 2 * DAY}-0`, 10, DAY)).complete).toBe(false);
      expect((await log.readAfter('never', `${Date.now() - 1000}-0`, 10, DAY)).complete).toBe(true);
    });
  });
}

contract('memory', () => createMemoryKeyedLog());

describe.runIf(redisUp)('redis', () => {
  const prefix = uniqueName('klog');
  const redis = new Redis(TEST_REDIS_URL);
  let n = 0;
  afterAll(async () => {
    redis.disconnect();
    await deleteRedisKeys(prefix);
  });
  contract('redis', () => createRedisKeyedLog(redis, `${prefix}:${n++}:`));
});

describe('log ids', () => {
  it('accepts stream ids and refuses anything else', () => {
    expect(isLogId('1700000000000-3')).toBe(true);
    expect(isLogId('1700000000000')).toBe(true);
    expect(isLogId('abc')).toBe(false);
    expect(isLogId('1-2-3')).toBe(false);
    expect(compareLogIds('5-10', '5-9')).toBeGreaterThan(0);
    expect(compareLogIds('6-0', '5-9')).toBeGreaterThan(0);
  });
});
