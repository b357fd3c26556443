import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { valueAccounts } from '../src/domain/value-accounts.ts';
import { snapshotEquity } from '../src/domain/snapshot-equity.ts';
import {
  get,
  openAccount,
  outbox,
  startPortfolio,
  trade,
  uniqueId,
  type PortfolioHarness,
} from './helper.ts';

describe('valuation, day P&L, history and the state risk reads', () => {
  let h: PortfolioHarness;
  beforeAll(async () => {
    h = await startPortfolio();
  });
  afterAll(async () => {
    await h.close();
  });

  const state = (a: { accountId: string; userId: string }, as = a.userId) =>
    h.t.service.app.inject({
      method: 'GET',
      url: `/internal/portfolio/accounts/${a.accountId}/state`,
      headers: h.t.asService('risk', { userId: as }),
    });

  it('values positions at the last trade, else the mid, else the last fill price', async () => {
    const a = await openAccount(h, { cash: '10000' });
    await h.deliver(trade(a, { symbol: 'AAA', side: 'buy', qty: '10', price: '100' }));
    await h.deliver(trade(a, { symbol: 'BBB', side: 'buy', qty: '10', price: '50' }));
    await h.deliver(trade(a, { symbol: 'CCC', side: 'buy', qty: '10', price: '20' }));
    h.quotes.set('AAA', { last: '110', bid: '109', ask: '111' }, false);
    h.quotes.set('BBB', { last: '0', bid: '54', ask: '56' }, false);
    h.quotes.delete('CCC');
    const s = (await state(a)).json();
    expect(s.positions).toEqual([
      { symbol: 'AAA', qty: '10', avgEntryPrice: '100', marketValue: '1100', lastPrice: '110' },
      { symbol: 'BBB', qty: '10', avgEntryPrice: '50', marketValue: '550', lastPrice: '55' },
      { symbol: 'CCC', qty: '10', avgEntryPrice: '20', marketValue: '200', lastPrice: '20' },
    ]);
    expect(s).toMatchObject({
      accountId: a.accountId,
      userId: a.userId,
      cash: '8300',
      equity: '10150',
      buyingPower: '8300',
      longMarketValue: '1850',
      marginEnabled: false,
    });
  });

  it('gives a margin account Reg T buying power: 2 × equity − gross exposure', async () => {
    const a = await openAccount(h, { cash: '10000', marginEnabled: true });
    await h.deliver(trade(a, { symbol: 'DDD', side: 'sell', qty: '10', price: '100' }));
    h.quotes.set('DDD', { last: '100' }, false);
    const s = (await state(a)).json();
    // cash 11000, short −1000 → equity 10000; 2 × 10000 − 1000 = 19000
    expect(s).toMatchObject({
      cash: '11000',
      shortMarketValue: '-1000',
      equity: '10000',
      buyingPower: '19000',
    });
  });

  it('answers the state only for the user the call acts for', async () => {
    const a = await openAccount(h);
    expect((await state(a, 'intruder')).statusCode).toBe(404);
    expect((await state({ accountId: uniqueId('none'), userId: 'u' })).statusCode).toBe(404);
    const asUser = await h.t.service.app.inject({
      method: 'GET',
      url: `/internal/portfolio/accounts/${a.accountId}/state`,
      headers: h.t.as({ userId: a.userId }),
    });
    expect(asUser.statusCode).toBe(403);
  });

  it('rolls start-of-day equity at UTC midnight, tracks the high-water mark and emits portfolio.valued', async () => {
    h.clock.set('2026-03-10T15:02:30Z');
    const a = await openAccount(h, { cash: '1000' });
    await h.deliver(trade(a, { symbol: 'EEE', side: 'buy', qty: '10', price: '10' }));
    h.quotes.set('EEE', { last: '12' }, false);
    await valueAccounts(h.deps);
    let acc = (await get(h, `/v1/portfolio/accounts/${a.accountId}`, a.userId)).json();
    expect(acc).toMatchObject({
      equity: '1020',
      highWaterMark: '1020',
      startOfDayEquity: '1000',
      dayPnl: '20',
    });
    // Next day: yesterday's last equity is today's start; the move since is the day's P&L.
    h.clock.set('2026-03-11T00:01:00Z');
    h.quotes.set('EEE', { last: '9' }, false);
    await valueAccounts(h.deps);
    acc = (await get(h, `/v1/portfolio/accounts/${a.accountId}`, a.userId)).json();
    expect(acc).toMatchObject({
      equity: '990',
      startOfDayEquity: '1020',
      dayPnl: '-30',
      dayPnlPct: '-0.029412',
      highWaterMark: '1020',
    });
    const pos = (await get(h, `/v1/portfolio/positions/EEE?accountId=${a.accountId}`, a.userId)).json();
    // Intraday moves are measured from the price at the roll.
    expect(pos).toMatchObject({ lastdayPrice: '9', unrealizedIntradayPnl: '0', unrealizedPnl: '-10' });
    const valued = (await outbox(h, 'portfolio.valued'))
      .map((e) => e.data as Record<string, string>)
      .filter((d) => d.accountId === a.accountId);
    expect(valued.map((d) => [d.equity, d.startOfDayEquity, d.highWaterMark])).toEqual([
      ['1020', '1000', '1020'],
      ['990', '1020', '1020'],
    ]);
  });

  it('skips idle accounts: no positions and nothing new since the last valuation', async () => {
    h.clock.set('2026-03-12T10:00:00Z');
    const a = await openAccount(h, { cash: '500' });
    await valueAccounts(h.deps);
    const count = async () =>
      (await outbox(h, 'portfolio.valued')).filter(
        (e) => (e.data as { accountId: string }).accountId === a.accountId,
      ).length;
    expect(await count()).toBe(1);
    h.clock.advance(60_000);
    await valueAccounts(h.deps);
    expect(await count()).toBe(1);
  });

  it('serves history at 5Min, 1H and 1D from the snapshots, P&L from the first point', async () => {
    h.clock.set('2026-03-20T09:00:00Z');
    const a = await openAccount(h, { cash: '1000' });
    await h.deliver(trade(a, { symbol: 'FFF', side: 'buy', qty: '10', price: '10' }));
    const prices = ['10', '11', '12', '9', '10.5'];
    for (const [i, p] of prices.entries()) {
      h.clock.set(new Date(Date.UTC(2026, 2, 20, 9 + Math.floor(i / 2), (i % 2) * 30 + 1)).toISOString());
      h.quotes.set('FFF', { last: p }, false);
      await snapshotEquity(h.deps);
    }
    const five = (
      await get(h, `/v1/portfolio/history?accountId=${a.accountId}&timeframe=5Min&period=1D`, a.userId)
    ).json();
    // The opening balance's snapshot (09:00) is overwritten by the 09:01 one, in the same bucket.
    expect(five.points.map((p: { equity: string }) => p.equity)).toEqual([
      '1000',
      '1010',
      '1020',
      '990',
      '1005',
    ]);
    expect(five.baseValue).toBe('1000');
    expect(five.points[2]).toMatchObject({
      at: '2026-03-20T10:00:00.000Z',
      equity: '1020',
      profitLoss: '20',
      profitLossPct: '0.02',
    });
    const hourly = (
      await get(h, `/v1/portfolio/history?accountId=${a.accountId}&timeframe=1H&period=1D`, a.userId)
    ).json();
    expect(hourly.points.map((p: { at: string; equity: string }) => [p.at.slice(11, 16), p.equity])).toEqual([
      ['09:00', '1010'],
      ['10:00', '990'],
      ['11:00', '1005'],
    ]);
    const daily = (
      await get(h, `/v1/portfolio/history?accountId=${a.accountId}&timeframe=1D&period=1W`, a.userId)
    ).json();
    expect(daily.points).toEqual([
      { at: '2026-03-20T00:00:00.000Z', equity: '1005', profitLoss: '0', profitLossPct: '0' },
    ]);
    const bad = await get(h, `/v1/portfolio/history?accountId=${a.accountId}&timeframe=2Min`, a.userId);
    expect(bad.statusCode).toBe(422);
    expect(bad.json().code).toBe('PORTFOLIO_INVALID_HISTORY');
  });
});
