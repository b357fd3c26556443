import { alpacaOrderOf, type AlpacaOrderObject } from '@tradeplane/contracts';
import { toWire } from '@tradeplane/kit';
import type { Account, Order, OrderWithLegs } from '../domain/types.ts';
import { snapshot } from '../events/order-events.ts';

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

/**
 * Alpaca's order object (Trading API v2): snake_case, numbers as strings, `legs` null unless
 * nested. Presented from the order's event snapshot by the one presenter the gateway's
 * trade_updates stream uses too (contracts: alpacaOrderOf).
 */
export function alpacaOrder(o: Order, legs: Order[] | null = null): AlpacaOrderObject {
  return alpacaOrderOf(snapshot(o, legs ?? undefined));
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
