import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotEquity } from '../src/domain/snapshot-equity.ts';
import { openAccount, startPortfolio, trade, type Acct, type PortfolioHarness } from './helper.ts';

let h: PortfolioHarness;
beforeAll(async () => {
  h = await startPortfolio();
});
afterAll(async () => {
  await h.close();
});

const secs = (iso: string) => Date.parse(iso) / 1000;

describe('portfolio history ends with the equity now', () => {
  let a: Acct;
  beforeAll(async () => {
    h.clock.set('2026-06-10T14:00:00Z');
    a = await openAccount(h, { cash: '1000' });
    await h.deliver(
      trade(a, { symbol: 'HST', side: 'buy', qty: '10', price: '10', at: '2026-06-10T14:01:00Z' }),
    );
    h.quotes.set('HST', { last: '11' }, false);
    h.clock.set('2026-06-10T14:05:00Z');
    await snapshotEquity(h.deps);
    // Prices move after the last snapshot: only a live point can show it.
    h.clock.set('2026-06-10T14:17:30Z');
    h.quotes.set('HST', { last: '13' }, false);
    h.market.sessionState = { open: true, extended: true };
  });

  const alpaca = (q: string) =>
    h.t.service.app.inject({
      method: 'GET',
      url: `/alpaca/v2/account/portfolio/history${q}`,
      headers: h.t.as({ userId: a.userId, via: 'apikey' }),
    });

  it('Alpaca: the last point is the current bucket at the live quotes, P&L from base_value', async () => {
    const body = (await alpaca('?period=1D&timeframe=5Min')).json();
    expect(body).toEqual({
      timestamp: [secs('2026-06-10T14:00:00Z'), secs('2026-06-10T14:05:00Z'), secs('2026-06-10T14:15:00Z')],
      equity: [1000, 1010, 1030],
      profit_loss: [0, 10, 30],
      profit_loss_pct: [0, 0.01, 0.03],
      base_value: 1000,
      base_value_asof: '2026-06-10',
      timeframe: '5Min',
    });
    for (const [i, e] of body.equity.entries())
      expect(body.profit_loss[i]).toBeCloseTo(e - body.base_value, 9);
    const daily = (await alpaca('?period=1W&timeframe=1D')).json();
    expect(daily).toMatchObject({
      timestamp: [secs('2026-06-10T00:00:00Z')],
      equity: [1030],
      base_value: 1030,
      timeframe: '1D',
    });
  });

  it('native: the same live point', async () => {
    const res = await h.t.service.app.inject({
      method: 'GET',
      url: `/v1/portfolio/history?accountId=${a.accountId}&period=1D&timeframe=5Min`,
      headers: h.t.as({ userId: a.userId }),
    });
    expect(res.json().points.at(-1)).toEqual({
      at: '2026-06-10T14:15:00.000Z',
      equity: '1030',
      profitLoss: '30',
      profitLossPct: '0.03',
    });
  });

  it('no live point for a range that ends before now', async () => {
    const past = (await alpaca('?period=1D&timeframe=5Min&end=2026-06-10T14:10:00Z')).json();
    expect(past.equity).toEqual([1000, 1010]);
    const yesterday = (await alpaca('?period=1W&timeframe=1D&date_end=2026-06-09')).json();
    expect(yesterday.equity).toEqual([]);
    expect(yesterday).not.toHaveProperty('base_value_asof');
    const fromStart = (await alpaca('?start=2026-06-10T14:00:00Z&period=1D&timeframe=5Min')).json();
    expect(fromStart.equity.at(-1)).toBe(1030);
  });

  it('market_hours (the default) shows now only while the market is open; extended_hours and continuous as Alpaca says', async () => {
    try {
      h.market.sessionState = { open: false, extended: true };
      expect((await alpaca('?period=1D&timeframe=5Min')).json().equity).toEqual([1000, 1010]);
      expect(
        (await alpaca('?period=1D&timeframe=5Min&intraday_reporting=extended_hours')).json().equity,
      ).toEqual([1000, 1010, 1030]);
      expect((await alpaca('?period=1D&timeframe=5Min&extended_hours=true')).json().equity.at(-1)).toBe(1030);
      h.market.sessionState = { open: false, extended: false };
      expect(
        (await alpaca('?period=1D&timeframe=5Min&intraday_reporting=extended_hours')).json().equity,
      ).toEqual([1000, 1010]);
      expect(
        (await alpaca('?period=1D&timeframe=5Min&intraday_reporting=continuous')).json().equity.at(-1),
      ).toBe(1030);
      // market-data can't say: the current equity is shown.
      h.market.sessionState = undefined;
      expect((await alpaca('?period=1D&timeframe=5Min')).json().equity.at(-1)).toBe(1030);
    } finally {
      h.market.sessionState = { open: true, extended: true };
    }
  });

  it('defaults the timeframe by the range and refuses what Alpaca refuses', async () => {
    expect((await alpaca('?period=1D')).json().timeframe).toBe('5Min');
    expect((await alpaca('?period=2W')).json().timeframe).toBe('15Min');
    expect((await alpaca('')).json().timeframe).toBe('1D');
    for (const q of [
      '?period=3M&timeframe=1H',
      '?start=2026-06-01T00:00:00Z&end=2026-06-10T00:00:00Z&period=1W',
      '?start=2026-06-10T00:00:00Z&end=2026-06-01T00:00:00Z',
      '?intraday_reporting=sometimes',
      '?period=0D',
    ]) {
      const res = await alpaca(q);
      expect(res.statusCode, q).toBe(422);
      expect(res.json().code, q).toBe(42210000);
    }
  });
});
