/**
 * Parsing of the query parameters the bars, news and calendar APIs share, native and Alpaca:
 * timeframes, times, symbol lists and opaque page cursors. Every failure is a 400 with a code.
 */
import type { MarketCalendar } from './calendar.ts';
import { TIMEFRAMES, type Timeframe } from './bars.ts';
import { MarketErrors } from './errors.ts';
import { addDays, isIsoDate } from './ny-time.ts';

export type { Timeframe } from './bars.ts';

const MINUTE_MS = 60_000;

/** Length of an intraday bucket; 1Day buckets follow the calendar's trading dates. */
export const BUCKET_MS: Record<Exclude<Timeframe, '1Day'>, number> = {
  '1Min': MINUTE_MS,
  '5Min': 5 * MINUTE_MS,
  '15Min': 15 * MINUTE_MS,
  '1Hour': 60 * MINUTE_MS,
};

/**
 * Alpaca spells timeframes `[n]Min`/`[n]T`, `[n]Hour`/`[n]H`, `1Day`/`1D` (Market Data API v2,
 * "Historical bars": timeframe). We serve the ones we store or aggregate to.
 */
const ALIASES: Record<string, Timeframe> = {
  '1min': '1Min',
  '1t': '1Min',
  '5min': '5Min',
  '5t': '5Min',
  '15min': '15Min',
  '15t': '15Min',
  '1hour': '1Hour',
  '60min': '1Hour',
  '60t': '1Hour',
  '1h': '1Hour',
  '1day': '1Day',
  '1d': '1Day',
};

export function parseTimeframe(raw: string): Timeframe {
  const tf = ALIASES[raw.trim().toLowerCase()];
  if (!tf) throw MarketErrors.invalidTimeframe(raw);
  return tf;
}

export const isTimeframe = (s: string): s is Timeframe => (TIMEFRAMES as readonly string[]).includes(s);

// RFC 3339 date-time (an offset is required, as the RFC says) with optional fractional seconds.
const RFC3339_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * An instant from an RFC 3339 time or a plain date. A date as a lower bound means the start of
 * that trading date; as an upper bound, the end of it — so `end=2024-01-05` includes that day's
 * daily bar, which is stamped at midnight New York time.
 */
export function parseTime(param: string, raw: string, bound: 'start' | 'end', cal: MarketCalendar): Date {
  const s = raw.trim();
  if (isIsoDate(s)) {
    if (bound === 'start') return cal.dayStart(s);
    return new Date(cal.dayStart(addDays(s, 1)).getTime() - 1);
  }
  if (RFC3339_RE.test(s)) {
    // Date.parse keeps milliseconds; finer digits cannot matter for minute-stamped data.
    const ms = Date.parse(s.replace(/(\.\d{3})\d+/, '$1'));
    if (Number.isFinite(ms)) return new Date(ms);
  }
  throw MarketErrors.invalidTime(param, raw);
}

export function checkRange(start: Date, end: Date): void {
  if (start.getTime() > end.getTime()) {
    throw MarketErrors.invalidRange(`start (${start.toISOString()}) is after end (${end.toISOString()})`);
  }
}

const SYMBOL_RE = /^[A-Z][A-Z0-9.\-/]{0,19}$/;

/** A symbol as given, upper-cased; anything but letters, digits, '.', '-' and '/' is a 400. */
export function parseSymbol(raw: string): string {
  const s = raw.trim().toUpperCase();
  if (!SYMBOL_RE.test(s)) throw MarketErrors.invalidSymbol(raw);
  return s;
}

/** A comma-separated symbol list, de-duplicated, in the order given. */
export function parseSymbols(raw: string, max = 1000): string[] {
  const list = [
    ...new Set(
      raw
        .split(',')
        .map((s) => s.trim())
        .filter(Boolean)
        .map(parseSymbol),
    ),
  ];
  if (list.length === 0) throw MarketErrors.invalidSymbol(raw);
  if (list.length > max) throw MarketErrors.invalidRange(`at most ${max} symbols per request`);
  return list;
}

/** Opaque page cursors: base64url JSON, checked on the way back in. */
export function encodeCursor(value: Record<string, string>): string {
  return Buffer.from(JSON.stringify(value), 'utf8').toString('base64url');
}

export function decodeCursor<K extends string>(token: string, keys: readonly K[]): Record<K, string> {
  try {
    if (!/^[A-Za-z0-9_-]{1,1000}$/.test(token)) throw new Error('not base64url');
    const parsed: unknown = JSON.parse(Buffer.from(token, 'base64url').toString('utf8'));
    if (typeof parsed !== 'object' || parsed === null) throw new Error('not an object');
    const out = {} as Record<K, string>;
    for (const k of keys) {
      const v = (parsed as Record<string, unknown>)[k];
      if (typeof v !== 'string') throw new Error(`missing ${k}`);
      out[k] = v;
    }
    return out;
  } catch {
    throw MarketErrors.invalidCursor();
  }
}
