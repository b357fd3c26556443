import { defineService, type ServiceContext } from '@tradeplane/kit';
import { migrations } from '../migrations/index.ts';
import { checkSchedulerConfig, SchedulerConfig } from './config.ts';
import { marketDataCalendar } from './clients/market-data.client.ts';
import { cachedCalendar, type CalendarSource } from './domain/calendar.ts';
import type { SchedulerDeps } from './domain/deps.ts';
import { SchedulerRuntime } from './domain/scheduler-runtime.ts';
import { triggerRoutes } from './routes/triggers.routes.ts';

type Ctx = ServiceContext<SchedulerConfig>;

export interface SchedulerServiceOptions {
  /** Replaces market-data's calendar (tests); it is cached all the same. */
  calendar?: CalendarSource;
  /** The clock schedules are computed and fires stamped with (tests). */
  now?: () => Date;
}

/** The deps every entry point of the scheduler hands its use cases. */
export function schedulerDeps(ctx: Ctx, opts: SchedulerServiceOptions = {}): SchedulerDeps {
  const c = ctx.config;
  const source =
    opts.calendar ??
    marketDataCalendar(
      ctx.client('market-data', { timeoutMs: c.SCHEDULER_CALENDAR_TIMEOUT_MS }),
      c.SCHEDULER_CALENDAR_TIMEOUT_MS,
    );
  const now = opts.now ?? (() => new Date());
  return {
    db: ctx.db,
    config: c,
    log: ctx.log,
    transaction: (fn) => ctx.transaction(fn),
    emit: (tx, events) => ctx.emit(tx, events),
    calendar: cachedCalendar(source, {
      days: c.SCHEDULER_CALENDAR_DAYS,
      refreshMs: c.SCHEDULER_CALENDAR_REFRESH_MS,
      now: () => now().getTime(),
    }),
    now,
  };
}

// One runtime per built service (tests build several in one process), found again by its context.
const runtimes = new WeakMap<object, SchedulerRuntime>();

/** The scheduler runtime of a built service: leadership, the fire loop, the price watch. */
export function schedulerRuntime(ctx: ServiceContext | Ctx): SchedulerRuntime {
  const rt = runtimes.get(ctx);
  if (!rt) throw new Error(`${ctx.name} has no scheduler runtime`);
  return rt;
}

/** Triggers (cron, market open/close, price cross, news), leader election, fire history (ARCHITECTURE §2). */
export function createSchedulerService(opts: SchedulerServiceOptions = {}) {
  return defineService({
    name: 'scheduler',
    schema: 'scheduler',
    config: SchedulerConfig,
    migrations,
    eventRetentionDays: (c) => c.SCHEDULER_EVENT_RETENTION_DAYS,
    async routes(app, ctx) {
      const c = ctx as unknown as Ctx;
      checkSchedulerConfig(c.config);
      const rt = new SchedulerRuntime(c, schedulerDeps(c, opts));
      runtimes.set(ctx, rt);
      await triggerRoutes(app, rt.deps, rt);
    },
    async start(ctx) {
      await schedulerRuntime(ctx as unknown as Ctx).start();
    },
  });
}

export const schedulerService = createSchedulerService();
