import type { CloudEvent } from '@tradeplane/contracts';

/**
 * The ports every service is handed by the runtime. Each has an in-process adapter (embedded mode,
 * tests) and a Redis adapter (cluster mode) with the same semantics; service code never knows which.
 */

// ---------------------------------------------------------------- events
export interface Delivery {
  /** 1 on first delivery, incremented on each redelivery. */
  attempt: number;
  /** Transport id (Redis stream entry id, or a sequence number in memory). */
  messageId: string;
}

export type EventHandler = (event: CloudEvent, delivery: Delivery) => Promise<void>;

export interface SubscribeOptions {
  /** The consumer group: the consuming service's name. Each group gets every event once. */
  group: string;
  /** Event types to receive (`order.filled`, …). */
  types: readonly string[];
  handler: EventHandler;
  /** Failed attempts before the event goes to the dead-letter stream. Default 5. */
  maxAttempts?: number;
  /** A delivery not acked within this long is handed out again. Default 30 s. */
  redeliverAfterMs?: number;
  /** Start position for a group created now: 'new' (default) or 'all' (from the beginning). */
  from?: 'new' | 'all';
}

export interface Subscription {
  /** Stops taking new deliveries and waits for in-flight handlers. */
  close(): Promise<void>;
}

export interface DeadLetter {
  event: CloudEvent;
  group: string;
  attempts: number;
  error: string;
  messageId: string;
}

export interface EventBus {
  readonly kind: 'memory' | 'redis';
  /** Durable, at-least-once publication (normally called by the outbox relay, not by services). */
  publish(events: readonly CloudEvent[]): Promise<void>;
  subscribe(opts: SubscribeOptions): Subscription;
  /** Events of a type between two transport ids (inclusive), for replay. */
  replay(
    type: string,
    fromId?: string,
    toId?: string,
    limit?: number,
  ): Promise<{ messageId: string; event: CloudEvent }[]>;
  /** Dead letters of a consumer group. */
  deadLetters(group: string, limit?: number): Promise<DeadLetter[]>;
  /** High-rate, lossy fan-out (quotes): no persistence, no redelivery. */
  broadcast(channel: string, payload: unknown): Promise<void>;
  onBroadcast(channel: string, listener: (payload: unknown) => void): () => void;
  ping(): Promise<void>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- cache
export interface Cache {
  readonly kind: 'memory' | 'redis';
  get<T>(key: string): Promise<T | undefined>;
  set(key: string, value: unknown, ttlMs: number): Promise<void>;
  del(key: string): Promise<void>;
  /** Returns the cached value, or computes, stores and returns it. */
  wrap<T>(key: string, ttlMs: number, compute: () => Promise<T>): Promise<T>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- locks
export interface Lease {
  readonly name: string;
  /** Strictly increasing per lock name: a fencing token for writes guarded by the lock. */
  readonly fencingToken: number;
  /** Extends the lease; false when it was lost (expired and taken by someone else). */
  extend(ttlMs: number): Promise<boolean>;
  release(): Promise<void>;
}

export interface LockManager {
  /** Tries once; undefined if someone else holds the lock. */
  tryAcquire(name: string, ttlMs: number): Promise<Lease | undefined>;
  /** Waits up to `waitMs` for the lock. */
  acquire(name: string, ttlMs: number, waitMs: number): Promise<Lease | undefined>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- registry
export interface ServiceInstance {
  service: string;
  instanceId: string;
  url: string;
  version: string;
  pid: number;
  startedAt: string;
  lastHeartbeat: string;
}

export interface Registry {
  readonly kind: 'memory' | 'redis';
  /** Registers an instance and keeps it alive with heartbeats until the returned stop is called. */
  register(instance: Omit<ServiceInstance, 'lastHeartbeat'>): Promise<() => Promise<void>>;
  /** Live instances (heartbeat within the TTL), optionally of one service. */
  list(service?: string): Promise<ServiceInstance[]>;
  ping(): Promise<void>;
  close(): Promise<void>;
}

// ---------------------------------------------------------------- keyed logs
export interface LogEntry<T = unknown> {
  /** Position in the log: `<ms>-<seq>`, increasing within a key (a Redis stream id in cluster mode). */
  id: string;
  payload: T;
}

export interface AppendOptions {
  /** Entries kept per key (older ones are trimmed). */
  maxLen: number;
  /** The key expires this long after its last append. */
  ttlMs: number;
  /**
   * Appends only if nothing was appended with this key before (within `ttlMs`): a redelivered
   * event is logged once. Returns undefined when it was a repeat.
   */
  dedupeKey?: string;
}

/**
 * Short, capped, per-key logs (a user's stream events, for resuming a dropped connection): in
 * memory embedded, Redis streams in cluster mode, shared by every instance.
 */
export interface KeyedLog {
  readonly kind: 'memory' | 'redis';
  append(key: string, payload: unknown, opts: AppendOptions): Promise<string | undefined>;
  /**
   * Entries after `afterId` (exclusive), oldest first, at most `limit`. `complete` is false when
   * entries after `afterId` may have been trimmed or expired already (the resume point is too
   * old for a log whose entries live `ttlMs`).
   */
  readAfter<T = unknown>(
    key: string,
    afterId: string,
    limit: number,
    ttlMs: number,
  ): Promise<{ entries: LogEntry<T>[]; complete: boolean }>;
}
