import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildEvent } from '@tradeplane/kit';
import { call, getOrder, newSymbol, newUser, outbox, place, startOrders, waitFor, type OrdersHarness } from './helper.ts';

let h: OrdersHarness;
beforeAll(async () => {
  h = await startOrders();
});
afterAll(async () => h?.close());

const accountsOf = async (userId: string) => (await call(h, 'GET', '/v1/accounts', userId)).json().data as any[];

describe('default account', () => {
  it('opens a $100,000 paper account when user.registered arrives, once however often it is delivered', async () => {
    const u = newUser();
    const event = buildEvent('identity', { type: 'user.registered', data: { userId: u, email: 'a@example.com', role: 'user' } });
    await h.t.platform.bus.publish([event, event]);
    const opened = await waitFor(async () => {
      const rows = (await outbox(h, 'account.opened')).filter((e) => e.data.userId === u);
      return rows.length > 0 ? rows : undefined;
    }, 'account.opened');
    expect(opened).toHaveLength(1);
    expect(opened[0]!.data).toMatchObject({ userId: u, cash: '100000', isDefault: true, broker: 'paper', marginEnabled: false });
    const list = await accountsOf(u);
    expect(list).toHaveLength(1);
    expect(list[0]).toMatchObject({ isDefault: true, cash: '100000', broker: 'paper', status: 'active' });
  });

  it('opens it on first use when the event has not arrived yet, and the late event adds nothing', async () => {
    const u = newUser();
    expect(await accountsOf(u)).toHaveLength(1);
    const event = buildEvent('identity', { type: 'user.registered', data: { userId: u, email: 'b@example.com', role: 'user' } });
    await h.t.platform.bus.publish([event]);
    await waitFor(async () => {
      const row = await h.rt.deps.db.selectFrom('inbox').select('event_id').where('event_id', '=', event.id).executeTakeFirst();
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
    expect(acc).toMatchObject({ name: 'Swing', cash: '25000.5', isDefault: false, broker: 'paper', alpaca: null });
    expect((await outbox(h, 'account.opened')).find((e) => e.data.accountId === acc.id)?.data.cash).toBe('25000.5');
    const s = newSymbol(h);
    const o = await place(h, u, { accountId: acc.id, symbol: s, side: 'buy', type: 'limit', limitPrice: '1', timeInForce: 'gtc', qty: '1' });
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
      ['POST', '/v1/orders', { accountId: acc.id, symbol: s, side: 'buy', type: 'market', timeInForce: 'day', qty: '1' }],
      ['GET', '/v1/accounts/not-a-uuid', undefined],
    ] as const) {
      const res = await call(h, method, url, other, body);
      expect([res.statusCode, res.json().code], `${method} ${url}`).toEqual([404, 'ORDERS_ACCOUNT_NOT_FOUND']);
      expect(res.body).not.toContain('Mine');
    }
    expect((await call(h, 'GET', `/v1/accounts/${acc.id}`, owner)).json().cash).toBe('100000');
  });

  it('resets a paper account to a chosen amount, canceling its open orders (Idempotency-Key honored)', async () => {
    const u = newUser();
    const acc = (await accountsOf(u))[0];
    const s = newSymbol(h);
    const open = await place(h, u, { symbol: s, side: 'buy', type: 'limit', limitPrice: '1', timeInForce: 'gtc', qty: '5' });
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
    expect([holding.statusCode, holding.json().code, holding.json().symbols]).toEqual([409, 'ORDERS_ACCOUNT_HAS_POSITIONS', ['AAPL']]);
    h.portfolio.positions.set(acc.id, [{ symbol: 'AAPL', qty: '0' }]);
    h.portfolio.down = true;
    const down = await call(h, 'POST', `/v1/accounts/${acc.id}/close`, u);
    expect([down.statusCode, down.json().code]).toEqual([503, 'ORDERS_PORTFOLIO_UNAVAILABLE']);
    h.portfolio.down = false;
    const closed = await call(h, 'POST', `/v1/accounts/${acc.id}/close`, u);
    expect([closed.statusCode, closed.json().status]).toEqual([200, 'closed']);
    expect((await outbox(h, 'account.closed')).some((e) => e.data.accountId === acc.id)).toBe(true);
    const s = newSymbol(h);
    const late = await call(h, 'POST', '/v1/orders', u, { accountId: acc.id, symbol: s, side: 'buy', type: 'market', timeInForce: 'day', qty: '1' });
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
