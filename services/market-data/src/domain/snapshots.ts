import type { StreamQuote, StreamTrade } from '@tradeplane/contracts';
import { latestBars, type StoredBar } from '../store/bars.store.ts';
import type { MarketDeps } from './deps.ts';

/**
 * Alpaca's snapshot (Market Data API v2, "Snapshots"): the latest trade and quote, the latest
 * minute bar, the current daily bar and the one before it. Quotes and trades come from the live
 * view, bars from the store.
 */
export interface Snapshot {
  latestTrade: StreamTrade | null;
  latestQuote: StreamQuote | null;
  minuteBar: StoredBar | null;
  dailyBar: StoredBar | null;
  prevDailyBar: StoredBar | null;
}

export async function snapshots(
  deps: MarketDeps,
  symbols: readonly string[],
): Promise<Map<string, Snapshot>> {
  const [minutes, days] = await Promise.all([
    latestBars(deps.db, symbols, '1Min', 1),
    latestBars(deps.db, symbols, '1Day', 2),
  ]);
  const out = new Map<string, Snapshot>();
  for (const s of symbols) {
    const [daily, prev] = days.get(s) ?? [];
    out.set(s, {
      latestTrade: deps.live.trade(s) ?? null,
      latestQuote: deps.live.quote(s) ?? null,
      minuteBar: minutes.get(s)?.[0] ?? null,
      dailyBar: daily ?? null,
      prevDailyBar: prev ?? null,
    });
  }
  return out;
}

/** The latest stored minute bar of each symbol (Alpaca's "latest bars"). */
export async function latestMinuteBars(
  deps: MarketDeps,
  symbols: readonly string[],
): Promise<Map<string, StoredBar>> {
  const minutes = await latestBars(deps.db, symbols, '1Min', 1);
  const out = new Map<string, StoredBar>();
  for (const [s, list] of minutes) if (list[0]) out.set(s, list[0]);
  return out;
}
