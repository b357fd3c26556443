import { alpacaOrderOf, type AlpacaOrderObject, type OrderSnapshot } from '@tradeplane/contracts';

/**
 * An order event's snapshot in the shape of Alpaca's Order object (the trade_updates `order`):
 * the same presenter as orders' own Alpaca routes (contracts: alpacaOrderOf), so the stream and
 * REST show one order alike — legs of a bracket, OCO or OTO parent, trail fields and hwm,
 * extended_hours, replaces, and the lifecycle timestamps.
 */
export function toAlpacaOrder(o: OrderSnapshot, replacedBy?: string): AlpacaOrderObject {
  return alpacaOrderOf(o, replacedBy);
}
