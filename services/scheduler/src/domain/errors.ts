import { AppError, badRequest, conflict, notFound } from '@tradeplane/kit';

/** Errors of the scheduler's API (docs in services/scheduler/README.md). */
export const SchedulerErrors = {
  // The same answer for a trigger that doesn't exist and one of another user (no BOLA oracle).
  triggerNotFound: () => notFound('SCHEDULER_TRIGGER_NOT_FOUND', 'Trigger not found'),
  invalidTrigger: (field: string, message: string) =>
    badRequest('SCHEDULER_INVALID_TRIGGER', `${field} ${message}`, { field }),
  invalidCron: (field: string, message: string) =>
    badRequest('SCHEDULER_INVALID_CRON', `${field} ${message}`, { field }),
  invalidTimezone: (zone: string) =>
    badRequest(
      'SCHEDULER_INVALID_TIMEZONE',
      `schedule.timezone ${JSON.stringify(zone)} is not an IANA time zone (e.g. America/New_York, Europe/London, UTC)`,
      { field: 'schedule.timezone' },
    ),
  tooManyTriggers: (max: number) =>
    conflict('SCHEDULER_TRIGGER_LIMIT', `At most ${max} triggers per user: delete one first`, { max }),
  changedConcurrently: () =>
    conflict(
      'SCHEDULER_TRIGGER_CHANGED',
      'The trigger changed while this request was applied: read it and retry',
    ),
  calendarUnavailable: (cause: unknown) =>
    new AppError(
      'SCHEDULER_CALENDAR_UNAVAILABLE',
      503,
      'The market calendar is unavailable (market-data did not answer): market triggers cannot be scheduled now',
      { cause },
    ),
} as const;

/** A fire written with a fencing token lower than one already used: this instance is no longer the leader. */
export { StaleLeaderError } from '@tradeplane/kit';
