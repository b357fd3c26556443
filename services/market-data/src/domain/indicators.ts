/**
 * Technical indicators over bars, computed incrementally: `createIndicatorState` returns a state
 * whose `update(bar)` folds in one closed bar and returns the latest value, and
 * `computeIndicator` is that same state run over a series — so the streaming value after a bar
 * close always equals the batch value for the same bars.
 *
 * Conventions (where implementations differ): EMAs are seeded with the SMA of their first
 * `period` inputs (TA-Lib, StockCharts); RSI and ATR use Wilder's smoothing seeded the same way,
 * the first true range being high − low; Bollinger Bands use the population standard deviation
 * (Bollinger's own definition); VWAP uses the typical price (h + l + c) / 3. Values are emitted
 * only once an indicator has all the inputs its definition needs; no partial warm-up values.
 */
import { AppError } from '@tradeplane/kit';
import { nyseCalendar, type MarketCalendar } from './calendar.ts';

export interface IndicatorBar {
  t: string;
  h: number;
  l: number;
  c: number;
  v: number;
}

export interface MacdValue {
  macd: number;
  signal: number;
  histogram: number;
}

export interface BandsValue {
  upper: number;
  middle: number;
  lower: number;
}

export interface StochasticValue {
  k: number;
  d: number;
}

export interface IndicatorOutputs {
  sma: number;
  ema: number;
  rsi: number;
  macd: MacdValue;
  bbands: BandsValue;
  atr: number;
  vwap: number;
  stoch: StochasticValue;
}

export type IndicatorName = keyof IndicatorOutputs;

export interface IndicatorPoint<N extends IndicatorName = IndicatorName> {
  t: string;
  value: IndicatorOutputs[N];
}

export interface IndicatorParams {
  sma: { period: number };
  ema: { period: number };
  rsi: { period: number };
  macd: { fast: number; slow: number; signal: number };
  bbands: { period: number; stddev: number };
  atr: { period: number };
  /** 'day' resets at each trading date (intraday VWAP); 'none' accumulates over the whole series. */
  vwap: { anchor: 'day' | 'none' };
  /** kPeriod look-back, smoothK slowing (1 = fast stochastic), dPeriod SMA of %K. */
  stoch: { kPeriod: number; smoothK: number; dPeriod: number };
}

export interface IndicatorState<N extends IndicatorName = IndicatorName> {
  readonly name: N;
  readonly params: Readonly<IndicatorParams[N]>;
  /** Folds in the next closed bar (bars must come oldest first); undefined while warming up. */
  update(bar: IndicatorBar): IndicatorPoint<N> | undefined;
}

export interface IndicatorContext {
  /** Trading dates for VWAP's daily anchor; NYSE unless the bars come from the continuous calendar. */
  calendar?: MarketCalendar;
}

export const INDICATOR_NAMES: readonly IndicatorName[] = [
  'sma',
  'ema',
  'rsi',
  'macd',
  'bbands',
  'atr',
  'vwap',
  'stoch',
];

export const INDICATOR_DEFAULTS: { readonly [N in IndicatorName]: Readonly<IndicatorParams[N]> } = {
  sma: { period: 20 },
  ema: { period: 20 },
  rsi: { period: 14 },
  macd: { fast: 12, slow: 26, signal: 9 },
  bbands: { period: 20, stddev: 2 },
  atr: { period: 14 },
  vwap: { anchor: 'day' },
  stoch: { kPeriod: 14, smoothK: 1, dPeriod: 3 },
};

/** Bad indicator name or parameters: a client error (400) with a message that says what to fix. */
export class IndicatorParamsError extends AppError {
  constructor(message: string, details: Record<string, unknown> = {}) {
    super('MARKET_DATA_INDICATOR_INVALID', 400, message, { details });
    this.name = 'IndicatorParamsError';
  }
}

const MAX_PERIOD = 1000;

// ---------------------------------------------------------------------------------------------
// Parameter validation

function isIndicatorName(name: string): name is IndicatorName {
  return (INDICATOR_NAMES as readonly string[]).includes(name);
}

function readNumber(indicator: string, key: string, raw: unknown): number {
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : raw;
  if (typeof n !== 'number' || !Number.isFinite(n)) {
    throw new IndicatorParamsError(`${indicator}: '${key}' must be a number`, { indicator, param: key });
  }
  return n;
}

function readPeriod(indicator: string, key: string, raw: unknown): number {
  const n = readNumber(indicator, key, raw);
  if (!Number.isInteger(n) || n < 1 || n > MAX_PERIOD) {
    throw new IndicatorParamsError(
      `${indicator}: '${key}' must be an integer from 1 to ${MAX_PERIOD}, got ${String(raw)}`,
      {
        indicator,
        param: key,
      },
    );
  }
  return n;
}

export function normalizeIndicatorParams<N extends IndicatorName>(
  name: N,
  input?: Readonly<Record<string, unknown>>,
): IndicatorParams[N];
export function normalizeIndicatorParams(
  name: string,
  input?: Readonly<Record<string, unknown>>,
): IndicatorParams[IndicatorName];
export function normalizeIndicatorParams(
  name: string,
  input: Readonly<Record<string, unknown>> = {},
): IndicatorParams[IndicatorName] {
  if (!isIndicatorName(name)) {
    throw new IndicatorParamsError(
      `unknown indicator '${name}'; expected one of ${INDICATOR_NAMES.join(', ')}`,
      { indicator: name },
    );
  }
  const defaults: Record<string, unknown> = INDICATOR_DEFAULTS[name];
  for (const key of Object.keys(input)) {
    if (!(key in defaults)) {
      throw new IndicatorParamsError(
        `${name}: unknown parameter '${key}'; expected ${Object.keys(defaults).join(', ')}`,
        {
          indicator: name,
          param: key,
        },
      );
    }
  }
  const merged = { ...defaults, ...input };
  switch (name) {
    case 'sma':
    case 'ema':
    case 'rsi':
    case 'atr':
      return { period: readPeriod(name, 'period', merged.period) };
    case 'macd': {
      const fast = readPeriod(name, 'fast', merged.fast);
      const slow = readPeriod(name, 'slow', merged.slow);
      const signal = readPeriod(name, 'signal', merged.signal);
      if (fast >= slow)
        throw new IndicatorParamsError(`macd: 'fast' (${fast}) must be less than 'slow' (${slow})`, {
          indicator: name,
          param: 'fast',
        });
      return { fast, slow, signal };
    }
    case 'bbands': {
      const stddev = readNumber(name, 'stddev', merged.stddev);
      if (stddev <= 0 || stddev > 10)
        throw new IndicatorParamsError(`bbands: 'stddev' must be > 0 and <= 10, got ${stddev}`, {
          indicator: name,
          param: 'stddev',
        });
      return { period: readPeriod(name, 'period', merged.period), stddev };
    }
    case 'vwap': {
      const anchor = merged.anchor;
      if (anchor !== 'day' && anchor !== 'none')
        throw new IndicatorParamsError(`vwap: 'anchor' must be 'day' or 'none'`, {
          indicator: name,
          param: 'anchor',
        });
      return { anchor };
    }
    case 'stoch':
      return {
        kPeriod: readPeriod(name, 'kPeriod', merged.kPeriod),
        smoothK: readPeriod(name, 'smoothK', merged.smoothK),
        dPeriod: readPeriod(name, 'dPeriod', merged.dPeriod),
      };
  }
}

// ---------------------------------------------------------------------------------------------
// Building blocks: each takes one number and returns a value once warm.

type Step = (x: number) => number | undefined;

function rollingMean(period: number): Step {
  const window: number[] = [];
  let sum = 0;
  return (x) => {
    window.push(x);
    sum += x;
    if (window.length > period) sum -= window.shift()!;
    return window.length === period ? sum / period : undefined;
  };
}

/** Exponential smoothing with factor alpha, seeded with the mean of the first `period` inputs. */
function seededSmoothing(period: number, alpha: number): Step {
  let count = 0;
  let seedSum = 0;
  let value = 0;
  return (x) => {
    count++;
    if (count < period) {
      seedSum += x;
      return undefined;
    }
    value = count === period ? (seedSum + x) / period : value + alpha * (x - value);
    return value;
  };
}

const ema = (period: number): Step => seededSmoothing(period, 2 / (period + 1));
/** Wilder's smoothing (RMA): alpha = 1 / period. */
const wilder = (period: number): Step => seededSmoothing(period, 1 / period);

/** Highest high and lowest low of the last `period` bars. */
function rollingRange(period: number): (h: number, l: number) => { high: number; low: number } | undefined {
  const highs: number[] = [];
  const lows: number[] = [];
  return (h, l) => {
    highs.push(h);
    lows.push(l);
    if (highs.length > period) {
      highs.shift();
      lows.shift();
    }
    if (highs.length < period) return undefined;
    let high = -Infinity;
    let low = Infinity;
    for (let i = 0; i < period; i++) {
      high = Math.max(high, highs[i]!);
      low = Math.min(low, lows[i]!);
    }
    return { high, low };
  };
}

// ---------------------------------------------------------------------------------------------
// The indicators

type Updater<N extends IndicatorName> = (bar: IndicatorBar) => IndicatorOutputs[N] | undefined;
type Factories = {
  [N in IndicatorName]: (p: IndicatorParams[N], ctx: Required<IndicatorContext>) => Updater<N>;
};

const factories: Factories = {
  sma: ({ period }) => {
    const mean = rollingMean(period);
    return (bar) => mean(bar.c);
  },

  ema: ({ period }) => {
    const smooth = ema(period);
    return (bar) => smooth(bar.c);
  },

  /** Wilder, "New Concepts in Technical Trading Systems" (1978): RSI = 100 − 100 / (1 + avgGain / avgLoss). */
  rsi: ({ period }) => {
    const gains = wilder(period);
    const losses = wilder(period);
    let previous: number | undefined;
    return (bar) => {
      const change = previous === undefined ? undefined : bar.c - previous;
      previous = bar.c;
      if (change === undefined) return undefined;
      const gain = gains(Math.max(change, 0));
      const loss = losses(Math.max(-change, 0));
      if (gain === undefined || loss === undefined) return undefined;
      if (loss === 0) return gain === 0 ? 50 : 100;
      return 100 - 100 / (1 + gain / loss);
    };
  },

  /** Appel: MACD = EMA(fast) − EMA(slow); signal = EMA(signal) of MACD; histogram = MACD − signal. */
  macd: ({ fast, slow, signal }) => {
    const fastEma = ema(fast);
    const slowEma = ema(slow);
    const signalEma = ema(signal);
    return (bar) => {
      const f = fastEma(bar.c);
      const s = slowEma(bar.c);
      if (f === undefined || s === undefined) return undefined;
      const macd = f - s;
      const sig = signalEma(macd);
      return sig === undefined ? undefined : { macd, signal: sig, histogram: macd - sig };
    };
  },

  bbands: ({ period, stddev }) => {
    const window: number[] = [];
    return (bar) => {
      window.push(bar.c);
      if (window.length > period) window.shift();
      if (window.length < period) return undefined;
      // Two passes over the window rather than running sums of squares, which lose precision
      // when the spread is tiny next to the price level.
      let sum = 0;
      for (const x of window) sum += x;
      const middle = sum / period;
      let squares = 0;
      for (const x of window) squares += (x - middle) ** 2;
      const width = stddev * Math.sqrt(squares / period);
      return { upper: middle + width, middle, lower: middle - width };
    };
  },

  /** Wilder's ATR: true range = max(h − l, |h − previous close|, |l − previous close|). */
  atr: ({ period }) => {
    const smooth = wilder(period);
    let previousClose: number | undefined;
    return (bar) => {
      const range = bar.h - bar.l;
      const tr =
        previousClose === undefined
          ? range
          : Math.max(range, Math.abs(bar.h - previousClose), Math.abs(bar.l - previousClose));
      previousClose = bar.c;
      return smooth(tr);
    };
  },

  vwap: ({ anchor }, { calendar }) => {
    let day: string | undefined;
    let notional = 0;
    let volume = 0;
    return (bar) => {
      if (anchor === 'day') {
        const d = calendar.dateOf(new Date(bar.t));
        if (d !== day) {
          day = d;
          notional = 0;
          volume = 0;
        }
      }
      notional += ((bar.h + bar.l + bar.c) / 3) * bar.v;
      volume += bar.v;
      return volume > 0 ? notional / volume : undefined;
    };
  },

  /** Lane's stochastic: %K = 100 (c − LL) / (HH − LL) over kPeriod, optionally slowed; %D = SMA of %K. */
  stoch: ({ kPeriod, smoothK, dPeriod }) => {
    const range = rollingRange(kPeriod);
    const slowK = rollingMean(smoothK);
    const dLine = rollingMean(dPeriod);
    return (bar) => {
      const r = range(bar.h, bar.l);
      if (r === undefined) return undefined;
      // A flat range carries no information about where the close sits; call it the middle.
      const rawK = r.high === r.low ? 50 : (100 * (bar.c - r.low)) / (r.high - r.low);
      const k = slowK(rawK);
      if (k === undefined) return undefined;
      const d = dLine(k);
      return d === undefined ? undefined : { k, d };
    };
  },
};

export function createIndicatorState<N extends IndicatorName>(
  name: N,
  params?: Readonly<Record<string, unknown>>,
  context?: IndicatorContext,
): IndicatorState<N>;
export function createIndicatorState(
  name: string,
  params?: Readonly<Record<string, unknown>>,
  context?: IndicatorContext,
): IndicatorState;
export function createIndicatorState(
  name: string,
  params: Readonly<Record<string, unknown>> = {},
  context: IndicatorContext = {},
): IndicatorState {
  const normalized = normalizeIndicatorParams(name, params);
  const ctx: Required<IndicatorContext> = { calendar: context.calendar ?? nyseCalendar };
  // The factory table is keyed by name; TypeScript cannot correlate name and params across the union.
  const factory = factories[name as IndicatorName] as (
    p: typeof normalized,
    c: typeof ctx,
  ) => Updater<IndicatorName>;
  const next = factory(normalized, ctx);
  return {
    name: name as IndicatorName,
    params: Object.freeze({ ...normalized }),
    update: (bar) => {
      const value = next(bar);
      return value === undefined ? undefined : { t: bar.t, value };
    },
  };
}

export function computeIndicator<N extends IndicatorName>(
  name: N,
  params: Readonly<Record<string, unknown>> | undefined,
  bars: readonly IndicatorBar[],
  context?: IndicatorContext,
): IndicatorPoint<N>[];
export function computeIndicator(
  name: string,
  params: Readonly<Record<string, unknown>> | undefined,
  bars: readonly IndicatorBar[],
  context?: IndicatorContext,
): IndicatorPoint[];
export function computeIndicator(
  name: string,
  params: Readonly<Record<string, unknown>> | undefined,
  bars: readonly IndicatorBar[],
  context?: IndicatorContext,
): IndicatorPoint[] {
  const state = createIndicatorState(name, params, context);
  const out: IndicatorPoint[] = [];
  for (const bar of bars) {
    const point = state.update(bar);
    if (point) out.push(point);
  }
  return out;
}
