/**
 * Bars in Alpaca's market-data v2 shape and the two ways they are made: from trades (1Min,
 * `BarAggregator`) and from finer bars (`aggregateBars`). Daily bars are the aggregate of the
 * day's minute bars, stamped at the start of the trading date (midnight New York for NYSE, as
 * Alpaca stamps them).
 */
import { nyseCalendar, type MarketCalendar } from './calendar.ts';
import { isoSecondsOfUtcMs } from './ny-time.ts';
import { roundTo } from './ticks.ts';

export interface Bar {
  /** Start of the bar, RFC 3339 UTC. */
  t: string;
  o: number;
  h: number;
  l: number;
  c: number;
  /** Volume, shares. */
  v: number;
  /** Trade count. */
  n: number;
  /** Volume-weighted average price. */
  vw: number;
}

export interface SymbolBar {
  symbol: string;
  bar: Bar;
}

export interface TradePrint {
  symbol: string;
  /** Instant of the trade, RFC 3339. */
  t: string;
  p: number;
  s: number;
}

export const TIMEFRAMES = ['1Min', '5Min', '15Min', '1Hour', '1Day'] as const;
export type Timeframe = (typeof TIMEFRAMES)[number];

const MINUTE_MS = 60_000;
const VWAP_DECIMALS = 4;

const BUCKET_MS: Record<Exclude<Timeframe, '1Day'>, number> = {
  '1Min': MINUTE_MS,
  '5Min': 5 * MINUTE_MS,
  '15Min': 15 * MINUTE_MS,
  // New York's UTC offset is a whole number of hours, so UTC hour buckets are New York hours.
  '1Hour': 60 * MINUTE_MS,
};

/** RFC 3339 without milliseconds, as Alpaca stamps bars. Bars start on whole seconds. */
export function barTime(ms: number): string {
  return isoSecondsOfUtcMs(ms);
}

/** The volume-weighted average, kept inside [low, high] despite rounding. */
function boundedVwap(notional: number, volume: number, low: number, high: number, fallback: number): number {
  const vw = volume > 0 ? roundTo(notional / volume, VWAP_DECIMALS) : fallback;
  return Math.min(high, Math.max(low, vw));
}

interface Accumulator {
  startMs: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  n: number;
  notional: number;
}

function finish(acc: Accumulator, t: string): Bar {
  return {
    t,
    o: acc.o,
    h: acc.h,
    l: acc.l,
    c: acc.c,
    v: acc.v,
    n: acc.n,
    vw: boundedVwap(acc.notional, acc.v, acc.l, acc.h, acc.c),
  };
}

/**
 * Rolls bars (ascending by t) up to a coarser timeframe. Intraday buckets are aligned to the
 * clock (5Min at :00, :05, …; 1Hour at the top of the hour, so the 09:30 open falls in the 09:00
 * bar, as in Alpaca); 1Day groups by the calendar's trading date.
 */
export function aggregateBars(
  bars: readonly Bar[],
  timeframe: Timeframe,
  cal: MarketCalendar = nyseCalendar,
): Bar[] {
  const out: Bar[] = [];
  let acc: Accumulator | undefined;
  let key: string | number | undefined;
  let stamp = '';
  for (const b of bars) {
    const ms = Date.parse(b.t);
    let k: string | number;
    let t: string;
    if (timeframe === '1Day') {
      k = cal.dateOf(new Date(ms));
      t = k === key ? stamp : barTime(cal.dayStart(k).getTime());
    } else {
      const size = BUCKET_MS[timeframe];
      k = Math.floor(ms / size) * size;
      t = barTime(k);
    }
    if (acc && k === key) {
      acc.h = Math.max(acc.h, b.h);
      acc.l = Math.min(acc.l, b.l);
      acc.c = b.c;
      acc.v += b.v;
      acc.n += b.n;
      acc.notional += b.vw * b.v;
      continue;
    }
    if (acc) out.push(finish(acc, stamp));
    acc = { startMs: ms, o: b.o, h: b.h, l: b.l, c: b.c, v: b.v, n: b.n, notional: b.vw * b.v };
    key = k;
    stamp = t;
  }
  if (acc) out.push(finish(acc, stamp));
  return out;
}

/**
 * Builds 1-minute bars from a time-ordered trade stream, per symbol. A bar closes when a trade of
 * a later minute arrives or when `closeUpTo` passes the end of its minute (so a quiet symbol's bar
 * is still published on time). Trades for a minute already closed are dropped: published bars are
 * immutable, as in Alpaca's stream (corrections come as `updatedBars`, which we do not simulate).
 */
export class BarAggregator {
  readonly #open = new Map<string, Accumulator>();
  /** Per symbol, the end of the last published minute; earlier trades are late. */
  readonly #publishedUntil = new Map<string, number>();

  /** Adds a trade; returns the bar it closed, if it started a new minute. */
  add(trade: TradePrint): SymbolBar[] {
    const ms = Date.parse(trade.t);
    const minute = Math.floor(ms / MINUTE_MS) * MINUTE_MS;
    const acc = this.#open.get(trade.symbol);
    const closed: SymbolBar[] = [];
    if (minute < (acc?.startMs ?? this.#publishedUntil.get(trade.symbol) ?? -Infinity)) return closed;
    if (acc) {
      if (minute === acc.startMs) {
        acc.h = Math.max(acc.h, trade.p);
        acc.l = Math.min(acc.l, trade.p);
        acc.c = trade.p;
        acc.v += trade.s;
        acc.n += 1;
        acc.notional += trade.p * trade.s;
        return closed;
      }
      closed.push({ symbol: trade.symbol, bar: finish(acc, barTime(acc.startMs)) });
      this.#publishedUntil.set(trade.symbol, acc.startMs + MINUTE_MS);
    }
    this.#open.set(trade.symbol, {
      startMs: minute,
      o: trade.p,
      h: trade.p,
      l: trade.p,
      c: trade.p,
      v: trade.s,
      n: 1,
      notional: trade.p * trade.s,
    });
    return closed;
  }

  /** Closes every open bar whose minute ended at or before `now`. */
  closeUpTo(now: Date): SymbolBar[] {
    const closed: SymbolBar[] = [];
    const nowMs = now.getTime();
    for (const [symbol, acc] of this.#open) {
      if (acc.startMs + MINUTE_MS <= nowMs) {
        closed.push({ symbol, bar: finish(acc, barTime(acc.startMs)) });
        this.#open.delete(symbol);
        this.#publishedUntil.set(symbol, acc.startMs + MINUTE_MS);
      }
    }
    return closed.sort((a, b) => a.symbol.localeCompare(b.symbol));
  }

  /** The bar being built for a symbol (what Alpaca calls the current, not yet closed, bar). */
  current(symbol: string): Bar | undefined {
    const acc = this.#open.get(symbol);
    return acc ? finish(acc, barTime(acc.startMs)) : undefined;
  }
}
