import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dec, uuidv7 } from '@tradeplane/kit';
import type { RiskCheckRequest, RiskCheckResponse } from '@tradeplane/contracts';
import { expireDueOrders } from '../src/domain/expire-orders.ts';
import { openOrdersContext } from '../src/domain/open-orders-summary.ts';
import type { Order } from '../src/domain/types.ts';
import { insertOrders } from '../src/store/orders.store.ts';
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
 * A bracket's stop-loss leg stays `held` once the entry filled, as Alpaca shows it (the
 * take-profit rests on the venue as `new`, Alpaca keeps the stop and triggers it itself) — and it
 * works all the same on the paper exchange: it triggers on trades, fills, cancels the take-profit
 * (and is canceled by it), reserves the shares it may sell, and can be canceled and replaced.
 */
let h: OrdersHarness;
beforeAll(async () => {
  h = await startOrders();
});
afterAll(async () => h?.close());

const bracketBuy = (symbol: string, extra: Record<string, unknown> = {}) => ({
  symbol,
  side: 'buy',
  type: 'market',
  timeInForce: 'gtc',
  qty: '10',
  orderClass: 'bracket',
  takeProfit: { limitPrice: '110' },
  stopLoss: { stopPrice: '95' },
  ...extra,
});

const legsOf = (o: any) => o.legs.map((l: any) => [l.legRole, l.status, l.qty, l.filledQty]);

/**
 * Risk's covered-sell rule (services/risk pre-trade: a sell may sell the position less what working
 * sells already reserve), standing in for risk so the test can see what orders tells it.
 */
function coveredSellsOnly(position: (symbol: string) => Promise<string>) {
  const seen: RiskCheckRequest[] = [];
  const original = h.risk.check.bind(h.risk);
  h.risk.check = async (req: RiskCheckRequest): Promise<RiskCheckResponse> => {
    seen.push(req);
    if (req.order.side === 'sell') {
      const held = dec(await position(req.order.symbol));
      const available = held.minus(req.openOrders.pendingSellQty[req.order.symbol] ?? '0');
      if (dec(req.order.qty ?? '0').gt(available))
        return {
          checkId: `chk-${seen.length}`,
          approved: false,
          code: 'RISK_INSUFFICIENT_QTY',
          message: `insufficient qty: order sells ${req.order.qty} ${req.order.symbol}, available ${available.toFixed()}`,
          state: 'ACTIVE',
        };
    }
    return original(req);
  };
  return { seen, restore: () => (h.risk.check = original) };
}

/** The account's position in a symbol, from the executions orders published. */
async function positionOf(symbol: string): Promise<string> {
  const trades = (await outbox(h, 'trade.executed')).filter((e) => e.data.symbol === symbol);
  return trades
    .reduce((n, e) => (e.data.side === 'buy' ? n.plus(e.data.qty) : n.minus(e.data.qty)), dec(0))
    .toFixed();
}

describe('bracket stop-loss leg shown held', () => {
  it('a bracket buy that fills turns the take-profit new and keeps the stop-loss held, and its events say so', async () => {
    const user = newUser();
    const s = newSymbol(h);
    const b = await place(h, user, bracketBuy(s));
    expect(b.status).toBe('filled');
    expect(legsOf(b)).toEqual([
      ['take_profit', 'new', '10', '0'],
      ['stop_loss', 'held', '10', '0'],
    ]);
    const accepted = (await outbox(h, 'order.accepted')).find((e) => e.data.order.id === b.id);
    expect(accepted?.data.order.legs.map((l: any) => [l.legRole, l.status])).toEqual([
      ['take_profit', 'held'],
      ['stop_loss', 'held'],
    ]);
    const filled = (await outbox(h, 'order.filled')).find((e) => e.data.order.id === b.id);
    expect(filled?.data.order.legs.map((l: any) => [l.legRole, l.status])).toEqual([
      ['take_profit', 'new'],
      ['stop_loss', 'held'],
    ]);
  });

  it('the price falling through the held stop fills it and cancels the take-profit', async () => {
    const user = newUser();
    const s = newSymbol(h);
    const b = await place(h, user, bracketBuy(s));
    h.quotes.set({ symbol: s, bid: '94.80', ask: '94.90', bidSize: '1000', askSize: '1000' });
    await trade(h, s, '94.85');
    const out = await getOrder(h, user, b.id);
    expect(legsOf(out)).toEqual([
      ['take_profit', 'canceled', '10', '0'],
      ['stop_loss', 'filled', '10', '10'],
    ]);
    expect(out.legs[1].filledAvgPrice).toBe('94.8');
    const canceled = (await outbox(h, 'order.canceled')).find((e) => e.data.order.id === out.legs[0].id);
    expect(canceled?.data.code).toBe('ORDERS_OCO');
    expect(await positionOf(s)).toBe('0');
  });

  it('the price rising to the take-profit fills it and cancels the held stop', async () => {
    const user = newUser();
    const s = newSymbol(h);
    const b = await place(h, user, bracketBuy(s));
    await quote(h, s, '110.20', '110.30');
    const out = await getOrder(h, user, b.id);
    expect(legsOf(out)).toEqual([
      ['take_profit', 'filled', '10', '10'],
      ['stop_loss', 'canceled', '10', '0'],
    ]);
    const canceled = (await outbox(h, 'order.canceled')).find((e) => e.data.order.id === out.legs[1].id);
    expect(canceled?.data.code).toBe('ORDERS_OCO');
  });

  it('a leg still waiting for its entry neither triggers nor reserves anything', async () => {
    const user = newUser();
    const s = newSymbol(h);
    // A buy stop entry: the print through the legs' stop does not set it off.
    const b = await place(h, user, bracketBuy(s, { type: 'stop', stopPrice: '105' }));
    expect(b.status).toBe('new');
    h.quotes.set({ symbol: s, bid: '89.90', ask: '90.00', bidSize: '1000', askSize: '1000' });
    await trade(h, s, '90');
    expect((await getOrder(h, user, b.id)).filledQty).toBe('0');
    const out = await getOrder(h, user, b.id);
    expect(out.legs.map((l: any) => [l.status, l.filledQty])).toEqual([
      ['held', '0'],
      ['held', '0'],
    ]);
    const ctx = await openOrdersContext(h.rt.deps, b.accountId);
    expect(ctx.summary.pendingSellQty[s]).toBeUndefined();
    expect(ctx.working.filter((w) => w.symbol === s).map((w) => w.side)).toEqual(['buy']);
  });

  it('a held stop reserves the shares it may sell: a second sell of them is refused, natively and through the Alpaca API', async () => {
    const user = newUser();
    const s = newSymbol(h);
    const b = await place(h, user, bracketBuy(s));
    expect(await positionOf(s)).toBe('10');
    const risk = coveredSellsOnly(positionOf);
    try {
      const sell = await call(h, 'POST', '/v1/orders', user, {
        symbol: s,
        side: 'sell',
        type: 'market',
        timeInForce: 'day',
        qty: '10',
      });
      expect([sell.statusCode, sell.json().code]).toEqual([403, 'RISK_INSUFFICIENT_QTY']);
      const asked = risk.seen.at(-1)!;
      // The take-profit and the held stop sell the same 10 shares: reserved once.
      expect(asked.openOrders.pendingSellQty[s]).toBe('10');
      expect(asked.workingSummary?.find((w) => w.symbol === s && w.side === 'sell')).toMatchObject({
        count: 2,
        minLimitPrice: '95',
        maxLimitPrice: '110',
      });
      const alpaca = await call(h, 'POST', '/alpaca/v2/orders', user, {
        symbol: s,
        qty: '10',
        side: 'sell',
        type: 'market',
        time_in_force: 'day',
      });
      expect([alpaca.statusCode, alpaca.json()]).toEqual([
        403,
        { code: 40310000, message: 'insufficient qty: order sells 10 ' + s + ', available 0' },
      ]);
    } finally {
      risk.restore();
    }
    expect((await getOrder(h, user, b.id)).legs.map((l: any) => l.status)).toEqual(['new', 'held']);
  });

  it('the held stop reserves on its own once the take-profit is gone', async () => {
    const user = newUser();
    const accountId = (await call(h, 'GET', '/v1/accounts', user)).json().data[0].id as string;
    const now = new Date();
    const base: Order = {
      id: uuidv7(),
      accountId,
      userId: user,
      clientOrderId: uuidv7(),
      idempotencyKey: null,
      symbol: 'HLD',
      assetId: null,
      assetClass: 'us_equity',
      side: 'buy',
      type: 'market',
      timeInForce: 'gtc',
      orderClass: 'bracket',
      qty: '8',
      notional: null,
      filledQty: '8',
      filledAvgPrice: '100',
      commission: '0',
      limitPrice: null,
      stopPrice: null,
      trailPrice: null,
      trailPercent: null,
      hwm: null,
      extendedHours: false,
      status: 'filled',
      prevStatus: null,
      rejectCode: null,
      rejectReason: null,
      parentId: null,
      legRole: null,
      exitQty: null,
      replaces: null,
      replacedBy: null,
      positionIntent: null,
      broker: 'paper',
      brokerOrderId: null,
      source: 'api',
      triggeredAt: null,
      auctionAt: null,
      expiresAt: null,
      createdAt: now,
      updatedAt: now,
      submittedAt: now,
      filledAt: now,
      expiredAt: null,
      canceledAt: null,
      failedAt: null,
      replacedAt: null,
    };
    const leg = (role: 'take_profit' | 'stop_loss', status: Order['status']): Order => ({
      ...base,
      id: uuidv7(),
      clientOrderId: uuidv7(),
      side: 'sell',
      type: role === 'take_profit' ? 'limit' : 'stop',
      filledQty: '0',
      filledAvgPrice: null,
      limitPrice: role === 'take_profit' ? '120' : null,
      stopPrice: role === 'stop_loss' ? '90' : null,
      status,
      parentId: base.id,
      legRole: role,
      exitQty: '8',
      filledAt: null,
    });
    await insertOrders(h.rt.deps.db, [base, leg('take_profit', 'canceled'), leg('stop_loss', 'held')]);
    const ctx = await openOrdersContext(h.rt.deps, accountId);
    expect(ctx.summary).toEqual({ count: 1, pendingBuyNotional: '0', pendingSellQty: { HLD: '8' } });
    expect(ctx.working).toEqual([
      { symbol: 'HLD', side: 'sell', count: 1, atMarket: 0, minLimitPrice: '90', maxLimitPrice: '90' },
    ]);
  });

  it('a held stop can be canceled, and the canceled stop no longer trades', async () => {
    const user = newUser();
    const s = newSymbol(h);
    const b = await place(h, user, bracketBuy(s));
    const stopId = b.legs[1].id;
    const res = await call(h, 'DELETE', `/v1/orders/${stopId}`, user);
    expect([res.statusCode, res.json().status]).toEqual([200, 'canceled']);
    // Alpaca: canceling one order of the group cancels the rest of it.
    expect((await getOrder(h, user, b.id)).legs.map((l: any) => l.status)).toEqual(['canceled', 'canceled']);
    h.quotes.set({ symbol: s, bid: '94.80', ask: '94.90', bidSize: '1000', askSize: '1000' });
    await trade(h, s, '94.85');
    expect((await getOrder(h, user, stopId)).filledQty).toBe('0');
    expect(await positionOf(s)).toBe('10');
  });

  it('a held stop can be replaced: the replacement stays held, keeps its group and works from the new price', async () => {
    const user = newUser();
    const s = newSymbol(h);
    const b = await place(h, user, bracketBuy(s));
    const old = b.legs[1];
    const risk = coveredSellsOnly(positionOf);
    let fresh: any;
    try {
      const res = await call(h, 'PATCH', `/v1/orders/${old.id}`, user, { stopPrice: '97' });
      expect(res.statusCode, res.body).toBe(200);
      fresh = res.json();
      // The replacement takes the old stop's place in the group: the take-profit beside it does
      // not reserve the same shares a second time.
      expect(risk.seen.at(-1)!.openOrders.pendingSellQty[s] ?? '0').toBe('0');
    } finally {
      risk.restore();
    }
    expect([fresh.status, fresh.stopPrice, fresh.replaces, fresh.parentOrderId, fresh.qty]).toEqual([
      'held',
      '97',
      old.id,
      b.id,
      '10',
    ]);
    expect((await getOrder(h, user, old.id)).status).toBe('replaced');
    // The exchange reloads its book (as a new matcher would) and still works the held replacement.
    await h.rt.exchange.resync();
    h.quotes.set({ symbol: s, bid: '97.40', ask: '97.50', bidSize: '1000', askSize: '1000' });
    await trade(h, s, '97.45');
    expect((await getOrder(h, user, fresh.id)).filledQty).toBe('0');
    h.quotes.set({ symbol: s, bid: '96.80', ask: '96.90', bidSize: '1000', askSize: '1000' });
    await trade(h, s, '96.85');
    const out = await getOrder(h, user, b.id);
    expect(out.legs.map((l: any) => [l.id, l.status, l.filledQty])).toEqual([
      [b.legs[0].id, 'canceled', '0'],
      [old.id, 'replaced', '0'],
      [fresh.id, 'filled', '10'],
    ]);
    expect(await positionOf(s)).toBe('0');
  });

  it('through the Alpaca API: the filled bracket lists its take-profit new and its stop held, and the stop fills', async () => {
    const user = newUser();
    const s = newSymbol(h);
    const res = await call(h, 'POST', '/alpaca/v2/orders', user, {
      symbol: s,
      qty: '5',
      side: 'buy',
      type: 'market',
      time_in_force: 'gtc',
      order_class: 'bracket',
      take_profit: { limit_price: '110' },
      stop_loss: { stop_price: '95', limit_price: '94.5' },
    });
    expect(res.statusCode, res.body).toBe(200);
    const placed = res.json();
    expect(placed.status).toBe('filled');
    const nested = (await call(h, 'GET', `/alpaca/v2/orders/${placed.id}?nested=true`, user)).json();
    expect(nested.legs.map((l: any) => [l.type, l.status, l.qty, l.stop_price])).toEqual([
      ['limit', 'new', '5', null],
      ['stop_limit', 'held', '5', '95'],
    ]);
    const open = (await call(h, 'GET', `/alpaca/v2/orders?status=open&symbols=${s}`, user)).json();
    expect(open.map((o: any) => o.status).sort()).toEqual(['held', 'new']);
    h.quotes.set({ symbol: s, bid: '94.80', ask: '94.90', bidSize: '1000', askSize: '1000' });
    await trade(h, s, '94.85');
    const stop = (await call(h, 'GET', `/alpaca/v2/orders/${nested.legs[1].id}`, user)).json();
    expect([stop.status, stop.filled_qty, stop.filled_avg_price]).toEqual(['filled', '5', '94.8']);
    const tp = (await call(h, 'GET', `/alpaca/v2/orders/${nested.legs[0].id}`, user)).json();
    expect(tp.status).toBe('canceled');
  });

  // Last: it expires every day order of this file's account book that is due.
  it('a day bracket’s held stop expires with its group when the day ends', async () => {
    const user = newUser();
    const s = newSymbol(h);
    const b = await place(h, user, bracketBuy(s, { timeInForce: 'day' }));
    expect(b.legs.map((l: any) => l.status)).toEqual(['new', 'held']);
    const stop = await getOrder(h, user, b.legs[1].id);
    const end = new Date(new Date(stop.expiresAt).getTime() + 1000);
    await h.rt.exchange.run(() => expireDueOrders(h.rt.deps, end));
    expect((await getOrder(h, user, b.id)).legs.map((l: any) => l.status)).toEqual(['expired', 'expired']);
    h.quotes.set({ symbol: s, bid: '94.80', ask: '94.90', bidSize: '1000', askSize: '1000' });
    h.rt.exchange.changed(b.legs.map((l: any) => l.id));
    await h.rt.exchange.idle();
    await trade(h, s, '94.85');
    expect(await positionOf(s)).toBe('10');
  });
});
