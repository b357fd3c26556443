import { alpacaAssetId } from '@tradeplane/contracts';
import { toWire } from '@tradeplane/kit';
import type { Account, Order, OrderWithLegs } from '../domain/types.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);
const wire = (v: string | null) => (v === null ? null : toWire(v));

/** The native API's order (camelCase). */
export function nativeOrder(o: Order, legs: Order[] = []) {
  return { ...nativeFields(o), legs: legs.map(nativeFields) };
}

function nativeFields(o: Order) {
  return {
    id: o.id,
    clientOrderId: o.clientOrderId,
    accountId: o.accountId,
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
    commission: toWire(o.commission),
    limitPrice: wire(o.limitPrice),
    stopPrice: wire(o.stopPrice),
    trailPrice: wire(o.trailPrice),
    trailPercent: wire(o.trailPercent),
    hwm: wire(o.hwm),
    extendedHours: o.extendedHours,
    status: o.status,
    rejectCode: o.rejectCode,
    rejectReason: o.rejectReason,
    parentOrderId: o.parentId,
    legRole: o.legRole,
    replaces: o.replaces,
    replacedBy: o.replacedBy,
    positionIntent: o.positionIntent,
    broker: o.broker,
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

export const nativeOrderWithLegs = (o: OrderWithLegs) => nativeOrder(o, o.legs);

/** Alpaca's order object (Trading API v2): snake_case, numbers as strings, `legs` null unless nested. */
export function alpacaOrder(o: Order, legs: Order[] | null = null) {
  return {
    ...alpacaFields(o),
    legs: legs === null || legs.length === 0 ? null : legs.map((l) => ({ ...alpacaFields(l), legs: null })),
  };
}

function alpacaFields(o: Order) {
  return {
    id: o.id,
    client_order_id: o.clientOrderId,
    created_at: o.createdAt.toISOString(),
    updated_at: o.updatedAt.toISOString(),
    submitted_at: iso(o.submittedAt),
    filled_at: iso(o.filledAt),
    expired_at: iso(o.expiredAt),
    canceled_at: iso(o.canceledAt),
    failed_at: iso(o.failedAt),
    replaced_at: iso(o.replacedAt),
    replaced_by: o.replacedBy,
    replaces: o.replaces,
    asset_id: o.assetId ?? alpacaAssetId(o.symbol),
    symbol: o.symbol,
    asset_class: o.assetClass,
    notional: wire(o.notional),
    qty: wire(o.qty),
    filled_qty: toWire(o.filledQty),
    filled_avg_price: wire(o.filledAvgPrice),
    order_class: o.orderClass,
    order_type: o.type,
    type: o.type,
    side: o.side,
    time_in_force: o.timeInForce,
    limit_price: wire(o.limitPrice),
    stop_price: wire(o.stopPrice),
    status: o.status,
    extended_hours: o.extendedHours,
    trail_percent: wire(o.trailPercent),
    trail_price: wire(o.trailPrice),
    hwm: wire(o.hwm),
    position_intent: o.positionIntent,
    expires_at: iso(o.expiresAt),
  };
}

export function accountView(a: Account) {
  return {
    id: a.id,
    name: a.name,
    isDefault: a.isDefault,
    broker: a.broker,
    status: a.status,
    cash: toWire(a.initialCash),
    marginEnabled: a.marginEnabled,
    alpaca: a.alpaca ? { keyId: a.alpaca.keyId, paper: a.alpaca.paper, baseUrl: a.alpaca.baseUrl } : null,
    commission: a.commission
      ? {
          perShare: toWire(a.commission.perShare ?? '0'),
          perOrder: toWire(a.commission.perOrder ?? '0'),
          bps: toWire(a.commission.bps ?? '0'),
          min: toWire(a.commission.min ?? '0'),
        }
      : null,
    createdAt: a.createdAt.toISOString(),
    updatedAt: a.updatedAt.toISOString(),
    closedAt: iso(a.closedAt),
  };
}
