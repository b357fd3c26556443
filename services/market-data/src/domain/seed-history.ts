/**
 * History for a fresh install, written in the background after the service is up (the embedded
 * platform must start in seconds, and every service shares PGlite's one connection):
 *
 * - `planBackfill` fixes what to generate — seed, calendar mode, the last completed session,
 *   symbols — and records it, so a restart resumes the same history instead of a different one;
 *   it also computes each symbol's last close, which the live simulator starts from, before any
 *   row is written (generation is CPU-only and fast; writing is the slow part).
 * - `runBackfill` generates one symbol at a time (each symbol's path depends only on the seed and
 *   the symbol, domain/rng.ts) and writes it in multi-row statements of MARKET_BACKFILL_BATCH_ROWS,
 *   each its own short transaction, yielding between them so other queries interleave. Rows are
 *   inserted with ON CONFLICT DO NOTHING and progress is recorded per symbol, so a restart
 *   mid-way redoes at most one symbol and duplicates nothing.
 * - `loadSpx` imports the real S&P 500 daily series shipped by vega-datasets as SPX, the
 *   platform's default benchmark.
 *
 * All three are the market leader's work: every write goes through the `transaction` they are
 * handed, the leader's fenced one (market-runtime.ts), so a deposed leader writes nothing more.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { setImmediate as yieldToLoop } from 'node:timers/promises';
import type { AnyDB, AnyTx } from '@tradeplane/kit';
import type { Asset } from '../store/assets.store.ts';
import { writeBars, type BarRow } from '../store/bars.store.ts';
import { readState, writeState } from '../store/state.store.ts';
import { assetId } from './asset-ids.ts';
import { backfill } from './backfill.ts';
import type { MarketCalendar, SessionMode } from './calendar.ts';
import { importBars, type ImportDeps, type ImportResult } from './import-bars.ts';
import type { AssetDefinition } from './universe.ts';

export interface BackfillPlan {
  seed: string;
  mode: SessionMode;
  /** Last trading date generated: the last session completed when the plan was made. */
  endDate: string;
  dailyYears: number;
  minuteSessions: number;
  symbols: string[];
  /** Each symbol's last generated close: where the live market continues from. */
  lastPrices: Record<string, number>;
}

export interface BackfillProgress {
  status: 'running' | 'done';
  plan: BackfillPlan;
  /** Symbols fully written. */
  done: string[];
  rows: number;
  startedAt: string;
  finishedAt?: string;
}

export interface SpxState {
  rows: number;
  first: string;
  last: string;
  loadedAt: string;
}

export const BACKFILL_STATE = 'backfill';
export const SPX_STATE = 'spx';
export const SPX_SYMBOL = 'SPX';

/** Reads from the database; writes through `transaction` (the leader's fenced one). */
export interface HistoryWriter {
  db: AnyDB;
  transaction<T>(fn: (tx: AnyTx) => Promise<T>): Promise<T>;
}

export interface BackfillSettings {
  seed: string;
  mode: SessionMode;
  calendar: MarketCalendar;
  dailyYears: number;
  minuteSessions: number;
  universe: readonly AssetDefinition[];
}

function generate(plan: BackfillPlan, calendar: MarketCalendar, asset: AssetDefinition) {
  return backfill({
    seed: plan.seed,
    universe: [asset],
    endDate: plan.endDate,
    dailyYears: plan.dailyYears,
    minuteSessions: plan.minuteSessions,
    mode: plan.mode,
    calendar,
  }).symbols[asset.symbol]!;
}

/** The recorded plan, or a new one for `now` (recorded before returning). */
export async function planBackfill(
  w: HistoryWriter,
  settings: BackfillSettings,
  now: Date,
): Promise<BackfillProgress> {
  const existing = await readState<BackfillProgress>(w.db, BACKFILL_STATE);
  if (existing) return existing;
  const plan: BackfillPlan = {
    seed: settings.seed,
    mode: settings.mode,
    endDate: settings.calendar.previousSession(now).date,
    dailyYears: settings.dailyYears,
    minuteSessions: settings.minuteSessions,
    symbols: settings.universe.map((a) => a.symbol),
    lastPrices: {},
  };
  for (const asset of settings.universe) {
    const history = generate(plan, settings.calendar, asset);
    const last = history.daily.at(-1);
    if (last) plan.lastPrices[asset.symbol] = last.c;
    await yieldToLoop();
  }
  const progress: BackfillProgress = {
    status: 'running',
    plan,
    done: [],
    rows: 0,
    startedAt: now.toISOString(),
  };
  await w.transaction((tx) => writeState(tx, BACKFILL_STATE, progress));
  return progress;
}

export interface RunBackfillOptions {
  calendar: MarketCalendar;
  universe: readonly AssetDefinition[];
  batchRows: number;
  /** Checked between statements: shutdown, or the market lease lost to another instance. */
  shouldStop(): boolean;
}

/** Writes the plan's symbols not yet done; returns the final progress (status 'done' unless stopped). */
export async function runBackfill(
  w: Pick<HistoryWriter, 'transaction'>,
  progress: BackfillProgress,
  opts: RunBackfillOptions,
): Promise<BackfillProgress> {
  const current: BackfillProgress = { ...progress, done: [...progress.done] };
  for (const symbol of current.plan.symbols) {
    if (current.done.includes(symbol)) continue;
    const asset = opts.universe.find((a) => a.symbol === symbol);
    if (!asset) continue;
    const history = generate(current.plan, opts.calendar, asset);
    const rows: BarRow[] = [
      ...history.daily.map((bar): BarRow => ({ symbol, timeframe: '1Day', bar })),
      ...history.minute.map((bar): BarRow => ({ symbol, timeframe: '1Min', bar })),
    ];
    for (let i = 0; i < rows.length; i += opts.batchRows) {
      if (opts.shouldStop()) return current;
      const batch = rows.slice(i, i + opts.batchRows);
      await w.transaction((tx) => writeBars(tx, batch, 'ignore', 'simulator'));
      await yieldToLoop();
    }
    current.done.push(symbol);
    current.rows += rows.length;
    await w.transaction((tx) => writeState(tx, BACKFILL_STATE, current));
  }
  current.status = 'done';
  current.finishedAt = new Date().toISOString();
  await w.transaction((tx) => writeState(tx, BACKFILL_STATE, current));
  return current;
}

export const SPX_ASSET: Asset = {
  id: assetId(SPX_SYMBOL),
  symbol: SPX_SYMBOL,
  name: 'S&P 500 Index',
  exchange: 'INDEX',
  class: 'index',
  kind: 'index',
  sector: null,
  status: 'active',
  // An index level, not a security: a benchmark to compare with, never an order.
  tradable: false,
  marginable: false,
  shortable: false,
  easyToBorrow: false,
  fractionable: false,
  minTick: '0.01',
  live: false,
};

/** vega-datasets' real S&P 500 daily OHLCV, 2000-01-03 … 2020-04-17 (5,105 sessions). */
export function sp500CsvPath(): string {
  // The package exports only its JS entry; the data directory sits next to build/.
  const entry = createRequire(import.meta.url).resolve('vega-datasets');
  return join(dirname(entry), '..', 'data', 'sp500-2000.csv');
}

/** Loads SPX once (recorded in the state table); a second call does nothing. */
export async function loadSpx(deps: ImportDeps): Promise<SpxState> {
  const existing = await readState<SpxState>(deps.db, SPX_STATE);
  if (existing) return existing;
  const result: ImportResult = await importBars(deps, {
    symbol: SPX_SYMBOL,
    csv: readFileSync(sp500CsvPath(), 'utf8'),
    timeframe: '1Day',
    userId: null,
    asset: SPX_ASSET,
  });
  const state: SpxState = {
    rows: result.rows,
    first: result.first,
    last: result.last,
    loadedAt: new Date().toISOString(),
  };
  await deps.transaction((tx) => writeState(tx, SPX_STATE, state));
  return state;
}
