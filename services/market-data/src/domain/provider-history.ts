/**
 * History from a real provider (Polygon, Alpaca), kept. A bars read first makes sure the store
 * holds what it needs, then is served from the store like any other history:
 *
 * - `provider_coverage` records, per provider, symbol and stored timeframe (1Min, 1Day), the
 *   ranges of bar starts whose provider bars are stored. Only the gaps a read needs are fetched,
 *   and only as far as the read needs: oldest-first reads ask the provider for the number of bars
 *   still missing, newest-first reads fetch windows going back in time that grow until enough
 *   bars are stored. 5Min, 15Min and 1Hour are aggregated from stored minute bars on read, so
 *   they fill minute history.
 * - Fetched bars are upserted with their source (the provider's name) and the range (up to its
 *   settled part) is recorded as covered in the same transaction: a later read of that range, on any instance and after a
 *   restart, does not call the provider again. Bars an admin imported are never overwritten.
 * - Bars still forming (the current minute, today's daily bar) are neither stored nor recorded
 *   as covered: the live market stores the minutes of the symbols it streams as they close.
 * - Recent bars are stored but not recorded as covered until they settle (`HistorySettle`): a
 *   delayed feed publishes minute bars ~15 minutes late, an end-of-day plan the previous
 *   session's daily bar late, so what such a provider had not handed over yet is asked for again
 *   by a later read instead of staying missing for good.
 * - Rows that break the bars table's checks (h < max(o, c), l > min(o, c), non-positive or
 *   out-of-range prices, negative volume, a minute bar off the minute) are left out and logged.
 *
 * Fills of one symbol and timeframe run one at a time on an instance, so concurrent readers of
 * the same missing range cause one fetch; instances filling the same range at once write the same
 * rows (upserts) and merge their coverage.
 */
import type { AnyDB, AnyTx, Logger } from '@tradeplane/kit';
import type { MarketDataProvider, ProviderBar } from '../providers/index.ts';
import { countBarsBetween, writeBars, type StoredBar, type StoredTimeframe } from '../store/bars.store.ts';
import { addCoverage, readCoverage, type CoverageKey, type Interval } from '../store/coverage.store.ts';
import { barTime } from './bars.ts';
import { nyseCalendar } from './calendar.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;
/** A bar is worth asking for this long after it ends (a real-time feed has it by then). */
const SETTLE_MS = 60_000;
const BAR_MS: Record<StoredTimeframe, number> = { '1Min': MINUTE_MS, '1Day': DAY_MS };
/** The first window a newest-first fill asks for (nights, weekends and holidays hold no bars). */
const MIN_WINDOW_MS: Record<StoredTimeframe, number> = { '1Min': DAY_MS, '1Day': 30 * DAY_MS };
const WINDOW_GROWTH = 4;
const WRITE_BATCH_ROWS = 2_000;
/** NUMERIC(18, 6): 12 integer digits, and a price that survives rounding to 6 decimals. */
const MAX_PRICE = 1e12;
const MIN_PRICE = 0.000001;
const MAX_INT4 = 2_147_483_647;

export interface ProviderHistoryDeps {
  db: AnyDB;
  transaction<T>(fn: (tx: AnyTx) => Promise<T>): Promise<T>;
  log: Logger;
  now(): Date;
}

/**
 * When fetched bars are final enough to record as covered (never asked for again). Bars newer
 * than this are still stored and served, and fetched again by the next read that needs them.
 */
export interface HistorySettle {
  /** A minute bar is covered once this long has passed since it ended (a delayed feed's lag and more). */
  minuteMs: number;
  /**
   * Daily bars of this many of the latest completed sessions are not covered (1 for an
   * end-of-day plan publishing the previous session's bar late; today's is never covered).
   */
  dailySessions: number;
}

/** 20 minutes for minute bars (delayed feeds publish them ~15 minutes late), daily bars at once. */
export const DEFAULT_HISTORY_SETTLE: HistorySettle = { minuteMs: 20 * MINUTE_MS, dailySessions: 0 };

export interface HistoryNeed {
  symbol: string;
  timeframe: StoredTimeframe;
  /** Bar starts [from, to], inclusive. */
  from: Date;
  to: Date;
  /** Bars the read takes from the start (asc) or the end (desc) of the range, at most. */
  rows: number;
  order: 'asc' | 'desc';
  /**
   * Whether the symbol is listed. An empty answer about an unlisted symbol (a typo, a symbol the
   * provider does not know) is not recorded, so arbitrary symbols leave nothing in the database.
   */
  listed: boolean;
}

interface Piece extends Interval {
  covered: boolean;
}

/** [from, to] cut into covered and missing pieces, in time order. */
function pieces(from: number, to: number, covered: readonly Interval[]): Piece[] {
  const out: Piece[] = [];
  let at = from;
  for (const c of covered) {
    const a = Math.max(c.from, at);
    const b = Math.min(c.to, to);
    if (a > b) continue;
    if (a > at) out.push({ from: at, to: a - 1, covered: false });
    out.push({ from: a, to: b, covered: true });
    at = b + 1;
  }
  if (at <= to) out.push({ from: at, to, covered: false });
  return out;
}

/** The bar as the bars table takes it, or undefined when it would break the table's checks. */
export function storableBar(r: ProviderBar, timeframe: StoredTimeframe): StoredBar | undefined {
  const ms = Date.parse(r.t);
  if (!Number.isFinite(ms) || ms % 1000 !== 0) return undefined;
  if (timeframe === '1Min' && ms % MINUTE_MS !== 0) return undefined;
  const { o, h, l, c } = r;
  if (![o, h, l, c].every((p) => Number.isFinite(p) && p >= MIN_PRICE && p < MAX_PRICE)) return undefined;
  if (h < Math.max(o, c) || l > Math.min(o, c)) return undefined;
  if (!Number.isFinite(r.v) || r.v < 0) return undefined;
  // Polygon may report fractional volume; the table counts whole shares.
  const v = Math.round(r.v);
  if (!Number.isSafeInteger(v)) return undefined;
  const n = r.n !== undefined && Number.isSafeInteger(r.n) && r.n >= 0 && r.n <= MAX_INT4 ? r.n : null;
  const vw =
    r.vw !== undefined && Number.isFinite(r.vw) && r.vw >= MIN_PRICE && r.vw < MAX_PRICE ? r.vw : null;
  return { t: barTime(ms), o, h, l, c, v, n, vw };
}

export class ProviderHistory {
  readonly #deps: ProviderHistoryDeps;
  readonly provider: MarketDataProvider;
  readonly #settle: HistorySettle;
  readonly #fills = new Map<string, Promise<void>>();

  constructor(
    deps: ProviderHistoryDeps,
    provider: MarketDataProvider,
    settle: HistorySettle = DEFAULT_HISTORY_SETTLE,
  ) {
    this.#deps = deps;
    this.provider = provider;
    this.#settle = settle;
  }

  /** Makes sure the store holds the provider's bars `need` reads, fetching only what is missing. */
  ensure(need: HistoryNeed): Promise<void> {
    const key = `${need.symbol} ${need.timeframe}`;
    const before = this.#fills.get(key) ?? Promise.resolve();
    const run = before.then(() => this.#fill(need));
    const settled = run.catch(() => undefined);
    this.#fills.set(key, settled);
    void settled.then(() => {
      if (this.#fills.get(key) === settled) this.#fills.delete(key);
    });
    return run;
  }

  /** The last bar start whose bar is final at `now`. */
  #horizon(timeframe: StoredTimeframe): number {
    const now = this.#deps.now().getTime() - SETTLE_MS;
    if (timeframe === '1Min') return now - MINUTE_MS;
    // Providers stamp daily bars at the start of the New York trading date.
    return nyseCalendar.dayStart(nyseCalendar.dateOf(new Date(now))).getTime() - 1;
  }

  /** The last bar start whose bar is recorded as covered when fetched at `now` (HistorySettle). */
  #coverHorizon(timeframe: StoredTimeframe): number {
    const now = this.#deps.now().getTime();
    if (timeframe === '1Min')
      return Math.min(this.#horizon(timeframe), now - this.#settle.minuteMs - MINUTE_MS);
    let before = nyseCalendar.dayStart(nyseCalendar.dateOf(new Date(now - SETTLE_MS)));
    for (let i = 0; i < this.#settle.dailySessions; i++)
      before = nyseCalendar.dayStart(nyseCalendar.previousSession(before).date);
    return before.getTime() - 1;
  }

  async #fill(need: HistoryNeed): Promise<void> {
    const { db } = this.#deps;
    const key: CoverageKey = { provider: this.provider.name, symbol: need.symbol, timeframe: need.timeframe };
    const from = need.from.getTime();
    const to = Math.min(need.to.getTime(), this.#horizon(need.timeframe));
    if (from > to || need.rows <= 0) return;
    const all = pieces(from, to, await readCoverage(db, key, from, to));
    const stored = (p: Interval, atMost: number) =>
      countBarsBetween(db, need.symbol, need.timeframe, new Date(p.from), new Date(p.to), atMost);
    let left = need.rows;

    if (need.order === 'asc') {
      for (const p of all) {
        if (left <= 0) return;
        if (p.covered) {
          left -= await stored(p, left);
          continue;
        }
        const rows = await this.#fetch(need, p.from, p.to, left);
        // Cut off by the limit: covered up to the last bar received, the rest stays missing.
        const end =
          rows.length >= left
            ? rows.reduce((m, r) => {
                const t = Date.parse(r.t);
                return Number.isFinite(t) ? Math.max(m, t) : m;
              }, p.from)
            : p.to;
        await this.#store(need, key, rows, p.from, end);
        left -= rows.length;
      }
      return;
    }

    for (const p of all.reverse()) {
      if (left <= 0) return;
      if (p.covered) {
        left -= await stored(p, left);
        continue;
      }
      let end = p.to;
      let span = Math.max(MIN_WINDOW_MS[need.timeframe], left * BAR_MS[need.timeframe]);
      while (left > 0 && end >= p.from) {
        const start = Math.max(p.from, end - span + 1);
        const rows = await this.#fetch(need, start, end);
        await this.#store(need, key, rows, start, end);
        left -= rows.length;
        end = start - 1;
        span *= WINDOW_GROWTH;
      }
    }
  }

  #fetch(need: HistoryNeed, from: number, to: number, limit?: number): Promise<ProviderBar[]> {
    return this.provider.bars(need.symbol, need.timeframe, new Date(from), new Date(to), limit);
  }

  /** Upserts the valid bars of [from, to] and records the range as covered, in one transaction. */
  async #store(
    need: HistoryNeed,
    key: CoverageKey,
    rows: readonly ProviderBar[],
    from: number,
    to: number,
  ): Promise<void> {
    if (rows.length === 0 && !need.listed) return;
    // One row per instant (a statement may not upsert a row twice); the last one received wins.
    const byTime = new Map<string, StoredBar>();
    let invalid = 0;
    for (const r of rows) {
      const ms = Date.parse(r.t);
      if (ms < from || ms > to) continue;
      const bar = storableBar(r, need.timeframe);
      if (bar) byTime.set(bar.t, bar);
      else invalid++;
    }
    if (invalid > 0) {
      this.#deps.log.warn(
        { provider: key.provider, symbol: key.symbol, timeframe: key.timeframe, invalid },
        'provider bars failing the OHLC checks were not stored',
      );
    }
    const bars = [...byTime.values()].map((bar) => ({ symbol: need.symbol, timeframe: need.timeframe, bar }));
    await this.#deps.transaction(async (tx) => {
      for (let i = 0; i < bars.length; i += WRITE_BATCH_ROWS)
        await writeBars(tx, bars.slice(i, i + WRITE_BATCH_ROWS), 'replace-except-imports', key.provider);
      // What has not settled yet is stored but left uncovered: a later read asks for it again.
      const coveredTo = Math.min(to, this.#coverHorizon(need.timeframe));
      if (coveredTo >= from) await addCoverage(tx, key, from, coveredTo);
    });
  }
}
