import { dec, toWire } from '@tradeplane/kit';
import type { AlertTriggered, OrderSnapshot, TradingState, TriggerFired } from '@tradeplane/contracts';
import type { NotificationInput } from './notify.ts';

/** What the owner reads: a title that says it all in a line, a body with the details. */
export type Rendered = Omit<NotificationInput, 'sourceId'>;

/** A price as people read one: at least two decimals (190.10), more when it has them (0.1234). */
export function formatPrice(value: string): string {
  const d = dec(value);
  return d.decimalPlaces() < 2 ? d.toFixed(2) : toWire(d);
}

const qty = (value: string) => toWire(value);
const capitalize = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);

const ORDER_TYPE_NAMES: Record<string, string> = {
  market: 'market',
  limit: 'limit',
  stop: 'stop',
  stop_limit: 'stop limit',
  trailing_stop: 'trailing stop',
};

/** "buy 10 AAPL" or "buy $500 of AAPL". */
function what(o: OrderSnapshot): string {
  if (o.qty !== null) return `${o.side} ${qty(o.qty)} ${o.symbol}`;
  if (o.notional !== null) return `${o.side} $${formatPrice(o.notional)} of ${o.symbol}`;
  return `${o.side} ${o.symbol}`;
}

/** "limit order to buy 10 AAPL at 150.00". */
function describe(o: OrderSnapshot): string {
  const kind = ORDER_TYPE_NAMES[o.type] ?? o.type;
  let prices = '';
  if (o.stopPrice !== null) prices += ` stop ${formatPrice(o.stopPrice)}`;
  if (o.limitPrice !== null)
    prices +=
      o.stopPrice !== null ? ` limit ${formatPrice(o.limitPrice)}` : ` at ${formatPrice(o.limitPrice)}`;
  return `${kind} order to ${what(o)}${prices}`;
}

const filledPart = (o: OrderSnapshot) =>
  dec(o.filledQty).gt(0)
    ? `, after ${qty(o.filledQty)} filled${o.filledAvgPrice ? ` at an average price of ${formatPrice(o.filledAvgPrice)}` : ''}`
    : '';

const orderData = (o: OrderSnapshot, extra: Record<string, unknown> = {}) => ({
  orderId: o.id,
  clientOrderId: o.clientOrderId,
  accountId: o.accountId,
  symbol: o.symbol,
  side: o.side,
  orderType: o.type,
  qty: o.qty,
  notional: o.notional,
  filledQty: o.filledQty,
  filledAvgPrice: o.filledAvgPrice,
  status: o.status,
  ...extra,
});

const verb = (o: OrderSnapshot) => (o.side === 'buy' ? 'bought' : 'sold');

export function orderFilled(
  o: OrderSnapshot,
  fill: { qty: string; price: string; tradeId: string },
): Rendered {
  const avg = formatPrice(o.filledAvgPrice ?? fill.price);
  return {
    userId: o.userId,
    type: 'order.filled',
    title: `${capitalize(verb(o))} ${qty(o.filledQty)} ${o.symbol} at ${avg}`,
    body: `Your ${describe(o)} is filled: ${verb(o)} ${qty(o.filledQty)} ${o.symbol} at an average price of ${avg}.`,
    data: orderData(o, { tradeId: fill.tradeId, fillQty: fill.qty, fillPrice: fill.price }),
  };
}

export function orderPartiallyFilled(
  o: OrderSnapshot,
  fill: { qty: string; price: string; tradeId: string },
): Rendered {
  const of = o.qty !== null ? ` of ${qty(o.qty)}` : '';
  return {
    userId: o.userId,
    type: 'order.partially_filled',
    title: `${capitalize(verb(o))} ${qty(fill.qty)} ${o.symbol} at ${formatPrice(fill.price)} (${qty(o.filledQty)}${of} filled)`,
    body:
      `Your ${describe(o)} is partly filled: ${qty(o.filledQty)}${of} so far` +
      `${o.filledAvgPrice ? ` at an average price of ${formatPrice(o.filledAvgPrice)}` : ''}. The rest is still working.`,
    data: orderData(o, { tradeId: fill.tradeId, fillQty: fill.qty, fillPrice: fill.price }),
  };
}

export function orderClosed(
  type: 'order.canceled' | 'order.rejected' | 'order.expired',
  o: OrderSnapshot,
  reason: string | undefined,
  code: string | undefined,
): Rendered {
  const word = { 'order.canceled': 'canceled', 'order.rejected': 'rejected', 'order.expired': 'expired' }[
    type
  ];
  const why = reason ?? code;
  return {
    userId: o.userId,
    type,
    title: `Order ${word}: ${what(o)}`,
    body: `Your ${describe(o)} ${type === 'order.expired' ? 'expired' : `was ${word}`}${filledPart(o)}${
      why ? `: ${why}` : ''
    }.`.replace(/\.\.$/, '.'),
    data: orderData(o, { reason: reason ?? null, code: code ?? null }),
  };
}

const STATE_TITLES: Record<TradingState, string> = {
  ACTIVE: 'Trading is active again',
  REDUCING: 'Trading limited to reducing orders',
  HALTED: 'Trading halted',
};

export function riskStateChanged(d: {
  accountId: string;
  userId: string;
  from: TradingState;
  to: TradingState;
  reason: string;
}): Rendered {
  const meaning: Record<TradingState, string> = {
    ACTIVE: 'Orders are accepted as usual.',
    REDUCING: 'Only orders that reduce a position are accepted.',
    HALTED: 'No orders are accepted until trading resumes.',
  };
  return {
    userId: d.userId,
    type: 'risk.state_changed',
    title: STATE_TITLES[d.to],
    body: `Account ${d.accountId} went from ${d.from} to ${d.to}${d.reason ? `: ${d.reason}` : ''}. ${meaning[d.to]}`,
    data: { accountId: d.accountId, from: d.from, to: d.to, reason: d.reason },
  };
}

export function alertTriggered(d: AlertTriggered): Rendered {
  const note = typeof d.context.note === 'string' && d.context.note ? `\n\nYour note: ${d.context.note}` : '';
  let body = d.message;
  if (d.kind === 'price' && typeof d.context.price === 'string' && typeof d.context.level === 'string')
    body =
      `${d.symbol} is at ${formatPrice(d.context.price)} (the middle of bid and ask), ` +
      `${d.context.direction === 'below' ? 'below' : 'above'} your alert level of ${formatPrice(d.context.level)}.`;
  if (d.kind === 'news' && typeof d.context.headline === 'string') body = d.context.headline;
  return {
    userId: d.userId,
    type: 'alert.triggered',
    title: d.message,
    body: body + note,
    data: { alertId: d.alertId, kind: d.kind, symbol: d.symbol, context: d.context, at: d.at },
  };
}

export function triggerFired(d: TriggerFired): Rendered {
  const late = d.misfire ? ' (fired late, on recovery)' : '';
  return {
    userId: d.userId,
    type: 'trigger.fired',
    title: `Trigger “${d.name}” fired${late}`,
    body: d.target.message?.trim() || d.reason,
    data: {
      triggerId: d.triggerId,
      runId: d.runId,
      kind: d.kind,
      reason: d.reason,
      scheduledFor: d.scheduledFor,
      firedAt: d.firedAt,
      context: d.context,
    },
  };
}
