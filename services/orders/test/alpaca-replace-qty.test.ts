import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOrderById } from '../src/store/orders.store.ts';
import { startWithAlpaca, type FakeAlpaca } from './fake-alpaca.ts';
import { call, newUser, type OrdersHarness } from './helper.ts';

/**
 * Alpaca's "Replace an Order": "Each parameter overrides the corresponding attribute of the
 * existing order. The other attributes remain the same as the existing order." A PATCH without
 * qty keeps the existing order's qty — its ORIGINAL quantity, fills or not (Alpaca-API issue #165:
 * a partially filled order replaced with a new price comes back for the original N shares). Our
 * replace checks with risk, and documents, a replacement for what the order has left; so the PATCH
 * has to say that qty itself.
 */
let h: OrdersHarness;
let alpaca: FakeAlpaca;
let accountId: string;
const user = newUser();
beforeAll(async () => {
  ({ h, alpaca, accountId } = await startWithAlpaca({ userId: user }));
});
afterAll(async () => {
  await h?.close();
  await alpaca?.close();
});

describe('replacing a partially filled order at Alpaca', () => {
  it('asks Alpaca for the replacement risk approved: what the order has left', async () => {
    const res = await call(h, 'POST', '/v1/orders', user, {
      accountId,
      symbol: 'AAPL',
      side: 'buy',
      type: 'limit',
      limitPrice: '90',
      timeInForce: 'gtc',
      qty: '10',
    });
    expect(res.statusCode, res.body).toBe(201);
    const stored = (await getOrderById(h.rt.deps.db, res.json().id))!;
    // 4 of the 10 fill at Alpaca, and we record them.
    const theirs = alpaca.orders.get(stored.brokerOrderId!)!;
    Object.assign(theirs, { status: 'partially_filled', filled_qty: '4', filled_avg_price: '90' });
    await h.rt.alpaca.apply(accountId, { ...theirs } as never, undefined);
    expect((await getOrderById(h.rt.deps.db, stored.id))?.filledQty).toBe('4');

    const bodies: Record<string, unknown>[] = [];
    const replaceNow = alpaca.replaceNow.bind(alpaca);
    alpaca.replaceNow = (id, changes, opts) => {
      bodies.push({ ...changes });
      return replaceNow(id, changes, opts);
    };
    const risk = h.risk.calls.length;
    const patched = await call(h, 'PATCH', `/v1/orders/${stored.id}`, user, { limitPrice: '91' });
    expect(patched.statusCode, patched.body).toBe(200);
    // Risk approved a buy of the 6 shares left…
    expect(h.risk.calls.slice(risk).map((c) => c.order.qty)).toEqual(['6']);
    // …so Alpaca must be asked for 6, not left to keep the order's 10.
    expect(bodies).toHaveLength(1);
    expect(bodies[0]!.qty).toBe('6');
  });
});
