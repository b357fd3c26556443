import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServiceClient, InternalAuth } from '@tradeplane/kit';
import { TEST_INTERNAL_SECRET } from '@tradeplane/kit/testing';
import type { InternalOrderRequest } from '@tradeplane/contracts';
import { checkExits, retryUnplacedExits } from '../src/domain/exits.ts';
import { httpOrderPlacer } from '../src/clients/orders.client.ts';
import {
  openAccount,
  snapshot,
  startPortfolio,
  trade,
  waitFor,
  type Acct,
  type PortfolioHarness,
} from './helper.ts';

// One service for the file: starting one costs more than all its tests.
let shared: PortfolioHarness;
beforeAll(async () => {
  shared = await startPortfolio({ background: true });
});
afterAll(async () => {
  await shared.close();
});

describe('stop-loss and take-profit exits', () => {
  let h: PortfolioHarness;
  beforeAll(async () => {
    h = shared;
  });

  const setExits = (a: Acct, symbol: string, body: object) =>
    h.t.service.app.inject({
      method: 'PUT',
      url: `/v1/portfolio/positions/${symbol}/exits?accountId=${a.accountId}`,
      payload: body,
      headers: h.t.as({ userId: a.userId }),
    });
  const exitsOf = (a: Acct) => h.orders.placed.filter((o) => o.accountId === a.accountId);

  it('places exactly one market exit when the price crosses the stop-loss, however often it is seen', async () => {
    const a = await openAccount(h);
    await h.deliver(trade(a, { symbol: 'SLA', side: 'buy', qty: '10', price: '100' }));
    h.quotes.set('SLA', { last: '100' }, false);
    const res = await setExits(a, 'SLA', { stopLoss: '95', takeProfit: '110' });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      symbol: 'SLA',
      exits: { stopLoss: '95', takeProfit: '110', state: 'armed' },
    });

    h.quotes.set('SLA', { last: '96' }, false);
    expect(await checkExits(h.deps, ['SLA'])).toBe(0);
    h.quotes.set('SLA', { last: '94.5' }, false);
    const fired = await Promise.all([
      checkExits(h.deps, ['SLA']),
      checkExits(h.deps, ['SLA']),
      checkExits(h.deps),
    ]);
    expect(fired.reduce((x, y) => x + y, 0)).toBe(1);
    expect(await checkExits(h.deps, ['SLA'])).toBe(0);
    expect(exitsOf(a)).toEqual([
      {
        accountId: a.accountId,
        userId: a.userId,
        symbol: 'SLA',
        side: 'sell',
        type: 'market',
        timeInForce: 'day',
        qty: '10',
        clientOrderId: expect.stringMatching(/^sl-[A-Za-z0-9_-]{40}$/),
      },
    ]);
    const pos = (
      await h.t.service.app.inject({
        method: 'GET',
        url: `/v1/portfolio/positions/SLA?accountId=${a.accountId}`,
        headers: h.t.as({ userId: a.userId }),
      })
    ).json();
    expect(pos.exits).toMatchObject({
      state: 'placed',
      kind: 'stop_loss',
      triggerPrice: '94.5',
      orderId: expect.any(String),
    });
  });

  it('takes profit on a short when the price falls to the level, buying to cover', async () => {
    const a = await openAccount(h, { marginEnabled: true });
    await h.deliver(trade(a, { symbol: 'TPS', side: 'sell', qty: '4', price: '50' }));
    h.quotes.set('TPS', { last: '50' }, false);
    expect((await setExits(a, 'TPS', { stopLoss: '55', takeProfit: '45' })).statusCode).toBe(200);
    h.quotes.set('TPS', { last: '44.99' }, false);
    expect(await checkExits(h.deps, ['TPS'])).toBe(1);
    expect(exitsOf(a)).toMatchObject([
      { symbol: 'TPS', side: 'buy', qty: '4', clientOrderId: expect.stringMatching(/^tp-/) },
    ]);
  });

  it('fires from the live price feed, once', async () => {
    const a = await openAccount(h);
    await h.deliver(trade(a, { symbol: 'LIVE', side: 'buy', qty: '2', price: '20' }));
    h.quotes.set('LIVE', { last: '20' }, false);
    await setExits(a, 'LIVE', { takeProfit: '21' });
    h.quotes.set('LIVE', { last: '21.5' });
    h.quotes.set('LIVE', { last: '21.6' });
    await waitFor(async () => exitsOf(a).length > 0);
    h.quotes.set('LIVE', { last: '21.7' });
    await waitFor(async () => {
      const p = (
        await h.t.service.app.inject({
          method: 'GET',
          url: `/v1/portfolio/positions/LIVE?accountId=${a.accountId}`,
          headers: h.t.as({ userId: a.userId }),
        })
      ).json();
      return p.exits?.state === 'placed';
    });
    expect(exitsOf(a)).toHaveLength(1);
  });

  it('retries an exit whose placement failed with the same clientOrderId, and never places two', async () => {
    const a = await openAccount(h);
    await h.deliver(trade(a, { symbol: 'RTY', side: 'buy', qty: '5', price: '10' }));
    h.quotes.set('RTY', { last: '10' }, false);
    await setExits(a, 'RTY', { stopLoss: '9' });
    h.orders.failing = 2;
    h.quotes.set('RTY', { last: '8' }, false);
    expect(await checkExits(h.deps, ['RTY'])).toBe(1);
    expect(exitsOf(a)).toHaveLength(0);
    await retryUnplacedExits(h.deps);
    expect(exitsOf(a)).toHaveLength(0);
    await retryUnplacedExits(h.deps);
    expect(exitsOf(a)).toHaveLength(1);
    await retryUnplacedExits(h.deps);
    await checkExits(h.deps, ['RTY']);
    const calls = h.orders.calls.filter((o) => o.accountId === a.accountId);
    expect(calls).toHaveLength(3);
    expect(new Set(calls.map((c) => c.clientOrderId)).size).toBe(1);
    expect(exitsOf(a)).toHaveLength(1);
  });

  it('records a rejected exit as failed, without retrying it', async () => {
    const a = await openAccount(h);
    await h.deliver(trade(a, { symbol: 'REJ', side: 'buy', qty: '5', price: '10' }));
    h.quotes.set('REJ', { last: '10' }, false);
    await setExits(a, 'REJ', { stopLoss: '9' });
    h.orders.reject = {
      code: 'RISK_TRADING_HALTED',
      message: 'trading is halted on this account',
      httpStatus: 403,
    };
    try {
      h.quotes.set('REJ', { last: '8' }, false);
      await checkExits(h.deps, ['REJ']);
      await retryUnplacedExits(h.deps);
    } finally {
      h.orders.reject = undefined;
    }
    const p = (
      await h.t.service.app.inject({
        method: 'GET',
        url: `/v1/portfolio/positions/REJ?accountId=${a.accountId}`,
        headers: h.t.as({ userId: a.userId }),
      })
    ).json();
    expect(p.exits).toMatchObject({
      state: 'failed',
      error: 'RISK_TRADING_HALTED: trading is halted on this account',
    });
    expect(h.orders.calls.filter((o) => o.accountId === a.accountId)).toHaveLength(1);
  });

  it('new levels re-arm the exit; closing the position removes them', async () => {
    const a = await openAccount(h);
    await h.deliver(trade(a, { symbol: 'ARM', side: 'buy', qty: '3', price: '10' }));
    h.quotes.set('ARM', { last: '10' }, false);
    await setExits(a, 'ARM', { stopLoss: '9' });
    h.quotes.set('ARM', { last: '8.5' }, false);
    await checkExits(h.deps, ['ARM']);
    h.quotes.set('ARM', { last: '10' }, false);
    const rearmed = await setExits(a, 'ARM', { stopLoss: '9.5' });
    expect(rearmed.json().exits).toMatchObject({ state: 'armed', stopLoss: '9.5' });
    h.quotes.set('ARM', { last: '9' }, false);
    await checkExits(h.deps, ['ARM']);
    const ids = exitsOf(a).map((o) => o.clientOrderId);
    expect(ids).toHaveLength(2);
    expect(ids[0]).not.toBe(ids[1]);
    await h.deliver(trade(a, { symbol: 'ARM', side: 'sell', qty: '3', price: '9' }));
    const gone = await h.t.service.ctx.db
      .selectFrom('position_exits')
      .selectAll()
      .where('account_id', '=', a.accountId)
      .execute();
    expect(gone).toEqual([]);
  });

  it('validates levels against the position and the market', async () => {
    const a = await openAccount(h);
    await h.deliver(trade(a, { symbol: 'VAL', side: 'buy', qty: '1', price: '100' }));
    h.quotes.set('VAL', { last: '100' }, false);
    const inverted = await setExits(a, 'VAL', { stopLoss: '110', takeProfit: '105' });
    expect(inverted.statusCode).toBe(422);
    expect(inverted.json()).toMatchObject({
      code: 'PORTFOLIO_INVALID_EXITS',
      detail: 'for a long position the stop-loss must be below the take-profit',
    });
    const crossed = await setExits(a, 'VAL', { stopLoss: '101' });
    expect(crossed.json()).toMatchObject({
      code: 'PORTFOLIO_INVALID_EXITS',
      detail: 'stopLoss is already crossed at the current price 100',
    });
    const noPosition = await setExits(a, 'NONE', { stopLoss: '1' });
    expect(noPosition.statusCode).toBe(404);
    expect(noPosition.json().code).toBe('PORTFOLIO_POSITION_NOT_FOUND');
    const cleared = await setExits(a, 'VAL', { stopLoss: null, takeProfit: null });
    expect(cleared.json()).toEqual({ symbol: 'VAL', exits: null });
  });
});

describe('closing positions through orders', () => {
  let h: PortfolioHarness;
  beforeAll(async () => {
    h = shared;
  });

  const close = (a: Acct, symbol: string, body: object, headers: Record<string, string> = {}) =>
    h.t.service.app.inject({
      method: 'POST',
      url: `/v1/portfolio/positions/${symbol}/close?accountId=${a.accountId}`,
      payload: body,
      headers: { ...h.t.as({ userId: a.userId }), ...headers },
    });

  it('closes all, a quantity, or a percentage with a market order on the other side', async () => {
    const a = await openAccount(h);
    await h.deliver(trade(a, { symbol: 'CLS', side: 'buy', qty: '7', price: '10' }));
    const pct = await close(a, 'cls', { percentage: '50' });
    expect(pct.statusCode).toBe(201);
    expect(pct.json()).toMatchObject({
      symbol: 'CLS',
      side: 'sell',
      type: 'market',
      qty: '3.5',
      status: 'accepted',
      legs: [],
      commission: '0',
    });
    expect((await close(a, 'CLS', { qty: '2' })).json()).toMatchObject({ qty: '2' });
    const all = await h.t.service.app.inject({
      method: 'POST',
      url: `/v1/portfolio/positions/CLS/close?accountId=${a.accountId}`,
      headers: h.t.as({ userId: a.userId }),
    });
    expect(all.json()).toMatchObject({ qty: '7' });
    const tooMuch = await close(a, 'CLS', { qty: '8' });
    expect(tooMuch.statusCode).toBe(403);
    expect(tooMuch.json()).toMatchObject({
      code: 'PORTFOLIO_INSUFFICIENT_QTY',
      detail: 'insufficient qty available for order (requested: 8, available: 7)',
    });
    expect((await close(a, 'CLS', { qty: '1', percentage: '10' })).statusCode).toBe(422);
    expect((await close(a, 'NOPE', {})).statusCode).toBe(404);
  });

  it('a retry with the same Idempotency-Key answers the first close’s order, even once it filled and the position is gone', async () => {
    const a = await openAccount(h);
    await h.deliver(trade(a, { symbol: 'IDK', side: 'buy', qty: '4', price: '10' }));
    const first = await close(a, 'IDK', { percentage: '50' }, { 'idempotency-key': 'k-1' });
    expect(first.statusCode).toBe(201);
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    const order = first.json();
    expect(order).toMatchObject({ qty: '2', side: 'sell', status: 'accepted' });
    // A retry while the position is still there, then the close fills and a second fill closes the rest.
    const again = await close(a, 'IDK', { percentage: '50' }, { 'idempotency-key': 'k-1' });
    expect(again.statusCode).toBe(201);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(again.json()).toEqual(order);
    const key = `${a.accountId}|${order.clientOrderId}`;
    h.orders.orders.set(key, {
      ...h.orders.orders.get(key)!,
      status: 'filled',
      filledQty: '2',
      filledAvgPrice: '11',
    });
    await h.deliver(trade(a, { symbol: 'IDK', side: 'sell', qty: '2', price: '11', orderId: order.id }));
    await h.deliver(trade(a, { symbol: 'IDK', side: 'sell', qty: '2', price: '11' }));
    const late = await close(a, 'IDK', { percentage: '50' }, { 'idempotency-key': 'k-1' });
    expect(late.statusCode).toBe(201);
    expect(late.json()).toMatchObject({
      id: order.id,
      clientOrderId: order.clientOrderId,
      status: 'filled',
      qty: '2',
    });
    expect(h.orders.placed.filter((o) => o.accountId === a.accountId)).toHaveLength(1);
    // Without the key, the same request now finds no position.
    expect((await close(a, 'IDK', { percentage: '50' })).statusCode).toBe(404);
  });

  it('the same Idempotency-Key with another request is refused (422), as orders does', async () => {
    const a = await openAccount(h);
    await h.deliver(trade(a, { symbol: 'IDR', side: 'buy', qty: '10', price: '10' }));
    expect((await close(a, 'IDR', { qty: '2' }, { 'idempotency-key': 'k-2' })).statusCode).toBe(201);
    // "2.0" is the same quantity.
    expect((await close(a, 'IDR', { qty: '2.0' }, { 'idempotency-key': 'k-2' })).statusCode).toBe(201);
    for (const body of [{ qty: '3' }, { percentage: '20' }, {}]) {
      const res = await close(a, 'IDR', body, { 'idempotency-key': 'k-2' });
      expect(res.statusCode, JSON.stringify(body)).toBe(422);
      expect(res.json().code).toBe('IDEMPOTENCY_KEY_REUSED');
    }
    await h.deliver(trade(a, { symbol: 'IDS', side: 'buy', qty: '1', price: '10' }));
    expect((await close(a, 'IDS', {}, { 'idempotency-key': 'k-2' })).json().code).toBe(
      'IDEMPOTENCY_KEY_REUSED',
    );
    expect(h.orders.placed.filter((o) => o.accountId === a.accountId)).toHaveLength(1);
  });

  it('a key refused before any order (no such position) may be used again; a lost answer is found, not placed twice', async () => {
    const a = await openAccount(h);
    expect((await close(a, 'IDN', {}, { 'idempotency-key': 'k-3' })).statusCode).toBe(404);
    await h.deliver(trade(a, { symbol: 'IDN', side: 'buy', qty: '3', price: '10' }));
    h.orders.loseNextAnswer = true;
    const lost = await close(a, 'IDN', { qty: '1' }, { 'idempotency-key': 'k-3' });
    expect(lost.statusCode).toBe(503);
    const retry = await close(a, 'IDN', { qty: '1' }, { 'idempotency-key': 'k-3' });
    expect(retry.statusCode).toBe(201);
    expect(retry.json()).toMatchObject({ qty: '1', side: 'sell' });
    expect(h.orders.placed.filter((o) => o.accountId === a.accountId)).toHaveLength(1);
    // Orders down for the first attempt (nothing placed): the retry places it.
    await h.deliver(trade(a, { symbol: 'IDO', side: 'buy', qty: '3', price: '10' }));
    h.orders.failing = 1;
    expect((await close(a, 'IDO', {}, { 'idempotency-key': 'k-4' })).statusCode).toBe(503);
    expect((await close(a, 'IDO', {}, { 'idempotency-key': 'k-4' })).json()).toMatchObject({ qty: '3' });
    expect(h.orders.placed.filter((o) => o.accountId === a.accountId)).toHaveLength(2);
  });

  it('Alpaca DELETE /v2/positions/{symbol} with an Idempotency-Key answers the same order on a retry', async () => {
    const a = await openAccount(h);
    await h.deliver(trade(a, { symbol: 'IDA', side: 'buy', qty: '5', price: '10' }));
    const del = () =>
      h.t.service.app.inject({
        method: 'DELETE',
        url: '/alpaca/v2/positions/IDA?qty=5',
        headers: { ...h.t.as({ userId: a.userId, via: 'apikey' }), 'idempotency-key': 'alp-1' },
      });
    const first = await del();
    expect(first.statusCode).toBe(200);
    await h.deliver(trade(a, { symbol: 'IDA', side: 'sell', qty: '5', price: '10' }));
    const again = await del();
    expect(again.statusCode).toBe(200);
    expect(again.json().id).toBe(first.json().id);
    expect(again.json().client_order_id).toBe(first.json().client_order_id);
  });

  it('passes a rejection from orders (risk) through with its code', async () => {
    const a = await openAccount(h);
    await h.deliver(trade(a, { symbol: 'RJ', side: 'buy', qty: '1', price: '10' }));
    h.orders.reject = {
      code: 'RISK_TRADING_HALTED',
      message: 'trading is halted on this account',
      httpStatus: 403,
    };
    try {
      const res = await close(a, 'RJ', {});
      expect(res.statusCode).toBe(403);
      expect(res.json()).toMatchObject({
        code: 'RISK_TRADING_HALTED',
        detail: 'trading is halted on this account',
      });
    } finally {
      h.orders.reject = undefined;
    }
  });
});

describe('the orders client over HTTP', () => {
  let server: Server;
  let url: string;
  const received: InternalOrderRequest[] = [];
  const lookups: { path: string; query: Record<string, string>; userId: string | undefined }[] = [];
  let dropFirstResponse = true;
  beforeAll(async () => {
    // A fake orders: unique clientOrderId per account; the first answer is lost (connection destroyed after the order is recorded).
    server = createServer((req, res) => {
      if (req.method === 'GET') {
        // Orders' GET /v1/orders:by_client_order_id, for the user the token acts for.
        const u = new URL(req.url ?? '', 'http://orders');
        const auth = new InternalAuth(TEST_INTERNAL_SECRET).verify(
          String(req.headers['x-internal-token']),
          'orders',
        );
        lookups.push({ path: u.pathname, query: Object.fromEntries(u.searchParams), userId: auth.userId });
        const i = received.findIndex(
          (o) =>
            o.accountId === u.searchParams.get('accountId') &&
            o.clientOrderId === u.searchParams.get('client_order_id') &&
            o.userId === auth.userId,
        );
        res.writeHead(i >= 0 ? 200 : 404, { 'content-type': 'application/json' });
        res.end(JSON.stringify(i >= 0 ? snapshot(received[i]!, i + 1) : { code: 'ORDERS_NOT_FOUND' }));
        return;
      }
      let body = '';
      req.on('data', (c: Buffer) => (body += c.toString()));
      req.on('end', () => {
        const order = JSON.parse(body) as InternalOrderRequest;
        const dup = received.some(
          (o) => o.accountId === order.accountId && o.clientOrderId === order.clientOrderId,
        );
        if (dup) {
          res.writeHead(422, { 'content-type': 'application/problem+json' });
          res.end(
            JSON.stringify({
              status: 422,
              code: 'ORDERS_DUPLICATE_CLIENT_ORDER_ID',
              detail: 'client_order_id must be unique',
            }),
          );
          return;
        }
        received.push(order);
        if (dropFirstResponse) {
          dropFirstResponse = false;
          req.socket.destroy();
          return;
        }
        res.writeHead(201, { 'content-type': 'application/json' });
        res.end(JSON.stringify(snapshot(order, received.length)));
      });
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    await new Promise<void>((resolve) => server.close(() => resolve()));
  });

  it('a lost answer followed by a retry with the same clientOrderId counts as placed, and orders has one order', async () => {
    const client = createServiceClient({
      caller: 'portfolio',
      target: 'orders',
      resolve: async () => url,
      auth: new InternalAuth(TEST_INTERNAL_SECRET),
      retries: 0,
    });
    try {
      const placer = httpOrderPlacer(client, 2000);
      const order: InternalOrderRequest = {
        accountId: 'a1',
        userId: 'u1',
        symbol: 'AAPL',
        side: 'sell',
        type: 'market',
        timeInForce: 'day',
        qty: '1',
        clientOrderId: 'sl-fixed-id',
      };
      await expect(placer.place(order)).rejects.toMatchObject({ code: 'PORTFOLIO_ORDERS_UNAVAILABLE' });
      expect(await placer.place(order)).toEqual({ status: 'duplicate' });
      expect(received).toHaveLength(1);
      const other = await placer.place({ ...order, clientOrderId: 'tp-other' });
      expect(other).toMatchObject({ status: 'placed', order: { clientOrderId: 'tp-other', side: 'sell' } });
    } finally {
      await client.close();
    }
  });

  it('looks an order up by its clientOrderId, acting for the user, and answers undefined when orders has none', async () => {
    const client = createServiceClient({
      caller: 'portfolio',
      target: 'orders',
      resolve: async () => url,
      auth: new InternalAuth(TEST_INTERNAL_SECRET),
      retries: 0,
    });
    try {
      const placer = httpOrderPlacer(client, 2000);
      expect(await placer.byClientOrderId('a1', 'u1', 'tp-other')).toMatchObject({
        clientOrderId: 'tp-other',
        accountId: 'a1',
        symbol: 'AAPL',
      });
      expect(await placer.byClientOrderId('a1', 'u1', 'never-placed')).toBeUndefined();
      // Orders checks the owner: another user gets nothing.
      expect(await placer.byClientOrderId('a1', 'u2', 'tp-other')).toBeUndefined();
      expect(lookups[0]).toEqual({
        path: '/v1/orders:by_client_order_id',
        query: { client_order_id: 'tp-other', accountId: 'a1' },
        userId: 'u1',
      });
    } finally {
      await client.close();
    }
  });
});
