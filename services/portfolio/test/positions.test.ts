import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAccount, startPortfolio, trade, type Acct, type PortfolioHarness } from './helper.ts';

let h: PortfolioHarness;
beforeAll(async () => {
  h = await startPortfolio();
});
afterAll(async () => {
  await h.close();
});

describe("positions: the asset's exchange, and the day measured from the previous close or today's entry", () => {
  let a: Acct;
  beforeAll(async () => {
    h.clock.set('2026-06-10T15:00:00Z');
    a = await openAccount(h, { cash: '100000' });
    // Long 10 AAPL bought at 140 (an earlier day), short 5 XYZ sold at 20 today.
    await h.deliver(
      trade(a, { symbol: 'AAPL', side: 'buy', qty: '10', price: '140', at: '2026-06-09T15:00:00Z' }),
    );
    await h.deliver(
      trade(a, { symbol: 'XYZ', side: 'sell', qty: '5', price: '20', at: '2026-06-10T14:00:00Z' }),
    );
    h.quotes.set('AAPL', { last: '160' }, false);
    h.quotes.set('XYZ', { last: '22' }, false);
    h.market.setAsset('AAPL', { exchange: 'NASDAQ', marginable: true });
    h.market.setPreviousClose('AAPL', '150');
    h.market.setPreviousClose('XYZ', '25');
  });

  const alpaca = (url: string) =>
    h.t.service.app.inject({ method: 'GET', url, headers: h.t.as({ userId: a.userId, via: 'apikey' }) });
  const native = (url: string) =>
    h.t.service.app.inject({ method: 'GET', url, headers: h.t.as({ userId: a.userId }) });

  it("Alpaca: exchange from market-data, lastday_price the previous close, change_today from it, intraday P&L from it or from today's entry", async () => {
    const list = (await alpaca('/alpaca/v2/positions')).json();
    expect(list.find((p: { symbol: string }) => p.symbol === 'AAPL')).toMatchObject({
      exchange: 'NASDAQ',
      asset_marginable: true,
      current_price: '160',
      lastday_price: '150',
      change_today: '0.066667',
      unrealized_intraday_pl: '100',
      unrealized_intraday_plpc: '0.066667',
      unrealized_pl: '200',
    });
    // A symbol market-data does not list: no exchange; the asset's change from the close it gave.
    expect(list.find((p: { symbol: string }) => p.symbol === 'XYZ')).toMatchObject({
      exchange: '',
      side: 'short',
      lastday_price: '25',
      change_today: '-0.12',
      // Short 5 sold at 20 today, now 22: the short lost 10 today (not the 15 the close would say).
      unrealized_intraday_pl: '-10',
      unrealized_intraday_plpc: '-0.1',
    });
    expect((await alpaca('/alpaca/v2/positions/AAPL')).json()).toEqual(
      list.find((p: { symbol: string }) => p.symbol === 'AAPL'),
    );
  });

  it('native: the same exchange, lastday price, change today and intraday P&L', async () => {
    const one = (await native(`/v1/portfolio/positions/AAPL?accountId=${a.accountId}`)).json();
    expect(one).toMatchObject({
      exchange: 'NASDAQ',
      currentPrice: '160',
      lastdayPrice: '150',
      changeToday: '0.066667',
      unrealizedIntradayPnl: '100',
    });
    const all = (await native(`/v1/portfolio/positions?accountId=${a.accountId}`)).json();
    expect(all.data.find((p: { symbol: string }) => p.symbol === 'XYZ')).toMatchObject({
      exchange: '',
      lastdayPrice: '25',
      changeToday: '-0.12',
      unrealizedIntradayPnl: '-10',
    });
  });

  it("without a close from market-data, the day is measured from the entry of a position opened since the day's roll", async () => {
    h.market.setPreviousClose('XYZ', undefined);
    try {
      const xyz = (await alpaca('/alpaca/v2/positions/XYZ')).json();
      expect(xyz).toMatchObject({
        lastday_price: '20',
        change_today: '0.1',
        unrealized_intraday_pl: '-10',
        unrealized_intraday_plpc: '-0.1',
      });
    } finally {
      h.market.setPreviousClose('XYZ', '25');
    }
  });
});
