import type { Order, OrderStatus } from './types.ts';

/**
 * Alpaca's order lifecycle (docs "Orders at Alpaca", Order Lifecycle). An order can be canceled
 * until it is filled, canceled or expired; `replaced` and `rejected` are final too.
 */
export const TERMINAL_STATUSES: readonly OrderStatus[] = [
  'filled',
  'canceled',
  'expired',
  'replaced',
  'rejected',
];

/** Alpaca's status=open: every status that is not final. */
export const OPEN_STATUSES: readonly OrderStatus[] = [
  'new',
  'partially_filled',
  'accepted',
  'pending_new',
  'accepted_for_bidding',
  'pending_cancel',
  'pending_replace',
  'held',
  'done_for_day',
  'stopped',
  'suspended',
  'calculated',
];

/** Statuses in which the paper exchange may execute an order. */
export const PAPER_FILLABLE: readonly OrderStatus[] = ['new', 'partially_filled', 'accepted'];

/**
 * Statuses in which a broker (Alpaca) may still report an execution: a fill can race a cancel or
 * a replace request, and Alpaca's word on what happened is final.
 */
export const BROKER_FILLABLE: readonly OrderStatus[] = [
  'new',
  'partially_filled',
  'accepted',
  'pending_new',
  'accepted_for_bidding',
  'pending_cancel',
  'pending_replace',
  'held',
  'done_for_day',
  'stopped',
  'calculated',
];

export const isTerminal = (s: OrderStatus) => TERMINAL_STATUSES.includes(s);
export const isOpen = (s: OrderStatus) => OPEN_STATUSES.includes(s);

/** Orders that can be canceled: anything open that is not already being canceled. */
export const isCancelable = (o: Pick<Order, 'status'>) => isOpen(o.status) && o.status !== 'pending_cancel';

/** Orders that can be replaced (Alpaca PATCH): working or held, not mid-cancel or mid-replace. */
export const isReplaceable = (o: Pick<Order, 'status'>) =>
  ['new', 'partially_filled', 'accepted', 'held', 'pending_new'].includes(o.status);
