import { dec, type Dec } from '@tradeplane/kit';
import type { RiskCheckRequest } from '@tradeplane/contracts';
import { usd } from '../format.ts';
import type { ComplianceRule } from './rule.ts';

/** The working order on the other side a new order would meet first; null price = at market. */
interface Opposite {
  side: 'buy' | 'sell';
  price: Dec | null;
}

/**
 * The opposite side's working order the new one would trade against first, if it crosses any:
 * a buy meets the lowest working sell, a sell the highest working buy; an order at market on
 * either side crosses everything.
 */
function crossing(request: RiskCheckRequest, symbol: string, mine: Dec | null): Opposite | undefined {
  const { order } = request;
  const crosses = (theirs: Dec | null) =>
    mine === null || theirs === null || (order.side === 'buy' ? mine.gte(theirs) : mine.lte(theirs));
  // The aggregate orders sends (one row per symbol and side, however many orders rest)…
  if (request.workingSummary) {
    for (const w of request.workingSummary) {
      if (w.symbol.toUpperCase() !== symbol || w.side === order.side || w.count === 0) continue;
      if (w.atMarket > 0) return { side: w.side, price: null };
      const best = order.side === 'buy' ? w.minLimitPrice : w.maxLimitPrice;
      const theirs = best === null ? null : dec(best);
      if (crosses(theirs)) return { side: w.side, price: theirs };
    }
    return undefined;
  }
  // …or the list of working orders an older orders instance sends.
  for (const w of request.workingOrders ?? []) {
    if (w.symbol.toUpperCase() !== symbol || w.side === order.side) continue;
    const theirs = w.limitPrice === null ? null : dec(w.limitPrice);
    if (crosses(theirs)) return { side: w.side, price: theirs };
  }
  return undefined;
}

/**
 * Blocks an order that would trade against the account's own working order on the other side of
 * the same symbol (a wash trade: no change of beneficial ownership, SEC Rule 10b-5 / FINRA 6140
 * concerns). Crossing: a buy at or above a working sell's limit, a sell at or below a working
 * buy's limit; a market order crosses everything. Needs `workingSummary` (or the older
 * `workingOrders`) in the request.
 */
export const washTradeRule: ComplianceRule = {
  id: 'wash-trade',
  description:
    "Blocks an order that would cross the account's own working order on the other side of the same symbol.",
  async evaluate(ctx) {
    const { order } = ctx.request;
    const mine = order.limitPrice === null ? null : dec(order.limitPrice);
    if (!canTradeNow(ctx.request)) return 'ok';
    const w = crossing(ctx.request, ctx.symbol, mine);
    if (!w) return 'ok';
    return {
      code: 'COMPLIANCE_WASH_TRADE',
      message: `wash trade: this ${order.side}${mine ? ` at ${usd(mine)}` : ' at market'} would trade against your own working ${w.side} of ${ctx.symbol}${w.price ? ` at ${usd(w.price)}` : ' at market'}`,
    };
  },
  // Two orders on both sides of a symbol placed at the same instant each see no other: an approval
  // holds only while no order appears on the other side (orders then asks again and this rule
  // sees it).
  headroom(ctx) {
    return canTradeNow(ctx.request) ? { crossingOrders: 0 } : {};
  },
};

/** A stop or stop-limit waits for its trigger; only orders that can trade now can cross. */
function canTradeNow(request: RiskCheckRequest): boolean {
  const t = request.order.type;
  return t !== 'stop' && t !== 'stop_limit' && t !== 'trailing_stop';
}
