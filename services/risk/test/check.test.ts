import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceDefinition } from '@tradeplane/kit';
import { startTestService, type TestService } from '@tradeplane/kit/testing';
import { riskService } from '../src/index.ts';
import {
  check,
  checkRequest,
  event,
  openAccount,
  outbox,
  startRisk,
  uniqueId,
  waitFor,
  type RiskHarness,
} from './helper.ts';

describe('POST /internal/risk/check', () => {
  let h: RiskHarness;
  beforeAll(async () => {
    h = await startRisk({ background: true });
  });
  afterAll(async () => {
    await h.close();
  });

  it('approves an order within limits and stores the decision with its inputs', async () => {
    const a = await openAccount(h);
    const res = await check(h, checkRequest(a, { qty: '10' }));
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ approved: true, state: 'ACTIVE' });
    expect(body.code).toBeUndefined();
    const decisions = await h.t.service.app.inject({
      method: 'GET',
      url: `/v1/risk/decisions?accountId=${a.accountId}`,
      headers: h.t.as({ userId: a.userId }),
    });
    expect(decisions.statusCode).toBe(200);
    const [d] = decisions.json().data;
    expect(d).toMatchObject({
      id: body.checkId,
      approved: true,
      code: null,
      symbol: 'AAPL',
      side: 'buy',
      state: 'ACTIVE',
    });
    expect(d.inputs.request.order.qty).toBe('10');
    expect(d.inputs.account.cash).toBe('100000');
    expect(d.inputs.priced).toMatchObject({ qty: '10', value: '1001', price: '100.1' });
    expect(d.inputs.limits.maxOrderNotional).toBe('250000');
  });

  it('rejects with a stable code and a human message, stores it and emits risk.check_failed', async () => {
    const a = await openAccount(h, {
      state: {
        cash: '1000',
        buyingPower: '1000',
        equity: '1000',
        startOfDayEquity: '1000',
        highWaterMark: '1000',
      },
    });
    const res = await check(h, checkRequest(a, { qty: '20' }));
    expect(res.json()).toMatchObject({
      approved: false,
      code: 'RISK_INSUFFICIENT_BUYING_POWER',
      message: 'insufficient buying power: order needs $2,002.00, available $1,000.00',
      state: 'ACTIVE',
    });
    const events = (await outbox(h, 'risk.check_failed')).filter(
      (e) => (e.data as { accountId: string }).accountId === a.accountId,
    );
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toEqual({
      accountId: a.accountId,
      userId: a.userId,
      checkId: res.json().checkId,
      code: 'RISK_INSUFFICIENT_BUYING_POWER',
      message: 'insufficient buying power: order needs $2,002.00, available $1,000.00',
      symbol: 'AAPL',
    });
    const row = await h.t.service.ctx.db
      .selectFrom('decisions')
      .select(['approved', 'code', 'message'])
      .where('id', '=', res.json().checkId)
      .executeTakeFirstOrThrow();
    expect(row).toEqual({
      approved: false,
      code: 'RISK_INSUFFICIENT_BUYING_POWER',
      message: expect.stringContaining('$2,002.00'),
    });
  });

  it('rejects an account portfolio does not know as RISK_ACCOUNT_NOT_FOUND', async () => {
    const res = await check(h, checkRequest({ accountId: uniqueId('nope'), userId: 'u-x' }));
    expect(res.json()).toMatchObject({
      approved: false,
      code: 'RISK_ACCOUNT_NOT_FOUND',
      message: 'account not found',
    });
  });

  it("rejects an order on another user's account", async () => {
    const a = await openAccount(h);
    const res = await check(h, checkRequest({ accountId: a.accountId, userId: 'intruder' }));
    expect(res.json()).toMatchObject({ approved: false, code: 'RISK_ACCOUNT_NOT_FOUND' });
  });

  it('rejects a check whose body names another user than the call acts for', async () => {
    const a = await openAccount(h);
    const res = await check(h, checkRequest(a), h.t.asService('orders', { userId: 'someone-else' }));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('RISK_USER_MISMATCH');
  });

  it('rejects orders on a closed account', async () => {
    const a = await openAccount(h);
    await h.deliver(event('account.closed', a));
    expect((await check(h, checkRequest(a))).json()).toMatchObject({
      approved: false,
      code: 'RISK_ACCOUNT_CLOSED',
    });
  });

  it('takes portfolio’s word for an account whose account.opened has not arrived yet', async () => {
    const a = { accountId: uniqueId('late'), userId: uniqueId('user') };
    h.portfolio.set(a);
    expect((await check(h, checkRequest(a))).json()).toMatchObject({ approved: true });
  });

  it('answers 503 when portfolio is unreachable, so orders refuses the order', async () => {
    const a = await openAccount(h);
    h.portfolio.down = true;
    try {
      const res = await check(h, checkRequest(a));
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('RISK_PORTFOLIO_UNAVAILABLE');
    } finally {
      h.portfolio.down = false;
    }
  });

  it('is for platform services only', async () => {
    const a = await openAccount(h);
    const res = await check(h, checkRequest(a), h.t.as({ userId: a.userId }));
    expect(res.statusCode).toBe(403);
    expect(res.json().code).toBe('AUTH_SERVICE_ONLY');
  });

  it('learns accounts from account.opened through its bus subscription', async () => {
    const accountId = uniqueId('bus');
    await h.t.platform.bus.publish([
      event('account.opened', {
        accountId,
        userId: 'u-bus',
        name: 'p',
        cash: '1',
        isDefault: true,
        broker: 'paper',
        marginEnabled: true,
      }),
    ]);
    const row = await waitFor(() =>
      h.t.service.ctx.db
        .selectFrom('accounts')
        .selectAll()
        .where('account_id', '=', accountId)
        .executeTakeFirst(),
    );
    expect(row).toMatchObject({ user_id: 'u-bus', margin_enabled: true });
  });

  it('validates the request against the contract', async () => {
    const a = await openAccount(h);
    const res = await check(h, { ...checkRequest(a), order: { ...checkRequest(a).order, qty: '1e3' } });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('VALIDATION_FAILED');
  });
});

describe('the check over HTTP to portfolio', () => {
  let server: Server;
  let t: TestService;
  const states = new Map<string, unknown>();
  beforeAll(async () => {
    server = createServer((req, res) => {
      const m = /^\/internal\/portfolio\/accounts\/([^/]+)\/state$/.exec(req.url ?? '');
      const state = m ? states.get(decodeURIComponent(m[1]!)) : undefined;
      res.writeHead(state ? 200 : 404, {
        'content-type': state ? 'application/json' : 'application/problem+json',
      });
      res.end(
        JSON.stringify(
          state ?? {
            status: 404,
            code: 'PORTFOLIO_ACCOUNT_NOT_FOUND',
            title: 'Not Found',
            type: 'x',
            detail: 'Account not found',
          },
        ),
      );
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    t = await startTestService(riskService as unknown as ServiceDefinition, {
      startBackground: false,
      env: { PORTFOLIO_URL: url, RISK_PORTFOLIO_TIMEOUT_MS: '500' },
    });
  });
  afterAll(async () => {
    await t.close();
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  const post = (accountId: string, userId: string, qty = '1') =>
    t.service.app.inject({
      method: 'POST',
      url: '/internal/risk/check',
      payload: checkRequest({ accountId, userId }, { qty }),
      headers: t.asService('orders', { userId }),
    });

  it('prices the order on the state portfolio serves', async () => {
    states.set('acct-http', {
      accountId: 'acct-http',
      userId: 'user-http',
      cash: '500',
      equity: '500',
      buyingPower: '500',
      longMarketValue: '0',
      shortMarketValue: '0',
      startOfDayEquity: '500',
      highWaterMark: '500',
      marginEnabled: false,
      positions: [],
    });
    expect((await post('acct-http', 'user-http', '4')).json()).toMatchObject({ approved: true });
    expect((await post('acct-http', 'user-http', '5')).json()).toMatchObject({
      approved: false,
      code: 'RISK_INSUFFICIENT_BUYING_POWER',
    });
    expect((await post('acct-missing', 'user-http')).json()).toMatchObject({
      approved: false,
      code: 'RISK_ACCOUNT_NOT_FOUND',
    });
  });

  it('answers 503 when nothing listens where portfolio should be, and stores no decision', async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
    const before = await t.service.ctx.db.selectFrom('decisions').select('id').execute();
    const res = await post('acct-http', 'user-http');
    expect(res.statusCode).toBe(503);
    expect(res.json()).toMatchObject({ code: 'RISK_PORTFOLIO_UNAVAILABLE', status: 503 });
    const after = await t.service.ctx.db.selectFrom('decisions').select('id').execute();
    expect(after).toHaveLength(before.length);
  });
});
