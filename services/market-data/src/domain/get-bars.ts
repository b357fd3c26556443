/**
 * Historical bars, one page at a time. 1Min and 1Day are read as stored; 5Min, 15Min and 1Hour
 * are aggregated from stored minute bars on read (`aggregateBars`), so every timeframe agrees
 * with the minute data. Pages are keyset-paginated on the bar start: a page's `nextAfter` is the
 * start of its last bar, and the next page begins strictly after it (before it, sorting desc),
 * so every bar is returned exactly once even while new bars are being written.
 *
 * With a real provider configured, a page first has the provider's bars it needs and the store
 * lacks fetched and stored (provider-history.ts); it is then read from the store all the same.
 */
import { isProviderError, providerErrorToAppError } from '../providers/index.ts';
import { readBars, type StoredBar } from '../store/bars.store.ts';
import { aggregateBars, type Bar } from './bars.ts';
import { cached } from './cached.ts';
import type { MarketDeps } from './deps.ts';
import { MarketErrors } from './errors.ts';
import { addDays } from './ny-time.ts';
import { BUCKET_MS, type Timeframe } from './request-params.ts';

export interface BarsQuery {
  symbol: string;
  timeframe: Timeframe;
  /** Inclusive. */
  start: Date;
  /** Inclusive. */
  end: Date;
  limit: number;
  /** Start of the last bar of the previous page. */
  after?: string;
  order: 'asc' | 'desc';
}

export interface BarsPage {
  bars: StoredBar[];
  /** Where the next page starts; null on the last page. */
  nextAfter: string | null;
}

/** A minute bar is written this long after its minute ends at the latest (the live loop's cadence, with room). */
const SETTLE_MS = 60_000;

export function historyVersionKey(symbol: string): string {
  return `market:bars-version:${symbol}`;
}

export async function getBarsPage(deps: MarketDeps, q: BarsQuery): Promise<BarsPage> {
  const asset = await deps.assets.find(q.symbol);
  if (!asset && !deps.history) throw MarketErrors.unknownSymbol([q.symbol]);
  const compute = async () => {
    if (deps.history) await fillFromProvider(deps, q, asset !== undefined);
    const page = await readPage(deps, q);
    // Not listed here and unknown to the provider too.
    if (!asset && page.bars.length === 0 && q.after === undefined)
      throw MarketErrors.unknownSymbol([q.symbol]);
    return page;
  };
  if (!(await isSettled(deps, q))) return compute();
  const version = (await deps.cache.cache.get<string>(historyVersionKey(q.symbol))) ?? '0';
  const key = [
    version,
    q.symbol,
    q.timeframe,
    q.start.toISOString(),
    q.end.toISOString(),
    q.limit,
    q.after ?? '',
    q.order,
  ].join('|');
  return cached(deps.cache, 'bars', key, compute);
}

/**
 * History may be cached once nothing can still change it: the backfill is over and the range's
 * last bar closed more than a minute ago (today's daily bar grows until the session ends).
 * Imports change settled history too; they bump the symbol's version, which is part of the key.
 */
async function isSettled(deps: MarketDeps, q: BarsQuery): Promise<boolean> {
  const now = deps.now().getTime();
  let lastBucketEnd: number;
  if (q.timeframe === '1Day') {
    lastBucketEnd = deps.calendar.dayStart(addDays(deps.calendar.dateOf(q.end), 1)).getTime();
  } else {
    const size = BUCKET_MS[q.timeframe];
    lastBucketEnd = Math.floor(q.end.getTime() / size) * size + size;
  }
  return lastBucketEnd <= now - SETTLE_MS && (await deps.historySettled());
}

/** Bars as the domain's aggregation needs them: imported bars may lack a trade count or VWAP. */
function complete(b: StoredBar): Bar {
  return { t: b.t, o: b.o, h: b.h, l: b.l, c: b.c, v: b.v, n: b.n ?? 0, vw: b.vw ?? b.c };
}

async function readPage(deps: MarketDeps, q: BarsQuery): Promise<BarsPage> {
  const asc = q.order === 'asc';
  if (q.timeframe === '1Min' || q.timeframe === '1Day') {
    const bounds = pageBounds(q, 1_000);
    if (!bounds) return { bars: [], nextAfter: null };
    const rows = await readBars(deps.db, q.symbol, q.timeframe, {
      ...bounds,
      limit: q.limit + 1,
      order: q.order,
    });
    const bars = rows.slice(0, q.limit);
    return { bars, nextAfter: rows.length > q.limit ? bars.at(-1)!.t : null };
  }
  const size = BUCKET_MS[q.timeframe];
  const perBucket = size / BUCKET_MS['1Min'];
  const bounds = pageBounds(q, size);
  if (!bounds) return { bars: [], nextAfter: null };
  // Enough minutes for limit + 1 full buckets; buckets can be shorter (the 09:00 hour starts at 09:30).
  const want = (q.limit + 1) * perBucket;
  const minutes = await readBars(deps.db, q.symbol, '1Min', { ...bounds, limit: want, order: q.order });
  const full = minutes.length === want;
  if (!asc) minutes.reverse();
  const buckets = aggregateBars(minutes.map(complete), q.timeframe, deps.calendar);
  // With the read cut off by the limit, the bucket at the far end may be missing minutes: it
  // belongs to the next page, which starts at a bucket boundary and reads it whole.
  if (full) {
    if (asc) buckets.pop();
    else buckets.shift();
  }
  if (!asc) buckets.reverse();
  const bars = buckets.slice(0, q.limit);
  const more = full || buckets.length > q.limit;
  return { bars, nextAfter: more && bars.length > 0 ? bars.at(-1)!.t : null };
}

/** The stored-row bounds of a page: the query's range, narrowed past the previous page's last bar. */
function pageBounds(q: BarsQuery, bucketMs: number): { from: Date; to: Date } | undefined {
  let from = q.start;
  let to = q.end;
  if (q.after !== undefined) {
    const after = Date.parse(q.after);
    if (!Number.isFinite(after)) throw MarketErrors.invalidCursor();
    // Bars start on whole seconds; an aggregated bucket holds the minutes [start, start + size).
    if (q.order === 'asc') from = new Date(Math.max(from.getTime(), after + bucketMs));
    else to = new Date(Math.min(to.getTime(), after - 1));
  }
  return from.getTime() <= to.getTime() ? { from, to } : undefined;
}

/** Has the provider's bars the page reads stored first: minute bars for every intraday timeframe. */
async function fillFromProvider(deps: MarketDeps, q: BarsQuery, listed: boolean): Promise<void> {
  const tf = q.timeframe;
  const daily = tf === '1Day';
  // The same bounds as readPage's.
  const bounds = pageBounds(q, daily || tf === '1Min' ? 1_000 : BUCKET_MS[tf]);
  if (!bounds) return;
  const perBucket = daily ? 1 : BUCKET_MS[tf] / BUCKET_MS['1Min'];
  try {
    await deps.history!.ensure({
      symbol: q.symbol,
      timeframe: daily ? '1Day' : '1Min',
      ...bounds,
      rows: (q.limit + 1) * perBucket,
      order: q.order,
      listed,
    });
  } catch (err) {
    if (isProviderError(err)) throw providerErrorToAppError(err);
    throw err;
  }
}

/** The latest `count` bars of a symbol at or before `end`, oldest first (indicators, snapshots). */
export async function recentBars(
  deps: MarketDeps,
  symbol: string,
  timeframe: Timeframe,
  count: number,
  end: Date,
): Promise<StoredBar[]> {
  const page = await readPage(deps, {
    symbol,
    timeframe,
    start: new Date(0),
    end,
    limit: count,
    order: 'desc',
  });
  return page.bars.reverse();
}
