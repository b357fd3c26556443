import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, checkRequest, event, openAccount, outbox, startRisk, type RiskHarness } from './helper.ts';

describe('trading state, kill switch and breakers', () => {
  let h: RiskHarness;
  beforeAll(async () => {
    h = await startRisk();
  });
  afterAll(async () => {
    await h.close();
  });

  const as = (userId: string) => h.t.as({ userId });
  const getState = (a: { accountId: string; userId: string }) =>
    h.t.service.app.inject({
      method: 'GET',
      url: `/v1/risk/state?accountId=${a.accountId}`,
      headers: as(a.userId),
    });
  const putState = (a: { accountId: string; userId: string }, state: string, reason?: string) =>
    h.t.service.app.inject({
      method: 'PUT',
      url: `/v1/risk/state?accountId=${a.accountId}`,
      payload: { state, ...(reason ? { reason } : {}) },
      headers: as(a.userId),
    });
  const killSwitch = (a: { accountId: string; userId: string }, engaged: boolean) =>
    h.t.service.app.inject({
      method: 'POST',
      url: '/v1/risk/kill-switch',
      payload: { accountId: a.accountId, engaged },
      headers: as(a.userId),
    });
  const changes = async (accountId: string) =>
    (await outbox(h, 'risk.state_changed'))
      .map((e) => e.data as { accountId: string; from: string; to: string; reason: string })
      .filter((d) => d.accountId === accountId);

  it('starts ACTIVE', async () => {
    const a = await openAccount(h);
    const res = await getState(a);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      accountId: a.accountId,
      state: 'ACTIVE',
      killSwitchEngaged: false,
      dayTradeCount: 0,
    });
  });

  it('the kill switch halts every order until released, emitting risk.state_changed both ways', async () => {
    const a = await openAccount(h);
    const engaged = await killSwitch(a, true);
    expect(engaged.json()).toMatchObject({
      state: 'HALTED',
      killSwitchEngaged: true,
      changedBy: 'kill_switch',
    });
    expect((await check(h, checkRequest(a))).json()).toMatchObject({
      approved: false,
      code: 'RISK_TRADING_HALTED',
      message: 'trading is halted on this account',
      state: 'HALTED',
    });
    // While engaged the owner cannot simply set ACTIVE.
    const blocked = await putState(a, 'ACTIVE');
    expect(blocked.statusCode).toBe(409);
    expect(blocked.json().code).toBe('RISK_KILL_SWITCH_ENGAGED');
    const released = await killSwitch(a, false);
    expect(released.json()).toMatchObject({ state: 'ACTIVE', killSwitchEngaged: false });
    expect((await check(h, checkRequest(a))).json()).toMatchObject({ approved: true });
    expect(await changes(a.accountId)).toEqual([
      {
        accountId: a.accountId,
        userId: a.userId,
        from: 'ACTIVE',
        to: 'HALTED',
        reason: 'kill switch engaged',
      },
      {
        accountId: a.accountId,
        userId: a.userId,
        from: 'HALTED',
        to: 'ACTIVE',
        reason: 'kill switch released',
      },
    ]);
  });

  it('the owner sets REDUCING by hand: only shrinking orders pass', async () => {
    const a = await openAccount(h, {
      state: {
        positions: [
          { symbol: 'AAPL', qty: '10', avgEntryPrice: '90', marketValue: '1000', lastPrice: '100' },
        ],
      },
    });
    const res = await putState(a, 'REDUCING', 'winding down');
    expect(res.json()).toMatchObject({ state: 'REDUCING', reason: 'winding down', changedBy: 'user' });
    expect((await check(h, checkRequest(a, { side: 'sell', qty: '10' }))).json()).toMatchObject({
      approved: true,
    });
    expect((await check(h, checkRequest(a, { side: 'buy', qty: '1' }))).json()).toMatchObject({
      approved: false,
      code: 'RISK_REDUCING_ONLY',
    });
    expect(await changes(a.accountId)).toEqual([
      { accountId: a.accountId, userId: a.userId, from: 'ACTIVE', to: 'REDUCING', reason: 'winding down' },
    ]);
  });

  it('the daily-loss breaker trips on portfolio.valued and emits risk.state_changed', async () => {
    const a = await openAccount(h);
    await h.deliver(
      event('portfolio.valued', {
        accountId: a.accountId,
        userId: a.userId,
        equity: '95000',
        cash: '10000',
        at: h.clock.current.toISOString(),
        startOfDayEquity: '100000',
        highWaterMark: '100000',
      }),
    );
    expect((await getState(a)).json()).toMatchObject({
      state: 'ACTIVE',
      lastEquity: '95000',
      startOfDayEquity: '100000',
    });
    await h.deliver(
      event('portfolio.valued', {
        accountId: a.accountId,
        userId: a.userId,
        equity: '89999.99',
        cash: '10000',
        at: new Date(h.clock.current.getTime() + 60_000).toISOString(),
        startOfDayEquity: '100000',
        highWaterMark: '100000',
      }),
    );
    const st = (await getState(a)).json();
    expect(st).toMatchObject({ state: 'REDUCING', changedBy: 'breaker:daily_loss' });
    expect(st.reason).toBe(
      'daily loss 10% (equity $89,999.99 vs $100,000.00 at the start of the day) reached the limit of 10%',
    );
    expect(await changes(a.accountId)).toEqual([
      { accountId: a.accountId, userId: a.userId, from: 'ACTIVE', to: 'REDUCING', reason: st.reason },
    ]);
  });

  it('the drawdown breaker trips at check time from the high-water mark, to the configured action', async () => {
    const a = await openAccount(h, {
      state: {
        equity: '74000',
        cash: '74000',
        buyingPower: '74000',
        startOfDayEquity: '74000',
        highWaterMark: '100000',
      },
    });
    await h.t.service.app.inject({
      method: 'PUT',
      url: `/v1/risk/limits?accountId=${a.accountId}`,
      payload: { drawdownAction: 'HALTED' },
      headers: as(a.userId),
    });
    const res = (await check(h, checkRequest(a))).json();
    expect(res).toMatchObject({ approved: false, code: 'RISK_TRADING_HALTED', state: 'HALTED' });
    const st = (await getState(a)).json();
    expect(st).toMatchObject({ state: 'HALTED', changedBy: 'breaker:drawdown', highWaterMark: '100000' });
    expect(st.reason).toBe('drawdown 26% from the high-water mark $100,000.00 reached the limit of 25%');
    expect((await changes(a.accountId)).map((c) => c.to)).toEqual(['HALTED']);
  });

  it('after the owner resumes, the breakers stay quiet for the rest of the day and trip again the next day', async () => {
    const a = await openAccount(h, {
      state: {
        equity: '80000',
        cash: '80000',
        buyingPower: '80000',
        startOfDayEquity: '100000',
        highWaterMark: '100000',
      },
    });
    expect((await check(h, checkRequest(a))).json()).toMatchObject({
      approved: false,
      code: 'RISK_REDUCING_ONLY',
    });
    expect((await putState(a, 'ACTIVE')).json()).toMatchObject({ state: 'ACTIVE' });
    expect((await check(h, checkRequest(a))).json()).toMatchObject({ approved: true });
    const saved = h.clock.current;
    try {
      h.clock.set('2026-03-11T15:00:00Z');
      expect((await check(h, checkRequest(a))).json()).toMatchObject({
        approved: false,
        code: 'RISK_REDUCING_ONLY',
      });
    } finally {
      h.clock.current = saved;
    }
  });

  it('does not show or change another user’s state', async () => {
    const a = await openAccount(h);
    const other = { accountId: a.accountId, userId: 'someone-else' };
    for (const res of [
      await getState(other),
      await putState(other, 'HALTED'),
      await killSwitch(other, true),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('RISK_ACCOUNT_NOT_FOUND');
    }
    expect((await getState(a)).json().state).toBe('ACTIVE');
  });

  it('serves the state summary portfolio shows in the Alpaca account', async () => {
    const a = await openAccount(h);
    await killSwitch(a, true);
    const res = await h.t.service.app.inject({
      method: 'GET',
      url: `/internal/risk/accounts/${a.accountId}/summary`,
      headers: h.t.asService('portfolio', { userId: a.userId }),
    });
    expect(res.json()).toEqual({
      accountId: a.accountId,
      state: 'HALTED',
      dayTradeCount: 0,
      patternDayTrader: false,
    });
    const wrongUser = await h.t.service.app.inject({
      method: 'GET',
      url: `/internal/risk/accounts/${a.accountId}/summary`,
      headers: h.t.asService('portfolio', { userId: 'intruder' }),
    });
    expect(wrongUser.statusCode).toBe(404);
  });

  it('an account reset clears a tripped breaker and restarts the baseline', async () => {
    const a = await openAccount(h, {
      state: {
        equity: '50000',
        cash: '50000',
        buyingPower: '50000',
        startOfDayEquity: '100000',
        highWaterMark: '100000',
      },
    });
    expect((await check(h, checkRequest(a))).json()).toMatchObject({ code: 'RISK_REDUCING_ONLY' });
    await h.deliver(
      event(
        'account.reset',
        { accountId: a.accountId, userId: a.userId, cash: '50000' },
        new Date(h.clock.current.getTime() + 1000).toISOString(),
      ),
    );
    h.portfolio.set({
      accountId: a.accountId,
      userId: a.userId,
      equity: '50000',
      cash: '50000',
      buyingPower: '50000',
      startOfDayEquity: '50000',
      highWaterMark: '50000',
    });
    expect((await getState(a)).json()).toMatchObject({
      state: 'ACTIVE',
      highWaterMark: '50000',
      changedBy: 'reset',
    });
    expect((await check(h, checkRequest(a))).json()).toMatchObject({ approved: true });
  });
});
