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
 * The in-process event bus (embedded mode, tests). It mirrors the Redis Streams adapter so that
 * service code behaves the same in both modes:
 * - one log per event type with a bounded history (like XADD MAXLEN ~);
 * - a consumer group per (type, group) with a cursor and a pending-entries list (like XREADGROUP);
 * - a delivery stays pending until the handler resolves; a pending delivery idle for
 *   `redeliverAfterMs` (handler threw, hung, or its subscription closed) is handed out again to
 *   any subscriber of the group with the attempt count incremented (like XAUTOCLAIM);
 * - after `maxAttempts` failed deliveries the event moves to the group's dead letters.
 * Events are stored as JSON and parsed per delivery, so a handler sees exactly what it would
 * see through Redis and can never mutate another group's copy.
 */
export interface MemoryBusOptions {
  /** Events kept per type for replay and for groups created with from 'all'. Default 10 000. */
  historyPerType?: number;
  /** Dead letters kept per group. Default 10 000. */
  deadLettersPerGroup?: number;
  log?: BusLog;
}

interface StoredEvent {
  seq: number;
  json: string;
}

interface PendingEntry {
  stored: StoredEvent;
  consumer: MemorySubscriber | undefined;
  deliveredAt: number;
  deliveries: number;
  lastError: string | undefined;
}

interface GroupCursor {
  /** Highest sequence number handed out to the group (XREADGROUP's last-delivered-id). */
  lastDelivered: number;
  /** Handed out, not yet acknowledged, in delivery order (which is sequence order). */
  pending: Map<number, PendingEntry>;
}

interface TypeLog {
  entries: StoredEvent[];
  groups: Map<string, GroupCursor>;
}

interface Work {
  entry: PendingEntry;
  cursor: GroupCursor;
  type: string;
}

const IDLE_WAIT_MS = 60_000;

export function createMemoryBus(opts: MemoryBusOptions = {}): EventBus {
  return new MemoryBus(opts);
}

class MemoryBus implements EventBus {
  readonly kind = 'memory' as const;
  private readonly history: number;
  private readonly deadLetterCap: number;
  readonly log: BusLog;
  private seq = 0;
  private closed = false;
  private readonly logs = new Map<string, TypeLog>();
  private readonly subscribers = new Set<MemorySubscriber>();
  private readonly dead = new Map<
    string,
    { json: string; group: string; attempts: number; error: string; messageId: string }[]
  >();
  private readonly listeners = new Map<string, Set<(payload: unknown) => void>>();

  constructor(opts: MemoryBusOptions) {
    this.history = opts.historyPerType ?? 10_000;
    this.deadLetterCap = opts.deadLettersPerGroup ?? 10_000;
    this.log = opts.log ?? noopLog;
  }

  publish(events: readonly CloudEvent[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('event bus is closed'));
    if (events.some((e) => !e.type)) return Promise.reject(new Error('publish: event without a type'));
    const touched = new Set<string>();
    for (const event of events) {
      const log = this.typeLog(event.type);
      log.entries.push({ seq: ++this.seq, json: JSON.stringify(event) });
      // Trim in chunks (like MAXLEN ~) so a full log does not shift on every publish.
      if (log.entries.length > this.history + Math.ceil(this.history / 10))
        log.entries.splice(0, log.entries.length - this.history);
      touched.add(event.type);
    }
    for (const sub of this.subscribers) if (sub.types.some((t) => touched.has(t))) sub.wake();
    return Promise.resolve();
  }

  subscribe(opts: SubscribeOptions): Subscription {
    if (this.closed) throw new Error('event bus is closed');
    const resolved = resolveSubscribeOptions(opts);
    for (const type of resolved.types) {
      const log = this.typeLog(type);
      // An existing group keeps its position, as XGROUP CREATE answers BUSYGROUP.
      if (!log.groups.has(resolved.group)) {
        log.groups.set(resolved.group, {
          lastDelivered: resolved.from === 'all' ? 0 : this.seq,
          pending: new Map(),
        });
      }
    }
    const sub = new MemorySubscriber(this, resolved, opts.handler);
    this.subscribers.add(sub);
    sub.start();
    return sub;
  }

  replay(
    type: string,
    fromId = '-',
    toId = '+',
    limit = 1_000,
  ): Promise<{ messageId: string; event: CloudEvent }[]> {
    const from = parseId(fromId, 0);
    const to = parseId(toId, Number.POSITIVE_INFINITY);
    const out: { messageId: string; event: CloudEvent }[] = [];
    for (const e of this.logs.get(type)?.entries ?? []) {
      if (out.length >= limit) break;
      if (e.seq >= from && e.seq <= to)
        out.push({ messageId: String(e.seq), event: JSON.parse(e.json) as CloudEvent });
    }
    return Promise.resolve(out);
  }

  deadLetters(group: string, limit = 100): Promise<DeadLetter[]> {
    const list = this.dead.get(group) ?? [];
    return Promise.resolve(
      list.slice(0, limit).map((d) => ({
        event: JSON.parse(d.json) as CloudEvent,
        group: d.group,
        attempts: d.attempts,
        error: d.error,
        messageId: d.messageId,
      })),
    );
  }

  broadcast(channel: string, payload: unknown): Promise<void> {
    const json = JSON.stringify(payload) ?? 'null';
    for (const listener of this.listeners.get(channel) ?? []) {
      try {
        listener(JSON.parse(json));
      } catch (err) {
        this.log.warn({ channel, err: errorMessage(err) }, 'broadcast listener threw');
      }
    }
    return Promise.resolve();
  }

  onBroadcast(channel: string, listener: (payload: unknown) => void): () => void {
    let set = this.listeners.get(channel);
    if (!set) {
      set = new Set();
      this.listeners.set(channel, set);
    }
    set.add(listener);
    return () => {
      set.delete(listener);
      if (set.size === 0 && this.listeners.get(channel) === set) this.listeners.delete(channel);
    };
  }

  ping(): Promise<void> {
    return this.closed ? Promise.reject(new Error('event bus is closed')) : Promise.resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscribers].map((s) => s.close()));
    this.listeners.clear();
  }

  // ------------------------------------------------------------ used by subscribers

  forget(sub: MemorySubscriber): void {
    this.subscribers.delete(sub);
  }

  /**
   * The next delivery for a subscriber: first a pending entry of its group idle for
   * redeliverAfterMs (XAUTOCLAIM), then the group's next new event (XREADGROUP '>').
   */
  take(sub: MemorySubscriber, rotate: number): Work | undefined {
    const now = Date.now();
    const { group, redeliverAfterMs, maxAttempts } = sub.opts;
    const types = sub.types;
    for (let i = 0; i < types.length; i++) {
      const type = types[(i + rotate) % types.length]!;
      const cursor = this.logs.get(type)?.groups.get(group);
      if (!cursor) continue;
      for (const entry of cursor.pending.values()) {
        if (now - entry.deliveredAt < redeliverAfterMs) continue;
        entry.deliveries += 1;
        entry.consumer = sub;
        entry.deliveredAt = now;
        if (entry.deliveries > maxAttempts) {
          // Every allowed delivery was taken and none acknowledged: the handler keeps crashing or hanging.
          cursor.pending.delete(entry.stored.seq);
          this.deadLetter(
            group,
            entry,
            entry.deliveries - 1,
            entry.lastError ?? notAckedError(entry.deliveries - 1),
          );
          continue;
        }
        return { entry, cursor, type };
      }
    }
    for (let i = 0; i < types.length; i++) {
      const type = types[(i + rotate) % types.length]!;
      const log = this.logs.get(type);
      const cursor = log?.groups.get(group);
      if (!log || !cursor) continue;
      const stored = firstAfter(log.entries, cursor.lastDelivered);
      if (!stored) continue;
      cursor.lastDelivered = stored.seq;
      const entry: PendingEntry = {
        stored,
        consumer: sub,
        deliveredAt: now,
        deliveries: 1,
        lastError: undefined,
      };
      cursor.pending.set(stored.seq, entry);
      return { entry, cursor, type };
    }
    return undefined;
  }

  /** Milliseconds until one of the subscriber's group's pending entries becomes claimable. */
  nextDueIn(sub: MemorySubscriber): number {
    const now = Date.now();
    let due = IDLE_WAIT_MS;
    for (const type of sub.types) {
      const cursor = this.logs.get(type)?.groups.get(sub.opts.group);
      if (!cursor) continue;
      for (const entry of cursor.pending.values())
        due = Math.min(due, entry.deliveredAt + sub.opts.redeliverAfterMs - now);
    }
    // Entries handed to other subscribers after this computation are caught on the next check.
    return Math.max(1, Math.min(due, claimIntervalMs(sub.opts.redeliverAfterMs)));
  }

  deadLetter(group: string, entry: PendingEntry, attempts: number, error: string): void {
    let list = this.dead.get(group);
    if (!list) {
      list = [];
      this.dead.set(group, list);
    }
    list.push({ json: entry.stored.json, group, attempts, error, messageId: String(entry.stored.seq) });
    if (list.length > this.deadLetterCap) list.splice(0, list.length - this.deadLetterCap);
    this.log.warn({ group, messageId: String(entry.stored.seq), attempts, error }, 'event dead-lettered');
  }

  private typeLog(type: string): TypeLog {
    let log = this.logs.get(type);
    if (!log) {
      log = { entries: [], groups: new Map() };
      this.logs.set(type, log);
    }
    return log;
  }
}

class MemorySubscriber implements Subscription {
  readonly types: string[];
  private closed = false;
  private done: Promise<void> | undefined;
  private wakeUp: (() => void) | undefined;
  private rotate = 0;

  constructor(
    private readonly bus: MemoryBus,
    readonly opts: ResolvedSubscription,
    private readonly handler: EventHandler,
  ) {
    this.types = opts.types;
  }

  start(): void {
    this.done = this.run();
  }

  wake(): void {
    this.wakeUp?.();
  }

  async close(): Promise<void> {
    this.closed = true;
    this.wake();
    await this.done;
    this.bus.forget(this);
  }

  private async run(): Promise<void> {
    // Yield once so subscribe() returns before the first delivery, as with Redis.
    await Promise.resolve();
    while (!this.closed) {
      const work = this.bus.take(this, this.rotate++);
      if (work) await this.deliver(work);
      else await this.idle(this.bus.nextDueIn(this));
    }
  }

  private async deliver({ entry, cursor, type }: Work): Promise<void> {
    const attempt = entry.deliveries;
    const messageId = String(entry.stored.seq);
    try {
      await this.handler(JSON.parse(entry.stored.json) as CloudEvent, { attempt, messageId });
    } catch (err) {
      const error = errorMessage(err);
      // Reclaimed by another subscriber meanwhile: that delivery decides the entry's fate.
      if (
        cursor.pending.get(entry.stored.seq) !== entry ||
        entry.deliveries !== attempt ||
        entry.consumer !== this
      )
        return;
      entry.lastError = error;
      if (attempt >= this.opts.maxAttempts) {
        cursor.pending.delete(entry.stored.seq);
        this.bus.deadLetter(this.opts.group, entry, attempt, error);
      } else {
        // Left pending: handed out again once idle for redeliverAfterMs, like an un-XACKed stream entry.
        this.bus.log.warn(
          { group: this.opts.group, type, messageId, attempt, error },
          'event handler failed; will redeliver',
        );
      }
      return;
    }
    // Acknowledges whoever holds the entry now, as XACK does.
    cursor.pending.delete(entry.stored.seq);
  }

  private idle(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const finish = () => {
        clearTimeout(timer);
        this.wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(finish, ms);
      timer.unref();
      this.wakeUp = finish;
    });
  }
}

function parseId(id: string, openValue: number): number {
  if (id === '-' || id === '+') return openValue;
  const n = Number(id);
  if (!Number.isFinite(n)) throw new Error(`bad message id ${id}`);
  return n;
}

/** The first entry with a sequence number above `seq` (entries are in sequence order). */
function firstAfter(entries: StoredEvent[], seq: number): StoredEvent | undefined {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.seq <= seq) lo = mid + 1;
    else hi = mid;
  }
  return entries[lo];
}
