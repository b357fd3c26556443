import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEvent } from '@tradeplane/kit';
import {
  call,
  getOrder,
  newSymbol,
  newUser,
  outbox,
  place,
  quote,
  startOrders,
  waitFor,
  type OrdersHarness,
} from './helper.ts';

/** Accounts, and the lifecycle of orders on them: cancel, replace, risk, ownership, idempotency. */

let h: OrdersHarness;
beforeAll(async () => {
  h = await startOrders();
});
afterAll(async () => h?.close());

const limitBuy = (symbol: string, extra: Record<string, unknown> = {}) => ({
  symbol,
  side: 'buy',
  type: 'limit',
  timeInForce: 'gtc',
  qty: '10',
  limitPrice: '90',
  ...extra,
});

describe('cancel', () => {
  it('cancels a working order once; a second cancel and a cancel after fill answer 422', async () => {
    const u = newUser();
    const s = newSymbol(h);
    const o = await place(h, u, limitBuy(s));
    const res = await call(h, 'DELETE', `/v1/orders/${o.id}`, u);
    expect(res.statusCode).toBe(200);
    expect(res.json().status).toBe('canceled');
    const again = await call(h, 'DELETE', `/v1/orders/${o.id}`, u);
    expect([again.statusCode, again.json().code]).toEqual([422, 'ORDERS_NOT_CANCELABLE']);
    // No fill after the acknowledged cancel, even when the market comes to the order.
    await quote(h, s, '80', '80.10');
    expect((await getOrder(h, u, o.id)).filledQty).toBe('0');

    const filled = await place(h, u, {
      symbol: s,
      side: 'buy',
      type: 'market',
      timeInForce: 'day',
      qty: '1',
    });
    expect(filled.status).toBe('filled');
    const late = await call(h, 'DELETE', `/v1/orders/${filled.id}`, u);
    expect([late.statusCode, late.json().code, late.json().detail]).toEqual([
      422,
      'ORDERS_NOT_CANCELABLE',
      'order is already in "filled" state',
    ]);
    expect((await outbox(h, 'order.canceled')).filter((e) => e.data.order.id === o.id)).toHaveLength(1);
  });

  it('cancels all open orders of an account with one status per order (207)', async () => {
    const u = newUser();
    const s = newSymbol(h);
    const a = await place(h, u, limitBuy(s));
    const b = await place(
      h,
      u,
      limitBuy(s, {
        orderClass: 'bracket',
        takeProfit: { limitPrice: '120' },
        stopLoss: { stopPrice: '80' },
      }),
    );
    await place(h, u, { symbol: s, side: 'buy', type: 'market', timeInForce: 'day', qty: '1' });
    const res = await call(h, 'DELETE', '/v1/orders', u);
    expect(res.statusCode).toBe(207);
    const ids = res.json().data.map((d: any) => [d.id, d.status]);
    expect(ids).toEqual(
      expect.arrayContaining([
        [a.id, 200],
        [b.id, 200],
      ]),
    );
    expect(ids).toHaveLength(2);
    const bracket = await getOrder(h, u, b.id);
    expect([bracket.status, ...bracket.legs.map((l: any) => l.status)]).toEqual([
      'canceled',
      'canceled',
      'canceled',
    ]);
  });
});

describe('replace', () => {
  it('replaces a working order: the old one is replaced, a new linked one works in its place', async () => {
    const u = newUser();
    const s = newSymbol(h);
    const o = await place(h, u, limitBuy(s));
    const res = await call(h, 'PATCH', `/v1/orders/${o.id}`, u, { limitPrice: '95', qty: '4' });
    expect(res.statusCode).toBe(200);
    const fresh = res.json();
    expect([fresh.status, fresh.limitPrice, fresh.qty, fresh.replaces]).toEqual(['new', '95', '4', o.id]);
    expect(fresh.id).not.toBe(o.id);
    const old = await getOrder(h, u, o.id);
    expect([old.status, old.replacedBy]).toEqual(['replaced', fresh.id]);
    expect((await outbox(h, 'order.replaced')).find((e) => e.data.order.id === o.id)?.data.replacedBy).toBe(
      fresh.id,
    );
    await quote(h, s, '94', '94.50');
    expect((await getOrder(h, u, fresh.id)).status).toBe('filled');
    expect((await getOrder(h, u, o.id)).filledQty).toBe('0');
    const again = await call(h, 'PATCH', `/v1/orders/${o.id}`, u, { limitPrice: '96' });
    expect([again.statusCode, again.json().code]).toEqual([422, 'ORDERS_NOT_REPLACEABLE']);
    const filled = await call(h, 'PATCH', `/v1/orders/${fresh.id}`, u, { limitPrice: '96' });
    expect(filled.statusCode).toBe(422);
  });

  it('a replacement risk refuses leaves the original working', async () => {
    const u = newUser();
    const s = newSymbol(h);
    const o = await place(h, u, limitBuy(s));
    h.risk.mode = 'reject';
    try {
      const res = await call(h, 'PATCH', `/v1/orders/${o.id}`, u, { qty: '1000' });
      expect([res.statusCode, res.json().code]).toEqual([403, 'RISK_INSUFFICIENT_BUYING_POWER']);
    } finally {
      h.risk.mode = 'approve';
    }
    expect((await getOrder(h, u, o.id)).status).toBe('new');
  });
});

describe('the pre-trade risk check', () => {
  it('stores a rejected order with the risk code and answers 403', async () => {
    const u = newUser();
    const s = newSymbol(h);
    h.risk.mode = 'reject';
    let res;
    try {
      res = await call(h, 'POST', '/v1/orders', u, {
        symbol: s,
        side: 'buy',
        type: 'market',
        timeInForce: 'day',
        qty: '1000000',
      });
    } finally {
      h.risk.mode = 'approve';
    }
    expect(res.statusCode).toBe(403);
    expect(res.json()).toMatchObject({
      code: 'RISK_INSUFFICIENT_BUYING_POWER',
      detail: 'insufficient buying power',
    });
    const stored = await getOrder(h, u, res.json().orderId);
    expect([stored.status, stored.rejectCode, stored.filledQty]).toEqual([
      'rejected',
      'RISK_INSUFFICIENT_BUYING_POWER',
      '0',
    ]);
    const ev = (await outbox(h, 'order.rejected')).find((e) => e.data.order.id === stored.id);
    expect(ev?.data).toMatchObject({
      code: 'RISK_INSUFFICIENT_BUYING_POWER',
      reason: 'insufficient buying power',
    });
    expect((await outbox(h, 'order.accepted')).some((e) => e.data.order.id === stored.id)).toBe(false);
  });

  it('refuses the order with 503 when risk cannot answer, storing and sending nothing', async () => {
    const u = newUser();
    const s = newSymbol(h);
    h.risk.mode = 'fail';
    let res;
    try {
      res = await call(h, 'POST', '/v1/orders', u, {
        symbol: s,
        side: 'buy',
        type: 'market',
        timeInForce: 'day',
        qty: '1',
        clientOrderId: 'retry-me',
      });
    } finally {
      h.risk.mode = 'approve';
    }
    expect([res.statusCode, res.json().code]).toEqual([503, 'ORDERS_RISK_UNAVAILABLE']);
    const list = await call(h, 'GET', '/v1/orders?status=all', u);
    expect(list.json().data).toEqual([]);
    // Nothing happened, so the same client_order_id works once risk is back.
    expect(
      (
        await place(h, u, {
          symbol: s,
          side: 'buy',
          type: 'market',
          timeInForce: 'day',
          qty: '1',
          clientOrderId: 'retry-me',
        })
      ).status,
    ).toBe('filled');
  });

  it('tells risk what the account already has working', async () => {
    const u = newUser();
    const s = newSymbol(h);
    await place(h, u, limitBuy(s, { qty: '10', limitPrice: '90' }));
    await place(h, u, {
      symbol: s,
      side: 'sell',
      type: 'limit',
      timeInForce: 'gtc',
      qty: '3',
      limitPrice: '150',
    });
    await place(h, u, limitBuy(s, { qty: '1', limitPrice: '80' }));
    const last = h.risk.calls.at(-1)!;
    expect(last.openOrders).toEqual({ count: 2, pendingBuyNotional: '900', pendingSellQty: { [s]: '3' } });
    // Per symbol and side, summed by the database: the request does not grow with the orders.
    expect(last.workingOrders).toBeUndefined();
    expect(last.workingSummary).toEqual([
      { symbol: s, side: 'buy', count: 1, atMarket: 0, minLimitPrice: '90', maxLimitPrice: '90' },
      { symbol: s, side: 'sell', count: 1, atMarket: 0, minLimitPrice: '150', maxLimitPrice: '150' },
    ]);
    expect(last.quote).toEqual({ bid: '100', ask: '100.1', last: '100.05' });
  });
});

describe('ownership', () => {
  it("answers 404 for another user's order, never its data", async () => {
    const owner = newUser();
    const other = newUser();
    const s = newSymbol(h);
    const o = await place(h, owner, limitBuy(s, { clientOrderId: 'mine-1' }));
    for (const [method, url, body] of [
      ['GET', `/v1/orders/${o.id}`, undefined],
      ['PATCH', `/v1/orders/${o.id}`, { limitPrice: '91' }],
      ['DELETE', `/v1/orders/${o.id}`, undefined],
      ['GET', `/v1/orders:by_client_order_id?client_order_id=mine-1`, undefined],
      ['GET', `/alpaca/v2/orders/${o.id}`, undefined],
      ['DELETE', `/alpaca/v2/orders/${o.id}`, undefined],
    ] as const) {
      const res = await call(h, method, url, other, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.body).not.toContain(s);
    }
    const otherAccount = await call(h, 'GET', `/v1/orders?accountId=${o.accountId}`, other);
    expect([otherAccount.statusCode, otherAccount.json().code]).toEqual([404, 'ORDERS_ACCOUNT_NOT_FOUND']);
    expect((await getOrder(h, owner, o.id)).status).toBe('new');
  });
});

describe('idempotent submission', () => {
  it('50 parallel submissions with one client_order_id create exactly one order', async () => {
    const u = newUser();
    const s = newSymbol(h);
    await call(h, 'GET', '/v1/accounts', u);
    const body = {
      symbol: s,
      side: 'buy',
      type: 'limit',
      timeInForce: 'day',
      qty: '1',
      limitPrice: '90',
      clientOrderId: 'same-coid',
    };
    const answers = await Promise.all(
      Array.from({ length: 50 }, () => call(h, 'POST', '/v1/orders', u, body)),
    );
    const statuses = answers.map((r) => r.statusCode);
    expect(statuses.filter((c) => c === 201)).toHaveLength(1);
    expect(statuses.filter((c) => c === 422)).toHaveLength(49);
    expect(new Set(answers.filter((r) => r.statusCode === 422).map((r) => r.json().code))).toEqual(
      new Set(['ORDERS_CLIENT_ORDER_ID_NOT_UNIQUE']),
    );
    const list = await call(h, 'GET', '/v1/orders?status=all', u);
    expect(list.json().data).toHaveLength(1);
    expect(
      (await outbox(h, 'order.accepted')).filter(
        (e) => e.data.order.clientOrderId === 'same-coid' && e.data.order.userId === u,
      ),
    ).toHaveLength(1);
  });

  it('refuses a client_order_id reused after a cancel, and finds orders by it', async () => {
    const u = newUser();
    const s = newSymbol(h);
    const o = await place(h, u, limitBuy(s, { clientOrderId: 'once' }));
    await call(h, 'DELETE', `/v1/orders/${o.id}`, u);
    const reuse = await call(h, 'POST', '/v1/orders', u, limitBuy(s, { clientOrderId: 'once' }));
    expect([reuse.statusCode, reuse.json().detail]).toEqual([422, 'client_order_id must be unique']);
    const found = await call(h, 'GET', '/v1/orders:by_client_order_id?client_order_id=once', u);
    expect([found.statusCode, found.json().id]).toEqual([200, o.id]);
    const viaAlias = await call(h, 'GET', '/v1/orders/by-client-order-id?clientOrderId=once', u);
    expect(viaAlias.json().id).toBe(o.id);
    // Generated when absent: a UUID.
    expect((await place(h, u, limitBuy(s))).clientOrderId).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('Idempotency-Key: a retry gets the first answer, another body under the key gets 422', async () => {
    const u = newUser();
    const s = newSymbol(h);
    const key = { 'idempotency-key': 'key-1' };
    const body = { symbol: s, side: 'buy', type: 'market', timeInForce: 'day', qty: '2' };
    const first = await call(h, 'POST', '/v1/orders', u, body, key);
    const retry = await call(h, 'POST', '/v1/orders', u, body, key);
    expect(first.statusCode).toBe(201);
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toEqual(first.json());
    expect(retry.headers['idempotent-replayed']).toBe('true');
    const other = await call(h, 'POST', '/v1/orders', u, { ...body, qty: '3' }, key);
    expect([other.statusCode, other.json().code]).toEqual([422, 'IDEMPOTENCY_KEY_REUSED']);
    expect((await call(h, 'GET', '/v1/orders?status=all', u)).json().data).toHaveLength(1);
    // Keys are per user: another user's identical key is unrelated.
    expect((await call(h, 'POST', '/v1/orders', newUser(), body, key)).statusCode).toBe(201);
  });

  it('Idempotency-Key: a retry while the first is in flight gets 409; a refused first answer is replayed too', async () => {
    const u = newUser();
    const s = newSymbol(h);
    const key = { 'idempotency-key': 'slow-key' };
    const body = { symbol: s, side: 'buy', type: 'market', timeInForce: 'day', qty: '2' };
    let release!: () => void;
    let entered!: () => void;
    const gate = new Promise<void>((r) => (release = r));
    const reachedRisk = new Promise<void>((r) => (entered = r));
    const original = h.risk.check.bind(h.risk);
    h.risk.check = async (req) => {
      entered();
      await gate;
      return original(req);
    };
    try {
      const first = call(h, 'POST', '/v1/orders', u, body, key);
      // The first request holds the key from before the risk check until its answer is stored.
      await reachedRisk;
      const second = await call(h, 'POST', '/v1/orders', u, body, key);
      expect([second.statusCode, second.json().code]).toEqual([409, 'IDEMPOTENCY_IN_PROGRESS']);
      release();
      expect((await first).statusCode).toBe(201);
    } finally {
      release();
      h.risk.check = original;
    }
    h.risk.mode = 'reject';
    try {
      const refused = await call(
        h,
        'POST',
        '/v1/orders',
        u,
        { ...body, qty: '5' },
        { 'idempotency-key': 'refused' },
      );
      expect(refused.statusCode).toBe(403);
      h.risk.mode = 'approve';
      const replay = await call(
        h,
        'POST',
        '/v1/orders',
        u,
        { ...body, qty: '5' },
        { 'idempotency-key': 'refused' },
      );
      expect([replay.statusCode, replay.json().code]).toEqual([403, 'RISK_INSUFFICIENT_BUYING_POWER']);
    } finally {
      h.risk.mode = 'approve';
    }
  });
});

describe('internal orders for portfolio', () => {
  it('places an order for a user account, and answers a retry with the same order', async () => {
    const u = newUser();
    const s = newSymbol(h);
    const accounts = await call(h, 'GET', '/v1/accounts', u);
    const accountId = accounts.json().data[0].id;
    const body = {
      accountId,
      userId: u,
      symbol: s,
      side: 'sell',
      type: 'market',
      timeInForce: 'day',
      qty: '1',
      clientOrderId: 'sl-exit-1',
    };
    const res = await h.t.service.app.inject({
      method: 'POST',
      url: '/internal/orders',
      headers: h.t.asService('portfolio'),
      payload: body,
    });
    expect(res.statusCode).toBe(201);
    const retry = await h.t.service.app.inject({
      method: 'POST',
      url: '/internal/orders',
      headers: h.t.asService('portfolio'),
      payload: body,
    });
    expect([retry.statusCode, retry.json().id]).toEqual([200, res.json().id]);
    const asUser = await h.t.service.app.inject({
      method: 'POST',
      url: '/internal/orders',
      headers: h.t.as({ userId: u }),
      payload: body,
    });
    expect(asUser.statusCode).toBe(403);
    const wrongOwner = await h.t.service.app.inject({
      method: 'POST',
      url: '/internal/orders',
      headers: h.t.asService('portfolio'),
      payload: { ...body, userId: newUser(), clientOrderId: 'x' },
    });
    expect(wrongOwner.statusCode).toBe(404);
  });
});

const accountsOf = async (userId: string) =>
  (await call(h, 'GET', '/v1/accounts', userId)).json().data as any[];

describe('default account', () => {
  it('opens a $100,000 paper account when user.registered arrives, once however often it is delivered', async () => {
    const u = newUser();
    const event = buildEvent('identity', {
      type: 'user.registered',
      data: { userId: u, email: 'a@example.com', role: 'user' },
    });
    await h.t.platform.bus.publish([event, event]);
    const opened = await waitFor(async () => {
      const rows = (await outbox(h, 'account.opened')).filter((e) => e.data.userId === u);
      return rows.length > 0 ? rows : undefined;
    }, 'account.opened');
    expect(opened).toHaveLength(1);
    expect(opened[0]!.data).toMatchObject({
      userId: u,
      cash: '100000',
      isDefault: true,
      broker: 'paper',
      marginEnabled: false,
    });
    const list = await accountsOf(u);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ isDefault: true, cash: '100000', broker: 'paper', status: 'active' });
  });

  it('opens it on first use when the event has not arrived yet, and the late event adds nothing', async () => {
    const u = newUser();
    expect(await accountsOf(u)).toHaveLength(1);
    const event = buildEvent('identity', {
      type: 'user.registered',
      data: { userId: u, email: 'b@example.com', role: 'user' },
    });
    await h.t.platform.bus.publish([event]);
    await waitFor(async () => {
      const row = await h.rt.deps.db
        .selectFrom('inbox')
        .select('event_id')
        .where('event_id', '=', event.id)
        .executeTakeFirst();
      return row ?? undefined;
    }, 'inbox record');
    expect(await accountsOf(u)).toHaveLength(1);
    expect((await outbox(h, 'account.opened')).filter((e) => e.data.userId === u)).toHaveLength(1);
  });
});

describe('accounts', () => {
  it('creates more paper accounts with their own cash, and routes orders to the named one', async () => {
    const u = newUser();
    const res = await call(h, 'POST', '/v1/accounts', u, { name: 'Swing', cash: '25000.50' });
    expect(res.statusCode).toBe(201);
    const acc = res.json();
    expect(acc).toMatchObject({
      name: 'Swing',
      cash: '25000.5',
      isDefault: false,
      broker: 'paper',
      alpaca: null,
    });
    expect((await outbox(h, 'account.opened')).find((e) => e.data.accountId === acc.id)?.data.cash).toBe(
      '25000.5',
    );
    const s = newSymbol(h);
    const o = await place(h, u, {
      accountId: acc.id,
      symbol: s,
      side: 'buy',
      type: 'limit',
      limitPrice: '1',
      timeInForce: 'gtc',
      qty: '1',
    });
    expect(o.accountId).toBe(acc.id);
    const list = await call(h, 'GET', `/v1/orders?accountId=${acc.id}`, u);
    expect(list.json().data.map((x: any) => x.id)).toEqual([o.id]);
    expect((await call(h, 'GET', '/v1/orders', u)).json().data).toEqual([]);
    expect((await accountsOf(u)).map((a) => a.name)).toEqual(['Paper', 'Swing']);
  });

  it("answers 404 ORDERS_ACCOUNT_NOT_FOUND for another user's account on every route", async () => {
    const owner = newUser();
    const other = newUser();
    const acc = (await call(h, 'POST', '/v1/accounts', owner, { name: 'Mine' })).json();
    const s = newSymbol(h);
    for (const [method, url, body] of [
      ['GET', `/v1/accounts/${acc.id}`, undefined],
      ['POST', `/v1/accounts/${acc.id}/reset`, { cash: '1' }],
      ['POST', `/v1/accounts/${acc.id}/close`, undefined],
      ['GET', `/v1/orders?accountId=${acc.id}`, undefined],
      ['DELETE', `/v1/orders?accountId=${acc.id}`, undefined],
      [
        'POST',
        '/v1/orders',
        { accountId: acc.id, symbol: s, side: 'buy', type: 'market', timeInForce: 'day', qty: '1' },
      ],
      ['GET', '/v1/accounts/not-a-uuid', undefined],
    ] as const) {
      const res = await call(h, method, url, other, body);
      expect([res.statusCode, res.json().code], `${method} ${url}`).toEqual([
        404,
        'ORDERS_ACCOUNT_NOT_FOUND',
      ]);
      expect(res.body).not.toContain('Mine');
    }
    expect((await call(h, 'GET', `/v1/accounts/${acc.id}`, owner)).json().cash).toBe('100000');
  });

  it('resets a paper account to a chosen amount, canceling its open orders (Idempotency-Key honored)', async () => {
    const u = newUser();
    const acc = (await accountsOf(u))[0];
    const s = newSymbol(h);
    const open = await place(h, u, {
      symbol: s,
      side: 'buy',
      type: 'limit',
      limitPrice: '1',
      timeInForce: 'gtc',
      qty: '5',
    });
    const key = { 'idempotency-key': 'reset-1' };
    const res = await call(h, 'POST', `/v1/accounts/${acc.id}/reset`, u, { cash: '5000' }, key);
    expect([res.statusCode, res.json().cash]).toEqual([200, '5000']);
    expect((await getOrder(h, u, open.id)).status).toBe('canceled');
    const again = await call(h, 'POST', `/v1/accounts/${acc.id}/reset`, u, { cash: '5000' }, key);
    expect(again.json()).toEqual(res.json());
    const resets = (await outbox(h, 'account.reset')).filter((e) => e.data.accountId === acc.id);
    expect(resets.map((e) => e.data.cash)).toEqual(['5000']);
    const canceled = (await outbox(h, 'order.canceled')).find((e) => e.data.order.id === open.id);
    expect(canceled?.data.code).toBe('ORDERS_ACCOUNT_RESET');
  });

  it('closes an account without positions; refuses the default account and one holding positions', async () => {
    const u = newUser();
    const def = (await accountsOf(u))[0];
    const refusedDefault = await call(h, 'POST', `/v1/accounts/${def.id}/close`, u);
    expect([refusedDefault.statusCode, refusedDefault.json().code]).toEqual([409, 'ORDERS_DEFAULT_ACCOUNT']);
    const acc = (await call(h, 'POST', '/v1/accounts', u, { name: 'Temp' })).json();
    h.portfolio.positions.set(acc.id, [{ symbol: 'AAPL', qty: '3' }]);
    const holding = await call(h, 'POST', `/v1/accounts/${acc.id}/close`, u);
    expect([holding.statusCode, holding.json().code, holding.json().symbols]).toEqual([
      409,
      'ORDERS_ACCOUNT_HAS_POSITIONS',
      ['AAPL'],
    ]);
    h.portfolio.positions.set(acc.id, [{ symbol: 'AAPL', qty: '0' }]);
    h.portfolio.down = true;
    const down = await call(h, 'POST', `/v1/accounts/${acc.id}/close`, u);
    expect([down.statusCode, down.json().code]).toEqual([503, 'ORDERS_PORTFOLIO_UNAVAILABLE']);
    h.portfolio.down = false;
    const closed = await call(h, 'POST', `/v1/accounts/${acc.id}/close`, u);
    expect([closed.statusCode, closed.json().status]).toEqual([200, 'closed']);
    expect((await outbox(h, 'account.closed')).some((e) => e.data.accountId === acc.id)).toBe(true);
    const s = newSymbol(h);
    const late = await call(h, 'POST', '/v1/orders', u, {
      accountId: acc.id,
      symbol: s,
      side: 'buy',
      type: 'market',
      timeInForce: 'day',
      qty: '1',
    });
    expect([late.statusCode, late.json().code]).toEqual([422, 'ORDERS_ACCOUNT_CLOSED']);
  });

  it('refuses an Alpaca account pointing at a host other than Alpaca’s', async () => {
    const res = await call(h, 'POST', '/v1/accounts', newUser(), {
      name: 'Live',
      broker: 'alpaca',
      alpaca: { keyId: 'PK1', secretKey: 'shh', baseUrl: 'http://127.0.0.1:8004' },
    });
    expect([res.statusCode, res.json().code]).toEqual([422, 'ORDERS_BROKER_URL_NOT_ALLOWED']);
  });
});

describe('service surface', () => {
  it('documents its native and Alpaca routes in OpenAPI', async () => {
    const res = await h.t.service.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/v1/orders',
        '/v1/orders/{orderId}',
        '/v1/accounts',
        '/alpaca/v2/orders',
        '/alpaca/v2/orders/{order_id}',
      ]),
    );
    expect(paths.some((p) => p.includes('by_client_order_id'))).toBe(true);
    expect((await h.t.service.app.inject({ method: 'GET', url: '/health/ready' })).statusCode).toBe(200);
  });
});
