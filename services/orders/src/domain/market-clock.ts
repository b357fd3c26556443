/**
 * The market's clock as orders needs it: whether the market is open, when the current or next
 * session opens and closes, and which session mode market-data runs in. The production clock
 * reads market-data's `GET /v1/market/clock` (Alpaca's /v2/clock shape); tests use
 * `InMemoryMarketClock`.
 *
 * Session modes: 'exchange' follows NYSE regular hours (09:30–16:00 New York time); 'always' is
 * the simulator's 24/7 market, where a trading day is a UTC day (00:00Z–24:00Z) and so a day
 * order expires at the next UTC midnight.
 */
export type SessionMode = 'exchange' | 'always';

export interface MarketClockInfo {
  timestamp: Date;
  isOpen: boolean;
  /** While open: the next session's open. While closed: the coming session's open. */
  nextOpen: Date;
  /** While open: today's close. While closed: the coming session's close. */
  nextClose: Date;
  mode: SessionMode;
  /**
   * Exchange mode: the sessions around `timestamp` (market-data's `GET /v1/market/calendar`),
   * which tell holidays and early closes. Absent when it could not be read.
   */
  calendar?: TradingCalendar | undefined;
}

/** One trading session of the NYSE calendar. */
export interface TradingSession {
  /** The New York date, YYYY-MM-DD. */
  date: string;
  open: Date;
  close: Date;
}

/** The sessions between two New York dates (inclusive): a date in between without one is closed. */
export interface TradingCalendar {
  from: string;
  to: string;
  sessions: readonly TradingSession[];
}

export interface MarketClock {
  /** Wall time for order timestamps and expiry. */
  now(): Date;
  /** The clock, possibly from a short cache. Throws when it cannot be known. */
  current(): Promise<MarketClockInfo>;
  /** The last clock known without I/O, if any. */
  cached(): MarketClockInfo | undefined;
}

const DAY_MS = 86_400_000;
/** Alpaca's extended hours: pre-market from 04:00 ET; after-hours until 4 hours after the close. */
const PRE_MARKET_MINUTE = 4 * 60;
const AFTER_HOURS_MS = 4 * 3_600_000;

/** True when regular-hours trading is open at `at` according to a clock reading. */
export function isRegularHours(info: MarketClockInfo, at: Date): boolean {
  if (info.mode === 'always') return true;
  const t = at.getTime();
  if (info.isOpen) return t < info.nextClose.getTime();
  return t >= info.nextOpen.getTime() && t < info.nextClose.getTime();
}

/**
 * Whether `at` is within the extended-hours window of a trading day, regular hours included
 * (Alpaca "Extended Hours Trading": pre-market 04:00–09:30 and after-hours 16:00–20:00 ET; "during
 * a half day trading session, the extended session is from 4 am to 5 pm ET"). Never on a day the
 * market is closed — weekends and NYSE holidays — so an extended-hours order waits there for the
 * next session's pre-market, as Alpaca queues it. In 'always' mode the market never closes.
 */
export function isExtendedHours(info: MarketClockInfo, at: Date): boolean {
  if (info.mode === 'always') return true;
  const close = sessionCloseOn(info, at);
  if (!close) return false;
  return nyMinuteOfDay(at) >= PRE_MARKET_MINUTE && at.getTime() < close.getTime() + AFTER_HOURS_MS;
}

/**
 * The close of the session on the New York date of `at`, or null when the market does not open
 * that day. The calendar decides when it covers the date; else the clock reading, when its coming
 * (or current) session is that day; else the rule: weekdays close at 16:00.
 */
export function sessionCloseOn(info: MarketClockInfo, at: Date): Date | null {
  const p = nyParts(at);
  const date = isoDateOf(p);
  const cal = info.calendar;
  if (cal && date >= cal.from && date <= cal.to)
    return cal.sessions.find((s) => s.date === date)?.close ?? null;
  if (nyDate(info.nextClose) === date) return info.nextClose;
  if (p.weekday === 0 || p.weekday === 6) return null;
  return nyWallTime(p.year, p.month, p.day, 16, 0);
}

// ----------------------------------------------------------------------------- New York time
const NY_FORMAT = new Intl.DateTimeFormat('en-US', {
  timeZone: 'America/New_York',
  hourCycle: 'h23',
  year: 'numeric',
  month: 'numeric',
  day: 'numeric',
  hour: 'numeric',
  minute: 'numeric',
  second: 'numeric',
  weekday: 'short',
});
const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

export interface NyParts {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number;
}

export function nyParts(at: Date): NyParts {
  const parts: Record<string, string> = {};
  for (const p of NY_FORMAT.formatToParts(at)) parts[p.type] = p.value;
  return {
    year: Number(parts.year),
    month: Number(parts.month),
    day: Number(parts.day),
    hour: Number(parts.hour),
    minute: Number(parts.minute),
    second: Number(parts.second),
    weekday: WEEKDAYS[parts.weekday ?? 'Sun'] ?? 0,
  };
}

/** The instant of a New York wall time (DST-aware: the offset is read at the instant itself). */
export function nyWallTime(year: number, month: number, day: number, hour: number, minute: number): Date {
  const asUtc = Date.UTC(year, month - 1, day, hour, minute);
  let guess = asUtc + 5 * 3_600_000;
  for (let i = 0; i < 2; i++) {
    const p = nyParts(new Date(guess));
    const shown = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
    guess += asUtc - shown;
  }
  return new Date(guess);
}

const pad = (n: number, width = 2) => String(n).padStart(width, '0');
const isoDateOf = (p: Pick<NyParts, 'year' | 'month' | 'day'>) =>
  `${pad(p.year, 4)}-${pad(p.month)}-${pad(p.day)}`;

/** The New York date of `at`, YYYY-MM-DD. */
export function nyDate(at: Date): string {
  return isoDateOf(nyParts(at));
}

/** Minutes after New York midnight of `at`. */
export function nyMinuteOfDay(at: Date): number {
  const p = nyParts(at);
  return p.hour * 60 + p.minute;
}

// ----------------------------------------------------------------------------- in memory
/**
 * A clock for tests and for running without market-data: 'always' mode (UTC days) or 'exchange'
 * mode with weekday 09:30–16:00 New York sessions, closed on the `holidays` and closing at 13:00
 * on the `earlyCloses` (New York dates, YYYY-MM-DD) it is given. `set` moves time.
 */
export class InMemoryMarketClock implements MarketClock {
  #now: Date | undefined;
  mode: SessionMode;
  readonly holidays = new Set<string>();
  readonly earlyCloses = new Set<string>();

  constructor(opts: { mode?: SessionMode; now?: Date } = {}) {
    this.mode = opts.mode ?? 'always';
    this.#now = opts.now;
  }

  set(now: Date | undefined): void {
    this.#now = now;
  }

  now(): Date {
    return this.#now ? new Date(this.#now) : new Date();
  }

  current(): Promise<MarketClockInfo> {
    return Promise.resolve(this.cached());
  }

  cached(): MarketClockInfo {
    return clockAt(this.now(), this.mode, { holidays: this.holidays, earlyCloses: this.earlyCloses });
  }
}

/** Days the rule-computed calendar leaves out or shortens (New York dates, YYYY-MM-DD). */
export interface CalendarExceptions {
  holidays?: ReadonlySet<string>;
  earlyCloses?: ReadonlySet<string>;
}

/** How far around `now` the rule-computed clock lists its sessions. */
const CALENDAR_DAYS_BEFORE = 7;
const CALENDAR_DAYS_AFTER = 14;

/** The clock reading at `now` in a session mode, computed by rule. */
export function clockAt(now: Date, mode: SessionMode, exceptions: CalendarExceptions = {}): MarketClockInfo {
  if (mode === 'always') {
    const next = new Date((Math.floor(now.getTime() / DAY_MS) + 1) * DAY_MS);
    return { timestamp: now, isOpen: true, nextOpen: next, nextClose: next, mode };
  }
  const sessionOf = (day: Date) => {
    const p = nyParts(day);
    const date = isoDateOf(p);
    return {
      date,
      trading: p.weekday !== 0 && p.weekday !== 6 && !exceptions.holidays?.has(date),
      open: nyWallTime(p.year, p.month, p.day, 9, 30),
      close: nyWallTime(p.year, p.month, p.day, exceptions.earlyCloses?.has(date) ? 13 : 16, 0),
    };
  };
  // New York noon of a day plus n days stays on the n-th next day whatever DST does.
  const p = nyParts(now);
  const noon = nyWallTime(p.year, p.month, p.day, 12, 0).getTime();
  const day = (n: number) => sessionOf(new Date(noon + n * DAY_MS));
  const today = day(0);
  const isOpen = today.trading && now >= today.open && now < today.close;
  // The first session opening strictly after now.
  let next = today;
  for (let n = 1; n <= 31 && (!next.trading || next.open <= now); n++) next = day(n);
  const sessions: TradingSession[] = [];
  for (let n = -CALENDAR_DAYS_BEFORE; n <= CALENDAR_DAYS_AFTER; n++) {
    const s = day(n);
    if (s.trading) sessions.push({ date: s.date, open: s.open, close: s.close });
  }
  return {
    timestamp: now,
    isOpen,
    nextOpen: next.open,
    nextClose: isOpen ? today.close : next.close,
    mode,
    calendar: {
      from: day(-CALENDAR_DAYS_BEFORE).date,
      to: day(CALENDAR_DAYS_AFTER).date,
      sessions,
    },
  };
}
