import { Cron } from 'croner';
import type { CalendarSource, MarketSession } from './calendar.ts';
import type { CronSchedule, MarketSchedule } from './trigger.ts';
import { addDays, dateIn, NEW_YORK, wallTime } from './zoned-time.ts';

/** One instant a cron or market trigger is due, with the words and facts a fire reports. */
export interface Occurrence {
  at: Date;
  description: string;
  context: Record<string, unknown>;
}

/** The occurrences within a window: how many (counted up to a cap), the first and the last. */
export interface OccurrenceWindow {
  count: number;
  /** True when there were more than `count` (counting stopped at the cap). */
  capped: boolean;
  first: Occurrence | null;
  last: Occurrence | null;
}

export interface TimeSchedule {
  /** The first occurrence strictly after `after`; null when there is none. */
  next(after: Date): Promise<Occurrence | null>;
  /** Occurrences in [from, to]. */
  window(from: Date, to: Date): Promise<OccurrenceWindow>;
}

/** Counting missed occurrences stops here: a per-second cron down for a day must not cost 86,400 steps. */
export const WINDOW_COUNT_CAP = 1_000;

/** Croner with the options every evaluation uses; throws on a bad expression or zone. */
export function cronJob(s: CronSchedule): Cron {
  // No callback: the job is only evaluated, never scheduled by croner itself.
  return new Cron(s.expression, { timezone: s.timezone, paused: true });
}

/**
 * A cron expression in an IANA zone, as croner reads it: 5 fields (minutes) or 6/7 (seconds,
 * years). Across DST (croner's "fixed-time" rule): a fixed time that does not exist that day runs
 * at the first valid time after the gap, a fixed time that occurs twice runs once; an interval
 * expression skips the missing hour and runs in both occurrences of the repeated one.
 */
export function cronSchedule(s: CronSchedule): TimeSchedule {
  const job = cronJob(s);
  const occurrence = (at: Date): Occurrence => ({
    at,
    description: `cron "${s.expression}" (${s.timezone}) due ${wallTime(at, s.timezone)}`,
    context: { expression: s.expression, timezone: s.timezone, localTime: wallTime(at, s.timezone) },
  });
  return {
    next(after) {
      const at = job.nextRun(after);
      return Promise.resolve(at ? occurrence(at) : null);
    },
    window(from, to) {
      // Runs fall on whole seconds and nextRun is strictly after its argument's second.
      let at = job.nextRun(new Date(from.getTime() - 1_000));
      while (at && at < from) at = job.nextRun(at);
      let count = 0;
      let first: Date | null = null;
      let last: Date | null = null;
      while (at && at <= to && count < WINDOW_COUNT_CAP) {
        count += 1;
        first ??= at;
        last = at;
        at = job.nextRun(at);
      }
      const capped = at !== null && at <= to;
      // previousRuns includes a run earlier in the reference's own second.
      if (capped) last = job.previousRuns(1, new Date(to.getTime() + 1))[0] ?? last;
      return Promise.resolve({
        count,
        capped,
        first: first ? occurrence(first) : null,
        last: last ? occurrence(last) : null,
      });
    },
  };
}

const hhmm = (at: Date) => `${wallTime(at, NEW_YORK).slice(11, 16)} ET`;

function describeMarket(s: MarketSchedule, session: MarketSession): string {
  const base = s.event === 'open' ? session.open : session.close;
  const n = Math.abs(s.offsetMinutes);
  const when =
    s.offsetMinutes === 0
      ? 'at'
      : `${n} minute${n === 1 ? '' : 's'} ${s.offsetMinutes < 0 ? 'before' : 'after'}`;
  const early = s.event === 'close' && session.earlyClose ? ', early close' : '';
  return `${when} the market ${s.event} of ${session.date} (${hhmm(base)}${early})`;
}

/**
 * Market open or close of each NYSE session, shifted by `offsetMinutes` (±240, so an occurrence
 * never leaves its session's New York date). Holidays have no session and early closes close at
 * 13:00 ET: both come from the calendar.
 */
export function marketSchedule(s: MarketSchedule, calendar: CalendarSource): TimeSchedule {
  const occurrence = (session: MarketSession): Occurrence => {
    const base = s.event === 'open' ? session.open : session.close;
    return {
      at: new Date(base.getTime() + s.offsetMinutes * 60_000),
      description: describeMarket(s, session),
      context: {
        event: s.event,
        offsetMinutes: s.offsetMinutes,
        session: {
          date: session.date,
          open: session.open.toISOString(),
          close: session.close.toISOString(),
          earlyClose: session.earlyClose,
        },
      },
    };
  };
  return {
    async next(after) {
      let start = dateIn(after, NEW_YORK);
      // A week at a time (the calendar source caches weeks ahead); eight weeks without a session
      // means the calendar has none to give.
      for (let i = 0; i < 8; i++) {
        const end = addDays(start, 6);
        for (const session of await calendar.sessions(start, end)) {
          const o = occurrence(session);
          if (o.at > after) return o;
        }
        start = addDays(end, 1);
      }
      return null;
    },
    async window(from, to) {
      const sessions = await calendar.sessions(dateIn(from, NEW_YORK), dateIn(to, NEW_YORK));
      const inside = sessions.map(occurrence).filter((o) => o.at >= from && o.at <= to);
      return {
        count: Math.min(inside.length, WINDOW_COUNT_CAP),
        capped: inside.length > WINDOW_COUNT_CAP,
        first: inside[0] ?? null,
        last: inside[inside.length - 1] ?? null,
      };
    },
  };
}
