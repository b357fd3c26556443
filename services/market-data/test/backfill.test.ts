import { describe, expect, it } from 'vitest';
import { backfill, lastPrices } from '../src/domain/backfill.ts';
import { aggregateBars, type Bar } from '../src/domain/bars.ts';
import { calendar, nyDate, nyseCalendar } from '../src/domain/calendar.ts';
import { MarketSimulator } from '../src/domain/simulator.ts';
import { DEFAULT_UNIVERSE, findAsset } from '../src/domain/universe.ts';
import { inconsistentBars } from './bar-checks.ts';

const logReturns = (bars: readonly Bar[]) => bars.slice(1).map((b, i) => Math.log(b.c / bars[i]!.c));

function correlation(a: readonly number[], b: readonly number[]): number {
  const n = Math.min(a.length, b.length);
  const ma = a.slice(0, n).reduce((s, x) => s + x, 0) / n;
  const mb = b.slice(0, n).reduce((s, x) => s + x, 0) / n;
  let cov = 0;
  let va = 0;
  let vb = 0;
  for (let i = 0; i < n; i++) {
    cov += (a[i]! - ma) * (b[i]! - mb);
    va += (a[i]! - ma) ** 2;
    vb += (b[i]! - mb) ** 2;
  }
  return cov / Math.sqrt(va * vb);
}

describe('backfill', () => {
  // Ends 2024-12-31: the last 10 sessions include the 13:00 close of Christmas Eve.
  const result = backfill({ seed: 42, endDate: '2024-12-31' });

  it('covers every asset with two years of daily bars, one per session', () => {
    const sessions = calendar('2023-01-01', '2024-12-31');
    expect(Object.keys(result.symbols)).toEqual(DEFAULT_UNIVERSE.map((a) => a.symbol));
    for (const history of Object.values(result.symbols)) {
      expect(history.daily.map((b) => nyDate(new Date(b.t)))).toEqual(sessions.map((s) => s.date));
      expect(history.daily[0]!.t).toBe('2023-01-03T05:00:00Z');
      expect(inconsistentBars(history.daily)).toEqual([]);
    }
  });

  it('has the last 10 sessions in minute bars, 390 a day and 210 on an early-close day', () => {
    expect(result.minuteSessions.map((s) => s.date)).toEqual([
      '2024-12-17',
      '2024-12-18',
      '2024-12-19',
      '2024-12-20',
      '2024-12-23',
      '2024-12-24',
      '2024-12-26',
      '2024-12-27',
      '2024-12-30',
      '2024-12-31',
    ]);
    for (const history of Object.values(result.symbols)) {
      expect(history.minute).toHaveLength(9 * 390 + 210);
      expect(inconsistentBars(history.minute)).toEqual([]);
      const christmasEve = history.minute.filter((b) => nyDate(new Date(b.t)) === '2024-12-24');
      expect(christmasEve).toHaveLength(210);
      expect(christmasEve.at(-1)!.t).toBe('2024-12-24T17:59:00Z');
      expect(history.minute.every((b) => nyseCalendar.sessionAt(new Date(b.t)) !== undefined)).toBe(true);
    }
  });

  it('makes each minute-resolution day’s daily bar exactly the aggregate of its minute bars', () => {
    for (const history of Object.values(result.symbols)) {
      const derived = aggregateBars(history.minute, '1Day');
      expect(history.daily.slice(-10)).toEqual(derived);
    }
  });

  it('continues one price path from daily into minute bars', () => {
    for (const history of Object.values(result.symbols)) {
      const lastDaily = history.daily.at(-11)!;
      const firstMinute = history.minute[0]!;
      expect(Math.abs(Math.log(firstMinute.o / lastDaily.c))).toBeLessThan(0.15);
    }
  });

  it('is deterministic for a seed', () => {
    const again = backfill({ seed: 42, endDate: '2024-12-31', universe: DEFAULT_UNIVERSE.slice(0, 3) });
    for (const [symbol, history] of Object.entries(again.symbols))
      expect(history).toEqual(result.symbols[symbol]);
    const other = backfill({ seed: 43, endDate: '2024-12-31', universe: DEFAULT_UNIVERSE.slice(0, 3) });
    expect(other.symbols.SPY!.daily).not.toEqual(result.symbols.SPY!.daily);
  });

  it('hands its last closes to the live simulator, which carries on from them', () => {
    const prices = lastPrices(result);
    expect(prices.AAPL).toBe(result.symbols.AAPL!.daily.at(-1)!.c);
    const sim = new MarketSimulator({ seed: 42, startPrices: prices });
    sim.step(new Date('2025-01-02T14:30:00Z'));
    expect(sim.latestTrade('AAPL')!.p).toBe(prices.AAPL);
  });

  it('moves high-beta symbols together over a long run', () => {
    const long = backfill({
      seed: 1,
      endDate: '2024-12-31',
      dailyYears: 10,
      minuteSessions: 0,
      universe: DEFAULT_UNIVERSE.filter((a) => ['NVDA', 'AMD', 'GLD', 'SPY', 'QQQ'].includes(a.symbol)),
    });
    const r = (s: string) => logReturns(long.symbols[s]!.daily);
    expect(r('NVDA').length).toBeGreaterThan(2500);
    expect(correlation(r('NVDA'), r('AMD'))).toBeGreaterThan(0.3);
    expect(correlation(r('SPY'), r('QQQ'))).toBeGreaterThan(0.6);
    expect(Math.abs(correlation(r('NVDA'), r('GLD')))).toBeLessThan(0.25);
  });

  it('realises roughly each symbol’s configured volatility', () => {
    const long = backfill({
      seed: 2,
      endDate: '2024-12-31',
      dailyYears: 10,
      minuteSessions: 0,
      universe: DEFAULT_UNIVERSE.filter((a) => ['AAPL', 'KO', 'TSLA'].includes(a.symbol)),
    });
    for (const [symbol, history] of Object.entries(long.symbols)) {
      const rs = logReturns(history.daily);
      const mean = rs.reduce((s, x) => s + x, 0) / rs.length;
      const vol = Math.sqrt((rs.reduce((s, x) => s + (x - mean) ** 2, 0) / rs.length) * 252);
      const target = findAsset(DEFAULT_UNIVERSE, symbol)!.sim.volatility;
      expect(vol / target, symbol).toBeGreaterThan(0.8);
      expect(vol / target, symbol).toBeLessThan(1.3);
    }
  });

  it('backfills continuous UTC days in always mode', () => {
    const always = backfill({
      seed: 5,
      endDate: '2024-06-09',
      mode: 'always',
      dailyYears: 1,
      minuteSessions: 2,
      universe: DEFAULT_UNIVERSE.slice(0, 1),
    });
    const spy = always.symbols.SPY!;
    expect(spy.daily).toHaveLength(366);
    expect(spy.minute).toHaveLength(2 * 1440);
    expect(spy.daily.at(-1)!.t).toBe('2024-06-09T00:00:00Z');
  });

  it('rejects bad options', () => {
    expect(() => backfill({ seed: 1, endDate: '2024-13-01' })).toThrow(RangeError);
    expect(() => backfill({ seed: 1, endDate: '2024-12-31', dailyYears: 0 })).toThrow(RangeError);
  });
});
