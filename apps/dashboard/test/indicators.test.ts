import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { bollinger, ema, macd, rsi, sma } from '../src/lib/indicators.ts';
// The second implementation: the market-data service's, which serves /v1/market/indicators.
import { computeIndicator } from '../../../services/market-data/src/domain/indicators.ts';

/** Real S&P 500 daily closes (vega-datasets, 2000-01-03 … 2020-04-17). */
function sp500(): { t: string; h: number; l: number; c: number; v: number }[] {
  // The package exports only its JS entry; the data directory sits next to build/.
  const entry = createRequire(import.meta.url).resolve('vega-datasets');
  const path = join(dirname(entry), '..', 'data', 'sp500-2000.csv');
  return readFileSync(path, 'utf8')
    .trim()
    .split('\n')
    .slice(1)
    .map((line) => {
      const [date, , high, low, close, , volume] = line.split(',');
      return { t: `${date}T00:00:00Z`, h: Number(high), l: Number(low), c: Number(close), v: Number(volume) };
    });
}

const close = (a: number | null | undefined, b: number, digits = 9) => {
  expect(a).not.toBeNull();
  expect(a!).toBeCloseTo(b, digits);
};

describe('indicators', () => {
  it('SMA is the mean of the last N values, null while warming up', () => {
    expect(sma([1, 2, 3, 4, 5], 3)).toEqual([null, null, 2, 3, 4]);
    expect(sma([5], 1)).toEqual([5]);
    expect(sma([1, 2], 3)).toEqual([null, null]);
  });

  it('EMA is seeded with the SMA of its first N values', () => {
    const out = ema([2, 4, 6, 8, 10], 3);
    expect(out.slice(0, 2)).toEqual([null, null]);
    close(out[2], 4); // (2 + 4 + 6) / 3
    close(out[3], 8 * 0.5 + 4 * 0.5); // α = 2 / (3 + 1)
    close(out[4], 10 * 0.5 + 6 * 0.5);
  });

  it('Bollinger Bands use the population standard deviation', () => {
    const b = bollinger([2, 4, 4, 4, 5, 5, 7, 9], 8, 2);
    // The classic example: mean 5, population σ 2.
    expect(b[7]).toEqual({ upper: 9, middle: 5, lower: 1 });
    expect(b.slice(0, 7).every((x) => x === null)).toBe(true);
  });

  it("RSI follows Wilder's worked example", () => {
    // Wilder-style data (StockCharts' RSI table): first RSI(14) ≈ 70.53, then 66.32.
    const data = [
      44.3389, 44.0902, 44.1497, 43.6124, 44.3278, 44.8264, 45.0955, 45.4245, 45.8433, 46.0826, 45.8931,
      46.0328, 45.614, 46.282, 46.282, 46.0028, 46.0328, 46.4116, 46.2222, 45.6439,
    ];
    const out = rsi(data, 14);
    expect(out.slice(0, 14).every((x) => x === null)).toBe(true);
    close(out[14], 70.53, 1);
    close(out[15], 66.32, 1);
    expect(rsi([1, 1, 1, 1], 2)[3]).toBe(50);
    expect(rsi([1, 2, 3, 4], 2)[3]).toBe(100);
  });

  it('MACD: line = EMA(fast) − EMA(slow), histogram = line − signal', () => {
    const values = Array.from({ length: 80 }, (_, i) => 100 + 10 * Math.sin(i / 5) + i * 0.3);
    const m = macd(values, 12, 26, 9);
    const f = ema(values, 12);
    const s = ema(values, 26);
    const first = m.findIndex((x) => x !== null);
    expect(first).toBe(26 - 1 + 9 - 1);
    for (let i = first; i < values.length; i++) {
      close(m[i]!.macd, f[i]! - s[i]!);
      close(m[i]!.histogram, m[i]!.macd - m[i]!.signal);
    }
    expect(() => macd(values, 26, 12, 9)).toThrow(RangeError);
  });

  it('rejects a period that is not a positive integer', () => {
    expect(() => sma([1], 0)).toThrow(RangeError);
    expect(() => ema([1], 1.5)).toThrow(RangeError);
  });

  it('SMA and EMA agree with straightforward re-computations on any series', () => {
    fc.assert(
      fc.property(
        fc.array(fc.double({ min: 1, max: 1000, noNaN: true }), { minLength: 1, maxLength: 60 }),
        fc.integer({ min: 1, max: 20 }),
        (values, period) => {
          const s = sma(values, period);
          const e = ema(values, period);
          values.forEach((_, i) => {
            if (i < period - 1) {
              expect(s[i]).toBeNull();
              expect(e[i]).toBeNull();
              return;
            }
            const window = values.slice(i - period + 1, i + 1);
            expect(s[i]!).toBeCloseTo(window.reduce((a, b) => a + b, 0) / period, 6);
            // An EMA always lies within the range of what it has seen.
            expect(e[i]!).toBeGreaterThanOrEqual(Math.min(...values.slice(0, i + 1)) - 1e-9);
            expect(e[i]!).toBeLessThanOrEqual(Math.max(...values.slice(0, i + 1)) + 1e-9);
          });
        },
      ),
    );
  });

  describe('matches the market-data service (/v1/market/indicators) on real S&P 500 closes', () => {
    const bars = sp500();
    const closes = bars.map((b) => b.c);
    const byTime = <T>(points: { t: string; value: T }[]) => new Map(points.map((p) => [p.t, p.value]));

    it('has the data', () => {
      expect(bars.length).toBe(5105);
    });

    it('SMA(20), EMA(50), RSI(14)', () => {
      for (const [name, mine, params] of [
        ['sma', sma(closes, 20), { period: 20 }],
        ['ema', ema(closes, 50), { period: 50 }],
        ['rsi', rsi(closes, 14), { period: 14 }],
      ] as const) {
        const theirs = byTime(computeIndicator(name, params, bars));
        let compared = 0;
        mine.forEach((v, i) => {
          const t = theirs.get(bars[i]!.t);
          if (t === undefined) return expect(v).toBeNull();
          close(v, t as number, 6);
          compared++;
        });
        expect(compared).toBe(theirs.size);
      }
    });

    it('Bollinger(20, 2) and MACD(12, 26, 9)', () => {
      const bb = byTime(computeIndicator('bbands', { period: 20, stddev: 2 }, bars));
      bollinger(closes, 20, 2).forEach((v, i) => {
        const t = bb.get(bars[i]!.t);
        if (!t) return expect(v).toBeNull();
        close(v!.upper, t.upper, 6);
        close(v!.middle, t.middle, 6);
        close(v!.lower, t.lower, 6);
      });
      const md = byTime(computeIndicator('macd', { fast: 12, slow: 26, signal: 9 }, bars));
      macd(closes, 12, 26, 9).forEach((v, i) => {
        const t = md.get(bars[i]!.t);
        if (!t) return expect(v).toBeNull();
        close(v!.macd, t.macd, 6);
        close(v!.signal, t.signal, 6);
        close(v!.histogram, t.histogram, 6);
      });
    });
  });
});
