import { dec, type Dec as D } from '@tradeplane/kit';
import type { RiskCheckRequest } from '@tradeplane/contracts';
import { openOrders } from '../store/orders.store.ts';
import type { OrdersDeps } from './deps.ts';
import type { Order } from './types.ts';

export type OpenOrdersSummary = RiskCheckRequest['openOrders'];
export type WorkingOrders = NonNullable<RiskCheckRequest['workingOrders']>;

/**
 * What the account's working orders already reserve, for the risk check: how many there are, the
 * cash working buys may spend (remaining qty × limit, else stop, else the last price; the notional
 * of a notional order) and the shares working sells may sell per symbol. Held legs wait for their
 * entry, and the exits of one OCO group sell the same shares, so each group counts once.
 */
export async function openOrdersSummary(
  deps: Pick<OrdersDeps, 'db' | 'quotes'>,
  accountId: string,
  excludeOrderId?: string,
): Promise<OpenOrdersSummary> {
  return (await openOrdersContext(deps, accountId, excludeOrderId)).summary;
}

/** The summary, and the working orders themselves (risk's wash-trade guard looks for a self-cross). */
export async function openOrdersContext(
  deps: Pick<OrdersDeps, 'db' | 'quotes'>,
  accountId: string,
  excludeOrderId?: string,
): Promise<{ summary: OpenOrdersSummary; working: WorkingOrders }> {
  const open = (await openOrders(deps.db, accountId)).filter((o) => o.id !== excludeOrderId);
  let pendingBuyNotional = dec(0);
  const pendingSell = new Map<string, D>();
  const countedGroups = new Set<string>();
  for (const o of open) {
    if (o.status === 'held') continue;
    if (o.exitQty !== null) {
      const group = o.parentId ?? o.id;
      if (countedGroups.has(group)) continue;
      countedGroups.add(group);
    }
    if (o.side === 'buy') pendingBuyNotional = pendingBuyNotional.plus(reservedCash(o, deps));
    else pendingSell.set(o.symbol, (pendingSell.get(o.symbol) ?? dec(0)).plus(remaining(o)));
  }
  return {
    summary: {
      count: open.length,
      pendingBuyNotional: pendingBuyNotional.toFixed(),
      pendingSellQty: Object.fromEntries([...pendingSell].map(([s, q]) => [s, q.toFixed()])),
    },
    // A market order is a null limit; a held leg is not working yet.
    working: open
      .filter((o) => o.status !== 'held')
      .map((o) => ({
        side: o.side,
        symbol: o.symbol,
        limitPrice: o.type === 'market' ? null : (o.limitPrice ?? o.stopPrice),
      })),
  };
}

const remaining = (o: Order): D => (o.qty === null ? dec(0) : dec(o.qty).minus(o.filledQty));

function reservedCash(o: Order, deps: Pick<OrdersDeps, 'quotes'>): D {
  if (o.notional !== null) return dec(o.filledQty).gt(0) ? dec(0) : dec(o.notional);
  const price =
    o.limitPrice ?? o.stopPrice ?? deps.quotes.peek(o.symbol)?.last.toFixed() ?? o.filledAvgPrice ?? '0';
  return remaining(o).times(price);
}
