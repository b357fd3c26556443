import type { LightMyRequestResponse } from 'fastify';
import { buildEvent, handleOnce, type ServiceDefinition } from '@tradeplane/kit';
import { startTestService, type TestService } from '@tradeplane/kit/testing';
import { NewsPublished, type CloudEvent, type TriggerFired } from '@tradeplane/contracts';
import type { Static } from 'typebox';
import { createSchedulerService, schedulerRuntime, type CalendarSource } from '../src/index.ts';
import type { SchedulerRuntime } from '../src/domain/scheduler-runtime.ts';
import { schedulerSubscriber } from '../src/events/scheduler.subscribers.ts';

type NewsData = Static<typeof NewsPublished.data>;

/** A clock the test moves; schedules are computed and fires stamped with it. */
export class TestClock {
  constructor(public current = new Date('2026-03-10T15:00:00Z')) {}
  now = () => this.current;
  set(iso: string) {
    this.current = new Date(iso);
  }
}

let n = 0;
export const uniqueUser = (prefix = 'user') => ({
  userId: `${prefix}-${Date.now().toString(36)}-${(n++).toString(36)}`,
});
export const ADMIN = { userId: 'admin-1', roles: ['user', 'admin'] };

/**
 * Loops that would race the test's clock are parked (an hour between ticks and price refreshes):
 * tests call `rt.tick()` and `rt.prices.refresh()` at the instants they choose. Leader election
 * runs as in production (in-memory locks), and the instance leads before the harness returns.
 */
export const PARKED: Record<string, string> = {
  SCHEDULER_TICK_MS: '3600000',
  SCHEDULER_PRICE_REFRESH_MS: '3600000',
};

export interface Harness {
  t: TestService;
  rt: SchedulerRuntime;
  clock: TestClock;
  api(
    method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
    url: string,
    user?: object,
    body?: unknown,
  ): Promise<LightMyRequestResponse>;
  /** Runs an event through the scheduler's consumer exactly as ctx.subscribe does. */
  deliver(event: CloudEvent): Promise<boolean>;
  close(): Promise<void>;
}

export async function startScheduler(
  opts: { env?: Record<string, string>; clock?: TestClock; calendar?: CalendarSource; lead?: boolean } = {},
): Promise<Harness> {
  const clock = opts.clock ?? new TestClock();
  const def = createSchedulerService({
    now: clock.now,
    ...(opts.calendar ? { calendar: opts.calendar } : {}),
  });
  const t = await startTestService(def as unknown as ServiceDefinition, { env: { ...PARKED, ...opts.env } });
  const rt = schedulerRuntime(t.service.ctx);
  if (opts.lead !== false) await waitFor(async () => rt.leadership.isLeader());
  const handler = schedulerSubscriber(rt.deps);
  return {
    t,
    rt,
    clock,
    api: (method, url, user = { userId: 'nobody' }, body) =>
      t.service.app.inject({
        method,
        url,
        headers: t.as(user as { userId: string }),
        ...(body !== undefined ? { payload: body as object } : {}),
      }),
    deliver: (event) => handleOnce(t.service.ctx.db, 'scheduler', event, (tx) => handler(event, tx)),
    close: () => t.close(),
  };
}

/** `trigger.fired` events staged in the outbox, oldest first. */
export async function firedEvents(t: TestService, triggerId?: string): Promise<CloudEvent<TriggerFired>[]> {
  const rows: { payload: CloudEvent | string }[] = await t.service.ctx.db
    .selectFrom('outbox')
    .select('payload')
    .where('type', '=', 'trigger.fired')
    .orderBy('id')
    .execute();
  const events = rows.map(
    (r) => (typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload) as CloudEvent<TriggerFired>,
  );
  return triggerId ? events.filter((e) => e.data.triggerId === triggerId) : events;
}

export interface RunRow {
  id: string;
  scheduled_for: Date;
  fired_at: Date;
  misfire: boolean;
  status: string;
  reason: string;
  context: unknown;
  fencing_token: string | null;
  event_id: string | null;
}

/** Every run of a trigger, oldest first, straight from the table. */
export async function runRows(t: TestService, triggerId: string): Promise<RunRow[]> {
  return (await t.service.ctx.db
    .selectFrom('runs')
    .selectAll()
    .where('trigger_id', '=', triggerId)
    .orderBy('id')
    .execute()) as RunRow[];
}

export function newsEvent(data: Partial<NewsData> & { headline: string }, id?: string): CloudEvent {
  return buildEvent('market-data', {
    type: NewsPublished.type,
    data: {
      id: id ?? `news-${(n++).toString(36)}`,
      summary: '',
      source: 'wire',
      symbols: [],
      sentiment: null,
      url: null,
      createdAt: new Date().toISOString(),
      ...data,
    },
  });
}

/** Polls until `fn` returns a value (effects of background work); fails after `ms`. */
export async function waitFor<T>(fn: () => Promise<T | undefined | false>, ms = 5_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

/** The problem+json of a 4xx answer, checked to be one. */
export function problem(res: LightMyRequestResponse): {
  status: number;
  code: string;
  detail: string;
  field?: string;
} {
  if (!String(res.headers['content-type']).includes('application/problem+json'))
    throw new Error(
      `expected problem+json, got ${res.statusCode} ${res.headers['content-type']}: ${res.body}`,
    );
  return res.json();
}
