import { afterEach, describe, expect, it, vi } from 'vitest';
import { Redis } from 'ioredis';
import type { CloudEvent } from '@tradeplane/contracts';
import { createMemoryBus, createRedisBus } from '../src/bus/index.ts';
import { buildEvent } from '../src/outbox.ts';
import type { Delivery, EventBus, Subscription } from '../src/ports.ts';
import { hasRedis, TEST_REDIS_URL, uniqueName, deleteRedisKeys } from '../src/testing/infra.ts';

const redisUp = await hasRedis();
const REDELIVER_MS = 150;
const waitFor = <T>(fn: () => T | Promise<T>) => vi.waitFor(fn, { timeout: 5_000, interval: 10 });
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

function event(type: string, data: unknown): CloudEvent {
  return buildEvent('bus-test', { type, data });
}

interface Received {
  event: CloudEvent;
  delivery: Delivery;
  by: string;
}

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

/** The behaviour both adapters must share; run once against memory and once against Redis. */
function contract(kind: 'memory' | 'redis', make: () => { bus: EventBus; cleanup: () => Promise<void> }) {
  describe(`${kind} event bus`, () => {
    let bus: EventBus;
    let cleanup: () => Promise<void>;
    let subs: Subscription[];
    const open = () => {
      ({ bus, cleanup } = make());
      subs = [];
      return bus;
    };
    const subscribe = (...args: Parameters<EventBus['subscribe']>) => {
      const s = bus.subscribe(...args);
      subs.push(s);
      return s;
    };
    const collect = (into: Received[], by: string) => async (e: CloudEvent, d: Delivery) => {
      into.push({ event: e, delivery: d, by });
    };

    afterEach(async () => {
      await Promise.all(subs.map((s) => s.close()));
      await bus.close();
      await cleanup();
    });

    it('reports its kind and answers ping', async () => {
      open();
      expect(bus.kind).toBe(kind);
      await expect(bus.ping()).resolves.toBeUndefined();
    });

    it('delivers each event once to every group and shares a group’s events among its subscribers', async () => {
      open();
      const ledger: Received[] = [];
      const audit: Received[] = [];
      // A handler that takes a little while, so the second subscriber of the group gets work too.
      const slow = (into: Received[], by: string) => async (e: CloudEvent, d: Delivery) => {
        await sleep(10);
        into.push({ event: e, delivery: d, by });
      };
      subscribe({
        group: 'ledger',
        types: ['order.filled'],
        handler: slow(ledger, 'a'),
        redeliverAfterMs: 5_000,
      });
      subscribe({
        group: 'ledger',
        types: ['order.filled'],
        handler: slow(ledger, 'b'),
        redeliverAfterMs: 5_000,
      });
      subscribe({ group: 'audit', types: ['order.filled'], handler: collect(audit, 'c') });
      const events = Array.from({ length: 12 }, (_, i) => event('order.filled', { i }));
      await bus.publish(events);

      await waitFor(() => {
        expect(ledger).toHaveLength(12);
        expect(audit).toHaveLength(12);
      });
      const ids = events.map((e) => e.id).sort();
      expect(ledger.map((r) => r.event.id).sort()).toEqual(ids);
      expect(audit.map((r) => r.event.id).sort()).toEqual(ids);
      expect(new Set(ledger.map((r) => r.by))).toEqual(new Set(['a', 'b']));
      expect([...ledger, ...audit].every((r) => r.delivery.attempt === 1)).toBe(true);
      await sleep(REDELIVER_MS);
      expect(ledger).toHaveLength(12);
    });

    it('delivers only the subscribed types, in publish order per type', async () => {
      open();
      const got: Received[] = [];
      subscribe({
        group: 'positions',
        types: ['order.filled', 'order.canceled'],
        handler: collect(got, 'x'),
      });
      const filled = Array.from({ length: 20 }, (_, i) => event('order.filled', { i }));
      const canceled = [event('order.canceled', { i: 0 }), event('order.canceled', { i: 1 })];
      await bus.publish([
        ...filled.slice(0, 10),
        event('order.rejected', {}),
        ...canceled,
        ...filled.slice(10),
      ]);

      await waitFor(() => expect(got).toHaveLength(22));
      expect(got.filter((r) => r.event.type === 'order.filled').map((r) => r.event.id)).toEqual(
        filled.map((e) => e.id),
      );
      expect(got.filter((r) => r.event.type === 'order.canceled').map((r) => r.event.id)).toEqual(
        canceled.map((e) => e.id),
      );
      expect(got.some((r) => r.event.type === 'order.rejected')).toBe(false);
    });

    it('starts a new group at the end of the stream, or at the retained start with from all', async () => {
      open();
      const before = event('user.registered', { n: 1 });
      await bus.publish([before]);
      const fresh: Received[] = [];
      const everything: Received[] = [];
      subscribe({ group: 'fresh', types: ['user.registered'], handler: collect(fresh, 'f') });
      subscribe({
        group: 'everything',
        types: ['user.registered'],
        handler: collect(everything, 'e'),
        from: 'all',
      });
      const after = event('user.registered', { n: 2 });
      await bus.publish([after]);

      await waitFor(() => {
        expect(fresh).toHaveLength(1);
        expect(everything).toHaveLength(2);
      });
      // Delivery is in order per type, so had `before` been due to `fresh` it would have come first.
      expect(fresh[0]!.event.id).toBe(after.id);
      expect(everything.map((r) => r.event.id)).toEqual([before.id, after.id]);
    });

    it('redelivers an event whose handler threw, as attempt 2, and then stops', async () => {
      open();
      const attempts: Delivery[] = [];
      subscribe({
        group: 'risk',
        types: ['trade.executed'],
        redeliverAfterMs: REDELIVER_MS,
        handler: async (_e, d) => {
          attempts.push(d);
          if (d.attempt === 1) throw new Error('database briefly unavailable');
        },
      });
      await bus.publish([event('trade.executed', { qty: 1 })]);

      await waitFor(() => expect(attempts.map((a) => a.attempt)).toEqual([1, 2]));
      expect(attempts[1]!.messageId).toBe(attempts[0]!.messageId);
      await sleep(REDELIVER_MS * 3);
      expect(attempts).toHaveLength(2);
      expect(await bus.deadLetters('risk')).toEqual([]);
    });

    it('hands a delivery that is never acknowledged to another subscriber of the group', async () => {
      open();
      const stuck = deferred();
      const got: Received[] = [];
      // Whichever subscriber gets attempt 1 hangs in it, as a process that froze before acking.
      const handler = (by: string) => async (e: CloudEvent, d: Delivery) => {
        got.push({ event: e, delivery: d, by });
        if (d.attempt === 1) await stuck.promise;
      };
      subscribe({
        group: 'portfolio',
        types: ['position.changed'],
        handler: handler('a'),
        redeliverAfterMs: REDELIVER_MS,
      });
      subscribe({
        group: 'portfolio',
        types: ['position.changed'],
        handler: handler('b'),
        redeliverAfterMs: REDELIVER_MS,
      });
      const e = event('position.changed', { symbol: 'AAPL' });
      await bus.publish([e]);

      await waitFor(() => expect(got).toHaveLength(2));
      expect(got.map((r) => r.delivery.attempt)).toEqual([1, 2]);
      expect(got[1]!.by).not.toBe(got[0]!.by);
      expect(got[1]!.event).toEqual(e);
      stuck.resolve();
    });

    it('gives an event whose subscription closed before acking to the next subscription, as attempt 2', async () => {
      open();
      const inHandler = deferred();
      const crash = deferred();
      const first: Delivery[] = [];
      const sub = subscribe({
        group: 'notifications',
        types: ['order.accepted'],
        redeliverAfterMs: REDELIVER_MS,
        handler: async (_e, d) => {
          first.push(d);
          inHandler.resolve();
          await crash.promise;
          throw new Error('process killed before ack');
        },
      });
      const e = event('order.accepted', { id: 'o1' });
      await bus.publish([e]);
      await inHandler.promise;
      const closing = sub.close();
      crash.resolve();
      await closing;

      const second: Received[] = [];
      subscribe({
        group: 'notifications',
        types: ['order.accepted'],
        redeliverAfterMs: REDELIVER_MS,
        handler: collect(second, 'next'),
      });
      await waitFor(() => expect(second).toHaveLength(1));
      expect(first.map((d) => d.attempt)).toEqual([1]);
      expect(second[0]!.delivery.attempt).toBe(2);
      expect(second[0]!.event).toEqual(e);
    });

    it('dead-letters an event after maxAttempts failed deliveries, with the error', async () => {
      open();
      let calls = 0;
      subscribe({
        group: 'poison',
        types: ['order.filled'],
        maxAttempts: 3,
        redeliverAfterMs: 100,
        handler: async () => {
          calls += 1;
          throw new Error(`cannot apply (${calls})`);
        },
      });
      const healthy: Received[] = [];
      subscribe({ group: 'healthy', types: ['order.filled'], handler: collect(healthy, 'h') });
      const e = event('order.filled', { qty: 'bad' });
      await bus.publish([e]);

      await waitFor(async () => expect(await bus.deadLetters('poison')).toHaveLength(1));
      const [dl] = await bus.deadLetters('poison');
      expect(dl).toMatchObject({ group: 'poison', attempts: 3, error: 'cannot apply (3)' });
      expect(dl!.event).toEqual(e);
      expect(calls).toBe(3);
      expect(healthy).toHaveLength(1);
      expect(await bus.deadLetters('healthy')).toEqual([]);
      await sleep(300);
      expect(calls).toBe(3);
    });

    it('dead-letters an event whose every delivery hung, without running it again', async () => {
      open();
      const frozen = deferred();
      let calls = 0;
      // Two hung subscribers take attempts 1 and 2; the third sees it once more than maxAttempts allows.
      for (let i = 0; i < 2; i++) {
        subscribe({
          group: 'frozen',
          types: ['bar.closed'],
          maxAttempts: 2,
          redeliverAfterMs: 100,
          handler: async () => {
            calls += 1;
            await frozen.promise;
          },
        });
      }
      await bus.publish([event('bar.closed', { symbol: 'MSFT' })]);
      await waitFor(() => expect(calls).toBe(2));
      const third: Received[] = [];
      subscribe({
        group: 'frozen',
        types: ['bar.closed'],
        maxAttempts: 2,
        redeliverAfterMs: 100,
        handler: collect(third, 't'),
      });

      await waitFor(async () => expect(await bus.deadLetters('frozen')).toHaveLength(1));
      const [dl] = await bus.deadLetters('frozen');
      expect(dl!.attempts).toBe(2);
      expect(dl!.error).toMatch(/not acknowledged/);
      expect(third).toEqual([]);
      expect(calls).toBe(2);
      // Unfreeze so the subscriptions can close: close() waits for in-flight handlers.
      frozen.resolve();
    });

    it('replays a type’s retained events, by id range and limit', async () => {
      open();
      const events = Array.from({ length: 5 }, (_, i) => event('bar.closed', { i }));
      await bus.publish(events);
      await bus.publish([event('quote.updated', {})]);

      const all = await bus.replay('bar.closed');
      expect(all.map((r) => r.event)).toEqual(events);
      const ids = all.map((r) => r.messageId);
      expect(new Set(ids).size).toBe(5);

      const middle = await bus.replay('bar.closed', ids[1], ids[3]);
      expect(middle.map((r) => r.event.id)).toEqual(events.slice(1, 4).map((e) => e.id));
      expect(middle.map((r) => r.messageId)).toEqual(ids.slice(1, 4));
      expect((await bus.replay('bar.closed', ids[2], undefined, 2)).map((r) => r.messageId)).toEqual(
        ids.slice(2, 4),
      );
      expect(await bus.replay('never.published')).toEqual([]);
    });

    it('broadcasts to the listeners of a channel until they unsubscribe', async () => {
      open();
      const first: unknown[] = [];
      const other: unknown[] = [];
      const stop = bus.onBroadcast('quotes', (p) => first.push(p));
      bus.onBroadcast('news', (p) => other.push(p));
      // Lossy by design, so publish until the subscription is live.
      await waitFor(async () => {
        await bus.broadcast('quotes', { symbol: 'AAPL', bid: '189.10' });
        expect(first.length).toBeGreaterThan(0);
      });
      expect(first[0]).toEqual({ symbol: 'AAPL', bid: '189.10' });
      expect(other).toEqual([]);

      stop();
      const second: unknown[] = [];
      bus.onBroadcast('quotes', (p) => second.push(p));
      await waitFor(async () => {
        await bus.broadcast('quotes', 'after');
        expect(second).toContain('after');
      });
      expect(first).not.toContain('after');
    });
  });
}

contract('memory', () => ({ bus: createMemoryBus(), cleanup: async () => undefined }));

describe.skipIf(!redisUp)('redis', () => {
  contract('redis', () => {
    const prefix = uniqueName('tpbus');
    return {
      bus: createRedisBus({ url: TEST_REDIS_URL, prefix, blockMs: 1_000 }),
      cleanup: () => deleteRedisKeys(prefix),
    };
  });

  it('keeps one stream per event type and dead letters per group under its prefix', async () => {
    const prefix = uniqueName('tpbus');
    const bus = createRedisBus({ url: TEST_REDIS_URL, prefix });
    const redis = new Redis(TEST_REDIS_URL);
    try {
      await bus.publish([event('order.filled', {}), event('order.filled', {}), event('trade.executed', {})]);
      expect(await redis.xlen(`${prefix}:ev:order.filled`)).toBe(2);
      expect(await redis.xlen(`${prefix}:ev:trade.executed`)).toBe(1);
    } finally {
      redis.disconnect();
      await bus.close();
      await deleteRedisKeys(prefix);
    }
  });
});
