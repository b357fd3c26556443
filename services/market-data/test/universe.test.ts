import { describe, expect, it } from 'vitest';
import { MARKET_FACTOR } from '../src/domain/price-model.ts';
import { DEFAULT_UNIVERSE, findAsset } from '../src/domain/universe.ts';

describe('default universe', () => {
  it('lists at least 40 unique symbols including the major ETFs and mega caps', () => {
    const symbols = DEFAULT_UNIVERSE.map((a) => a.symbol);
    expect(symbols.length).toBeGreaterThanOrEqual(40);
    expect(new Set(symbols).size).toBe(symbols.length);
    for (const s of [
      'SPY',
      'QQQ',
      'IWM',
      'DIA',
      'AAPL',
      'MSFT',
      'NVDA',
      'AMZN',
      'GOOGL',
      'META',
      'TSLA',
      'JPM',
    ]) {
      expect(findAsset(DEFAULT_UNIVERSE, s), s).toBeDefined();
    }
  });

  it('has Alpaca asset attributes and sane simulation parameters', () => {
    for (const a of DEFAULT_UNIVERSE) {
      expect(a).toMatchObject({ class: 'us_equity', status: 'active', min_tick: '0.01' });
      expect(['NASDAQ', 'NYSE', 'ARCA']).toContain(a.exchange);
      expect(a.sim.startPrice).toBeGreaterThan(1);
      expect(a.sim.volatility).toBeGreaterThan(0.05);
      expect(a.sim.volatility).toBeLessThan(1);
      expect(a.sim.avgDailyVolume).toBeGreaterThan(100_000);
    }
  });

  it('keeps every systematic variance within the total, so idiosyncratic variance is not negative', () => {
    for (const a of DEFAULT_UNIVERSE) {
      expect((a.sim.beta * MARKET_FACTOR.volatility) ** 2, a.symbol).toBeLessThanOrEqual(
        a.sim.volatility ** 2,
      );
    }
  });
});
