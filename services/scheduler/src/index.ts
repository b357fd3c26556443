export {
  schedulerService,
  createSchedulerService,
  schedulerDeps,
  schedulerRuntime,
  type SchedulerServiceOptions,
} from './app.ts';
export type { CalendarSource, MarketSession } from './domain/calendar.ts';
