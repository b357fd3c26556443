import { toWire, type NewEvent } from '@tradeplane/kit';
import type { OrderSnapshot, TradeExecuted } from '@tradeplane/contracts';
import type { Order } from '../domain/types.ts';
import type { Fill } from '../store/fills.store.ts';

/**
 * Builders for the events orders publishes (packages/contracts/src/trading.ts). They are only ever
 * staged through the outbox, in the transaction of the change they describe.
 */
export function snapshot(o: Order, legs?: Order[]): OrderSnapshot {
  const snap = fields(o);
  return legs === undefined ? snap : { ...snap, legs: legs.map(fields) };
}

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const wire = (v: string | null) => (v === null ? null : toWire(v));

/** One order's fields, as Alpaca's Order object needs them (contracts: alpacaOrderOf). */
function fields(o: Order): OrderSnapshot {
  return {
    id: o.id,
    clientOrderId: o.clientOrderId,
    accountId: o.accountId,
    userId: o.userId,
    symbol: o.symbol,
    assetId: o.assetId,
    assetClass: o.assetClass,
    side: o.side,
    type: o.type,
    timeInForce: o.timeInForce,
    orderClass: o.orderClass,
    qty: wire(o.qty),
    notional: wire(o.notional),
    filledQty: toWire(o.filledQty),
    filledAvgPrice: wire(o.filledAvgPrice),
    limitPrice: wire(o.limitPrice),
    stopPrice: wire(o.stopPrice),
    trailPrice: wire(o.trailPrice),
    trailPercent: wire(o.trailPercent),
    hwm: wire(o.hwm),
    extendedHours: o.extendedHours,
    status: o.status,
    parentOrderId: o.parentId,
    legRole: o.legRole,
    replaces: o.replaces,
    replacedBy: o.replacedBy,
    positionIntent: o.positionIntent,
    createdAt: o.createdAt.toISOString(),
    updatedAt: o.updatedAt.toISOString(),
    submittedAt: iso(o.submittedAt),
    filledAt: iso(o.filledAt),
    expiredAt: iso(o.expiredAt),
    canceledAt: iso(o.canceledAt),
    failedAt: iso(o.failedAt),
    replacedAt: iso(o.replacedAt),
    expiresAt: iso(o.expiresAt),
  };
}

const base = (o: Order) => ({ subject: o.id, userId: o.userId, correlationId: o.parentId ?? o.id });

export type OrderEventType = 'order.accepted' | 'order.rejected' | 'order.canceled' | 'order.expired';

/** `legs`: a group's parent carries its legs (Alpaca's nested `legs`), as they are at the event. */
export function orderEvent(
  type: OrderEventType,
  o: Order,
  reason?: string,
  code?: string,
  legs?: Order[],
): NewEvent {
  const data: Record<string, unknown> = { order: snapshot(o, legs) };
  if (reason !== undefined) data.reason = reason;
  if (code !== undefined) data.code = code;
  return { type, data, ...base(o) };
}

/** `order.accepted` for a placement's orders: the parent first, carrying its legs, then each leg. */
export function acceptedEvents(rows: Order[]): NewEvent[] {
  return rows.map((o) =>
    orderEvent(
      'order.accepted',
      o,
      undefined,
      undefined,
      o.parentId === null && o.orderClass !== 'simple' ? rows.filter((l) => l.parentId === o.id) : undefined,
    ),
  );
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

export function orderFillEvent(o: Order, f: Fill, legs?: Order[]): NewEvent {
  return {
    type: o.status === 'filled' ? 'order.filled' : 'order.partially_filled',
    data: { order: snapshot(o, legs), fill: fillData(f) },
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
