/**
 * Technical indicators over closing prices, computed in the browser so overlays follow the chart's
 * bars (and the live bar) without a round trip. Every function returns an array aligned with its
 * input: `null` while the indicator is still warming up, a value once it has every input its
 * definition needs (no partial warm-up values).
 *
 * Conventions are the market-data service's (so the chart matches `/v1/market/indicators`): EMAs are
 * seeded with the SMA of their first `period` inputs (TA-Lib, StockCharts); RSI uses Wilder's
 * smoothing seeded the same way; Bollinger Bands use the population standard deviation.
 */

export type Series = readonly number[];
export type Line = (number | null)[];

export interface Bands {
  upper: number;
  middle: number;
  lower: number;
}

export interface MacdPoint {
  macd: number;
  signal: number;
  histogram: number;
}

function checkPeriod(name: string, period: number): void {
  if (!Number.isInteger(period) || period < 1) throw new RangeError(`${name}: period must be an integer ≥ 1`);
}

/** Simple moving average: the mean of the last `period` values. */
export function sma(values: Series, period: number): Line {
  checkPeriod('sma', period);
  const out: Line = new Array<number | null>(values.length).fill(null);
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    sum += values[i]!;
    if (i >= period) sum -= values[i - period]!;
    if (i >= period - 1) out[i] = sum / period;
  }
  return out;
}

/** Exponential moving average (α = 2 / (period + 1)), seeded with the SMA of the first `period` values. */
export function ema(values: Series, period: number): Line {
  checkPeriod('ema', period);
  const out: Line = new Array<number | null>(values.length).fill(null);
  if (values.length < period) return out;
  const k = 2 / (period + 1);
  let prev = 0;
  for (let i = 0; i < period; i++) prev += values[i]!;
  prev /= period;
  out[period - 1] = prev;
  for (let i = period; i < values.length; i++) {
    prev = values[i]! * k + prev * (1 - k);
    out[i] = prev;
  }
  return out;
}

/** Bollinger Bands: SMA ± `mult` population standard deviations over `period` values. */
export function bollinger(values: Series, period = 20, mult = 2): (Bands | null)[] {
  checkPeriod('bollinger', period);
  const mid = sma(values, period);
  return mid.map((m, i) => {
    if (m === null) return null;
    let sq = 0;
    for (let j = i - period + 1; j <= i; j++) sq += (values[j]! - m) ** 2;
    const sd = Math.sqrt(sq / period);
    return { upper: m + mult * sd, middle: m, lower: m - mult * sd };
  });
}

/**
 * Relative Strength Index with Wilder's smoothing: the first average gain and loss are the means of
 * the first `period` changes, then avg = (prev × (period − 1) + current) / period.
 */
export function rsi(values: Series, period = 14): Line {
  checkPeriod('rsi', period);
  const out: Line = new Array<number | null>(values.length).fill(null);
  if (values.length <= period) return out;
  let gain = 0;
  let loss = 0;
  for (let i = 1; i <= period; i++) {
    const d = values[i]! - values[i - 1]!;
    if (d > 0) gain += d;
    else loss -= d;
  }
  gain /= period;
  loss /= period;
  const value = () => (loss === 0 ? (gain === 0 ? 50 : 100) : 100 - 100 / (1 + gain / loss));
  out[period] = value();
  for (let i = period + 1; i < values.length; i++) {
    const d = values[i]! - values[i - 1]!;
    gain = (gain * (period - 1) + Math.max(d, 0)) / period;
    loss = (loss * (period - 1) + Math.max(-d, 0)) / period;
    out[i] = value();
  }
  return out;
}

/**
 * MACD: EMA(fast) − EMA(slow), its EMA(signal) (seeded with the SMA of the first `signal` MACD
 * values), and the histogram (MACD − signal). A point exists once the signal line does.
 */
export function macd(values: Series, fast = 12, slow = 26, signal = 9): (MacdPoint | null)[] {
  checkPeriod('macd', fast);
  checkPeriod('macd', slow);
  checkPeriod('macd', signal);
  if (fast >= slow) throw new RangeError('macd: fast period must be shorter than slow period');
  const f = ema(values, fast);
  const s = ema(values, slow);
  const line: number[] = [];
  const firstIndex = slow - 1;
  for (let i = firstIndex; i < values.length; i++) line.push(f[i]! - s[i]!);
  const sig = ema(line, signal);
  const out: (MacdPoint | null)[] = new Array<MacdPoint | null>(values.length).fill(null);
  for (let j = 0; j < line.length; j++) {
    const sv = sig[j];
    if (sv === null || sv === undefined) continue;
    out[firstIndex + j] = { macd: line[j]!, signal: sv, histogram: line[j]! - sv };
  }
  return out;
}
