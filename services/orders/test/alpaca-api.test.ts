import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trading } from '@alpacahq/alpaca-trade-api';
import { call, newSymbol, newUser, quote, startOrders, type OrdersHarness } from './helper.ts';

/**
 * The Alpaca-compatible orders API, in Alpaca's shapes: raw JSON checks of field names and
 * numbers-as-strings, and the official `@alpacahq/alpaca-trade-api` SDK talking to the service
 * over HTTP (the gateway's part — turning the API key into an internal token — is stood in for
 * by a header the SDK sends on every request).
 */
let h: OrdersHarness;
let api: InstanceType<typeof trading.OrdersApi>;
const user = newUser();
/** The raw-JSON tests trade on another account than the SDK's, so cancel-all sees only the SDK's orders. */
const rawUser = newUser();
beforeAll(async () => {
  h = await startOrders();
  const url = await h.t.service.listen(0);
  const config = new trading.Configuration({
    basePath: `${url}/alpaca`,
    keyId: 'PKTEST',
    secret: 'secret',
    headers: h.t.as({ userId: user, via: 'apikey' }),
  });
  api = new trading.OrdersApi(config);
});
afterAll(async () => h?.close());

const ALPACA_FIELDS = [
  'id', 'client_order_id', 'created_at', 'updated_at', 'submitted_at', 'filled_at', 'expired_at', 'canceled_at',
  'failed_at', 'replaced_at', 'replaced_by', 'replaces', 'asset_id', 'symbol', 'asset_class', 'notional', 'qty',
  'filled_qty', 'filled_avg_price', 'order_class', 'order_type', 'type', 'side', 'time_in_force', 'limit_price',
  'stop_price', 'status', 'extended_hours', 'legs', 'trail_percent', 'trail_price', 'hwm', 'position_intent',
];

describe('Alpaca-compatible orders API', () => {
  it("answers Alpaca's order object: snake_case names, numbers as strings", async () => {
    const s = newSymbol(h);
    const res = await call(h, 'POST', '/alpaca/v2/orders', rawUser, {
      symbol: s, qty: 3, side: 'buy', type: 'limit', time_in_force: 'gtc', limit_price: '99.5', client_order_id: 'raw-1',
    });
    expect(res.statusCode).toBe(200);
    const o = res.json();
    for (const f of ALPACA_FIELDS) expect(o, f).toHaveProperty(f);
    expect(o).toMatchObject({
      client_order_id: 'raw-1', symbol: s, qty: '3', filled_qty: '0', filled_avg_price: null, limit_price: '99.5',
      order_type: 'limit', type: 'limit', side: 'buy', time_in_force: 'gtc', status: 'new', order_class: 'simple',
      asset_class: 'us_equity', extended_hours: false, legs: null,
    });
    expect(o.asset_id).toBe(`asset-${s.toLowerCase()}`);
  });

  it('errors come back as Alpaca’s {code, message}', async () => {
    const s = newSymbol(h);
    const body = { symbol: s, qty: '1', side: 'buy', type: 'limit', time_in_force: 'day', limit_price: '1', client_order_id: 'dup' };
    expect((await call(h, 'POST', '/alpaca/v2/orders', rawUser, body)).statusCode).toBe(200);
    const dup = await call(h, 'POST', '/alpaca/v2/orders', rawUser, body);
    expect([dup.statusCode, dup.json()]).toEqual([422, { code: 42210000, message: 'client_order_id must be unique' }]);
    h.risk.mode = 'reject';
    try {
      const poor = await call(h, 'POST', '/alpaca/v2/orders', rawUser, { ...body, client_order_id: 'poor' });
      expect([poor.statusCode, poor.json()]).toEqual([403, { code: 40310000, message: 'insufficient buying power' }]);
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
        symbol: s, qty: '10', side: 'buy', type: 'limit', timeInForce: 'day', limitPrice: '95', clientOrderId: 'sdk-1',
        orderClass: 'bracket', takeProfit: { limitPrice: '120' }, stopLoss: { stopPrice: '90' },
      },
    });
    expect([placed.status, placed.orderClass, placed.qty, placed.legs?.length]).toEqual(['new', 'bracket', '10', 2]);
    expect(placed.legs!.map((l) => l.status)).toEqual(['held', 'held']);

    const got = await api.getOrderByOrderID({ orderId: placed.id! });
    expect(got.clientOrderId).toBe('sdk-1');
    expect(got.createdAt).toBeInstanceOf(Date);
    expect((await api.getOrderByClientOrderId({ clientOrderId: 'sdk-1' })).id).toBe(placed.id);

    const flat = await api.getAllOrders({ status: 'open', symbols: s });
    expect(flat).toHaveLength(3);
    const nested = await api.getAllOrders({ status: 'open', symbols: s, nested: true });
    expect(nested.map((o) => [o.id, o.legs?.length])).toEqual([[placed.id, 2]]);

    const replaced = await api.patchOrderByOrderId({ orderId: placed.id!, patchOrderRequest: { limitPrice: '96' } });
    expect([replaced.replaces, replaced.limitPrice, replaced.status]).toEqual([placed.id, '96', 'new']);
    expect((await api.getOrderByOrderID({ orderId: placed.id! })).status).toBe('replaced');
    expect((await api.getOrderByOrderID({ orderId: replaced.id! })).legs).toHaveLength(2);

    await api.deleteOrderByOrderID({ orderId: replaced.id! });
    const canceled = await api.getOrderByOrderID({ orderId: replaced.id! });
    expect([canceled.status, canceled.canceledAt]).toEqual(['canceled', expect.any(Date)]);

    await api.postOrder({ postOrderRequest: { symbol: s, qty: '1', side: 'buy', type: 'limit', timeInForce: 'gtc', limitPrice: '50' } });
    await api.postOrder({ postOrderRequest: { symbol: s, qty: '1', side: 'sell', type: 'limit', timeInForce: 'gtc', limitPrice: '500' } });
    const all = await api.deleteAllOrders();
    expect(all.map((r) => r.status)).toEqual([200, 200]);
    expect(await api.getAllOrders({ status: 'open', symbols: s })).toEqual([]);
    const closed = await api.getAllOrders({ status: 'closed', symbols: s, limit: 2, direction: 'asc' });
    expect(closed).toHaveLength(2);
    expect(closed[0]!.id).toBe(placed.id);
  });

  it('fills seen through the SDK: filled_qty and filled_avg_price as Alpaca reports them', async () => {
    const s = newSymbol(h);
    const o = await api.postOrder({ postOrderRequest: { symbol: s, qty: '4', side: 'buy', type: 'limit', timeInForce: 'day', limitPrice: '99' } });
    await quote(h, s, '98.50', '98.75');
    const filled = await api.getOrderByOrderID({ orderId: o.id! });
    expect([filled.status, filled.filledQty, filled.filledAvgPrice]).toEqual(['filled', '4', '98.75']);
    expect(filled.filledAt).toBeInstanceOf(Date);
  });
});
