import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { OrderSnapshot, alpacaOrderOf } from '@tradeplane/contracts';
import { call, newSymbol, newUser, outbox, place, startOrders, trade, type OrdersHarness } from './helper.ts';

/**
 * The order snapshot events carry holds what Alpaca's Order object needs, and the gateway's
 * trade_updates presents it with the same presenter as orders' Alpaca routes: an event's order is
 * the order GET /alpaca/v2/orders/{id}?nested=true answers at that moment.
 */
let h: OrdersHarness;
beforeAll(async () => {
  h = await startOrders();
});
afterAll(async () => h?.close());

const eventOf = async (type: string, id: string) =>
  (await outbox(h, type)).filter((e) => e.data.order.id === id).at(-1)?.data;

describe('order snapshots in events', () => {
  it("a filled bracket entry's event presents as the REST order: legs, timestamps and all", async () => {
    const user = newUser();
    const s = newSymbol(h);
    const b = await place(h, user, {
      symbol: s,
      side: 'buy',
      type: 'market',
      timeInForce: 'gtc',
      qty: '3',
      orderClass: 'bracket',
      takeProfit: { limitPrice: '110' },
      stopLoss: { stopPrice: '95' },
    });
    const event = await eventOf('order.filled', b.id);
    expect(Value.Check(OrderSnapshot, event.order)).toBe(true);
    const rest = (await call(h, 'GET', `/alpaca/v2/orders/${b.id}?nested=true`, user)).json();
    expect(alpacaOrderOf(event.order)).toEqual(rest);
    expect(rest.legs.map((l: any) => l.status)).toEqual(['new', 'held']);
    expect(rest.filled_at).not.toBeNull();
  });

  it("a trailing stop's events carry its trail and high-water mark as they move", async () => {
    const user = newUser();
    const s = newSymbol(h, { bid: '100', ask: '100' });
    const o = await place(h, user, {
      symbol: s,
      side: 'sell',
      type: 'trailing_stop',
      timeInForce: 'gtc',
      qty: '1',
      trailPercent: '5',
    });
    const accepted = await eventOf('order.accepted', o.id);
    expect(alpacaOrderOf(accepted.order)).toMatchObject({
      trail_percent: '5',
      trail_price: null,
      hwm: o.hwm,
      stop_price: o.stopPrice,
      legs: null,
    });
    await trade(h, s, '120');
    h.quotes.set({ symbol: s, bid: '113.90', ask: '114.00', bidSize: '1000', askSize: '1000' });
    await trade(h, s, '113.95');
    const filled = await eventOf('order.filled', o.id);
    expect(alpacaOrderOf(filled.order)).toMatchObject({ hwm: '120', stop_price: '114', trail_percent: '5' });
    const rest = (await call(h, 'GET', `/alpaca/v2/orders/${o.id}`, user)).json();
    expect(alpacaOrderOf(filled.order)).toEqual(rest);
  });

  it('a replacement carries replaces, an extended-hours order extended_hours', async () => {
    const user = newUser();
    const s = newSymbol(h);
    const o = await place(h, user, {
      symbol: s,
      side: 'buy',
      type: 'limit',
      timeInForce: 'day',
      qty: '1',
      limitPrice: '90',
      extendedHours: true,
    });
    const res = await call(h, 'PATCH', `/v1/orders/${o.id}`, user, { limitPrice: '91' });
    expect(res.statusCode, res.body).toBe(200);
    const fresh = res.json();
    const accepted = await eventOf('order.accepted', fresh.id);
    expect(alpacaOrderOf(accepted.order)).toMatchObject({ replaces: o.id, extended_hours: true });
    const replaced = (await outbox(h, 'order.replaced')).find((e) => e.data.order.id === o.id)?.data;
    expect(alpacaOrderOf(replaced.order, replaced.replacedBy)).toMatchObject({
      status: 'replaced',
      replaced_by: fresh.id,
    });
  });
});
