import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { expireDueOrders, promoteAccepted } from '../src/domain/expire-orders.ts';
import {
  call,
  getOrder,
  newSymbol,
  newUser,
  outbox,
  place,
  quote,
  startOrders,
  trade,
  type OrdersHarness,
} from './helper.ts';

/**
 * Every order type, time in force and class, through the native API against the paper exchange,
 * as Alpaca documents them. 10 bps of fixed slippage so "at the ask plus slippage" is visible.
 */
let h: OrdersHarness;
beforeAll(async () => {
  h = await startOrders({ env: { PAPER_SLIPPAGE_MODEL: 'fixed_bps', PAPER_SLIPPAGE_BPS: '10' } });
});
afterAll(async () => h?.close());

const user = newUser();
const order = (o: Record<string, unknown>) => place(h, user, o);

describe('market orders', () => {
  it('fills a buy at the ask plus slippage and a sell at the bid minus slippage, rounded against the taker', async () => {
    const s = newSymbol(h, { bid: '100.00', ask: '100.10' });
    const buy = await order({ symbol: s, side: 'buy', type: 'market', timeInForce: 'day', qty: '10' });
    expect(buy.status).toBe('filled');
    // 100.10 × 1.001 = 100.2001 → rounded up to the cent.
    expect(buy.filledAvgPrice).toBe('100.21');
    const sell = await order({ symbol: s, side: 'sell', type: 'market', timeInForce: 'day', qty: '10' });
    // 100.00 × 0.999 = 99.9 exactly.
    expect(sell.filledAvgPrice).toBe('99.9');
    const trades = (await outbox(h, 'trade.executed')).filter((e) => e.data.symbol === s);
    expect(trades.map((e) => [e.data.side, e.data.qty, e.data.price])).toEqual([
      ['buy', '10', '100.21'],
      ['sell', '10', '99.9'],
    ]);
    const filled = (await outbox(h, 'order.filled')).filter((e) => e.data.order.symbol === s);
    expect(filled).toHaveLength(2);
  });

  it('fills no more than the displayed size per quote, the rest on later quotes', async () => {
    const s = newSymbol(h, { size: '30' });
    const o = await order({ symbol: s, side: 'buy', type: 'market', timeInForce: 'day', qty: '100' });
    expect(o.status).toBe('partially_filled');
    expect(o.filledQty).toBe('30');
    await quote(h, s, '100.00', '100.10', '50');
    expect((await getOrder(h, user, o.id)).filledQty).toBe('80');
    await quote(h, s, '100.00', '100.20', '50');
    const done = await getOrder(h, user, o.id);
    expect(done.status).toBe('filled');
    expect(done.filledQty).toBe('100');
    const fills = (await outbox(h, 'trade.executed')).filter((e) => e.data.orderId === o.id);
    expect(fills.map((e) => e.data.qty)).toEqual(['30', '50', '20']);
  });
});

describe('limit orders', () => {
  it('rest until marketable, then never fill worse than the limit', async () => {
    const s = newSymbol(h);
    const o = await order({
      symbol: s,
      side: 'buy',
      type: 'limit',
      timeInForce: 'gtc',
      qty: '5',
      limitPrice: '99',
    });
    expect(o.status).toBe('new');
    await quote(h, s, '99.50', '99.60');
    expect((await getOrder(h, user, o.id)).status).toBe('new');
    await quote(h, s, '98.80', '98.95');
    const filled = await getOrder(h, user, o.id);
    expect(filled.status).toBe('filled');
    // 98.95 × 1.001 = 99.04895 → 99.05, capped at the 99 limit.
    expect(filled.filledAvgPrice).toBe('99');
  });

  it('fill a resting sell on a print through the limit, capped by volume participation', async () => {
    const s = newSymbol(h);
    const o = await order({
      symbol: s,
      side: 'sell',
      type: 'limit',
      timeInForce: 'day',
      qty: '100',
      limitPrice: '101',
    });
    await trade(h, s, '100.90', '400');
    expect((await getOrder(h, user, o.id)).filledQty).toBe('0');
    // 25% of a 100-share print at the limit.
    await trade(h, s, '101.00', '100');
    const partly = await getOrder(h, user, o.id);
    expect(partly.filledQty).toBe('25');
    expect(partly.filledAvgPrice).toBe('101');
    expect(partly.status).toBe('partially_filled');
  });
});

describe('stop orders', () => {
  it('trigger on a trade through the stop (not on quotes), then execute at the market', async () => {
    const s = newSymbol(h);
    const o = await order({
      symbol: s,
      side: 'buy',
      type: 'stop',
      timeInForce: 'day',
      qty: '10',
      stopPrice: '101',
    });
    await quote(h, s, '101.50', '101.60');
    expect((await getOrder(h, user, o.id)).status).toBe('new');
    await trade(h, s, '100.99');
    expect((await getOrder(h, user, o.id)).status).toBe('new');
    await trade(h, s, '101.55');
    const filled = await getOrder(h, user, o.id);
    expect(filled.status).toBe('filled');
    // Triggered, then filled at the ask 101.60 plus 10 bps → 101.70.
    expect(filled.filledAvgPrice).toBe('101.71');
  });

  it('stop_limit: triggers on the trade, then rests as a limit', async () => {
    const s = newSymbol(h, { bid: '96', ask: '96.10' });
    const o = await order({
      symbol: s,
      side: 'sell',
      type: 'stop_limit',
      timeInForce: 'gtc',
      qty: '10',
      stopPrice: '95',
      limitPrice: '94.50',
    });
    await quote(h, s, '94.00', '94.10');
    expect((await getOrder(h, user, o.id)).status).toBe('new');
    await trade(h, s, '94.95');
    expect((await getOrder(h, user, o.id)).status).toBe('new');
    await quote(h, s, '94.60', '94.70');
    const filled = await getOrder(h, user, o.id);
    expect(filled.status).toBe('filled');
    expect(filled.filledAvgPrice).toBe('94.5');
  });

  it('trailing stop (trail_price) tracks its high-water mark and triggers on the retrace', async () => {
    const s = newSymbol(h);
    h.quotes.set({ symbol: s, bid: '100', ask: '100.10', last: '100' });
    const o = await order({
      symbol: s,
      side: 'sell',
      type: 'trailing_stop',
      timeInForce: 'gtc',
      qty: '10',
      trailPrice: '2',
    });
    expect(o.hwm).toBe('100');
    expect(o.stopPrice).toBe('98');
    await trade(h, s, '105');
    const moved = await getOrder(h, user, o.id);
    expect([moved.hwm, moved.stopPrice]).toEqual(['105', '103']);
    await trade(h, s, '104');
    expect((await getOrder(h, user, o.id)).hwm).toBe('105');
    h.quotes.set({ symbol: s, bid: '102.80', ask: '102.90' });
    await trade(h, s, '102.95');
    const filled = await getOrder(h, user, o.id);
    expect(filled.status).toBe('filled');
    expect(filled.filledAvgPrice).toBe('102.69');
  });

  it('trailing stop (trail_percent) for a buy tracks the low', async () => {
    const s = newSymbol(h);
    h.quotes.set({ symbol: s, bid: '100', ask: '100.10', last: '100' });
    const o = await order({
      symbol: s,
      side: 'buy',
      type: 'trailing_stop',
      timeInForce: 'day',
      qty: '1',
      trailPercent: '5',
    });
    expect(o.stopPrice).toBe('105');
    await trade(h, s, '90');
    expect((await getOrder(h, user, o.id)).stopPrice).toBe('94.5');
    await trade(h, s, '94.5');
    expect((await getOrder(h, user, o.id)).status).toBe('filled');
  });
});

describe('time in force', () => {
  it('ioc fills what it can at once and cancels the rest', async () => {
    const s = newSymbol(h, { size: '30' });
    const o = await order({
      symbol: s,
      side: 'buy',
      type: 'limit',
      timeInForce: 'ioc',
      qty: '100',
      limitPrice: '101',
    });
    expect(o.status).toBe('canceled');
    expect(o.filledQty).toBe('30');
    await quote(h, s, '100', '100.10', '1000');
    expect((await getOrder(h, user, o.id)).filledQty).toBe('30');
  });

  it('fok fills in full or not at all', async () => {
    const s = newSymbol(h, { size: '30' });
    const none = await order({ symbol: s, side: 'buy', type: 'market', timeInForce: 'fok', qty: '100' });
    expect(none.status).toBe('canceled');
    expect(none.filledQty).toBe('0');
    const all = await order({ symbol: s, side: 'buy', type: 'market', timeInForce: 'fok', qty: '30' });
    expect(all.status).toBe('filled');
  });

  it('day orders expire at the session close (the UTC day in always mode), gtc after 90 days', async () => {
    const s = newSymbol(h);
    const day = await order({
      symbol: s,
      side: 'buy',
      type: 'limit',
      timeInForce: 'day',
      qty: '1',
      limitPrice: '50',
    });
    const gtc = await order({
      symbol: s,
      side: 'buy',
      type: 'limit',
      timeInForce: 'gtc',
      qty: '1',
      limitPrice: '50',
    });
    const midnight = new Date((Math.floor(Date.now() / 86_400_000) + 1) * 86_400_000);
    expect(day.expiresAt).toBe(midnight.toISOString());
    expect(new Date(gtc.expiresAt).getTime() - new Date(gtc.createdAt).getTime()).toBe(90 * 86_400_000);
    await expireDueOrders(h.rt.deps, new Date(midnight.getTime() - 1));
    expect((await getOrder(h, user, day.id)).status).toBe('new');
    await expireDueOrders(h.rt.deps, midnight);
    const expired = await getOrder(h, user, day.id);
    expect(expired.status).toBe('expired');
    expect(expired.expiredAt).not.toBeNull();
    expect((await getOrder(h, user, gtc.id)).status).toBe('new');
    expect((await outbox(h, 'order.expired')).some((e) => e.data.order.id === day.id)).toBe(true);
    // An expired order no longer fills.
    await quote(h, s, '49', '49.5');
    expect((await getOrder(h, user, day.id)).filledQty).toBe('0');
  });

  it('opg fills at the first price of the session, cls at the last price before the close (always mode: UTC day)', async () => {
    const s = newSymbol(h);
    const opg = await order({ symbol: s, side: 'buy', type: 'market', timeInForce: 'opg', qty: '3' });
    const cls = await order({ symbol: s, side: 'sell', type: 'market', timeInForce: 'cls', qty: '2' });
    expect(opg.status).toBe('accepted');
    const open = new Date(opg.expiresAt).getTime() - 5 * 60_000;
    expect(new Date(cls.expiresAt).getTime() - 5 * 60_000).toBe(open);
    // Before the auction nothing fills; the last quote before midnight sets the close price.
    await quote(h, s, '101.00', '101.20', '1000', new Date(open - 1000));
    expect((await getOrder(h, user, opg.id)).status).toBe('accepted');
    await quote(h, s, '102.00', '102.20', '1000', new Date(open + 1000));
    const o1 = await getOrder(h, user, opg.id);
    const c1 = await getOrder(h, user, cls.id);
    expect([o1.status, o1.filledAvgPrice]).toEqual(['filled', '102.1']);
    expect([c1.status, c1.filledAvgPrice]).toEqual(['filled', '101.1']);
  });

  it('refuses opg and cls in their closed windows in exchange session mode', async () => {
    const s = newSymbol(h);
    h.clock.mode = 'exchange';
    try {
      h.clock.set(new Date('2026-03-04T15:00:00Z')); // 10:00 New York
      const opg = await call(h, 'POST', '/v1/orders', user, {
        symbol: s,
        side: 'buy',
        type: 'market',
        timeInForce: 'opg',
        qty: '1',
      });
      expect(opg.statusCode).toBe(422);
      expect(opg.json().code).toBe('ORDERS_AUCTION_WINDOW_CLOSED');
      h.clock.set(new Date('2026-03-04T20:55:00Z')); // 15:55 New York
      const cls = await call(h, 'POST', '/v1/orders', user, {
        symbol: s,
        side: 'buy',
        type: 'market',
        timeInForce: 'cls',
        qty: '1',
      });
      expect(cls.json().code).toBe('ORDERS_AUCTION_WINDOW_CLOSED');
      h.clock.set(new Date('2026-03-04T13:00:00Z')); // 08:00 New York: opg is fine
      const ok = await place(h, user, {
        symbol: s,
        side: 'buy',
        type: 'market',
        timeInForce: 'opg',
        qty: '1',
      });
      expect(ok.status).toBe('accepted');
    } finally {
      h.clock.mode = 'always';
      h.clock.set(undefined);
    }
  });

  it('in exchange mode a market order placed while closed waits (accepted) and fills in the session', async () => {
    const s = newSymbol(h);
    h.clock.mode = 'exchange';
    try {
      const closed = new Date('2026-03-04T22:00:00Z'); // 17:00 New York
      h.clock.set(closed);
      const o = await order({ symbol: s, side: 'buy', type: 'market', timeInForce: 'day', qty: '1' });
      expect(o.status).toBe('accepted');
      await quote(h, s, '100', '100.10', '1000', closed);
      expect((await getOrder(h, user, o.id)).filledQty).toBe('0');
      // An extended-hours limit does trade after hours.
      const ext = await order({
        symbol: s,
        side: 'buy',
        type: 'limit',
        timeInForce: 'day',
        qty: '1',
        limitPrice: '101',
        extendedHours: true,
      });
      expect(ext.status).toBe('filled');
      const open = new Date('2026-03-05T14:31:00Z'); // 09:31 New York
      h.clock.set(open);
      expect(await promoteAccepted(h.rt.deps, open)).toContain(o.id);
      await quote(h, s, '100', '100.10', '1000', open);
      expect((await getOrder(h, user, o.id)).status).toBe('filled');
    } finally {
      h.clock.mode = 'always';
      h.clock.set(undefined);
    }
  });
});

describe('notional and fractional orders', () => {
  it('a notional market order buys the fractional quantity it pays for', async () => {
    const s = newSymbol(h, { bid: '199.90', ask: '200.00' });
    const o = await order({ symbol: s, side: 'buy', type: 'market', timeInForce: 'day', notional: '1000' });
    expect(o.status).toBe('filled');
    expect(o.qty).toBeNull();
    expect(o.notional).toBe('1000');
    // 200.00 × 1.001 = 200.20; 1000 / 200.20 to 9 decimals, rounded down.
    expect(o.filledAvgPrice).toBe('200.2');
    expect(o.filledQty).toBe('4.995004995');
  });

  it('fractional quantities fill, but only on fractionable assets and as day orders', async () => {
    const s = newSymbol(h);
    const o = await order({ symbol: s, side: 'buy', type: 'market', timeInForce: 'day', qty: '0.5' });
    expect([o.status, o.filledQty]).toEqual(['filled', '0.5']);
    const gtc = await call(h, 'POST', '/v1/orders', user, {
      symbol: s,
      side: 'buy',
      type: 'market',
      timeInForce: 'gtc',
      qty: '0.5',
    });
    expect([gtc.statusCode, gtc.json().code]).toEqual([422, 'ORDERS_INVALID_ORDER']);
    const whole = newSymbol(h, { fractionable: false });
    const frac = await call(h, 'POST', '/v1/orders', user, {
      symbol: whole,
      side: 'buy',
      type: 'market',
      timeInForce: 'day',
      qty: '0.5',
    });
    expect([frac.statusCode, frac.json().code]).toEqual([422, 'ORDERS_ASSET_NOT_FRACTIONABLE']);
    const notional = await call(h, 'POST', '/v1/orders', user, {
      symbol: s,
      side: 'buy',
      type: 'limit',
      limitPrice: '100',
      timeInForce: 'day',
      notional: '10',
    });
    expect(notional.statusCode).toBe(422);
  });
});

describe('advanced order classes', () => {
  it('bracket: exit legs are held until the entry fills; then the take-profit is new, the stop stays held, and the take-profit filling cancels it', async () => {
    const s = newSymbol(h);
    const b = await order({
      symbol: s,
      side: 'buy',
      type: 'limit',
      limitPrice: '99',
      timeInForce: 'gtc',
      qty: '10',
      orderClass: 'bracket',
      takeProfit: { limitPrice: '110' },
      stopLoss: { stopPrice: '95' },
    });
    expect(b.status).toBe('new');
    expect(b.legs.map((l: any) => [l.legRole, l.status, l.side, l.type])).toEqual([
      ['take_profit', 'held', 'sell', 'limit'],
      ['stop_loss', 'held', 'sell', 'stop'],
    ]);
    // The take-profit price is marketable already, yet a held leg does not trade.
    await quote(h, s, '111', '111.10');
    expect((await getOrder(h, user, b.id)).legs.every((l: any) => l.status === 'held')).toBe(true);
    await quote(h, s, '98.80', '98.90');
    const entered = await getOrder(h, user, b.id);
    expect(entered.status).toBe('filled');
    // Alpaca: the take-profit rests on the venue (new), the stop-loss shows held while it works.
    expect(entered.legs.map((l: any) => [l.legRole, l.status, l.qty])).toEqual([
      ['take_profit', 'new', '10'],
      ['stop_loss', 'held', '10'],
    ]);
    await quote(h, s, '110.20', '110.30');
    const exited = await getOrder(h, user, b.id);
    expect(exited.legs.map((l: any) => [l.legRole, l.status, l.filledQty])).toEqual([
      ['take_profit', 'filled', '10'],
      ['stop_loss', 'canceled', '0'],
    ]);
    const oco = (await outbox(h, 'order.canceled')).find((e) => e.data.order.id === exited.legs[1].id);
    expect(oco?.data.code).toBe('ORDERS_OCO');
  });

  it('bracket: a partial take-profit fill resizes the stop to what remains', async () => {
    const s = newSymbol(h);
    const b = await order({
      symbol: s,
      side: 'buy',
      type: 'market',
      timeInForce: 'day',
      qty: '100',
      orderClass: 'bracket',
      takeProfit: { limitPrice: '110' },
      stopLoss: { stopPrice: '95' },
    });
    expect(b.status).toBe('filled');
    await quote(h, s, '110.50', '110.60', '40');
    const partly = await getOrder(h, user, b.id);
    expect(partly.legs.map((l: any) => [l.legRole, l.status, l.qty, l.filledQty])).toEqual([
      ['take_profit', 'partially_filled', '100', '40'],
      ['stop_loss', 'held', '60', '0'],
    ]);
    h.quotes.set({ symbol: s, bid: '94.90', ask: '95.00', bidSize: '1000', askSize: '1000' });
    await trade(h, s, '94.95');
    const out = await getOrder(h, user, b.id);
    expect(out.legs.map((l: any) => [l.legRole, l.status, l.filledQty])).toEqual([
      ['take_profit', 'canceled', '40'],
      ['stop_loss', 'filled', '60'],
    ]);
    const sold = (await outbox(h, 'trade.executed')).filter(
      (e) => e.data.symbol === s && e.data.side === 'sell',
    );
    expect(sold.reduce((n, e) => n + Number(e.data.qty), 0)).toBe(100);
  });

  it('bracket with a trailing stop as its stop leg (beyond Alpaca)', async () => {
    const s = newSymbol(h, { bid: '100', ask: '100' });
    const b = await order({
      symbol: s,
      side: 'buy',
      type: 'market',
      timeInForce: 'gtc',
      qty: '5',
      orderClass: 'bracket',
      takeProfit: { limitPrice: '120' },
      stopLoss: { trailPrice: '2' },
    });
    const stop = b.legs.find((l: any) => l.legRole === 'stop_loss');
    expect([stop.type, stop.status, stop.hwm]).toEqual(['trailing_stop', 'held', '100.1']);
    await trade(h, s, '105');
    expect((await getOrder(h, user, stop.id)).stopPrice).toBe('103');
    h.quotes.set({ symbol: s, bid: '102.90', ask: '103.00', bidSize: '1000', askSize: '1000' });
    await trade(h, s, '102.99');
    const out = await getOrder(h, user, b.id);
    expect(out.legs.map((l: any) => l.status)).toEqual(['canceled', 'filled']);
  });

  it('bracket: an entry canceled partly filled turns its exits on for the filled quantity', async () => {
    const s = newSymbol(h, { size: '4' });
    const b = await order({
      symbol: s,
      side: 'buy',
      type: 'limit',
      limitPrice: '101',
      timeInForce: 'gtc',
      qty: '10',
      orderClass: 'bracket',
      takeProfit: { limitPrice: '120' },
      stopLoss: { stopPrice: '90' },
    });
    expect([b.status, b.filledQty]).toEqual(['partially_filled', '4']);
    expect((await call(h, 'DELETE', `/v1/orders/${b.id}`, user)).statusCode).toBe(200);
    const out = await getOrder(h, user, b.id);
    expect(out.status).toBe('canceled');
    expect(out.legs.map((l: any) => [l.status, l.qty])).toEqual([
      ['new', '4'],
      ['held', '4'],
    ]);
    await quote(h, s, '120.50', '120.60', '100');
    expect((await getOrder(h, user, b.id)).legs.map((l: any) => [l.status, l.filledQty])).toEqual([
      ['filled', '4'],
      ['canceled', '0'],
    ]);
  });

  it('oco: two live exits (the stop shown held, as Alpaca does), the first to fill cancels the other', async () => {
    const s = newSymbol(h);
    const o = await order({
      symbol: s,
      side: 'sell',
      type: 'limit',
      timeInForce: 'gtc',
      qty: '7',
      orderClass: 'oco',
      takeProfit: { limitPrice: '110' },
      stopLoss: { stopPrice: '95' },
    });
    expect([o.status, o.limitPrice, o.legs[0].status, o.legs[0].type]).toEqual([
      'new',
      '110',
      'held',
      'stop',
    ]);
    h.quotes.set({ symbol: s, bid: '94.80', ask: '94.90', bidSize: '1000', askSize: '1000' });
    await trade(h, s, '94.90');
    const out = await getOrder(h, user, o.id);
    expect([out.status, out.legs[0].status, out.legs[0].filledQty]).toEqual(['canceled', 'filled', '7']);
  });

  it('oto: one exit held until the entry fills', async () => {
    const s = newSymbol(h);
    const o = await order({
      symbol: s,
      side: 'buy',
      type: 'limit',
      limitPrice: '99',
      timeInForce: 'day',
      qty: '2',
      orderClass: 'oto',
      stopLoss: { stopPrice: '90' },
    });
    expect(o.legs.map((l: any) => l.status)).toEqual(['held']);
    await quote(h, s, '98', '98.50');
    expect((await getOrder(h, user, o.id)).legs.map((l: any) => l.status)).toEqual(['new']);
  });

  it('refuses malformed advanced orders with 422', async () => {
    const s = newSymbol(h);
    const cases = [
      { orderClass: 'bracket', takeProfit: { limitPrice: '90' }, stopLoss: { stopPrice: '95' } },
      { orderClass: 'bracket', takeProfit: { limitPrice: '110' } },
      { orderClass: 'bracket', takeProfit: { limitPrice: '100.05' }, stopLoss: { stopPrice: '95' } },
      { orderClass: 'oco', takeProfit: { limitPrice: '110' }, stopLoss: { stopPrice: '95' } },
      {
        orderClass: 'bracket',
        extendedHours: true,
        takeProfit: { limitPrice: '110' },
        stopLoss: { stopPrice: '95' },
      },
    ];
    for (const c of cases) {
      const res = await call(h, 'POST', '/v1/orders', user, {
        symbol: s,
        side: 'buy',
        type: 'market',
        timeInForce: 'day',
        qty: '1',
        ...c,
      });
      expect([res.statusCode, res.json().code], JSON.stringify(c)).toEqual([422, 'ORDERS_INVALID_ORDER']);
    }
  });
});

describe('validation', () => {
  it('answers stable codes, never a 500', async () => {
    const s = newSymbol(h);
    const base = { symbol: s, side: 'buy', type: 'limit', timeInForce: 'day', qty: '1' };
    const expectCode = async (body: unknown, status: number, code: string) => {
      const res = await call(h, 'POST', '/v1/orders', user, body);
      expect([res.statusCode, res.json().code], JSON.stringify(body)).toEqual([status, code]);
    };
    await expectCode(base, 422, 'ORDERS_INVALID_ORDER');
    await expectCode({ ...base, limitPrice: '100.001' }, 422, 'ORDERS_INVALID_ORDER');
    await expectCode({ ...base, limitPrice: '100', stopPrice: '99' }, 422, 'ORDERS_INVALID_ORDER');
    await expectCode({ ...base, type: 'market', extendedHours: true }, 422, 'ORDERS_INVALID_ORDER');
    await expectCode({ ...base, type: 'market', qty: undefined }, 422, 'ORDERS_INVALID_ORDER');
    await expectCode(
      { ...base, type: 'trailing_stop', trailPrice: '1', trailPercent: '1' },
      422,
      'ORDERS_INVALID_ORDER',
    );
    await expectCode(
      { ...base, type: 'stop', timeInForce: 'ioc', stopPrice: '101' },
      422,
      'ORDERS_INVALID_ORDER',
    );
    await expectCode({ ...base, symbol: 'NOPE', limitPrice: '1' }, 422, 'ORDERS_ASSET_NOT_FOUND');
    await expectCode({ ...base, symbol: 'HALT', limitPrice: '1' }, 422, 'ORDERS_ASSET_NOT_TRADABLE');
    await expectCode({ ...base, type: 'teleport' }, 400, 'VALIDATION_FAILED');
    await expectCode({ ...base, qty: '-1', limitPrice: '1' }, 400, 'VALIDATION_FAILED');
    await expectCode({ ...base, qty: '1e3', limitPrice: '1' }, 400, 'VALIDATION_FAILED');
  });
});
