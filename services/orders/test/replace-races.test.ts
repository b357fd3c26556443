import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dec } from '@tradeplane/kit';
import type { RiskCheckRequest, RiskCheckResponse } from '@tradeplane/contracts';
import { restorePending } from '../src/domain/cancel-order.ts';
import { getOrderById, updateOrder } from '../src/store/orders.store.ts';
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
 * a bracket leg replaced (PATCH) while the rest of its group moves. Between the replace's
 * phase 1 (old leg → pending_replace) and phase 2 (storeReplacement) the replace waits for risk;
 * a fill on the group in that window changes the pending_replace leg (resized, or left unarmed),
 * and the replacement is built from what the leg was before phase 1.
 */
let h: OrdersHarness;
beforeAll(async () => {
  h = await startOrders();
});
afterAll(async () => h?.close());

async function positionOf(symbol: string): Promise<string> {
  const trades = (await outbox(h, 'trade.executed')).filter((e) => e.data.symbol === symbol);
  return trades
    .reduce((n, e) => (e.data.side === 'buy' ? n.plus(e.data.qty) : n.minus(e.data.qty)), dec(0))
    .toFixed();
}

/** Runs `during` once, while the replacement of a stop order is being checked by risk. */
function duringStopReplaceCheck(during: () => Promise<void>) {
  const original = h.risk.check.bind(h.risk);
  let done = false;
  h.risk.check = async (req: RiskCheckRequest): Promise<RiskCheckResponse> => {
    if (!done && req.order.type === 'stop') {
      done = true;
      await during();
    }
    return original(req);
  };
  return () => (h.risk.check = original);
}

describe('replacing a bracket stop leg while its group fills', () => {
  it('a take-profit partial fill during the replace resizes the replacement stop to what is left', async () => {
    const { user, s, b } = await newBracket({ type: 'market' });
    expect(b.status).toBe('filled');
    const stop = b.legs[1];
    // While the stop's replacement is with risk, the take-profit sells 4 of the 10 shares.
    const restore = duringStopReplaceCheck(() => quote(h, s, '110.20', '110.30', '4'));
    let res;
    try {
      res = await call(h, 'PATCH', `/v1/orders/${stop.id}`, user, { stopPrice: '97' });
    } finally {
      restore();
    }
    expect(res.statusCode, res.body).toBe(200);
    const tp = await getOrder(h, user, b.legs[0].id);
    expect([tp.status, tp.filledQty]).toEqual(['partially_filled', '4']);
    expect(await positionOf(s)).toBe('6');
    const fresh = res.json();
    // 6 shares are left; the stop must not sell more than that.
    expect(fresh.qty).toBe('6');
  });

  it('the stop replacement does not sell more shares than the position holds when it triggers', async () => {
    const { user, s, b } = await newBracket({ type: 'market' });
    const restore = duringStopReplaceCheck(() => quote(h, s, '110.20', '110.30', '4'));
    try {
      const res = await call(h, 'PATCH', `/v1/orders/${b.legs[1].id}`, user, { stopPrice: '97' });
      expect(res.statusCode, res.body).toBe(200);
    } finally {
      restore();
    }
    expect(await positionOf(s)).toBe('6');
    // The price falls through the new stop: the bracket's exits close the position, no more.
    h.quotes.set({ symbol: s, bid: '96.80', ask: '96.90', bidSize: '1000', askSize: '1000' });
    await trade(h, s, '96.85');
    expect(await positionOf(s)).toBe('0');
  });
});

const RESTING = { type: 'limit' as const, limitPrice: '99' };

/**
 * A buy bracket of 10 on a fresh symbol: take-profit 110, stop 95. Its entry is a limit at 99
 * that rests (both exits wait), or a market order that fills at once (both exits on).
 */
async function newBracket(entry: { type: 'market' } | { type: 'limit'; limitPrice: string } = RESTING) {
  const user = newUser();
  const s = newSymbol(h);
  const b = await place(h, user, {
    symbol: s,
    side: 'buy',
    ...entry,
    timeInForce: 'gtc',
    qty: '10',
    orderClass: 'bracket',
    takeProfit: { limitPrice: '110' },
    stopLoss: { stopPrice: '95' },
  });
  return { user, s, b };
}

describe('replacing a waiting bracket leg while the entry fills', () => {
  it('a leg taken off the book for a replace when its entry fills is armed, and triggers', async () => {
    const { user, s, b } = await newBracket();
    expect(b.legs.map((l: any) => l.status)).toEqual(['held', 'held']);
    const stop = b.legs.find((l: any) => l.legRole === 'stop_loss');
    // A replace's phase 1 has the waiting stop in pending_replace when the entry fills.
    await updateOrder(h.rt.deps.db, stop.id, { status: 'pending_replace', prevStatus: 'held' });
    await quote(h, s, '98.80', '98.90');
    expect((await getOrder(h, user, b.id)).status).toBe('filled');
    const during = await getOrderById(h.rt.deps.db, stop.id);
    expect([during?.status, during?.prevStatus, during?.exitQty]).toEqual(['pending_replace', 'held', '10']);
    // The replace is refused (or its process died): the stop goes back to work, armed.
    await restorePending(h.rt.deps, stop.id, 'pending_replace');
    h.rt.deps.onOrdersChanged([stop.id]);
    const back = await getOrderById(h.rt.deps.db, stop.id);
    expect([back?.status, back?.exitQty]).toEqual(['held', '10']);
    h.quotes.set({ symbol: s, bid: '92.90', ask: '93.00', bidSize: '1000', askSize: '1000' });
    await trade(h, s, '92.95');
    expect([(await getOrderById(h.rt.deps.db, stop.id))?.status, await positionOf(s)]).toEqual([
      'filled',
      '0',
    ]);
  });

  it('moving a waiting stop before the entry fills is not checked as a sell of shares not held', async () => {
    const { user, s, b } = await newBracket();
    const stop = b.legs.find((l: any) => l.legRole === 'stop_loss');
    const checks = h.risk.calls.length;
    h.risk.mode = 'reject';
    let res;
    try {
      res = await call(h, 'PATCH', `/v1/orders/${stop.id}`, user, { stopPrice: '94' });
    } finally {
      h.risk.mode = 'approve';
    }
    expect(res.statusCode, res.body).toBe(200);
    expect(h.risk.calls.length).toBe(checks);
    expect([res.json().status, res.json().stopPrice, res.json().qty]).toEqual(['held', '94', '10']);
    // It still waits for the entry, then works: the entry fills, the price falls through 94.
    await quote(h, s, '98.80', '98.90');
    h.quotes.set({ symbol: s, bid: '93.50', ask: '93.60', bidSize: '1000', askSize: '1000' });
    await trade(h, s, '93.55');
    expect([(await getOrderById(h.rt.deps.db, res.json().id))?.status, await positionOf(s)]).toEqual([
      'filled',
      '0',
    ]);
  });

  it('exits turned on count on the account, so placements checked before the fill ask again', async () => {
    const { s, b } = await newBracket();
    const counters = () =>
      h.rt.deps.db
        .selectFrom('accounts')
        .select(['placed_seq', 'placed_sell_qty', 'placed_sides'])
        .where('id', '=', b.accountId)
        .executeTakeFirstOrThrow();
    const before = await counters();
    await quote(h, s, '98.80', '98.90');
    const after = await counters();
    expect(Number(after.placed_seq) - Number(before.placed_seq)).toBe(1);
    expect((after.placed_sell_qty as Record<string, string>)[s]).toBe('10');
    expect((after.placed_sides as Record<string, number>)[`${s}:sell`]).toBe(1);
  });
});

describe('replacing an order that fills between the replace reading it and taking it off the book', () => {
  it('a replacement without qty is for what the order has left when it is replaced', async () => {
    const user = newUser();
    const s = newSymbol(h);
    const o = await place(h, user, {
      symbol: s,
      side: 'buy',
      type: 'limit',
      limitPrice: '99',
      timeInForce: 'gtc',
      qty: '10',
    });
    expect(o.status).toBe('new');
    // The replace reads the order, then the quote: meanwhile 6 of the 10 shares fill.
    const original = h.quotes.latest.bind(h.quotes);
    let once = false;
    h.quotes.latest = async (...args: Parameters<typeof original>) => {
      if (!once && args[0] === s) {
        once = true;
        await quote(h, s, '98.80', '98.90', '6');
      }
      return original(...args);
    };
    let res;
    try {
      res = await call(h, 'PATCH', `/v1/orders/${o.id}`, user, { limitPrice: '98.5' });
    } finally {
      h.quotes.latest = original;
    }
    expect(res.statusCode, res.body).toBe(200);
    const old = await getOrder(h, user, o.id);
    expect([old.status, old.filledQty]).toEqual(['replaced', '6']);
    // The user asked for 10 shares in all: 4 are left to buy.
    expect(res.json().qty).toBe('4');
  });
});
