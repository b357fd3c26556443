/**
 * The NYSE trading calendar, computed by rule for any year, and the continuous 24/7 calendar used
 * by the simulator's "always" mode. Both implement `MarketCalendar`.
 *
 * Holidays and observation follow NYSE Rule 7.2 (Holidays): the Exchange is closed on New Year's
 * Day, Martin Luther King, Jr. Day, Washington's Birthday, Good Friday, Memorial Day, Juneteenth
 * National Independence Day, Independence Day, Labor Day, Thanksgiving Day and Christmas Day; a
 * holiday on a Saturday closes the preceding Friday and one on a Sunday the following Monday,
 * "unless unusual business conditions exist, such as the ending of a monthly or yearly accounting
 * period" — which is why New Year's Day on a Saturday closes nothing (Dec 31 is a year end).
 * Early 13:00 closes follow the dates NYSE publishes every year (see test/calendar.test.ts).
 */
import {
  addDays,
  assertIsoDate,
  dayOfWeek,
  isoDateOfUtcMs,
  makeIsoDate,
  nyDate,
  nyWallTimeToInstant,
  utcMidnightMs,
} from './ny-time.ts';

export { nyDate } from './ny-time.ts';

export interface Session {
  /** Trading date, 'YYYY-MM-DD', in the calendar's time zone. */
  date: string;
  open: Date;
  /** Exclusive: the session is open for open <= t < close. */
  close: Date;
  earlyClose: boolean;
}

export interface MarketHoliday {
  date: string;
  name: string;
  /** True when the date is the weekday the holiday is observed on instead of its actual date. */
  observed: boolean;
  /** 'holiday' comes from Rule 7.2; 'closure' is a one-off closure the Exchange announced. */
  kind: 'holiday' | 'closure';
}

export interface Clock {
  timestamp: Date;
  is_open: boolean;
  next_open: Date;
  next_close: Date;
}

export interface MarketCalendar {
  readonly name: 'NYSE' | 'CONTINUOUS';
  /** The trading date an instant belongs to. */
  dateOf(instant: Date): string;
  /** Start of a trading date; daily bars are stamped with it (Alpaca: midnight New York time). */
  dayStart(date: string): Date;
  session(date: string): Session | undefined;
  /** The session open at `instant`, if any. */
  sessionAt(instant: Date): Session | undefined;
  /** The first session that opens strictly after `after`. */
  nextSession(after: Date): Session;
  /** The last session that closed at or before `before`. */
  previousSession(before: Date): Session;
  /** Sessions with start <= date <= end. */
  sessions(start: string, end: string): Session[];
}

const REGULAR_OPEN = '09:30';
const REGULAR_CLOSE = '16:00';
const EARLY_CLOSE = '13:00';
/** Longest run of consecutive non-trading days searched (9/11 closed the market for 6 days). */
const MAX_SEARCH_DAYS = 31;
const DAY_MS = 86_400_000;

const SATURDAY = 6;
const SUNDAY = 0;
const MONDAY = 1;
const THURSDAY = 4;

/**
 * Closures the Exchange announced outside Rule 7.2 since 2000 (national days of mourning,
 * 9/11, Hurricane Sandy). They cannot be derived by rule; new ones are added here when announced.
 */
const SPECIAL_CLOSURES: ReadonlyArray<{ date: string; name: string }> = [
  { date: '2001-09-11', name: 'September 11 attacks' },
  { date: '2001-09-12', name: 'September 11 attacks' },
  { date: '2001-09-13', name: 'September 11 attacks' },
  { date: '2001-09-14', name: 'September 11 attacks' },
  { date: '2004-06-11', name: 'National Day of Mourning for President Ronald Reagan' },
  { date: '2007-01-02', name: 'National Day of Mourning for President Gerald Ford' },
  { date: '2012-10-29', name: 'Hurricane Sandy' },
  { date: '2012-10-30', name: 'Hurricane Sandy' },
  { date: '2018-12-05', name: 'National Day of Mourning for President George H.W. Bush' },
  { date: '2025-01-09', name: 'National Day of Mourning for President Jimmy Carter' },
];

/** Easter Sunday by the Anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
export function easterSunday(year: number): string {
  const a = year % 19;
  const b = Math.floor(year / 100);
  const c = year % 100;
  const d = Math.floor(b / 4);
  const e = b % 4;
  const f = Math.floor((b + 8) / 25);
  const g = Math.floor((b - f + 1) / 3);
  const h = (19 * a + b - d - g + 15) % 30;
  const i = Math.floor(c / 4);
  const k = c % 4;
  const l = (32 + 2 * e + 2 * i - h - k) % 7;
  const m = Math.floor((a + 11 * h + 22 * l) / 451);
  const month = Math.floor((h + l - 7 * m + 114) / 31);
  const day = ((h + l - 7 * m + 114) % 31) + 1;
  return makeIsoDate(year, month, day);
}

/** The n-th (1-based) given weekday of a month. */
function nthWeekday(year: number, month: number, weekday: number, n: number): string {
  const first = makeIsoDate(year, month, 1);
  const delta = (weekday - dayOfWeek(first) + 7) % 7;
  return addDays(first, delta + 7 * (n - 1));
}

function lastWeekday(year: number, month: number, weekday: number): string {
  const last = isoDateOfUtcMs(Date.UTC(year, month, 0));
  const delta = (dayOfWeek(last) - weekday + 7) % 7;
  return addDays(last, -delta);
}

/** Rule 7.2 observation: Saturday → preceding Friday, Sunday → following Monday. */
function observe(name: string, date: string): MarketHoliday {
  const dow = dayOfWeek(date);
  if (dow === SATURDAY) return { date: addDays(date, -1), name, observed: true, kind: 'holiday' };
  if (dow === SUNDAY) return { date: addDays(date, 1), name, observed: true, kind: 'holiday' };
  return { date, name, observed: false, kind: 'holiday' };
}

function onDate(name: string, date: string): MarketHoliday {
  return { date, name, observed: false, kind: 'holiday' };
}

function computeHolidays(year: number): MarketHoliday[] {
  const list: MarketHoliday[] = [];
  const newYear = makeIsoDate(year, 1, 1);
  // Rule 7.2's year-end exception: a Saturday New Year's Day is not observed on Friday Dec 31.
  if (dayOfWeek(newYear) !== SATURDAY) list.push(observe("New Year's Day", newYear));
  // NYSE has closed for MLK Day since 1998 and for Juneteenth since 2022.
  if (year >= 1998) list.push(onDate('Martin Luther King, Jr. Day', nthWeekday(year, 1, MONDAY, 3)));
  list.push(onDate("Washington's Birthday", nthWeekday(year, 2, MONDAY, 3)));
  list.push(onDate('Good Friday', addDays(easterSunday(year), -2)));
  list.push(onDate('Memorial Day', lastWeekday(year, 5, MONDAY)));
  if (year >= 2022) list.push(observe('Juneteenth National Independence Day', makeIsoDate(year, 6, 19)));
  list.push(observe('Independence Day', makeIsoDate(year, 7, 4)));
  list.push(onDate('Labor Day', nthWeekday(year, 9, MONDAY, 1)));
  list.push(onDate('Thanksgiving Day', nthWeekday(year, 11, THURSDAY, 4)));
  list.push(observe('Christmas Day', makeIsoDate(year, 12, 25)));
  for (const c of SPECIAL_CLOSURES) {
    if (c.date.startsWith(`${year}-`))
      list.push({ date: c.date, name: c.name, observed: false, kind: 'closure' });
  }
  return list.sort((a, b) => a.date.localeCompare(b.date));
}

const holidayCache = new Map<number, { list: MarketHoliday[]; byDate: Map<string, MarketHoliday> }>();

function holidayTable(year: number) {
  let entry = holidayCache.get(year);
  if (!entry) {
    const list = computeHolidays(year);
    entry = { list, byDate: new Map(list.map((h) => [h.date, h])) };
    holidayCache.set(year, entry);
  }
  return entry;
}

/** NYSE full-day closures of a calendar year, in date order. */
export function holidays(year: number): MarketHoliday[] {
  if (!Number.isInteger(year)) throw new RangeError(`year must be an integer, got ${year}`);
  return holidayTable(year).list.map((h) => ({ ...h }));
}

function isWeekend(date: string): boolean {
  const dow = dayOfWeek(date);
  return dow === SATURDAY || dow === SUNDAY;
}

function holidayOn(date: string): MarketHoliday | undefined {
  return holidayTable(Number(date.slice(0, 4))).byDate.get(date);
}

export function isTradingDay(date: string): boolean {
  assertIsoDate(date);
  return !isWeekend(date) && holidayOn(date) === undefined;
}

/**
 * The 13:00 closes NYSE announces each year: the day before Independence Day (only when both
 * July 3 is a trading day and July 4 a weekday — so not when July 4 falls on a weekend and is
 * observed on July 3 or 5), the day after Thanksgiving, and Christmas Eve when it is a trading day.
 */
export function earlyCloses(year: number): string[] {
  const dates: string[] = [];
  const july3 = makeIsoDate(year, 7, 3);
  if (isTradingDay(july3) && !isWeekend(makeIsoDate(year, 7, 4))) dates.push(july3);
  const dayAfterThanksgiving = addDays(nthWeekday(year, 11, THURSDAY, 4), 1);
  if (isTradingDay(dayAfterThanksgiving)) dates.push(dayAfterThanksgiving);
  const christmasEve = makeIsoDate(year, 12, 24);
  if (isTradingDay(christmasEve)) dates.push(christmasEve);
  return dates;
}

const sessionCache = new Map<string, Session | null>();
const SESSION_CACHE_LIMIT = 50_000;

function computeSession(date: string): Session | undefined {
  if (!isTradingDay(date)) return undefined;
  const early = earlyCloses(Number(date.slice(0, 4))).includes(date);
  return {
    date,
    open: nyWallTimeToInstant(date, REGULAR_OPEN),
    close: nyWallTimeToInstant(date, early ? EARLY_CLOSE : REGULAR_CLOSE),
    earlyClose: early,
  };
}

function copySession(s: Session): Session {
  return { date: s.date, open: new Date(s.open), close: new Date(s.close), earlyClose: s.earlyClose };
}

/** The regular NYSE session (09:30–16:00 or 09:30–13:00 New York time) on a date, if it trades. */
export function session(date: string): Session | undefined {
  let cached = sessionCache.get(date);
  if (cached === undefined) {
    cached = computeSession(date) ?? null;
    if (sessionCache.size >= SESSION_CACHE_LIMIT) sessionCache.clear();
    sessionCache.set(date, cached);
  }
  // Copies, so a caller mutating a Date cannot corrupt the cache.
  return cached === null ? undefined : copySession(cached);
}

/** Sessions from `start` to `end`, both inclusive ('YYYY-MM-DD'). */
export function calendar(start: string, end: string): Session[] {
  return sessionsBetween(start, end, session);
}

function sessionsBetween(
  start: string,
  end: string,
  sessionOn: (d: string) => Session | undefined,
): Session[] {
  const out: Session[] = [];
  const endMs = utcMidnightMs(end);
  for (let ms = utcMidnightMs(start); ms <= endMs; ms += DAY_MS) {
    const s = sessionOn(isoDateOfUtcMs(ms));
    if (s) out.push(s);
  }
  return out;
}

function sessionAtNyse(instant: Date): Session | undefined {
  const s = session(nyDate(instant));
  return s && s.open <= instant && instant < s.close ? s : undefined;
}

export function nextSession(after: Date): Session {
  let date = nyDate(after);
  for (let i = 0; i <= MAX_SEARCH_DAYS; i++, date = addDays(date, 1)) {
    const s = session(date);
    if (s && s.open > after) return s;
  }
  throw new RangeError(`no NYSE session within ${MAX_SEARCH_DAYS} days after ${after.toISOString()}`);
}

export function previousSession(before: Date): Session {
  let date = nyDate(before);
  for (let i = 0; i <= MAX_SEARCH_DAYS; i++, date = addDays(date, -1)) {
    const s = session(date);
    if (s && s.close <= before) return s;
  }
  throw new RangeError(`no NYSE session within ${MAX_SEARCH_DAYS} days before ${before.toISOString()}`);
}

/**
 * Alpaca's /v2/clock: while open, next_close is today's close and next_open the next session's
 * open; while closed, both refer to the next session.
 */
export function clock(now: Date, cal: MarketCalendar = nyseCalendar): Clock {
  const current = cal.sessionAt(now);
  const next = cal.nextSession(now);
  return {
    timestamp: new Date(now),
    is_open: current !== undefined,
    next_open: next.open,
    next_close: current ? current.close : next.close,
  };
}

export const nyseCalendar: MarketCalendar = {
  name: 'NYSE',
  dateOf: nyDate,
  dayStart: (date) => nyWallTimeToInstant(date, '00:00'),
  session,
  sessionAt: sessionAtNyse,
  nextSession,
  previousSession,
  sessions: calendar,
};

function continuousSession(date: string): Session {
  const open = utcMidnightMs(date);
  return { date, open: new Date(open), close: new Date(open + DAY_MS), earlyClose: false };
}

/**
 * The simulator's "always" mode: one session per UTC day, 00:00Z to 24:00Z, every day, so the
 * sessions tile time without gaps and the market never closes.
 */
export const continuousCalendar: MarketCalendar = {
  name: 'CONTINUOUS',
  dateOf: (instant) => isoDateOfUtcMs(instant.getTime()),
  dayStart: (date) => new Date(utcMidnightMs(date)),
  session: continuousSession,
  sessionAt: (instant) => continuousSession(isoDateOfUtcMs(instant.getTime())),
  nextSession: (after) =>
    continuousSession(isoDateOfUtcMs(Math.floor(after.getTime() / DAY_MS) * DAY_MS + DAY_MS)),
  previousSession: (before) => {
    // The session containing `before` closes after it, so step back one day from its start.
    const dayStart = Math.floor(before.getTime() / DAY_MS) * DAY_MS;
    return continuousSession(isoDateOfUtcMs(dayStart - DAY_MS));
  },
  sessions: (start, end) => sessionsBetween(start, end, continuousSession),
};

export type SessionMode = 'exchange' | 'always';

export function calendarFor(mode: SessionMode): MarketCalendar {
  return mode === 'exchange' ? nyseCalendar : continuousCalendar;
}
