import { afterEach, describe, expect, it } from 'vitest';
import { getOrderById } from '../src/store/orders.store.ts';
import { startWithAlpaca, type FakeAlpaca } from './fake-alpaca.ts';
import { call, newUser, outbox, type OrdersHarness } from './helper.ts';

/**
 * Closing an account that trades at Alpaca: Alpaca must have finished its open orders first, and
 * what it says happened to them (a fill that beat the cancel) is recorded, never hidden behind a
 * local `canceled`.
 */
let h: OrdersHarness | undefined;
let alpaca: FakeAlpaca | undefined;
afterEach(async () => {
  await h?.close();
  await alpaca?.close();
});

async function withRestingOrder() {
  const user = newUser();
  const started = await startWithAlpaca({ userId: user, stream: true });
  ({ h, alpaca } = started);
  const placed = await call(started.h, 'POST', '/v1/orders', user, {
    accountId: started.accountId,
    symbol: 'AAPL',
    side: 'buy',
    type: 'limit',
    limitPrice: '90',
    timeInForce: 'gtc',
    qty: '5',
  });
  expect(placed.statusCode, placed.body).toBe(201);
  return { ...started, user, orderId: placed.json().id as string };
}

describe('closing an Alpaca account', () => {
  it('cancels its orders at Alpaca, reads them back, then closes', async () => {
    const { h, accountId, user, orderId } = await withRestingOrder();
    const res = await call(h, 'POST', `/v1/accounts/${accountId}/close`, user);
    expect(res.statusCode, res.body).toBe(200);
    expect(res.json().status).toBe('closed');
    expect((await getOrderById(h.rt.deps.db, orderId))?.status).toBe('canceled');
  });

  it('records a fill that beat the cancel, and keeps the account open for its position', async () => {
    const { h, alpaca, accountId, user, orderId } = await withRestingOrder();
    alpaca.fillOnCancel = true;
    const res = await call(h, 'POST', `/v1/accounts/${accountId}/close`, user);
    expect(res.statusCode, res.body).toBe(409);
    expect(res.json()).toMatchObject({ code: 'ORDERS_ACCOUNT_HAS_POSITIONS', symbols: ['AAPL'] });
    const order = await getOrderById(h.rt.deps.db, orderId);
    expect([order?.status, order?.filledQty]).toEqual(['filled', '5']);
    const trades = (await outbox(h, 'trade.executed')).filter((e) => e.data.orderId === orderId);
    expect(trades.map((e) => e.data.qty)).toEqual(['5']);
    const account = await call(h, 'GET', `/v1/accounts/${accountId}`, user);
    expect(account.json().status).toBe('active');
  });
});
