import { dec, type Dec as D } from '@tradeplane/kit';
import type { RiskCheckRequest } from '@tradeplane/contracts';
import { openOrdersAggregate, type OpenOrdersGroup } from '../store/orders.store.ts';
import type { OrdersDeps } from './deps.ts';

export type OpenOrdersSummary = RiskCheckRequest['openOrders'];
export type WorkingSummary = NonNullable<RiskCheckRequest['workingSummary']>;

/**
 * What the account's working orders already reserve, for the risk check: how many there are, the
 * cash working buys may spend (remaining qty × limit, else stop, else the last price; the notional
 * of a notional order) and the shares working sells may sell per symbol. Legs waiting for their
 * entry reserve nothing; a bracket's stop shown `held` once its entry filled works and reserves
 * (order-state.ts isArmedHeld); the exits of one OCO group sell the same shares, so each group
 * counts once.
 */
export async function openOrdersSummary(
  deps: Pick<OrdersDeps, 'db' | 'quotes'>,
  accountId: string,
  excludeOrderId?: string,
): Promise<OpenOrdersSummary> {
  return (await openOrdersContext(deps, accountId, excludeOrderId)).summary;
}

/**
 * The summary, and the working orders per symbol and side (risk's wash-trade guard looks for a
 * self-cross). The database sums the orders (store: openOrdersAggregate), so the cost of a check
 * does not grow with the number of resting orders: one query, a few rows per symbol traded.
 */
export async function openOrdersContext(
  deps: Pick<OrdersDeps, 'db' | 'quotes'>,
  accountId: string,
  excludeOrderId?: string,
): Promise<{ summary: OpenOrdersSummary; working: WorkingSummary }> {
  return summarizeOpenOrders(await openOrdersAggregate(deps.db, accountId, excludeOrderId), deps.quotes);
}

/**
 * The summary from the aggregate. Market buys have no price of their own: they reserve at the
 * last price of the feed, else at their average fill price. Kept apart from the query so a
 * placement can run the query beside its quote lookup and price with what that brought.
 */
export function summarizeOpenOrders(
  groups: OpenOrdersGroup[],
  quotes: Pick<OrdersDeps['quotes'], 'peek'>,
): { summary: OpenOrdersSummary; working: WorkingSummary } {
  let count = 0;
  let pendingBuyNotional = dec(0);
  const pendingSell = new Map<string, D>();
  const working: WorkingSummary = [];
  for (const g of groups) {
    count += g.open;
    if (g.working > 0)
      working.push({
        symbol: g.symbol,
        side: g.side,
        count: g.working,
        atMarket: g.atMarket,
        minLimitPrice: g.minLimit,
        maxLimitPrice: g.maxLimit,
      });
    if (!g.reserving) continue;
    if (g.side === 'buy') {
      let unpriced = dec(0);
      if (!dec(g.unpricedQty).isZero()) {
        const last = quotes.peek(g.symbol)?.last;
        unpriced = last ? dec(g.unpricedQty).times(last) : dec(g.unpricedFallback);
      }
      pendingBuyNotional = pendingBuyNotional.plus(g.pricedNotional).plus(unpriced);
    } else {
      pendingSell.set(g.symbol, (pendingSell.get(g.symbol) ?? dec(0)).plus(g.remainingQty));
    }
  }
  return {
    summary: {
      count,
      pendingBuyNotional: pendingBuyNotional.toFixed(),
      pendingSellQty: Object.fromEntries([...pendingSell].map(([s, q]) => [s, q.toFixed()])),
    },
    working,
  };
}
