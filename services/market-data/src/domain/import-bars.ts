/**
 * Import of real bars from CSV (Yahoo, Alpaca or Polygon columns, detected by csv-import.ts), the
 * one function behind `POST /v1/market/import`, the CLI (through that route) and the S&P 500
 * series loaded at first start. All or nothing: any bad row rejects the whole file with every
 * error by line, and the rows are written in one transaction. Imported bars replace stored ones
 * at the same instants (real data wins over simulated); after minute bars are imported, the
 * daily bars of the days they touch are re-derived from the stored minute bars, so a day's bar
 * stays the aggregate of its minutes.
 */
import { uuidv7, type AnyDB, type AnyTx, type Cache } from '@tradeplane/kit';
import { insertAssetIfMissing, type Asset } from '../store/assets.store.ts';
import { minuteBarsBetween, writeBars, type BarRow, type StoredBar } from '../store/bars.store.ts';
import { insertImportRun } from '../store/import-runs.store.ts';
import { assetId } from './asset-ids.ts';
import { aggregateBars, type Bar } from './bars.ts';
import { nyseCalendar, type MarketCalendar } from './calendar.ts';
import { parseBarsCsv, type CsvFormat, type CsvLineError, type ImportedBar } from './csv-import.ts';
import { MarketErrors } from './errors.ts';
import { historyVersionKey } from './get-bars.ts';
import { addDays } from './ny-time.ts';

export interface ImportDeps {
  db: AnyDB;
  transaction<T>(fn: (tx: AnyTx) => Promise<T>): Promise<T>;
  cache: Cache;
  /** Trading dates of the market; imported minute bars are rolled up into daily bars by them. */
  calendar: MarketCalendar;
}

export type ImportTimeframe = '1Min' | '1Day';

export interface ImportRequest {
  symbol: string;
  csv: string;
  /** Omitted: daily for date-only files and rows all at midnight New York time, else minutes. */
  timeframe?: ImportTimeframe;
  /** The admin importing; null for the series the service loads itself. */
  userId: string | null;
  /** The asset to create when the symbol is not listed yet; default: an imported, non-tradable equity. */
  asset?: Asset;
}

export interface ImportResult {
  symbol: string;
  format: CsvFormat;
  timeframe: ImportTimeframe;
  rows: number;
  first: string;
  last: string;
}

/** NUMERIC(18, 6) holds 12 integer digits; a price must also survive rounding to 6 decimals. */
const MAX_PRICE = 1e12;
const MIN_PRICE = 0.000001;
const BATCH_ROWS = 2_000;

export function importedAsset(symbol: string): Asset {
  return {
    id: assetId(symbol),
    symbol,
    name: symbol,
    exchange: 'OTHER',
    class: 'us_equity',
    kind: 'imported',
    sector: null,
    status: 'active',
    // Imported history only: nothing prices it live, so it cannot be traded.
    tradable: false,
    marginable: false,
    shortable: false,
    easyToBorrow: false,
    fractionable: false,
    minTick: '0.01',
    live: false,
  };
}

/** Alpaca stamps daily bars at 00:00 New York time (04:00Z or 05:00Z). */
function isNyMidnight(t: string): boolean {
  const at = new Date(t);
  return nyseCalendar.dayStart(nyseCalendar.dateOf(at)).getTime() === at.getTime();
}

function inferTimeframe(format: CsvFormat, bars: readonly ImportedBar[]): ImportTimeframe {
  if (format === 'yahoo' || format === 'date-price') return '1Day';
  return bars.every((b) => isNyMidnight(b.t)) ? '1Day' : '1Min';
}

/**
 * Range checks the parser leaves to the store. Rows are numbered from line 2 (the header is line
 * 1), which is the physical line unless the file has blank lines or multi-line quoted fields.
 */
function storeErrors(bars: readonly ImportedBar[], timeframe: ImportTimeframe): CsvLineError[] {
  const errors: CsvLineError[] = [];
  bars.forEach((b, i) => {
    const line = i + 2;
    for (const [name, p] of [
      ['open', b.o],
      ['high', b.h],
      ['low', b.l],
      ['close', b.c],
      ['vwap', b.vw],
    ] as const) {
      if (p !== null && (p >= MAX_PRICE || p < MIN_PRICE))
        errors.push({ line, message: `${name} ${p} is out of range` });
    }
    if (!Number.isSafeInteger(b.v))
      errors.push({ line, message: `volume ${b.v} is not a whole number of shares` });
    if (timeframe === '1Min' && Date.parse(b.t) % 60_000 !== 0) {
      errors.push({ line, message: `minute bar ${b.t} does not start on a whole minute` });
    }
  });
  return errors.slice(0, 100);
}

export async function importBars(deps: ImportDeps, req: ImportRequest): Promise<ImportResult> {
  const parsed = parseBarsCsv(req.csv);
  if (parsed.errors.length > 0 || !parsed.format) throw MarketErrors.csvInvalid(parsed.errors);
  const format = parsed.format;
  const timeframe = req.timeframe ?? inferTimeframe(format, parsed.bars);
  const problems = storeErrors(parsed.bars, timeframe);
  if (problems.length > 0) throw MarketErrors.csvInvalid(problems);

  const bars: StoredBar[] = parsed.bars.map((b) => ({
    t: b.t,
    o: b.o,
    h: b.h,
    l: b.l,
    c: b.c,
    v: b.v,
    n: b.n,
    vw: b.vw,
  }));
  const rows: BarRow[] = bars.map((bar) => ({ symbol: req.symbol, timeframe, bar }));
  const first = bars[0]!.t;
  const last = bars.at(-1)!.t;
  await deps.transaction(async (tx) => {
    await insertAssetIfMissing(tx, req.asset ?? importedAsset(req.symbol));
    for (let i = 0; i < rows.length; i += BATCH_ROWS)
      await writeBars(tx, rows.slice(i, i + BATCH_ROWS), 'replace', 'import');
    if (timeframe === '1Min') await rederiveDailyBars(tx, deps.calendar, req.symbol, bars);
    await insertImportRun(tx, {
      id: uuidv7(),
      symbol: req.symbol,
      timeframe,
      format,
      rows: rows.length,
      firstT: first,
      lastT: last,
      userId: req.userId,
    });
  });
  // Cached history of the symbol is now stale: a new version moves every reader to new keys.
  await deps.cache.set(historyVersionKey(req.symbol), uuidv7(), Number.POSITIVE_INFINITY);
  return { symbol: req.symbol, format, timeframe, rows: rows.length, first, last };
}

async function rederiveDailyBars(
  tx: AnyTx,
  cal: MarketCalendar,
  symbol: string,
  minutes: readonly StoredBar[],
): Promise<void> {
  const dates = [...new Set(minutes.map((b) => cal.dateOf(new Date(b.t))))];
  const daily: BarRow[] = [];
  for (const date of dates) {
    const stored = await minuteBarsBetween(tx, [symbol], cal.dayStart(date), cal.dayStart(addDays(date, 1)));
    const day = (stored.get(symbol) ?? []).map((b): Bar => ({
      t: b.t,
      o: b.o,
      h: b.h,
      l: b.l,
      c: b.c,
      v: b.v,
      n: b.n ?? 0,
      vw: b.vw ?? b.c,
    }));
    const bar = aggregateBars(day, '1Day', cal)[0];
    if (bar) daily.push({ symbol, timeframe: '1Day', bar });
  }
  for (let i = 0; i < daily.length; i += BATCH_ROWS)
    await writeBars(tx, daily.slice(i, i + BATCH_ROWS), 'replace', 'import');
}
