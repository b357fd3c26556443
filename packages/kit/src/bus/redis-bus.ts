import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { Redis, type RedisOptions } from 'ioredis';
import type { CloudEvent } from '@tradeplane/contracts';
import type { DeadLetter, EventBus, EventHandler, SubscribeOptions, Subscription } from '../ports.ts';
import {
  claimIntervalMs,
  errorMessage,
  noopLog,
  notAckedError,
  resolveSubscribeOptions,
  type BusLog,
  type ResolvedSubscription,
} from './common.ts';

/**
 * The event bus on Redis Streams (cluster mode).
 * - One stream per event type, `${prefix}:ev:${type}`, trimmed with XADD MAXLEN ~.
 * - One consumer group per consuming service on each stream it reads; one consumer per
 *   subscription, reading with XREADGROUP BLOCK on a connection of its own (a blocked
 *   connection cannot carry other commands).
 * - An entry is XACKed after the handler resolves. A failed, hung or crashed delivery stays in the
 *   group's pending list and is taken over by XAUTOCLAIM once idle for redeliverAfterMs; the
 *   attempt number is the entry's delivery count from XPENDING.
 * - After maxAttempts failed deliveries the entry goes to `${prefix}:dlq:${group}` together with
 *   the error, and is XACKed in the same MULTI.
 * - broadcast is plain PUBLISH on `${prefix}:bc:${channel}`, received on a subscriber connection.
 */
export interface RedisBusOptions {
  url: string;
  /** Key prefix. Default 'tp'. */
  prefix?: string;
  /**
   * Stable name of this process as a consumer (pod or instance name); each subscription appends
   * its ordinal. Consumers are never deleted (XGROUP DELCONSUMER would drop their pending
   * entries), so without a stable name every start leaves a few empty consumers in the groups.
   */
  consumerName?: string;
  /** Longest XREADGROUP BLOCK, in ms. Default 5 000. */
  blockMs?: number;
  /** Approximate length each event stream is trimmed to. Default 100 000. */
  maxLen?: number;
  /** Approximate length each dead-letter stream is trimmed to. Default 10 000. */
  deadLetterMaxLen?: number;
  log?: BusLog;
}

const READ_COUNT = 10;
const CLAIM_COUNT = 10;
/** XAUTOCLAIM rounds per stream per claim pass, so one pass cannot starve new events. */
const CLAIM_ROUNDS = 10;
const MAX_BACKOFF_MS = 5_000;

type RawEntry = { id: string; fields: string[] | null };

export function createRedisBus(opts: RedisBusOptions): EventBus {
  const prefix = opts.prefix ?? 'tp';
  const blockMs = opts.blockMs ?? 5_000;
  const maxLen = opts.maxLen ?? 100_000;
  const dlqMaxLen = opts.deadLetterMaxLen ?? 10_000;
  const log = opts.log ?? noopLog;
  const consumerBase = opts.consumerName ?? `${hostname()}-${process.pid}-${randomBytes(3).toString('hex')}`;
  const streamKey = (type: string) => `${prefix}:ev:${type}`;
  const dlqKey = (group: string) => `${prefix}:dlq:${group}`;
  const channelKey = (channel: string) => `${prefix}:bc:${channel}`;

  const connect = (role: string, extra: RedisOptions = {}): Redis => {
    // RESP2 replies: the stream replies are parsed below by their documented RESP2 shapes.
    const conn = new Redis(opts.url, { protocol: 2, connectionName: `tp-bus-${role}`, ...extra });
    conn.on('error', (err: Error) => log.warn({ role, err: err.message }, 'redis bus connection error'));
    return conn;
  };

  // Commands fail fast while Redis is away, so the outbox relay retries instead of hanging.
  const cmd = connect('cmd', { maxRetriesPerRequest: 3 });
  let pubsub: Redis | undefined;
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const subscriptions = new Set<RedisSubscription>();
  let consumerSeq = 0;
  let closed = false;

  class RedisSubscription implements Subscription {
    private readonly o: ResolvedSubscription;
    private readonly keys: string[];
    private readonly typeOf = new Map<string, string>();
    private readonly consumer: string;
    /** Blocking reads only: XACK, XAUTOCLAIM and the rest go over `cmd`. */
    private readonly reader: Redis;
    private stopped = false;
    private readonly done: Promise<void>;
    private closing: Promise<void> | undefined;
    /** Rejects once close() is called; raced against the loop's own Redis commands. */
    private readonly stopSignal: Promise<never>;
    private signalStop!: () => void;
    private wakeSleep: (() => void) | undefined;

    constructor(
      subOpts: ResolvedSubscription,
      private readonly handler: EventHandler,
    ) {
      this.o = subOpts;
      this.keys = subOpts.types.map(streamKey);
      subOpts.types.forEach((t, i) => this.typeOf.set(this.keys[i]!, t));
      this.consumer = `${consumerBase}-${++consumerSeq}`;
      // Blocked reads wait out a reconnect instead of failing; close() disconnects to end them.
      this.reader = connect('reader', { maxRetriesPerRequest: null });
      this.stopSignal = new Promise<never>((_, reject) => {
        this.signalStop = () => reject(new Error('subscription closed'));
      });
      this.stopSignal.catch(() => undefined);
      // Issued now, on `cmd`, so a publish on this bus after subscribe() is ordered after the
      // group exists and from 'new' cannot miss it.
      const groupsReady = this.createGroups(subOpts.from === 'all' ? '0' : '$');
      this.done = this.run(groupsReady);
    }

    close(): Promise<void> {
      this.closing ??= this.shutdown();
      return this.closing;
    }

    private async shutdown(): Promise<void> {
      this.stopped = true;
      this.signalStop();
      this.wakeSleep?.();
      this.reader.disconnect();
      // Only the delivery in progress (handler, then XACK or dead-letter) is waited for; the
      // loop's other Redis commands are abandoned, since a command queued while Redis is away
      // may never settle once its connection is closed.
      await this.done;
      subscriptions.delete(this);
    }

    /**
     * The loop's own commands end at close(). Abandoning them is safe: whatever they claim or
     * read stays in this consumer's pending list and is reclaimed by the group's other consumers.
     */
    private untilStopped<T>(command: Promise<T>): Promise<T> {
      command.catch(() => undefined);
      return Promise.race([command, this.stopSignal]);
    }

    private createGroups(start: '$' | '0'): Promise<void> {
      return Promise.all(
        this.keys.map((key) =>
          cmd.call('XGROUP', ['CREATE', key, this.o.group, start, 'MKSTREAM']).catch((err: unknown) => {
            if (!errorMessage(err).startsWith('BUSYGROUP')) throw err;
          }),
        ),
      ).then(() => undefined);
    }

    private async run(groupsReady: Promise<void>): Promise<void> {
      let recreate: '$' | '0' | undefined;
      let failures = 0;
      let nextClaimAt = 0;
      try {
        await this.untilStopped(groupsReady);
      } catch (err) {
        if (this.stopped) return;
        recreate = this.o.from === 'all' ? '0' : '$';
        log.warn(
          { group: this.o.group, err: errorMessage(err) },
          'could not create consumer groups; retrying',
        );
      }
      while (!this.stopped) {
        try {
          if (recreate) {
            await this.untilStopped(this.createGroups(recreate));
            recreate = undefined;
          }
          if (Date.now() >= nextClaimAt) {
            await this.reclaim();
            nextClaimAt = Date.now() + claimIntervalMs(this.o.redeliverAfterMs);
          }
          if (this.stopped) break;
          const block = Math.max(1, Math.min(blockMs, nextClaimAt - Date.now()));
          const reply = await this.untilStopped(
            this.reader.call('XREADGROUP', [
              'GROUP',
              this.o.group,
              this.consumer,
              'COUNT',
              READ_COUNT,
              'BLOCK',
              block,
              'STREAMS',
              ...this.keys,
              ...this.keys.map(() => '>'),
            ]),
          );
          for (const [key, entries] of parseRead(reply)) {
            for (const entry of entries) {
              // Entries left unprocessed stay pending and are reclaimed by another consumer.
              if (this.stopped) break;
              await this.process(key, entry, 1);
            }
          }
          failures = 0;
        } catch (err) {
          if (this.stopped) break;
          const message = errorMessage(err);
          // The stream was deleted under the group (FLUSHDB, manual cleanup): recreate and read it all.
          if (message.startsWith('NOGROUP')) recreate = '0';
          failures += 1;
          log.warn(
            { group: this.o.group, consumer: this.consumer, err: message },
            'event subscription loop error; backing off',
          );
          await this.sleep(Math.min(MAX_BACKOFF_MS, 50 * 2 ** Math.min(failures, 7)));
        }
      }
    }

    /** Takes over this group's entries idle for redeliverAfterMs: failed, hung or orphaned by a crash. */
    private async reclaim(): Promise<void> {
      for (const key of this.keys) {
        let cursor = '0-0';
        for (let round = 0; round < CLAIM_ROUNDS && !this.stopped; round++) {
          const reply = await this.untilStopped(
            cmd.call('XAUTOCLAIM', [
              key,
              this.o.group,
              this.consumer,
              this.o.redeliverAfterMs,
              cursor,
              'COUNT',
              CLAIM_COUNT,
            ]),
          );
          const [next, entries] = parseAutoclaim(reply);
          if (entries.length > 0) {
            const counts = await this.untilStopped(
              this.deliveryCounts(
                key,
                entries.map((e) => e.id),
              ),
            );
            for (const entry of entries) {
              if (this.stopped) return;
              // XAUTOCLAIM counts the claim as a delivery; never below 2 for a reclaimed entry.
              await this.process(key, entry, Math.max(2, counts.get(entry.id) ?? 2));
            }
          }
          if (next === '0-0') break;
          cursor = next;
        }
      }
    }

    private async deliveryCounts(key: string, ids: string[]): Promise<Map<string, number>> {
      const pipe = cmd.pipeline();
      for (const id of ids) pipe.call('XPENDING', key, this.o.group, id, id, 1);
      const results = (await pipe.exec()) ?? [];
      const counts = new Map<string, number>();
      for (const [err, row] of results) {
        if (err) throw err;
        const first = Array.isArray(row) ? (row[0] as unknown) : undefined;
        if (Array.isArray(first) && typeof first[0] === 'string') counts.set(first[0], Number(first[3]));
      }
      return counts;
    }

    private async process(key: string, entry: RawEntry, attempt: number): Promise<void> {
      const json = entry.fields ? fieldValue(entry.fields, 'event') : undefined;
      // Trimmed away while pending (Redis 6.2 returns it without fields): nothing to deliver.
      if (json === undefined) {
        await cmd.call('XACK', [key, this.o.group, entry.id]);
        return;
      }
      let event: CloudEvent;
      try {
        event = JSON.parse(json) as CloudEvent;
      } catch (err) {
        await this.deadLetter(key, entry.id, json, attempt, `unparseable event: ${errorMessage(err)}`);
        return;
      }
      if (attempt > this.o.maxAttempts) {
        // Every allowed delivery was taken and none acknowledged: the handler keeps crashing or hanging.
        await this.deadLetter(key, entry.id, json, attempt - 1, notAckedError(attempt - 1));
        return;
      }
      try {
        await this.handler(event, { attempt, messageId: entry.id });
      } catch (err) {
        const error = errorMessage(err);
        if (attempt >= this.o.maxAttempts) {
          await this.deadLetter(key, entry.id, json, attempt, error);
        } else {
          // Not acknowledged: XAUTOCLAIM hands it out again once idle for redeliverAfterMs.
          log.warn(
            { group: this.o.group, type: this.typeOf.get(key), messageId: entry.id, attempt, error },
            'event handler failed; will redeliver',
          );
        }
        return;
      }
      await cmd.call('XACK', [key, this.o.group, entry.id]);
    }

    private async deadLetter(
      key: string,
      id: string,
      json: string,
      attempts: number,
      error: string,
    ): Promise<void> {
      const type = this.typeOf.get(key) ?? '';
      const results = await cmd
        .multi()
        .call(
          'XADD',
          dlqKey(this.o.group),
          'MAXLEN',
          '~',
          dlqMaxLen,
          '*',
          'event',
          json,
          'type',
          type,
          'group',
          this.o.group,
          'attempts',
          attempts,
          'error',
          error,
          'messageId',
          id,
          'at',
          new Date().toISOString(),
        )
        .call('XACK', key, this.o.group, id)
        .exec();
      const failed = results?.find(([err]) => err);
      if (!results || failed) throw failed?.[0] ?? new Error('dead-letter transaction aborted');
      log.warn({ group: this.o.group, type, messageId: id, attempts, error }, 'event dead-lettered');
    }

    private sleep(ms: number): Promise<void> {
      return new Promise((resolve) => {
        const finish = () => {
          clearTimeout(timer);
          this.wakeSleep = undefined;
          resolve();
        };
        const timer = setTimeout(finish, ms);
        this.wakeSleep = finish;
      });
    }
  }

  const subscriber = (): Redis => {
    if (!pubsub) {
      const conn = connect('pubsub', { maxRetriesPerRequest: null });
      conn.on('message', (key: string, message: string) => {
        const set = listeners.get(key);
        if (!set) return;
        let payload: unknown;
        try {
          payload = JSON.parse(message);
        } catch {
          log.warn({ channel: key }, 'unparseable broadcast dropped');
          return;
        }
        for (const listener of set) {
          try {
            listener(payload);
          } catch (err) {
            log.warn({ channel: key, err: errorMessage(err) }, 'broadcast listener threw');
          }
        }
      });
      pubsub = conn;
    }
    return pubsub;
  };

  return {
    kind: 'redis',

    async publish(events) {
      if (closed) throw new Error('event bus is closed');
      if (events.length === 0) return;
      const pipe = cmd.pipeline();
      for (const event of events) {
        if (!event.type) throw new Error('publish: event without a type');
        pipe.call('XADD', streamKey(event.type), 'MAXLEN', '~', maxLen, '*', 'event', JSON.stringify(event));
      }
      const results = await pipe.exec();
      const failed = results?.find(([err]) => err);
      if (!results || failed) throw failed?.[0] ?? new Error('publish pipeline aborted');
    },

    subscribe(subOpts: SubscribeOptions): Subscription {
      if (closed) throw new Error('event bus is closed');
      const sub = new RedisSubscription(resolveSubscribeOptions(subOpts), subOpts.handler);
      subscriptions.add(sub);
      return sub;
    },

    async replay(type, fromId = '-', toId = '+', limit = 1_000) {
      const reply = await cmd.call('XRANGE', [streamKey(type), fromId, toId, 'COUNT', limit]);
      const out: { messageId: string; event: CloudEvent }[] = [];
      for (const entry of parseEntries(reply)) {
        const json = entry.fields ? fieldValue(entry.fields, 'event') : undefined;
        if (json !== undefined) out.push({ messageId: entry.id, event: JSON.parse(json) as CloudEvent });
      }
      return out;
    },

    async deadLetters(group, limit = 100) {
      const reply = await cmd.call('XRANGE', [dlqKey(group), '-', '+', 'COUNT', limit]);
      const out: DeadLetter[] = [];
      for (const entry of parseEntries(reply)) {
        if (!entry.fields) continue;
        const json = fieldValue(entry.fields, 'event');
        if (json === undefined) continue;
        out.push({
          event: JSON.parse(json) as CloudEvent,
          group: fieldValue(entry.fields, 'group') ?? group,
          attempts: Number(fieldValue(entry.fields, 'attempts') ?? 0),
          error: fieldValue(entry.fields, 'error') ?? '',
          messageId: fieldValue(entry.fields, 'messageId') ?? entry.id,
        });
      }
      return out;
    },

    async broadcast(channel, payload) {
      await cmd.publish(channelKey(channel), JSON.stringify(payload) ?? 'null');
    },

    onBroadcast(channel, listener) {
      const key = channelKey(channel);
      let set = listeners.get(key);
      if (!set) {
        set = new Set();
        listeners.set(key, set);
        subscriber()
          .subscribe(key)
          .catch((err: unknown) =>
            log.warn({ channel, err: errorMessage(err) }, 'broadcast subscribe failed'),
          );
      }
      set.add(listener);
      return () => {
        set.delete(listener);
        if (set.size > 0 || listeners.get(key) !== set) return;
        listeners.delete(key);
        pubsub
          ?.unsubscribe(key)
          .catch((err: unknown) =>
            log.warn({ channel, err: errorMessage(err) }, 'broadcast unsubscribe failed'),
          );
      };
    },

    async ping() {
      await cmd.ping();
    },

    async close() {
      if (closed) return;
      closed = true;
      await Promise.all([...subscriptions].map((s) => s.close()));
      listeners.clear();
      pubsub?.disconnect();
      // QUIT rather than disconnect(): while Redis is away it queues behind pending commands,
      // which then fail by maxRetriesPerRequest; a bare disconnect() would leave them unsettled.
      try {
        await cmd.quit();
      } catch {
        cmd.disconnect();
      }
    },
  };
}

// ------------------------------------------------------------ RESP2 reply shapes

/** XRANGE / entries: [[id, [field, value, …] | nil], …]. */
function parseEntries(reply: unknown): RawEntry[] {
  if (!Array.isArray(reply)) return [];
  const out: RawEntry[] = [];
  for (const item of reply) {
    if (!Array.isArray(item) || typeof item[0] !== 'string') continue;
    out.push({ id: item[0], fields: Array.isArray(item[1]) ? (item[1] as string[]) : null });
  }
  return out;
}

/** XREADGROUP: nil on timeout, else [[key, entries], …]. */
function parseRead(reply: unknown): [string, RawEntry[]][] {
  if (!Array.isArray(reply)) return [];
  const out: [string, RawEntry[]][] = [];
  for (const item of reply) {
    if (Array.isArray(item) && typeof item[0] === 'string') out.push([item[0], parseEntries(item[1])]);
  }
  return out;
}

/** XAUTOCLAIM: [next-cursor, entries, deleted-ids (Redis ≥ 7)]. */
function parseAutoclaim(reply: unknown): [string, RawEntry[]] {
  if (!Array.isArray(reply) || typeof reply[0] !== 'string') return ['0-0', []];
  return [reply[0], parseEntries(reply[1])];
}

function fieldValue(fields: string[], name: string): string | undefined {
  for (let i = 0; i + 1 < fields.length; i += 2) if (fields[i] === name) return fields[i + 1];
  return undefined;
}
