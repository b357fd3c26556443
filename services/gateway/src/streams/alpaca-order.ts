import { alpacaAssetId, type OrderSnapshot } from '@tradeplane/contracts';

/** An order event's snapshot in the shape of Alpaca's Order object (the trade_updates `order`). */
export function toAlpacaOrder(o: OrderSnapshot, replacedBy?: string): Record<string, unknown> {
  const at = (status: string) => (o.status === status ? o.updatedAt : null);
  return {
    id: o.id,
    client_order_id: o.clientOrderId,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
    submitted_at: o.createdAt,
    filled_at: at('filled'),
    expired_at: at('expired'),
    canceled_at: at('canceled'),
    failed_at: at('rejected'),
    replaced_at: at('replaced'),
    replaced_by: replacedBy ?? null,
    replaces: null,
    asset_id: alpacaAssetId(o.symbol),
    symbol: o.symbol,
    asset_class: 'us_equity',
    notional: o.notional,
    qty: o.qty,
    filled_qty: o.filledQty,
    filled_avg_price: o.filledAvgPrice,
    order_class: o.orderClass,
    order_type: o.type,
    type: o.type,
    side: o.side,
    time_in_force: o.timeInForce,
    limit_price: o.limitPrice,
    stop_price: o.stopPrice,
    status: o.status,
    extended_hours: false,
    legs: null,
    trail_percent: null,
    trail_price: null,
    hwm: null,
  };
}
