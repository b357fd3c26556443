import { Dec, type Dec as Decimal } from '@tradeplane/kit';

/**
 * Position accounting from executions (average-cost method). The position keeps its signed
 * quantity and its signed cost basis (qty × average entry) exactly; the average entry price is
 * derived from them for display. Closing shares takes their share of the cost basis out and
 * realizes the difference with the fill's price, so at every step:
 *   cash change (fees aside) = −signed fill value = realized change − cost-basis change,
 * which makes cash + positions at cost move only by fills' value, fees and realized P&L.
 * Realized P&L is by price; commissions are kept apart (position and account `fees`).
 */
export interface PositionLedger {
  qty: Decimal;
  costBasis: Decimal;
  realizedPnl: Decimal;
  commissions: Decimal;
}

export interface Execution {
  side: 'buy' | 'sell';
  qty: Decimal;
  price: Decimal;
  commission: Decimal;
}

export interface ExecutionEffect {
  position: PositionLedger;
  /** −qty × price − commission for a buy, +qty × price − commission for a sell. */
  cashDelta: Decimal;
  /** P&L realized by this execution (by price, before commission). */
  realized: Decimal;
}

/** Decimal places of the cost taken out by a partial close; a full close takes the exact rest. */
export const COST_PLACES = 10;
const ZERO = new Dec(0);

export const flat = (): PositionLedger => ({
  qty: ZERO,
  costBasis: ZERO,
  realizedPnl: ZERO,
  commissions: ZERO,
});

export function applyExecution(p: PositionLedger, e: Execution): ExecutionEffect {
  if (!e.qty.gt(0)) throw new RangeError('an execution has a positive quantity');
  if (e.price.isNeg()) throw new RangeError('an execution has a price of zero or more');
  const delta = e.side === 'buy' ? e.qty : e.qty.neg();
  const cashDelta = delta.times(e.price).neg().minus(e.commission);
  const commissions = p.commissions.plus(e.commission);
  const opening = p.qty.isZero() || p.qty.isNeg() === delta.isNeg();
  if (opening) {
    return {
      position: {
        qty: p.qty.plus(delta),
        costBasis: p.costBasis.plus(delta.times(e.price)),
        realizedPnl: p.realizedPnl,
        commissions,
      },
      cashDelta,
      realized: ZERO,
    };
  }
  const held = p.qty.abs();
  const closing = Dec.min(e.qty, held);
  const removedCost = closing.eq(held)
    ? p.costBasis
    : p.costBasis.times(closing).div(held).toDecimalPlaces(COST_PLACES, Dec.ROUND_HALF_EVEN);
  const closingDelta = e.side === 'buy' ? closing : closing.neg();
  // Proceeds of the closed part (−closingDelta × price) less the cost it carried.
  const realized = closingDelta.times(e.price).neg().minus(removedCost);
  const rest = e.qty.minus(closing);
  const flipped = rest.gt(0);
  const openedDelta = e.side === 'buy' ? rest : rest.neg();
  return {
    position: {
      qty: p.qty.plus(delta),
      costBasis: flipped ? openedDelta.times(e.price) : p.costBasis.minus(removedCost),
      realizedPnl: p.realizedPnl.plus(realized),
      commissions,
    },
    cashDelta,
    realized,
  };
}

/** Average entry price of a position (0 when flat), rounded for display only. */
export function averageEntry(p: Pick<PositionLedger, 'qty' | 'costBasis'>, places = COST_PLACES): Decimal {
  if (p.qty.isZero()) return ZERO;
  return p.costBasis.div(p.qty).toDecimalPlaces(places, Dec.ROUND_HALF_EVEN);
}
