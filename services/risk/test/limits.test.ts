import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, checkRequest, openAccount, startRisk, type RiskHarness } from './helper.ts';

describe('limits and decisions', () => {
  let h: RiskHarness;
  beforeAll(async () => {
    h = await startRisk({ env: { RISK_MAX_ORDER_NOTIONAL: '50000', RISK_PRICE_COLLAR_PCT: 'off' } });
  });
  afterAll(async () => {
    await h.close();
  });

  const as = (userId: string) => h.t.as({ userId });
  const get = (accountId: string, userId: string) =>
    h.t.service.app.inject({
      method: 'GET',
      url: `/v1/risk/limits?accountId=${accountId}`,
      headers: as(userId),
    });
  const put = (accountId: string, userId: string, payload: unknown) =>
    h.t.service.app.inject({
      method: 'PUT',
      url: `/v1/risk/limits?accountId=${accountId}`,
      payload: payload as object,
      headers: as(userId),
    });

  it('creates an account’s limits from the configured defaults', async () => {
    const a = await openAccount(h);
    const res = await get(a.accountId, a.userId);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      accountId: a.accountId,
      maxOrderNotional: '50000',
      maxPositionPct: '100',
      maxOpenOrders: 200,
      allowSymbols: [],
      denySymbols: [],
      priceCollarPct: null,
      dailyLossLimitPct: '10',
      maxDrawdownPct: '25',
      dailyLossAction: 'REDUCING',
      drawdownAction: 'REDUCING',
      shortingEnabled: true,
      updatedAt: expect.any(String),
    });
  });

  it('changes only the limits named, normalizing symbols, and the next check uses them', async () => {
    const a = await openAccount(h);
    const res = await put(a.accountId, a.userId, {
      maxOrderNotional: '500.50',
      denySymbols: ['tsla', ' gme '],
      priceCollarPct: '5',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      maxOrderNotional: '500.5',
      denySymbols: ['GME', 'TSLA'],
      priceCollarPct: '5',
      maxOpenOrders: 200,
    });
    expect((await check(h, checkRequest(a, { symbol: 'TSLA', qty: '1' }))).json()).toMatchObject({
      code: 'RISK_SYMBOL_NOT_ALLOWED',
    });
    expect((await check(h, checkRequest(a, { qty: '6' }))).json()).toMatchObject({
      code: 'RISK_ORDER_NOTIONAL_EXCEEDED',
    });
    expect((await check(h, checkRequest(a, { qty: '5' }))).json()).toMatchObject({ approved: true });
    const disabled = await put(a.accountId, a.userId, { maxOrderNotional: null });
    expect(disabled.json().maxOrderNotional).toBeNull();
    expect((await check(h, checkRequest(a, { qty: '6' }))).json()).toMatchObject({ approved: true });
  });

  it('rejects limits that make no sense', async () => {
    const a = await openAccount(h);
    const zero = await put(a.accountId, a.userId, { maxOrderNotional: '0' });
    expect(zero.statusCode).toBe(400);
    expect(zero.json().code).toBe('RISK_INVALID_LIMITS');
    const both = await put(a.accountId, a.userId, { allowSymbols: ['AAPL'], denySymbols: ['aapl'] });
    expect(both.json()).toMatchObject({
      code: 'RISK_INVALID_LIMITS',
      detail: 'symbols both allowed and denied: AAPL',
    });
    const negative = await put(a.accountId, a.userId, { maxPositionPct: '-5' });
    expect(negative.statusCode).toBe(400);
    expect(negative.json().code).toBe('VALIDATION_FAILED');
    const unknown = await put(a.accountId, a.userId, { bogus: 1 });
    expect(unknown.statusCode).toBe(400);
  });

  it("answers 404 for another user's account, reading or writing", async () => {
    const a = await openAccount(h);
    for (const res of [
      await get(a.accountId, 'intruder'),
      await put(a.accountId, 'intruder', { maxOpenOrders: 1 }),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('RISK_ACCOUNT_NOT_FOUND');
    }
    expect((await get(a.accountId, a.userId)).json().maxOpenOrders).toBe(200);
    const decisions = await h.t.service.app.inject({
      method: 'GET',
      url: `/v1/risk/decisions?accountId=${a.accountId}`,
      headers: as('intruder'),
    });
    expect(decisions.statusCode).toBe(404);
  });

  it('lists decisions newest first in pages', async () => {
    const a = await openAccount(h);
    const ids: string[] = [];
    for (const qty of ['1', '2', '3']) ids.push((await check(h, checkRequest(a, { qty }))).json().checkId);
    const page1 = (
      await h.t.service.app.inject({
        method: 'GET',
        url: `/v1/risk/decisions?accountId=${a.accountId}&limit=2`,
        headers: as(a.userId),
      })
    ).json();
    expect(page1.data.map((d: { id: string }) => d.id)).toEqual([ids[2], ids[1]]);
    const page2 = (
      await h.t.service.app.inject({
        method: 'GET',
        url: `/v1/risk/decisions?accountId=${a.accountId}&limit=2&cursor=${page1.nextCursor}`,
        headers: as(a.userId),
      })
    ).json();
    expect(page2.data.map((d: { id: string }) => d.id)).toEqual([ids[0]]);
    expect(page2.nextCursor).toBeNull();
  });
});
