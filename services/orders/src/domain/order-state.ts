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

/**
 * Statuses in which the paper exchange may execute an order. An armed held exit works too
 * (isArmedHeld): use `isPaperWorking` to ask about one order.
 */
export const PAPER_FILLABLE: readonly OrderStatus[] = ['new', 'partially_filled', 'accepted'];

/**
 * A `held` order that is working all the same: the stop-loss of an OCO pair — a bracket's once its
 * entry filled, an OCO order's from the start. Alpaca shows it `held` because it keeps the stop to
 * itself and triggers it, while the take-profit rests on the venue as `new` (Alpaca forum "Bracket
 * order exit trades not executing"; Lean.Brokerages.Alpaca PR #74: "the passive leg of a group is
 * reported as held"). It is told from a leg still waiting for its entry by its `exitQty`, the
 * quantity the group's exits may trade, which is set when the exits turn on (executions.ts) and,
 * for an OCO order, when it is placed. A waiting leg has none.
 */
export const isArmedHeld = (o: Pick<Order, 'status' | 'exitQty'>) =>
  o.status === 'held' && o.exitQty !== null;

/** A held leg waiting for its entry to fill: it neither trades nor reserves anything. */
export const isWaitingLeg = (o: Pick<Order, 'status' | 'exitQty'>) =>
  o.status === 'held' && o.exitQty === null;

/**
 * A leg still to be turned on when its entry fills: waiting, or being replaced while it waited
 * (pending_replace from held) — its replacement must come out armed, not waiting for good.
 */
export const isLegToArm = (o: Pick<Order, 'status' | 'prevStatus' | 'exitQty'>) =>
  o.exitQty === null && (o.status === 'held' || (o.status === 'pending_replace' && o.prevStatus === 'held'));

/**
 * The exits that stay `held` while they work: the stop-loss (stop, stop_limit, or — beyond Alpaca —
 * trailing_stop) of a bracket's or an OCO's pair. An OTO's lone exit has no partner to cancel and
 * rests on the venue: it turns `new`.
 */
export const staysHeldWhileWorking = (leg: Pick<Order, 'parentId' | 'legRole' | 'orderClass'>) =>
  leg.parentId !== null &&
  leg.legRole === 'stop_loss' &&
  (leg.orderClass === 'bracket' || leg.orderClass === 'oco');

/** Whether the paper exchange works the order: it may trigger, trail and execute. */
export const isPaperWorking = (o: Pick<Order, 'status' | 'exitQty'>) =>
  PAPER_FILLABLE.includes(o.status) || isArmedHeld(o);

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
