import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { businessWindowStart, tradingDate } from '../src/domain/calendar.ts';
import {
  check,
  checkRequest,
  event,
  openAccount,
  outbox,
  startRisk,
  uniqueId,
  type RiskHarness,
} from './helper.ts';

describe('compliance rules', () => {
  let h: RiskHarness;
  beforeAll(async () => {
    h = await startRisk();
  });
  afterAll(async () => {
    await h.close();
  });

  const as = (userId: string) => h.t.as({ userId });
  const fill = (
    a: { accountId: string; userId: string },
    side: 'buy' | 'sell',
    qty: string,
    at: string,
    orderId = uniqueId('ord'),
  ) =>
    h.deliver(
      event('trade.executed', {
        tradeId: uniqueId('trd'),
        orderId,
        accountId: a.accountId,
        userId: a.userId,
        symbol: 'AAPL',
        side,
        qty,
        price: '100',
        commission: '0',
        at,
      }),
    );
  const state = async (a: { accountId: string; userId: string }) =>
    (
      await h.t.service.app.inject({
        method: 'GET',
        url: `/v1/risk/state?accountId=${a.accountId}`,
        headers: as(a.userId),
      })
    ).json();
  const setRules = (a: { accountId: string; userId: string }, rules: { id: string; enabled: boolean }[]) =>
    h.t.service.app.inject({
      method: 'PUT',
      url: `/v1/risk/compliance?accountId=${a.accountId}`,
      payload: { rules },
      headers: as(a.userId),
    });

  // 2026-03-10 is a Tuesday; 15:00Z is 11:00 in New York.
  const small = {
    equity: '20000',
    cash: '20000',
    buyingPower: '20000',
    startOfDayEquity: '20000',
    highWaterMark: '20000',
  };

  it('counts a business-day window of five days, weekends skipped', () => {
    expect(businessWindowStart('2026-03-10')).toBe('2026-03-04');
    expect(businessWindowStart('2026-03-14')).toBe('2026-03-09');
    expect(tradingDate(new Date('2026-03-11T02:00:00Z'))).toBe('2026-03-10');
  });

  it('counts day trades once per closing order, not for shares held overnight', async () => {
    const a = await openAccount(h, { state: small });
    await fill(a, 'buy', '10', '2026-03-09T15:00:00Z');
    // Yesterday's shares sold today: no day trade.
    await fill(a, 'sell', '10', '2026-03-10T14:00:00Z');
    expect((await state(a)).dayTradeCount).toBe(0);
    // Bought and sold today, the sell in two fills of one order: one day trade.
    await fill(a, 'buy', '10', '2026-03-10T14:10:00Z');
    const closing = uniqueId('ord');
    await fill(a, 'sell', '4', '2026-03-10T14:20:00Z', closing);
    await fill(a, 'sell', '6', '2026-03-10T14:21:00Z', closing);
    expect((await state(a)).dayTradeCount).toBe(1);
    // Short and cover the same day: a second one.
    await fill(a, 'sell', '5', '2026-03-10T14:30:00Z');
    await fill(a, 'buy', '5', '2026-03-10T14:40:00Z');
    expect((await state(a)).dayTradeCount).toBe(2);
  });

  it('a redelivered execution does not count twice', async () => {
    const a = await openAccount(h, { state: small });
    await fill(a, 'buy', '10', '2026-03-10T14:00:00Z');
    const sell = event('trade.executed', {
      tradeId: uniqueId('trd'),
      orderId: uniqueId('ord'),
      accountId: a.accountId,
      userId: a.userId,
      symbol: 'AAPL',
      side: 'sell',
      qty: '10',
      price: '101',
      commission: '0',
      at: '2026-03-10T14:05:00Z',
    });
    expect(await h.deliver(sell)).toBe(true);
    expect(await h.deliver(sell)).toBe(false);
    expect((await state(a)).dayTradeCount).toBe(1);
  });

  it('blocks the 4th day trade in 5 business days under $25,000, with the rule’s code and message', async () => {
    const a = await openAccount(h, { state: small });
    for (const day of ['2026-03-05', '2026-03-06', '2026-03-09']) {
      await fill(a, 'buy', '1', `${day}T15:00:00Z`);
      await fill(a, 'sell', '1', `${day}T15:30:00Z`);
    }
    await fill(a, 'buy', '10', '2026-03-10T14:00:00Z');
    expect((await state(a)).dayTradeCount).toBe(3);
    h.portfolio.set({
      ...a,
      ...small,
      positions: [{ symbol: 'AAPL', qty: '10', avgEntryPrice: '100', marketValue: '1000', lastPrice: '100' }],
    });
    const res = (await check(h, checkRequest(a, { side: 'sell', qty: '10' }))).json();
    expect(res).toEqual({
      checkId: expect.any(String),
      approved: false,
      code: 'COMPLIANCE_DAY_TRADE_LIMIT',
      message:
        'day-trade limit: 3 day trades in the last 5 business days and equity $20,000.00 is under $25,000.00; this order would be day trade 4',
      state: 'ACTIVE',
    });
    const flagged = (await outbox(h, 'compliance.flagged')).filter(
      (e) => (e.data as { accountId: string }).accountId === a.accountId,
    );
    expect(flagged.map((e) => (e.data as { rule: string }).rule)).toEqual(['day-trade-limit']);
    // Buying more is not a day trade: allowed.
    expect((await check(h, checkRequest(a, { side: 'buy', qty: '1' }))).json()).toMatchObject({
      approved: true,
    });
    // With $25,000 or more the rule does not apply.
    h.portfolio.set({
      ...a,
      equity: '25000',
      cash: '24000',
      buyingPower: '24000',
      startOfDayEquity: '25000',
      highWaterMark: '25000',
      positions: [{ symbol: 'AAPL', qty: '10', avgEntryPrice: '100', marketValue: '1000', lastPrice: '100' }],
    });
    expect((await check(h, checkRequest(a, { side: 'sell', qty: '10' }))).json()).toMatchObject({
      approved: true,
    });
  });

  it('is switchable per account: off for one account, still on for another', async () => {
    const mk = async () => {
      const a = await openAccount(h, { state: small });
      for (const day of ['2026-03-05', '2026-03-06', '2026-03-09']) {
        await fill(a, 'buy', '1', `${day}T15:00:00Z`);
        await fill(a, 'sell', '1', `${day}T15:30:00Z`);
      }
      await fill(a, 'buy', '10', '2026-03-10T14:00:00Z');
      h.portfolio.set({
        ...a,
        ...small,
        positions: [
          { symbol: 'AAPL', qty: '10', avgEntryPrice: '100', marketValue: '1000', lastPrice: '100' },
        ],
      });
      return a;
    };
    const off = await mk();
    const on = await mk();
    const res = await setRules(off, [{ id: 'day-trade-limit', enabled: false }]);
    expect(res.statusCode).toBe(200);
    expect(res.json().rules).toEqual([
      { id: 'day-trade-limit', description: expect.stringContaining('4th day trade'), enabled: false },
      { id: 'wash-trade', description: expect.any(String), enabled: true },
    ]);
    expect((await check(h, checkRequest(off, { side: 'sell', qty: '10' }))).json()).toMatchObject({
      approved: true,
    });
    expect((await check(h, checkRequest(on, { side: 'sell', qty: '10' }))).json()).toMatchObject({
      code: 'COMPLIANCE_DAY_TRADE_LIMIT',
    });
    // The counter keeps counting while the rule is off.
    await fill(off, 'sell', '10', '2026-03-10T15:00:00Z');
    expect((await state(off)).dayTradeCount).toBe(4);
    expect((await state(off)).patternDayTrader).toBe(true);
  });

  it('the wash-trade guard blocks an order crossing the account’s own working order', async () => {
    const a = await openAccount(h, {
      state: {
        positions: [
          { symbol: 'AAPL', qty: '100', avgEntryPrice: '90', marketValue: '10000', lastPrice: '100' },
        ],
      },
    });
    const working = { workingOrders: [{ side: 'sell' as const, symbol: 'AAPL', limitPrice: '100.50' }] };
    const crossing = (await check(h, checkRequest(a, { type: 'limit', limitPrice: '101' }, working))).json();
    expect(crossing).toMatchObject({
      approved: false,
      code: 'COMPLIANCE_WASH_TRADE',
      message: 'wash trade: this buy at $101.00 would trade against your own working sell of AAPL at $100.50',
    });
    expect((await check(h, checkRequest(a, { qty: '1' }, working))).json()).toMatchObject({
      code: 'COMPLIANCE_WASH_TRADE',
    });
    // Below the working sell's price, or in another symbol: no cross.
    expect(
      (await check(h, checkRequest(a, { type: 'limit', limitPrice: '100.49' }, working))).json(),
    ).toMatchObject({ approved: true });
    expect((await check(h, checkRequest(a, { symbol: 'MSFT' }, working))).json()).toMatchObject({
      approved: true,
    });
    await setRules(a, [{ id: 'wash-trade', enabled: false }]);
    expect(
      (await check(h, checkRequest(a, { type: 'limit', limitPrice: '101' }, working))).json(),
    ).toMatchObject({ approved: true });
  });

  it('an approval by the wash-trade guard holds only while no order appears on the other side', async () => {
    const a = await openAccount(h);
    // Nothing to cross now; an order placed on the other side at the same instant would void it.
    const approved = (await check(h, checkRequest(a, { type: 'limit', limitPrice: '99' }))).json();
    expect(approved).toMatchObject({ approved: true, headroom: { crossingOrders: 0 } });
    // A stop waits for its trigger and crosses nothing: no such condition.
    const stop = (await check(h, checkRequest(a, { type: 'stop', stopPrice: '110' }))).json();
    expect(stop.approved).toBe(true);
    expect(stop.headroom.crossingOrders).toBeUndefined();
    await setRules(a, [{ id: 'wash-trade', enabled: false }]);
    const off = (await check(h, checkRequest(a, { type: 'limit', limitPrice: '99' }))).json();
    expect(off.approved).toBe(true);
    expect(off.headroom.crossingOrders).toBeUndefined();
  });

  it('the wash-trade guard reads the per-symbol summary orders sends', async () => {
    const a = await openAccount(h, {
      state: {
        positions: [
          { symbol: 'AAPL', qty: '100', avgEntryPrice: '90', marketValue: '10000', lastPrice: '100' },
        ],
      },
    });
    const summary = (rows: { side: 'buy' | 'sell'; atMarket?: number; min: string; max: string }[]) => ({
      workingSummary: rows.map((r) => ({
        symbol: 'AAPL',
        side: r.side,
        count: 3,
        atMarket: r.atMarket ?? 0,
        minLimitPrice: r.min,
        maxLimitPrice: r.max,
      })),
    });
    const sells = summary([{ side: 'sell', min: '100.50', max: '120' }]);
    // A buy meets the lowest working sell.
    expect(
      (await check(h, checkRequest(a, { type: 'limit', limitPrice: '101' }, sells))).json(),
    ).toMatchObject({
      approved: false,
      code: 'COMPLIANCE_WASH_TRADE',
      message: 'wash trade: this buy at $101.00 would trade against your own working sell of AAPL at $100.50',
    });
    expect(
      (await check(h, checkRequest(a, { type: 'limit', limitPrice: '100.49' }, sells))).json(),
    ).toMatchObject({ approved: true });
    // A sell meets the highest working buy; buys on its own side never count.
    const buys = summary([{ side: 'buy', min: '90', max: '99' }]);
    expect(
      (
        await check(h, checkRequest(a, { side: 'sell', type: 'limit', limitPrice: '98', qty: '1' }, buys))
      ).json(),
    ).toMatchObject({ code: 'COMPLIANCE_WASH_TRADE' });
    expect(
      (
        await check(h, checkRequest(a, { side: 'sell', type: 'limit', limitPrice: '99.01', qty: '1' }, buys))
      ).json(),
    ).toMatchObject({ approved: true });
    expect(
      (await check(h, checkRequest(a, { type: 'limit', limitPrice: '101' }, buys))).json(),
    ).toMatchObject({
      approved: true,
    });
    // A working order at market crosses anything.
    const atMarket = summary([{ side: 'sell', atMarket: 1, min: '150', max: '150' }]);
    expect(
      (await check(h, checkRequest(a, { type: 'limit', limitPrice: '50' }, atMarket))).json(),
    ).toMatchObject({
      code: 'COMPLIANCE_WASH_TRADE',
      message: 'wash trade: this buy at $50.00 would trade against your own working sell of AAPL at market',
    });
  });

  it('rejects an unknown rule id and another user’s account', async () => {
    const a = await openAccount(h);
    const unknown = await setRules(a, [{ id: 'no-such-rule', enabled: true }]);
    expect(unknown.statusCode).toBe(400);
    expect(unknown.json().code).toBe('RISK_UNKNOWN_COMPLIANCE_RULE');
    const other = await h.t.service.app.inject({
      method: 'GET',
      url: `/v1/risk/compliance?accountId=${a.accountId}`,
      headers: as('intruder'),
    });
    expect(other.statusCode).toBe(404);
    expect(other.json().code).toBe('RISK_ACCOUNT_NOT_FOUND');
  });
});
