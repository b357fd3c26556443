import { ATR, BollingerBands, EMA, MACD, RSI, SMA, StochasticOscillator, VWAP } from 'trading-signals';
import { describe, expect, it } from 'vitest';
import { AppError } from '@tradeplane/kit';
import { backfill } from '../src/domain/backfill.ts';
import { nyDate } from '../src/domain/calendar.ts';
import { parseBarsCsv } from '../src/domain/csv-import.ts';
import {
  INDICATOR_NAMES,
  IndicatorParamsError,
  computeIndicator,
  createIndicatorState,
  type IndicatorBar,
  type IndicatorPoint,
} from '../src/domain/indicators.ts';
import { DEFAULT_UNIVERSE } from '../src/domain/universe.ts';
import { readSp500Csv } from './sp500-fixture.ts';

/**
 * Every indicator is checked against trading-signals (an independent implementation) on the real
 * S&P 500 daily series, 2000–2020. Where the two libraries seed an exponential average
 * differently (trading-signals starts EMAs at the first price, we at the SMA of the first
 * `period` prices, as TA-Lib does) the seed's influence decays geometrically, so those
 * comparisons start after a warm-up long enough for it to fall below 1e-12.
 */
const spx: IndicatorBar[] = parseBarsCsv(readSp500Csv()).bars;

type Reference = Array<number | Record<string, number> | null>;

/** Indices where ours and the reference disagree by more than `tolerance` (relative, floor 1). */
function mismatches(
  ours: readonly IndicatorPoint[],
  reference: Reference,
  fromIndex: number,
  tolerance = 1e-9,
): string[] {
  const byTime = new Map(ours.map((p) => [p.t, p.value]));
  const bad: string[] = [];
  spx.forEach((bar, i) => {
    if (i < fromIndex) return;
    const mine = byTime.get(bar.t);
    const theirs = reference[i];
    if (mine === undefined || theirs === null || theirs === undefined) {
      bad.push(`${bar.t}: ours ${JSON.stringify(mine)} reference ${JSON.stringify(theirs)}`);
      return;
    }
    const pairs: Array<[number, number]> =
      typeof mine === 'number'
        ? [[mine, theirs as number]]
        : Object.entries(mine).map(([k, v]) => [v, (theirs as Record<string, number>)[k]!]);
    for (const [a, b] of pairs) {
      if (!(Math.abs(a - b) <= tolerance * Math.max(1, Math.abs(b))))
        bad.push(`${bar.t}: ours ${a} reference ${b}`);
    }
  });
  return bad.slice(0, 5);
}

const firstIndex = (points: readonly IndicatorPoint[]) => spx.findIndex((b) => b.t === points[0]?.t);
const candle = (b: IndicatorBar) => ({ high: b.h, low: b.l, close: b.c, volume: b.v });

describe('indicators against trading-signals on the real S&P 500 series', () => {
  it('reads 5,105 real daily bars', () => {
    expect(spx).toHaveLength(5105);
  });

  it('SMA(20)', () => {
    const ours = computeIndicator('sma', { period: 20 }, spx);
    const ref = new SMA(20);
    const reference = spx.map((b) => ref.add(b.c));
    expect(firstIndex(ours)).toBe(19);
    expect(ours).toHaveLength(spx.length - 19);
    expect(mismatches(ours, reference, 19)).toEqual([]);
  });

  it('EMA(20), seeded with the SMA of the first 20 closes', () => {
    const ours = computeIndicator('ema', { period: 20 }, spx);
    const ref = new EMA(20);
    const reference = spx.map((b) => ref.add(b.c));
    expect(firstIndex(ours)).toBe(19);
    expect(ours[0]!.value).toBeCloseTo(spx.slice(0, 20).reduce((s, b) => s + b.c, 0) / 20, 9);
    expect(mismatches(ours, reference, 400)).toEqual([]);
  });

  it('RSI(14), Wilder smoothing', () => {
    const ours = computeIndicator('rsi', { period: 14 }, spx);
    const ref = new RSI(14);
    const reference = spx.map((b) => ref.add(b.c));
    expect(firstIndex(ours)).toBe(14);
    expect(mismatches(ours, reference, 14)).toEqual([]);
    expect(ours.every((p) => p.value >= 0 && p.value <= 100)).toBe(true);
  });

  it('MACD(12, 26, 9)', () => {
    const ours = computeIndicator('macd', {}, spx);
    const ref = new MACD(new EMA(12), new EMA(26), new EMA(9));
    const reference = spx.map((b) => ref.add(b.c));
    expect(firstIndex(ours)).toBe(33);
    expect(mismatches(ours, reference, 600)).toEqual([]);
    for (const p of ours) expect(p.value.histogram).toBeCloseTo(p.value.macd - p.value.signal, 9);
  });

  it('Bollinger Bands(20, 2), population standard deviation', () => {
    const ours = computeIndicator('bbands', { period: 20, stddev: 2 }, spx);
    const ref = new BollingerBands(20, 2);
    const reference = spx.map((b) => ref.add(b.c));
    expect(firstIndex(ours)).toBe(19);
    expect(mismatches(ours, reference, 19)).toEqual([]);
  });

  it('ATR(14), Wilder smoothing of the true range', () => {
    const ours = computeIndicator('atr', { period: 14 }, spx);
    const ref = new ATR(14);
    const reference = spx.map((b) => ref.add(candle(b)));
    expect(firstIndex(ours)).toBe(13);
    expect(mismatches(ours, reference, 13)).toEqual([]);
  });

  it('VWAP over the whole series (anchor none)', () => {
    const ours = computeIndicator('vwap', { anchor: 'none' }, spx);
    const ref = new VWAP();
    const reference = spx.map((b) => ref.add(candle(b)));
    expect(firstIndex(ours)).toBe(0);
    expect(mismatches(ours, reference, 0)).toEqual([]);
  });

  it('Stochastic(14, 1, 3) and the slow Stochastic(14, 3, 3)', () => {
    const fast = computeIndicator('stoch', { kPeriod: 14, dPeriod: 3 }, spx);
    const refFast = new StochasticOscillator({ kPeriod: 14, kSlowingPeriod: 1, dPeriod: 3 });
    const fastRef = spx.map((b) => {
      const r = refFast.add(candle(b));
      return r && { k: r.stochK, d: r.stochD };
    });
    expect(firstIndex(fast)).toBe(15);
    expect(mismatches(fast, fastRef, 15)).toEqual([]);

    const slow = computeIndicator('stoch', { kPeriod: 14, smoothK: 3, dPeriod: 3 }, spx);
    const refSlow = new StochasticOscillator({ kPeriod: 14, kSlowingPeriod: 3, dPeriod: 3 });
    const slowRef = spx.map((b) => {
      const r = refSlow.add(candle(b));
      return r && { k: r.stochK, d: r.stochD };
    });
    expect(mismatches(slow, slowRef, firstIndex(slow))).toEqual([]);
  });
});

describe('intraday VWAP', () => {
  const history = backfill({
    seed: 11,
    endDate: '2024-06-14',
    minuteSessions: 3,
    universe: DEFAULT_UNIVERSE.slice(0, 1),
  });
  const minutes = history.symbols.SPY!.minute;

  it('resets at each New York trading day (checked with a direct formula and with trading-signals)', () => {
    const ours = computeIndicator('vwap', {}, minutes);
    expect(ours).toHaveLength(minutes.length);
    let day = '';
    let pv = 0;
    let vol = 0;
    let ref = new VWAP();
    const bad: string[] = [];
    minutes.forEach((b, i) => {
      const d = nyDate(new Date(b.t));
      if (d !== day) {
        day = d;
        pv = 0;
        vol = 0;
        ref = new VWAP();
      }
      pv += ((b.h + b.l + b.c) / 3) * b.v;
      vol += b.v;
      const direct = pv / vol;
      const library = ref.add(candle(b))!;
      const mine = ours[i]!.value;
      if (Math.abs(mine - direct) > 1e-9 * direct || Math.abs(mine - library) > 1e-9 * direct)
        bad.push(`${b.t}: ${mine} ${direct} ${library}`);
    });
    expect(bad).toEqual([]);
    // The first bar of each day is its own typical price.
    const firstOfDay = minutes[390]!;
    expect(ours[390]!.value).toBeCloseTo((firstOfDay.h + firstOfDay.l + firstOfDay.c) / 3, 9);
  });
});

describe('streaming', () => {
  it('gives, bar by bar, exactly the batch values for every indicator', () => {
    for (const name of INDICATOR_NAMES) {
      const batch = computeIndicator(name, {}, spx);
      const state = createIndicatorState(name);
      const streamed: IndicatorPoint[] = [];
      for (const bar of spx) {
        const p = state.update(bar);
        if (p) streamed.push(p);
      }
      expect(streamed, name).toEqual(batch);
    }
  });

  it('continues from history: values after a bar close equal a recomputation over all bars', () => {
    const state = createIndicatorState('macd');
    for (const bar of spx.slice(0, 4000)) state.update(bar);
    const next = state.update(spx[4000]!);
    expect(next).toEqual(computeIndicator('macd', {}, spx.slice(0, 4001)).at(-1));
  });

  it('returns nothing while warming up', () => {
    const state = createIndicatorState('sma', { period: 3 });
    expect(state.update(spx[0]!)).toBeUndefined();
    expect(state.update(spx[1]!)).toBeUndefined();
    expect(state.update(spx[2]!)).toEqual({ t: spx[2]!.t, value: (spx[0]!.c + spx[1]!.c + spx[2]!.c) / 3 });
  });
});

describe('parameters', () => {
  const rejects = (name: string, params: Record<string, unknown>, message: RegExp) => {
    const attempt = () => createIndicatorState(name, params);
    expect(attempt).toThrow(IndicatorParamsError);
    expect(attempt).toThrow(message);
  };

  it('applies the usual defaults', () => {
    expect(createIndicatorState('macd').params).toEqual({ fast: 12, slow: 26, signal: 9 });
    expect(createIndicatorState('bbands').params).toEqual({ period: 20, stddev: 2 });
    expect(createIndicatorState('stoch').params).toEqual({ kPeriod: 14, smoothK: 1, dPeriod: 3 });
    expect(createIndicatorState('rsi').params).toEqual({ period: 14 });
    expect(createIndicatorState('atr').params).toEqual({ period: 14 });
  });

  it('accepts numbers given as query-string text', () => {
    expect(createIndicatorState('sma', { period: '50' }).params).toEqual({ period: 50 });
  });

  it('rejects unknown indicators and parameters with a 400 error naming them', () => {
    rejects(
      'foo',
      {},
      /unknown indicator 'foo'; expected one of sma, ema, rsi, macd, bbands, atr, vwap, stoch/,
    );
    rejects('sma', { length: 5 }, /unknown parameter 'length'; expected period/);
    const error = (() => {
      try {
        createIndicatorState('sma', { period: 0 });
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(AppError);
    expect(error).toMatchObject({
      code: 'MARKET_DATA_INDICATOR_INVALID',
      status: 400,
      details: { indicator: 'sma', param: 'period' },
    });
  });

  it('rejects bad values', () => {
    rejects('sma', { period: 0 }, /integer from 1 to 1000/);
    rejects('ema', { period: 2.5 }, /integer from 1 to 1000/);
    rejects('rsi', { period: 'abc' }, /'period' must be a number/);
    rejects('macd', { fast: 26, slow: 12 }, /'fast' \(26\) must be less than 'slow' \(12\)/);
    rejects('bbands', { stddev: 0 }, /'stddev' must be > 0/);
    rejects('vwap', { anchor: 'week' }, /'anchor' must be 'day' or 'none'/);
    rejects('stoch', { dPeriod: -1 }, /integer from 1 to 1000/);
  });
});
