/**
 * Wall-clock time in America/New_York, the exchange's time zone, using only the Intl time-zone
 * data that ships with Node (no tz library). Dates are ISO calendar dates 'YYYY-MM-DD'.
 */

export const NY_TIME_ZONE = 'America/New_York';

const DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;
const TIME_RE = /^(\d{2}):(\d{2})$/;
const HOUR_MS = 3_600_000;
const DAY_MS = 86_400_000;

const wallClockFormat = new Intl.DateTimeFormat('en-US', {
  timeZone: NY_TIME_ZONE,
  hourCycle: 'h23',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  second: '2-digit',
});

/**
 * New York's UTC offset changes at most twice a year, always on a whole UTC hour (02:00 local).
 * Per year we ask Intl for the offset at each month start and binary-search to the hour where it
 * changes, about 30 Intl calls a year; after that an offset is a lookup. Formatting with Intl
 * costs microseconds, and bar aggregation and CSV import need an offset per bar.
 */
interface OffsetChange {
  atMs: number;
  offsetMs: number;
}
const transitionsByYear = new Map<number, { initial: number; changes: OffsetChange[] }>();

function intlOffsetMs(ms: number): number {
  const parts: Record<string, string> = {};
  for (const p of wallClockFormat.formatToParts(new Date(ms))) parts[p.type] = p.value;
  const wall = Date.UTC(
    Number(parts.year),
    Number(parts.month) - 1,
    Number(parts.day),
    Number(parts.hour),
    Number(parts.minute),
    Number(parts.second),
  );
  return wall - Math.floor(ms / 1000) * 1000;
}

function yearTransitions(year: number): { initial: number; changes: OffsetChange[] } {
  let entry = transitionsByYear.get(year);
  if (entry) return entry;
  const initial = intlOffsetMs(Date.UTC(year, 0, 1));
  const changes: OffsetChange[] = [];
  let previousStart = Date.UTC(year, 0, 1);
  let previousOffset = initial;
  for (let month = 1; month <= 12; month++) {
    const start = Date.UTC(year, month, 1);
    const offset = intlOffsetMs(start);
    if (offset !== previousOffset) {
      // First hour in (previousStart, start] showing the new offset.
      let lo = previousStart / HOUR_MS;
      let hi = start / HOUR_MS;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (intlOffsetMs(mid * HOUR_MS) === previousOffset) lo = mid;
        else hi = mid;
      }
      changes.push({ atMs: hi * HOUR_MS, offsetMs: offset });
    }
    previousStart = start;
    previousOffset = offset;
  }
  entry = { initial, changes };
  transitionsByYear.set(year, entry);
  return entry;
}

/** The year last looked up; consecutive lookups nearly always fall in the same year. */
let recent = { startMs: 0, endMs: 0, initial: 0, changes: [] as OffsetChange[] };

/** New York's offset from UTC at `instant`, in ms (−5 h in winter, −4 h in summer). */
export function nyOffsetMs(instant: Date | number): number {
  const ms = typeof instant === 'number' ? instant : instant.getTime();
  if (!(ms >= recent.startMs && ms < recent.endMs)) {
    const year = new Date(ms).getUTCFullYear();
    recent = { startMs: Date.UTC(year, 0, 1), endMs: Date.UTC(year + 1, 0, 1), ...yearTransitions(year) };
  }
  let offset = recent.initial;
  for (const change of recent.changes) if (ms >= change.atMs) offset = change.offsetMs;
  return offset;
}

export function assertIsoDate(date: string): void {
  const m = DATE_RE.exec(date);
  if (!m) throw new RangeError(`expected a date 'YYYY-MM-DD', got '${date}'`);
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const back = new Date(Date.UTC(y, mo - 1, d));
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) {
    throw new RangeError(`'${date}' is not a calendar date`);
  }
}

export function isIsoDate(date: string): boolean {
  try {
    assertIsoDate(date);
    return true;
  } catch {
    return false;
  }
}

/** Midnight UTC of an ISO date, as epoch ms; the basis of all date arithmetic here. */
export function utcMidnightMs(date: string): number {
  assertIsoDate(date);
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10)));
}

/** Date strings by UTC day number; Date#toISOString is slow enough to dominate bar generation. */
const dateByDay = new Map<number, string>();
const DATE_CACHE_LIMIT = 100_000;

export function isoDateOfUtcMs(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  let date = dateByDay.get(day);
  if (date === undefined) {
    date = new Date(day * DAY_MS).toISOString().slice(0, 10);
    if (dateByDay.size >= DATE_CACHE_LIMIT) dateByDay.clear();
    dateByDay.set(day, date);
  }
  return date;
}

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

/** RFC 3339 UTC to the second ('2024-01-02T14:30:00Z') for a whole-second instant. */
export function isoSecondsOfUtcMs(ms: number): string {
  const day = Math.floor(ms / DAY_MS);
  const secondOfDay = Math.floor((ms - day * DAY_MS) / 1000);
  const hh = Math.floor(secondOfDay / 3600);
  const mm = Math.floor((secondOfDay % 3600) / 60);
  return `${isoDateOfUtcMs(ms)}T${pad2(hh)}:${pad2(mm)}:${pad2(secondOfDay % 60)}Z`;
}

export function makeIsoDate(year: number, month: number, day: number): string {
  return isoDateOfUtcMs(Date.UTC(year, month - 1, day));
}

export function addDays(date: string, days: number): string {
  return isoDateOfUtcMs(utcMidnightMs(date) + days * DAY_MS);
}

/** 0 = Sunday … 6 = Saturday. */
export function dayOfWeek(date: string): number {
  return new Date(utcMidnightMs(date)).getUTCDay();
}

/** The New York calendar date of an instant. */
export function nyDate(instant: Date): string {
  const ms = instant.getTime();
  return isoDateOfUtcMs(ms + nyOffsetMs(ms));
}

/**
 * The instant at which New York wall clocks show `time` ('HH:MM') on `date`. Two passes settle
 * the offset; wall times inside the spring-forward gap or the fall-back overlap (01:00–03:00 on
 * two Sundays a year) resolve to one of the candidates, which never matters for exchange hours.
 */
export function nyWallTimeToInstant(date: string, time: string): Date {
  const t = TIME_RE.exec(time);
  if (!t) throw new RangeError(`expected a time 'HH:MM', got '${time}'`);
  const wallMs = utcMidnightMs(date) + Number(t[1]) * HOUR_MS + Number(t[2]) * 60_000;
  let utc = wallMs - nyOffsetMs(wallMs);
  utc = wallMs - nyOffsetMs(utc);
  return new Date(utc);
}

/** RFC 3339 with New York's offset, the form Alpaca's clock and calendar use: 2024-01-02T09:30:00-05:00. */
export function formatNyIso(instant: Date): string {
  const ms = instant.getTime();
  const offsetMs = nyOffsetMs(ms);
  const local = new Date(ms + offsetMs).toISOString().slice(0, 19);
  const abs = Math.abs(offsetMs) / 60_000;
  const sign = offsetMs < 0 ? '-' : '+';
  const hh = String(Math.floor(abs / 60)).padStart(2, '0');
  const mm = String(abs % 60).padStart(2, '0');
  return `${local}${sign}${hh}:${mm}`;
}
