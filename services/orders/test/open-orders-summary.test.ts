import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dec, uuidv7, type Dec } from '@tradeplane/kit';
import { openOrdersContext } from '../src/domain/open-orders-summary.ts';
import { OPEN_STATUSES, TERMINAL_STATUSES } from '../src/domain/order-state.ts';
import type { Order, OrderStatus } from '../src/domain/types.ts';
import { insertOrders, openOrders } from '../src/store/orders.store.ts';
import { call, newUser, startOrders, type OrdersHarness } from './helper.ts';

/**
 * The pre-trade summary is summed by the database (openOrdersAggregate). This checks it against
 * the way it was computed before, order by order in memory, on random books: held legs, OCO
 * groups, partial fills, notional and market buys (priced at the feed, else the average fill),
 * closed orders, and the order a replacement leaves out.
 */
function reference(open: Order[], peek: (s: string) => Dec | undefined, excludeId?: string) {
  const list = open.filter((o) => o.id !== excludeId);
  const remaining = (o: Order) => (o.qty === null ? dec(0) : dec(o.qty).minus(o.filledQty));
  let pendingBuy = dec(0);
  const pendingSell = new Map<string, Dec>();
  const groups = new Set<string>();
  // An OCO exit left out (being replaced): its replacement stands for its group, the rest reserve nothing.
  const excluded = open.find((o) => o.id === excludeId);
  if (excluded && excluded.exitQty !== null) groups.add(excluded.parentId ?? excluded.id);
  // A held leg with no exit quantity waits for its entry; an armed held stop works (isArmedHeld).
  const waiting = (o: Order) => o.status === 'held' && o.exitQty === null;
  for (const o of list) {
    if (waiting(o)) continue;
    if (o.exitQty !== null) {
      const g = o.parentId ?? o.id;
      if (groups.has(g)) continue;
      groups.add(g);
    }
    if (o.side === 'buy') {
      const reserved =
        o.notional !== null
          ? dec(o.filledQty).gt(0)
            ? dec(0)
            : dec(o.notional)
          : remaining(o).times(
              o.limitPrice ?? o.stopPrice ?? peek(o.symbol)?.toFixed() ?? o.filledAvgPrice ?? '0',
            );
      pendingBuy = pendingBuy.plus(reserved);
    } else pendingSell.set(o.symbol, (pendingSell.get(o.symbol) ?? dec(0)).plus(remaining(o)));
  }
  const working = new Map<string, { count: number; atMarket: number; prices: Dec[] }>();
  for (const o of list) {
    if (waiting(o)) continue;
    const key = `${o.symbol}|${o.side}`;
    const w = working.get(key) ?? { count: 0, atMarket: 0, prices: [] };
    const price = o.type === 'market' ? null : (o.limitPrice ?? o.stopPrice);
    w.count += 1;
    if (price === null) w.atMarket += 1;
    else w.prices.push(dec(price));
    working.set(key, w);
  }
  return {
    summary: {
      count: list.length,
      pendingBuyNotional: pendingBuy.toFixed(),
      pendingSellQty: Object.fromEntries([...pendingSell].map(([s, q]) => [s, q.toFixed()])),
    },
    working: [...working]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([key, w]) => {
        const [symbol, side] = key.split('|');
        const sorted = [...w.prices].sort((a, b) => a.comparedTo(b));
        return {
          symbol,
          side,
          count: w.count,
          atMarket: w.atMarket,
          minLimitPrice: sorted[0]?.toFixed() ?? null,
          maxLimitPrice: sorted.at(-1)?.toFixed() ?? null,
        };
      }),
  };
}

const orderSpec = fc.record({
  symbol: fc.constantFrom('AAA', 'BBB', 'CCC'),
  side: fc.constantFrom('buy' as const, 'sell' as const),
  type: fc.constantFrom('market' as const, 'limit' as const, 'stop' as const, 'stop_limit' as const),
  notional: fc.boolean(),
  qty: fc.integer({ min: 1, max: 500 }),
  filledPct: fc.constantFrom(0, 0, 25, 50),
  limit: fc.integer({ min: 100, max: 99_999 }),
  stop: fc.integer({ min: 100, max: 99_999 }),
  status: fc.constantFrom<OrderStatus>(
    'new',
    'new',
    'partially_filled',
    'accepted',
    'held',
    'pending_cancel',
    'pending_replace',
    ...TERMINAL_STATUSES,
  ),
  // bracket: the entry works, its legs wait; bracket_on: the entry filled, its exits are on (the
  // stop held, armed, as Alpaca shows it).
  group: fc.constantFrom(
    'none' as const,
    'none' as const,
    'oco' as const,
    'bracket' as const,
    'bracket_on' as const,
  ),
});

describe('open orders summary (database aggregate)', () => {
  let h: OrdersHarness;
  beforeAll(async () => {
    h = await startOrders();
  });
  afterAll(async () => h?.close());

  it('equals the per-order computation on random books', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(orderSpec, { minLength: 0, maxLength: 25 }),
        fc.boolean(),
        fc.boolean(),
        async (specs, withQuote, excludeOne) => {
          const u = newUser();
          const accountId = (await call(h, 'GET', '/v1/accounts', u)).json().data[0].id as string;
          const now = new Date();
          const rows: Order[] = [];
          for (const s of specs) {
            const notional = s.notional && s.side === 'buy' && s.type === 'market' && s.group === 'none';
            const qty = dec(s.qty).div(4);
            const on = s.group === 'bracket_on';
            const base: Order = {
              id: uuidv7(),
              accountId,
              userId: u,
              clientOrderId: uuidv7(),
              idempotencyKey: null,
              symbol: s.symbol,
              assetId: null,
              assetClass: 'us_equity',
              side: s.side,
              type: s.type,
              timeInForce: 'gtc',
              orderClass: s.group === 'none' ? 'simple' : s.group === 'bracket_on' ? 'bracket' : s.group,
              qty: notional ? null : qty.toFixed(),
              notional: notional ? dec(s.limit).div(100).toFixed() : null,
              filledQty: notional ? '0' : on ? qty.toFixed() : qty.times(s.filledPct).div(100).toFixed(),
              filledAvgPrice: s.filledPct > 0 || on ? dec(s.limit).div(101).toFixed(4) : null,
              commission: '0',
              limitPrice:
                s.type === 'limit' || s.type === 'stop_limit' ? dec(s.limit).div(100).toFixed() : null,
              stopPrice: s.type === 'stop' || s.type === 'stop_limit' ? dec(s.stop).div(100).toFixed() : null,
              trailPrice: null,
              trailPercent: null,
              hwm: null,
              extendedHours: false,
              status: on ? 'filled' : s.status,
              prevStatus: null,
              rejectCode: null,
              rejectReason: null,
              parentId: null,
              legRole: null,
              exitQty: s.group === 'oco' ? qty.toFixed() : null,
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
              filledAt: null,
              expiredAt: null,
              canceledAt: null,
              failedAt: null,
              replacedAt: null,
            };
            rows.push(base);
            if (s.group !== 'none') {
              // Two legs on the exit side; a bracket's wait (held) until the entry fills.
              for (const role of ['take_profit', 'stop_loss'] as const)
                rows.push({
                  ...base,
                  id: uuidv7(),
                  clientOrderId: uuidv7(),
                  side: s.group === 'oco' ? s.side : s.side === 'buy' ? 'sell' : 'buy',
                  type: role === 'take_profit' ? 'limit' : 'stop',
                  filledQty: '0',
                  filledAvgPrice: null,
                  limitPrice: role === 'take_profit' ? dec(s.limit).div(90).toFixed(2) : null,
                  stopPrice: role === 'stop_loss' ? dec(s.stop).div(110).toFixed(2) : null,
                  status:
                    (s.group === 'bracket' || (on && role === 'stop_loss')) &&
                    OPEN_STATUSES.includes(s.status)
                      ? 'held'
                      : s.status,
                  parentId: base.id,
                  legRole: role,
                  exitQty: s.group === 'oco' || on ? qty.toFixed() : null,
                });
            }
          }
          await insertOrders(h.rt.deps.db, rows);
          for (const symbol of ['AAA', 'BBB', 'CCC']) {
            if (withQuote) h.quotes.set({ symbol, bid: '41.10', ask: '41.30', last: '41.25' });
            else h.quotes.delete(symbol);
          }
          const open = await openOrders(h.rt.deps.db, accountId);
          const exclude = excludeOne && open.length > 0 ? open[0]!.id : undefined;
          const peek = (s: string) => h.quotes.peek(s)?.last;
          const got = await openOrdersContext(h.rt.deps, accountId, exclude);
          expect(got).toEqual(reference(open, peek, exclude));
        },
      ),
      { numRuns: 40 },
    );
  }, 120_000);
});
