import { sql } from 'kysely';
import type { CloudEvent } from '@tradeplane/contracts';
import type { AnyDB, AnyTx } from './db.ts';
import { uuidv7 } from './ids.ts';
import type { ServiceMigration } from './migrate.ts';
import type { EventBus } from './ports.ts';

/**
 * Transactional outbox and inbox (ARCHITECTURE §4): a service writes its events to `outbox` in the
 * transaction that makes the change, and a relay publishes committed rows to the bus, so an event
 * exists if and only if its change committed. A consumer records each event id in `inbox` in the
 * transaction of its effect, so the bus's at-least-once redeliveries change nothing twice.
 * Both tables live in the service's own schema; every query here runs on a schema-scoped Kysely.
 */

/** Migration `000_kit_events` of every service schema. */
export const eventTablesMigration: ServiceMigration = {
  async up(db) {
    await db.schema
      .createTable('outbox')
      .addColumn('id', 'uuid', (c) => c.primaryKey())
      .addColumn('type', 'text', (c) => c.notNull())
      .addColumn('source', 'text', (c) => c.notNull())
      .addColumn('subject', 'text')
      .addColumn('payload', 'jsonb', (c) => c.notNull())
      .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addColumn('published_at', 'timestamptz')
      .execute();
    // The relay only ever reads unpublished rows in id order; published rows never enter this index.
    await db.schema
      .createIndex('outbox_unpublished_idx')
      .on('outbox')
      .column('id')
      .where(sql.ref('published_at'), 'is', null)
      .execute();
    await db.schema.createIndex('outbox_published_at_idx').on('outbox').column('published_at').execute();
    await db.schema
      .createTable('inbox')
      .addColumn('consumer', 'text', (c) => c.notNull())
      .addColumn('event_id', 'text', (c) => c.notNull())
      .addColumn('processed_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .addPrimaryKeyConstraint('inbox_pkey', ['consumer', 'event_id'])
      .execute();
    await db.schema.createIndex('inbox_processed_at_idx').on('inbox').column('processed_at').execute();
  },
};

export interface NewEvent<T = unknown> {
  type: string;
  data: T;
  subject?: string;
  userId?: string;
  correlationId?: string;
  causationId?: string;
}

/** A CloudEvents 1.0 envelope (structured JSON mode) with our correlation/causation/user extensions. */
export function buildEvent(source: string, e: NewEvent): CloudEvent {
  if (!e.type) throw new Error('event type is required');
  const event: CloudEvent = {
    specversion: '1.0',
    id: uuidv7(),
    source,
    type: e.type,
    time: new Date().toISOString(),
    datacontenttype: 'application/json',
    data: e.data,
  };
  if (e.subject !== undefined) event.subject = e.subject;
  if (e.correlationId !== undefined) event.correlationid = e.correlationId;
  if (e.causationId !== undefined) event.causationid = e.causationId;
  if (e.userId !== undefined) event.userid = e.userId;
  return event;
}

/** An outbox row as `add` writes it, for code that stages events in its own statement. */
export interface OutboxRow {
  id: string;
  type: string;
  source: string;
  subject: string | null;
  /** The whole envelope (jsonb). */
  payload: CloudEvent;
}

export function outboxRow(event: CloudEvent): OutboxRow {
  return {
    id: event.id,
    type: event.type,
    source: event.source,
    subject: event.subject ?? null,
    payload: event,
  };
}

export interface OutboxLog {
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface OutboxOptions {
  /** Kysely scoped to the service's schema. */
  db: AnyDB;
  bus: EventBus;
  /** CloudEvents `source`: the service name. */
  source: string;
  log: OutboxLog;
  /** Relay poll interval. Default 200 ms. */
  pollMs?: number;
  /** Rows published per relay transaction. Default 100. */
  batchSize?: number;
}

export interface Outbox {
  /** Stages events in the caller's transaction; they are published only if it commits. */
  add(tx: AnyDB | AnyTx, events: NewEvent | NewEvent[]): Promise<CloudEvent[]>;
  /** Publishes every committed, unpublished row; returns how many this call published. */
  flush(): Promise<number>;
  /** Starts the relay loop. */
  start(): void;
  /** Asks the running relay to flush soon (after an emit). */
  kick(): void;
  /** Stops the relay loop after a final flush. */
  stop(): Promise<void>;
}

/**
 * After a kick the relay flushes at once and then a few more times in quick succession, because
 * a kick usually comes from inside the emitting transaction, before its commit makes the row
 * visible; the regular poll covers anything slower.
 */
const KICK_FOLLOW_UPS_MS = [5, 20, 50];
const MAX_RETRY_DELAY_MS = 5_000;

export function createOutbox(opts: OutboxOptions): Outbox {
  const { db, bus, source, log } = opts;
  const pollMs = opts.pollMs ?? 200;
  const batchSize = opts.batchSize ?? 100;

  let started = false;
  let inTick = false;
  let rerun = false;
  let followUps = 0;
  let failures = 0;
  let timer: NodeJS.Timeout | undefined;
  /** Flushes run one after another in this process; other processes are kept apart by row locks. */
  let chain: Promise<unknown> = Promise.resolve();

  const toEvent = (payload: unknown): CloudEvent =>
    (typeof payload === 'string' ? JSON.parse(payload) : payload) as CloudEvent;

  // Publishing inside the transaction that holds the rows' locks means a relay that dies mid-way
  // leaves the rows unpublished (to be published again: at-least-once) and never lets two relays
  // publish the same row at the same time (FOR UPDATE SKIP LOCKED).
  const flushBatch = (): Promise<number> =>
    db.transaction().execute(async (tx) => {
      const rows = await tx
        .selectFrom('outbox')
        .select(['id', 'payload'])
        .where('published_at', 'is', null)
        .orderBy('id')
        .limit(batchSize)
        .forUpdate()
        .skipLocked()
        .execute();
      if (rows.length === 0) return 0;
      await bus.publish(rows.map((r) => toEvent(r.payload)));
      await tx
        .updateTable('outbox')
        .set({ published_at: sql`now()` })
        .where(
          'id',
          'in',
          rows.map((r) => r.id as string),
        )
        .execute();
      return rows.length;
    });

  const flushAll = async (): Promise<number> => {
    let total = 0;
    for (;;) {
      const n = await flushBatch();
      total += n;
      if (n < batchSize) return total;
    }
  };

  const flush = (): Promise<number> => {
    const run = chain.then(flushAll);
    chain = run.catch(() => undefined);
    return run;
  };

  const schedule = (ms: number) => {
    clearTimeout(timer);
    timer = setTimeout(() => void tick(), ms);
    timer.unref();
  };

  const tick = async (): Promise<void> => {
    inTick = true;
    rerun = false;
    let delay = pollMs;
    try {
      await flush();
      failures = 0;
    } catch (err) {
      failures += 1;
      delay = Math.min(MAX_RETRY_DELAY_MS, pollMs * 2 ** Math.min(failures, 10));
      log.error({ err, source, failures }, 'outbox relay failed; retrying');
    } finally {
      inTick = false;
    }
    if (!started) return;
    if (rerun) delay = 0;
    else if (failures === 0 && followUps > 0)
      delay = KICK_FOLLOW_UPS_MS[KICK_FOLLOW_UPS_MS.length - followUps--]!;
    schedule(delay);
  };

  return {
    async add(tx, events) {
      const list = Array.isArray(events) ? events : [events];
      if (list.length === 0) return [];
      const built = list.map((e) => buildEvent(source, e));
      await tx
        .insertInto('outbox')
        .values(
          built.map((ev) => {
            const row = outboxRow(ev);
            return { ...row, payload: JSON.stringify(row.payload) };
          }),
        )
        .execute();
      return built;
    },

    flush,

    start() {
      if (started) return;
      started = true;
      schedule(0);
    },

    kick() {
      if (!started) return;
      followUps = KICK_FOLLOW_UPS_MS.length;
      if (inTick) rerun = true;
      else schedule(0);
    },

    async stop() {
      started = false;
      clearTimeout(timer);
      await chain;
      try {
        await flush();
      } catch (err) {
        log.error({ err, source }, 'outbox final flush failed; rows stay for the next start');
      }
    },
  };
}

/**
 * Runs `effect` at most once per (consumer, event id): the inbox row and the effect commit or
 * roll back together. Returns false, without running the effect, for an event already handled.
 * A concurrent duplicate waits on the first one's uncommitted inbox row, then finds it.
 */
export async function handleOnce(
  db: AnyDB,
  consumer: string,
  event: CloudEvent,
  effect: (tx: AnyTx) => Promise<void>,
): Promise<boolean> {
  return db.transaction().execute(async (tx) => {
    const inserted = await tx
      .insertInto('inbox')
      .values({ consumer, event_id: event.id })
      .onConflict((oc) => oc.columns(['consumer', 'event_id']).doNothing())
      .returning('event_id')
      .executeTakeFirst();
    if (!inserted) return false;
    await effect(tx);
    return true;
  });
}

/**
 * Forgets inbox records older than `olderThanDays`. Keep this well above the longest time an
 * event can be redelivered or replayed, or a late duplicate would apply again.
 */
export async function pruneInbox(db: AnyDB, olderThanDays: number): Promise<number> {
  const result = await db
    .deleteFrom('inbox')
    .where('processed_at', '<', sql<Date>`now() - (${olderThanDays}::float8 * interval '1 day')`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}

/** Deletes outbox rows published more than `olderThanDays` ago; unpublished rows are never touched. */
export async function pruneOutbox(db: AnyDB, olderThanDays: number): Promise<number> {
  const result = await db
    .deleteFrom('outbox')
    .where('published_at', 'is not', null)
    .where('published_at', '<', sql<Date>`now() - (${olderThanDays}::float8 * interval '1 day')`)
    .executeTakeFirst();
  return Number(result.numDeletedRows);
}
