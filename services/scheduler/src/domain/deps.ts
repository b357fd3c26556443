import type { AnyDB, Logger, ServiceContext } from '@tradeplane/kit';
import type { SchedulerConfig } from '../config.ts';
import type { CalendarSource } from './calendar.ts';

/** What the scheduler's use cases need from the runtime; routes, loops, subscribers and tests hand the same. */
export interface SchedulerDeps {
  db: AnyDB;
  config: Readonly<SchedulerConfig>;
  log: Logger;
  transaction: ServiceContext['transaction'];
  emit: ServiceContext['emit'];
  /** NYSE sessions (market-data, cached). */
  calendar: CalendarSource;
  now: () => Date;
}
