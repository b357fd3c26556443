import { isAppError, isUuid } from '@tradeplane/kit';
import { publicAccount, type AccountWithSecret } from '../store/accounts.store.ts';
import { getOrder, lockGroup, openOrders, updateOrder } from '../store/orders.store.ts';
import type { OrdersDeps } from './deps.ts';
import { OrdersErrors } from './errors.ts';
import { closeInGroup } from './executions.ts';
import { isCancelable } from './order-state.ts';
import type { Order } from './types.ts';

/**
 * Cancels an order (Alpaca DELETE /v2/orders/{id}): allowed until it is filled, canceled or
 * expired, else 422. The cancel and any fill both lock the order's group and re-check its status
 * under the lock, so once a cancel is acknowledged no fill can follow it.
 *
 * Paper orders are canceled at once (pending_cancel is never observable). Alpaca orders go to
 * pending_cancel and become canceled when Alpaca's trade_updates stream confirms it.
 */
export async function cancelOrder(
  deps: OrdersDeps,
  account: AccountWithSecret,
  orderId: string,
): Promise<Order> {
  if (!isUuid(orderId)) throw OrdersErrors.orderNotFound();
  const order = await getOrder(deps.db, account.id, orderId);
  if (!order) throw OrdersErrors.orderNotFound();
  if (!isCancelable(order)) throw OrdersErrors.notCancelable(order.status);
  if (order.broker === 'alpaca') return cancelAtBroker(deps, account, order);

  const result = await deps.transaction(async (tx) => {
    const group = await lockGroup(tx, orderId);
    const target = group.get(orderId);
    if (!target || !isCancelable(target)) throw OrdersErrors.notCancelable(target?.status ?? 'unknown');
    return closeInGroup(
      tx,
      deps,
      group,
      target,
      'canceled',
      { message: 'canceled by the user', code: 'ORDERS_USER_CANCELED' },
      deps.clock.now(),
    );
  });
  deps.onOrdersChanged([...result.closed, ...result.activated].map((o) => o.id));
  return result.closed.find((o) => o.id === orderId) ?? order;
}

async function cancelAtBroker(deps: OrdersDeps, account: AccountWithSecret, order: Order): Promise<Order> {
  const pending = await deps.transaction(async (tx) => {
    const group = await lockGroup(tx, order.id);
    const target = group.get(order.id);
    if (!target || !isCancelable(target)) throw OrdersErrors.notCancelable(target?.status ?? 'unknown');
    return updateOrder(tx, order.id, { status: 'pending_cancel', prevStatus: target.status });
  });
  try {
    const outcome = await deps.broker('alpaca').cancel(publicAccount(account), pending);
    if (outcome === 'canceled') return pending;
  } catch (err) {
    await restorePending(deps, order.id, 'pending_cancel');
    throw err;
  }
  return pending;
}

/** Puts an order back in the status it had before a cancel or replace that did not happen. */
export async function restorePending(
  deps: Pick<OrdersDeps, 'transaction'>,
  orderId: string,
  from: 'pending_cancel' | 'pending_replace',
): Promise<Order | undefined> {
  return deps.transaction(async (tx) => {
    const group = await lockGroup(tx, orderId);
    const o = group.get(orderId);
    if (!o || o.status !== from) return undefined;
    return updateOrder(tx, orderId, { status: o.prevStatus ?? 'new', prevStatus: null });
  });
}

export interface CancelAttempt {
  id: string;
  status: number;
  order?: Order;
  error?: { code: string; message: string };
}

/**
 * Cancels every open order of the account (Alpaca DELETE /v2/orders, answered 207 with one
 * entry per order). Groups are canceled through their top order; legs whose entry already
 * filled are canceled on their own.
 */
export async function cancelAllOrders(
  deps: OrdersDeps,
  account: AccountWithSecret,
): Promise<CancelAttempt[]> {
  const open = await openOrders(deps.db, account.id);
  const openIds = new Set(open.map((o) => o.id));
  const done = new Set<string>();
  const attempts: CancelAttempt[] = [];
  for (const o of open) {
    if (done.has(o.id)) continue;
    if (o.parentId !== null && openIds.has(o.parentId)) continue;
    try {
      const canceled = await cancelOrder(deps, account, o.id);
      attempts.push({ id: o.id, status: 200, order: canceled });
      for (const other of open)
        if (other.parentId === (o.parentId ?? o.id) || other.id === o.parentId) done.add(other.id);
    } catch (err) {
      if (isAppError(err) && err.code === 'ORDERS_NOT_CANCELABLE') continue;
      attempts.push({
        id: o.id,
        status: isAppError(err) ? err.status : 500,
        error: isAppError(err)
          ? { code: err.code, message: err.message }
          : { code: 'INTERNAL', message: 'cancel failed' },
      });
    }
  }
  return attempts;
}
