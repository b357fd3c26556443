import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trading } from '@alpacahq/alpaca-trade-api';
import { getOrderById } from '../src/store/orders.store.ts';
import { startWithAlpaca, type FakeAlpaca } from './fake-alpaca.ts';
import { call, getOrder, newSymbol, newUser, outbox, quote, waitFor, type OrdersHarness } from './helper.ts';

/**
 * Alpaca both ways. The Alpaca-compatible orders API, in Alpaca's shapes: raw JSON checks of field names and
 * numbers-as-strings, and the official `@alpacahq/alpaca-trade-api` SDK talking to the service
 * over HTTP (the gateway's part — turning the API key into an internal token — is stood in for
 * by a header the SDK sends on every request).
 */
let h: OrdersHarness;
let api: InstanceType<typeof trading.OrdersApi>;
const user = newUser();
/** The raw-JSON tests trade on another account than the SDK's, so cancel-all sees only the SDK's orders. */
const rawUser = newUser();
let alpaca: FakeAlpaca;
let accountId: string;
const brokerUser = newUser();
beforeAll(async () => {
  ({ h, alpaca, accountId } = await startWithAlpaca({
    userId: brokerUser,
    env: { ALPACA_SUBMIT_TIMEOUT_MS: '1500', ALPACA_UNCONFIRMED_AFTER_MS: '60000' },
    stream: true,
  }));
  const url = await h.t.service.listen(0);
  const config = new trading.Configuration({
    basePath: `${url}/alpaca`,
    keyId: 'PKTEST',
    secret: 'secret',
    headers: h.t.as({ userId: user, via: 'apikey' }),
  });
  api = new trading.OrdersApi(config);
});
afterAll(async () => {
  await h?.close();
  await alpaca?.close();
});

const ALPACA_FIELDS = [
  'id',
  'client_order_id',
  'created_at',
  'updated_at',
  'submitted_at',
  'filled_at',
  'expired_at',
  'canceled_at',
  'failed_at',
  'replaced_at',
  'replaced_by',
  'replaces',
  'asset_id',
  'symbol',
  'asset_class',
  'notional',
  'qty',
  'filled_qty',
  'filled_avg_price',
  'order_class',
  'order_type',
  'type',
  'side',
  'time_in_force',
  'limit_price',
  'stop_price',
  'status',
  'extended_hours',
  'legs',
  'trail_percent',
  'trail_price',
  'hwm',
  'position_intent',
];

describe('Alpaca-compatible orders API', () => {
  it("answers Alpaca's order object: snake_case names, numbers as strings", async () => {
    const s = newSymbol(h);
    const res = await call(h, 'POST', '/alpaca/v2/orders', rawUser, {
      symbol: s,
      qty: 3,
      side: 'buy',
      type: 'limit',
      time_in_force: 'gtc',
      limit_price: '99.5',
      client_order_id: 'raw-1',
    });
    expect(res.statusCode).toBe(200);
    const o = res.json();
    for (const f of ALPACA_FIELDS) expect(o, f).toHaveProperty(f);
    expect(o).toMatchObject({
      client_order_id: 'raw-1',
      symbol: s,
      qty: '3',
      filled_qty: '0',
      filled_avg_price: null,
      limit_price: '99.5',
      order_type: 'limit',
      type: 'limit',
      side: 'buy',
      time_in_force: 'gtc',
      status: 'new',
      order_class: 'simple',
      asset_class: 'us_equity',
      extended_hours: false,
      legs: null,
    });
    expect(o.asset_id).toBe(`asset-${s.toLowerCase()}`);
  });

  it('errors come back as Alpaca’s {code, message}', async () => {
    const s = newSymbol(h);
    const body = {
      symbol: s,
      qty: '1',
      side: 'buy',
      type: 'limit',
      time_in_force: 'day',
      limit_price: '1',
      client_order_id: 'dup',
    };
    expect((await call(h, 'POST', '/alpaca/v2/orders', rawUser, body)).statusCode).toBe(200);
    const dup = await call(h, 'POST', '/alpaca/v2/orders', rawUser, body);
    expect([dup.statusCode, dup.json()]).toEqual([
      422,
      { code: 42210000, message: 'client_order_id must be unique' },
    ]);
    h.risk.mode = 'reject';
    try {
      const poor = await call(h, 'POST', '/alpaca/v2/orders', rawUser, { ...body, client_order_id: 'poor' });
      expect([poor.statusCode, poor.json()]).toEqual([
        403,
        { code: 40310000, message: 'insufficient buying power' },
      ]);
    } finally {
      h.risk.mode = 'approve';
    }
    const missing = await call(h, 'GET', '/alpaca/v2/orders/0190c7a5-0000-7000-8000-000000000000', user);
    expect([missing.statusCode, missing.json().code]).toEqual([404, 40410000]);
  });

  it('works with the official SDK: submit, get, get by client_order_id, list, replace, cancel, cancel all', async () => {
    const s = newSymbol(h);
    const placed = await api.postOrder({
      postOrderRequest: {
        symbol: s,
        qty: '10',
        side: 'buy',
        type: 'limit',
        timeInForce: 'day',
        limitPrice: '95',
        clientOrderId: 'sdk-1',
        orderClass: 'bracket',
        takeProfit: { limitPrice: '120' },
        stopLoss: { stopPrice: '90' },
      },
    });
    expect([placed.status, placed.orderClass, placed.qty, placed.legs?.length]).toEqual([
      'new',
      'bracket',
      '10',
      2,
    ]);
    expect(placed.legs!.map((l) => l.status)).toEqual(['held', 'held']);

    const got = await api.getOrderByOrderID({ orderId: placed.id! });
    expect(got.clientOrderId).toBe('sdk-1');
    expect(got.createdAt).toBeInstanceOf(Date);
    expect((await api.getOrderByClientOrderId({ clientOrderId: 'sdk-1' })).id).toBe(placed.id);

    const flat = await api.getAllOrders({ status: 'open', symbols: s });
    expect(flat).toHaveLength(3);
    const nested = await api.getAllOrders({ status: 'open', symbols: s, nested: true });
    expect(nested.map((o) => [o.id, o.legs?.length])).toEqual([[placed.id, 2]]);

    const replaced = await api.patchOrderByOrderId({
      orderId: placed.id!,
      patchOrderRequest: { limitPrice: '96' },
    });
    expect([replaced.replaces, replaced.limitPrice, replaced.status]).toEqual([placed.id, '96', 'new']);
    expect((await api.getOrderByOrderID({ orderId: placed.id! })).status).toBe('replaced');
    expect((await api.getOrderByOrderID({ orderId: replaced.id! })).legs).toHaveLength(2);

    await api.deleteOrderByOrderID({ orderId: replaced.id! });
    const canceled = await api.getOrderByOrderID({ orderId: replaced.id! });
    expect([canceled.status, canceled.canceledAt]).toEqual(['canceled', expect.any(Date)]);

    await api.postOrder({
      postOrderRequest: {
        symbol: s,
        qty: '1',
        side: 'buy',
        type: 'limit',
        timeInForce: 'gtc',
        limitPrice: '50',
      },
    });
    await api.postOrder({
      postOrderRequest: {
        symbol: s,
        qty: '1',
        side: 'sell',
        type: 'limit',
        timeInForce: 'gtc',
        limitPrice: '500',
      },
    });
    const all = await api.deleteAllOrders();
    expect(all.map((r) => r.status)).toEqual([200, 200]);
    expect(await api.getAllOrders({ status: 'open', symbols: s })).toEqual([]);
    const closed = await api.getAllOrders({ status: 'closed', symbols: s, limit: 2, direction: 'asc' });
    expect(closed).toHaveLength(2);
    expect(closed[0]!.id).toBe(placed.id);
  });

  it('fills seen through the SDK: filled_qty and filled_avg_price as Alpaca reports them', async () => {
    const s = newSymbol(h);
    const o = await api.postOrder({
      postOrderRequest: {
        symbol: s,
        qty: '4',
        side: 'buy',
        type: 'limit',
        timeInForce: 'day',
        limitPrice: '99',
      },
    });
    await quote(h, s, '98.50', '98.75');
    const filled = await api.getOrderByOrderID({ orderId: o.id! });
    expect([filled.status, filled.filledQty, filled.filledAvgPrice]).toEqual(['filled', '4', '98.75']);
    expect(filled.filledAt).toBeInstanceOf(Date);
  });
});

const buy = (qty: string, extra: Record<string, unknown> = {}) =>
  call(h, 'POST', '/v1/orders', brokerUser, {
    accountId,
    symbol: 'AAPL',
    side: 'buy',
    type: 'market',
    timeInForce: 'day',
    qty,
    ...extra,
  });

/** The Alpaca broker adapter against a local server that speaks Alpaca's REST API and stream. */
describe('Alpaca broker adapter', () => {
  it('configures an account with Alpaca keys: starts from Alpaca’s cash, keeps the secret encrypted and never returns it', async () => {
    const res = await call(h, 'GET', `/v1/accounts/${accountId}`, brokerUser);
    expect(res.json()).toMatchObject({
      broker: 'alpaca',
      cash: '50000',
      alpaca: { keyId: alpaca.key, paper: true, baseUrl: alpaca.url },
    });
    expect(res.body).not.toContain(alpaca.secret);
    const row = await h.rt.deps.db
      .selectFrom('accounts')
      .select('alpaca_secret_enc')
      .where('id', '=', accountId)
      .executeTakeFirst();
    expect(row?.alpaca_secret_enc).toBeTruthy();
    expect(String(row?.alpaca_secret_enc)).not.toContain(alpaca.secret);
    const bad = await call(h, 'POST', '/v1/accounts', newUser(), {
      name: 'Wrong keys',
      alpaca: { keyId: alpaca.key, secretKey: 'nope', baseUrl: alpaca.url },
    });
    expect([bad.statusCode, bad.json().code]).toEqual([422, 'ORDERS_BROKER_CREDENTIALS_INVALID']);
  });

  it('submits to Alpaca and records the fills its binary trade_updates stream reports, once each', async () => {
    const res = await buy('10', { clientOrderId: 'alp-1' });
    expect(res.statusCode).toBe(201);
    const placed = res.json();
    expect(placed.status).toBe('new');
    const stored = await getOrderById(h.rt.deps.db, placed.id);
    const brokerId = stored!.brokerOrderId!;
    expect(alpaca.orders.get(brokerId)?.client_order_id).toBe('alp-1');

    alpaca.fill(brokerId, '4', '101.5', 'exec-1');
    await waitFor(
      async () => ((await getOrder(h, brokerUser, placed.id)).filledQty === '4' ? true : undefined),
      'partial fill',
    );
    // The same execution again (a repeated stream message) changes nothing.
    alpaca.send({
      event: 'partial_fill',
      execution_id: 'exec-1',
      order: { ...alpaca.orders.get(brokerId) },
      price: '101.5',
      qty: '4',
    });
    alpaca.fill(brokerId, '6', '102', 'exec-2');
    const done = await waitFor(async () => {
      const o = await getOrder(h, brokerUser, placed.id);
      return o.status === 'filled' ? o : undefined;
    }, 'fill');
    expect([done.filledQty, done.filledAvgPrice]).toEqual(['10', '101.8']);
    const trades = (await outbox(h, 'trade.executed'))
      .filter((e) => e.data.orderId === placed.id)
      .map((e) => e.data);
    expect(trades.map((t) => [t.qty, t.price, t.commission])).toEqual([
      ['4', '101.5', '0'],
      ['6', '102', '0'],
    ]);
  });

  it('asks for JSON by default, and reads a MessagePack frame all the same', async () => {
    expect(alpaca.streamCodecs).toEqual(['json']);
    expect(alpaca.clientMessages.map((m) => [m.codec, m.msg.action])).toEqual([
      ['json', 'auth'],
      ['json', 'listen'],
    ]);
    const res = await buy('2', { clientOrderId: 'alp-msgpack' });
    const brokerId = (await getOrderById(h.rt.deps.db, res.json().id))!.brokerOrderId!;
    const o = alpaca.orders.get(brokerId)!;
    Object.assign(o, { status: 'filled', filled_qty: '2', filled_avg_price: '100.25' });
    alpaca.send(
      { event: 'fill', execution_id: 'mp-exec', order: { ...o }, price: '100.25', qty: '2' },
      'msgpack',
    );
    const filled = await waitFor(async () => {
      const mine = await getOrder(h, brokerUser, res.json().id);
      return mine.status === 'filled' ? mine : undefined;
    }, 'msgpack fill');
    expect([filled.filledQty, filled.filledAvgPrice]).toEqual(['2', '100.25']);
  });

  it('after a submission timeout, reconciles by client_order_id instead of submitting again', async () => {
    alpaca.delayNextSubmitMs = 5_000;
    const res = await buy('3', { clientOrderId: 'slow-1' });
    expect(res.statusCode).toBe(201);
    const order = await getOrderById(h.rt.deps.db, res.json().id);
    expect(order?.brokerOrderId).toBeTruthy();
    expect(order?.status).toBe('new');
    expect(alpaca.submissions.filter((c) => c === 'slow-1')).toHaveLength(1);
  });

  it('keeps an unconfirmed submission pending, then gives up on it without resubmitting', async () => {
    alpaca.loseNextSubmit = true;
    const res = await buy('2', { clientOrderId: 'lost-1' });
    expect([res.statusCode, res.json().status]).toEqual([201, 'pending_new']);
    await h.rt.alpaca.reconcileUnconfirmed(new Date(Date.now() + 1_000));
    expect((await getOrder(h, brokerUser, res.json().id)).status).toBe('pending_new');
    await h.rt.alpaca.reconcileUnconfirmed(new Date(Date.now() + 120_000));
    const given = await getOrder(h, brokerUser, res.json().id);
    expect([given.status, given.rejectCode]).toEqual(['rejected', 'ORDERS_BROKER_UNCONFIRMED']);
    expect(alpaca.submissions.filter((c) => c === 'lost-1')).toHaveLength(1);
  });

  it('cancels through Alpaca: pending_cancel until the stream confirms canceled', async () => {
    const res = await call(h, 'POST', '/v1/orders', brokerUser, {
      accountId,
      symbol: 'AAPL',
      side: 'buy',
      type: 'limit',
      limitPrice: '90',
      timeInForce: 'gtc',
      qty: '1',
    });
    const id = res.json().id;
    const del = await call(h, 'DELETE', `/v1/orders/${id}`, brokerUser);
    expect(del.statusCode).toBe(200);
    expect(['pending_cancel', 'canceled']).toContain(del.json().status);
    await waitFor(
      async () => ((await getOrder(h, brokerUser, id)).status === 'canceled' ? true : undefined),
      'canceled',
    );
    expect((await outbox(h, 'order.canceled')).some((e) => e.data.order.id === id)).toBe(true);
  });

  it('stores what Alpaca refuses as rejected and answers with Alpaca’s status', async () => {
    const res = await buy('5000', { clientOrderId: 'too-big' });
    expect([res.statusCode, res.json().code, res.json().detail]).toEqual([
      403,
      'ORDERS_BROKER_REJECTED',
      'insufficient buying power',
    ]);
    const found = await call(
      h,
      'GET',
      '/v1/orders:by_client_order_id?client_order_id=too-big&accountId=' + accountId,
      brokerUser,
    );
    expect([found.json().status, found.json().rejectReason]).toEqual([
      'rejected',
      'insufficient buying power',
    ]);
  });
});
