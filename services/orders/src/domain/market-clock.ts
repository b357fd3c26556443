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

/** True when regular-hours trading is open at `at` according to a clock reading. */
export function isRegularHours(info: MarketClockInfo, at: Date): boolean {
  if (info.mode === 'always') return true;
  const t = at.getTime();
  if (info.isOpen) return t < info.nextClose.getTime();
  return t >= info.nextOpen.getTime() && t < info.nextClose.getTime();
}

/**
 * Extended hours (Alpaca: pre-market 04:00–09:30 and after-hours 16:00–20:00 ET, on trading days).
 * Holidays are not known here; a holiday quote is rare enough that the paper exchange accepts it.
 */
export function isExtendedHours(info: MarketClockInfo, at: Date): boolean {
  if (info.mode === 'always') return true;
  const p = nyParts(at);
  if (p.weekday === 0 || p.weekday === 6) return false;
  const minutes = p.hour * 60 + p.minute;
  return minutes >= 4 * 60 && minutes < 20 * 60;
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

/** Minutes after New York midnight of `at`. */
export function nyMinuteOfDay(at: Date): number {
  const p = nyParts(at);
  return p.hour * 60 + p.minute;
}

// ----------------------------------------------------------------------------- in memory
/**
 * A clock for tests and for running without market-data: 'always' mode (UTC days) or 'exchange'
 * mode with weekday 09:30–16:00 New York sessions (no holidays). `set` moves time.
 */
export class InMemoryMarketClock implements MarketClock {
  #now: Date | undefined;
  mode: SessionMode;

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
    return clockAt(this.now(), this.mode);
  }
}

/** The clock reading at `now` in a session mode, computed by rule. */
export function clockAt(now: Date, mode: SessionMode): MarketClockInfo {
  if (mode === 'always') {
    const next = new Date((Math.floor(now.getTime() / DAY_MS) + 1) * DAY_MS);
    return { timestamp: now, isOpen: true, nextOpen: next, nextClose: next, mode };
  }
  const sessionOf = (day: Date) => {
    const p = nyParts(day);
    return {
      weekday: p.weekday,
      open: nyWallTime(p.year, p.month, p.day, 9, 30),
      close: nyWallTime(p.year, p.month, p.day, 16, 0),
    };
  };
  const today = sessionOf(now);
  const isTradingDay = today.weekday !== 0 && today.weekday !== 6;
  const isOpen = isTradingDay && now >= today.open && now < today.close;
  // The first session opening strictly after now.
  let probe = new Date(now);
  let next = sessionOf(probe);
  for (let i = 0; i < 10 && (next.weekday === 0 || next.weekday === 6 || next.open <= now); i++) {
    probe = new Date(probe.getTime() + DAY_MS);
    next = sessionOf(probe);
  }
  return {
    timestamp: now,
    isOpen,
    nextOpen: next.open,
    nextClose: isOpen ? today.close : next.close,
    mode,
  };
}
