import type { NewEvent } from '@tradeplane/kit';
import type { OrderSnapshot, TradeExecuted } from '@tradeplane/contracts';
import type { Order } from '../domain/types.ts';
import type { Fill } from '../store/fills.store.ts';

/**
 * Builders for the events orders publishes (packages/contracts/src/trading.ts). They are only ever
 * staged through the outbox, in the transaction of the change they describe.
 */
export function snapshot(o: Order): OrderSnapshot {
  return {
    id: o.id,
    clientOrderId: o.clientOrderId,
    accountId: o.accountId,
    userId: o.userId,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    timeInForce: o.timeInForce,
    orderClass: o.orderClass,
    qty: o.qty,
    notional: o.notional,
    filledQty: o.filledQty,
    filledAvgPrice: o.filledAvgPrice,
    limitPrice: o.limitPrice,
    stopPrice: o.stopPrice,
    status: o.status,
    parentOrderId: o.parentId,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
  };
}

const base = (o: Order) => ({ subject: o.id, userId: o.userId, correlationId: o.parentId ?? o.id });

export type OrderEventType = 'order.accepted' | 'order.rejected' | 'order.canceled' | 'order.expired';

export function orderEvent(type: OrderEventType, o: Order, reason?: string, code?: string): NewEvent {
  const data: Record<string, unknown> = { order: snapshot(o) };
  if (reason !== undefined) data.reason = reason;
  if (code !== undefined) data.code = code;
  return { type, data, ...base(o) };
}

export function orderReplaced(old: Order, replacement: Order): NewEvent {
  return { type: 'order.replaced', data: { order: snapshot(old), replacedBy: replacement.id }, ...base(old) };
}

const fillData = (f: Fill) => ({
  tradeId: f.id,
  qty: f.qty,
  price: f.price,
  commission: f.commission,
  at: f.executedAt.toISOString(),
});

export function orderFillEvent(o: Order, f: Fill): NewEvent {
  return {
    type: o.status === 'filled' ? 'order.filled' : 'order.partially_filled',
    data: { order: snapshot(o), fill: fillData(f) },
    ...base(o),
  };
}

export function tradeExecuted(f: Fill): NewEvent<TradeExecuted> {
  return {
    type: 'trade.executed',
    subject: f.orderId,
    userId: f.userId,
    correlationId: f.orderId,
    data: {
      tradeId: f.id,
      orderId: f.orderId,
      accountId: f.accountId,
      userId: f.userId,
      symbol: f.symbol,
      side: f.side,
      qty: f.qty,
      price: f.price,
      commission: f.commission,
      at: f.executedAt.toISOString(),
    },
  };
}
