import { dec } from '@tradeplane/kit';
import { usd } from '../format.ts';
import type { ComplianceRule } from './rule.ts';

/**
 * Blocks an order that would trade against the account's own working order on the other side of
 * the same symbol (a wash trade: no change of beneficial ownership, SEC Rule 10b-5 / FINRA 6140
 * concerns). Crossing: a buy at or above a working sell's limit, a sell at or below a working
 * buy's limit; a market order crosses everything. Needs `workingOrders` in the request.
 */
export const washTradeRule: ComplianceRule = {
  id: 'wash-trade',
  description:
    "Blocks an order that would cross the account's own working order on the other side of the same symbol.",
  async evaluate(ctx) {
    const { order } = ctx.request;
    const mine = order.limitPrice === null ? null : dec(order.limitPrice);
    // A stop or stop-limit waits for its trigger; only orders that can trade now can cross.
    if (order.type === 'stop' || order.type === 'stop_limit' || order.type === 'trailing_stop') return 'ok';
    for (const w of ctx.request.workingOrders ?? []) {
      if (w.symbol.toUpperCase() !== ctx.symbol || w.side === order.side) continue;
      const theirs = w.limitPrice === null ? null : dec(w.limitPrice);
      const crosses =
        mine === null || theirs === null || (order.side === 'buy' ? mine.gte(theirs) : mine.lte(theirs));
      if (crosses)
        return {
          code: 'COMPLIANCE_WASH_TRADE',
          message: `wash trade: this ${order.side}${mine ? ` at ${usd(mine)}` : ' at market'} would trade against your own working ${w.side} of ${ctx.symbol}${theirs ? ` at ${usd(theirs)}` : ' at market'}`,
        };
    }
    return 'ok';
  },
};
