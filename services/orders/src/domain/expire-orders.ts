import { sql } from 'kysely';
import { dueToExpire, lockGroup, stuckOrders } from '../store/orders.store.ts';
import { restorePending } from './cancel-order.ts';
import type { OrdersDeps } from './deps.ts';
import { closeInGroup } from './executions.ts';
import { isExtendedHours, isRegularHours } from './market-clock.ts';
import { isOpen } from './order-state.ts';

/** A replace that has not finished in this long was interrupted (a crash between its two steps). */
const STUCK_REPLACE_MS = 30_000;

/**
 * Expires paper orders whose time in force has run out: day orders at the session close (in
 * 'always' mode at the UTC day's end), GTC after 90 days, auction orders the auction did not
 * fill. Alpaca expires its own orders and says so on its stream, so Alpaca orders are left to it.
 * Returns the ids of the orders it changed.
 */
export async function expireDueOrders(deps: OrdersDeps, now: Date): Promise<string[]> {
  const changed: string[] = [];
  for (const due of await dueToExpire(deps.db, now)) {
    if (due.broker !== 'paper') continue;
    const result = await deps.transaction(async (tx) => {
      const group = await lockGroup(tx, due.id);
      const target = group.get(due.id);
      if (!target || !isOpen(target.status) || !target.expiresAt || target.expiresAt > now) return undefined;
      return closeInGroup(
        tx,
        deps,
        group,
        target,
        'expired',
        { message: 'time in force ended', code: 'ORDERS_EXPIRED' },
        now,
      );
    });
    if (result) changed.push(...result.closed.map((o) => o.id), ...result.activated.map((o) => o.id));
  }
  return changed;
}

/**
 * Paper orders accepted while the market was closed become `new` once the session opens (Alpaca);
 * extended-hours orders already when the pre-market opens — never on a weekend or holiday.
 */
export async function promoteAccepted(deps: OrdersDeps, now: Date): Promise<string[]> {
  const clock = deps.clock.cached();
  if (!clock) return [];
  const regular = isRegularHours(clock, now);
  if (!regular && !isExtendedHours(clock, now)) return [];
  let q = deps.db
    .updateTable('orders')
    .set({ status: 'new', updated_at: sql`now()` })
    .where('broker', '=', 'paper')
    .where('status', '=', 'accepted')
    .where('time_in_force', 'not in', ['opg', 'cls']);
  if (!regular) q = q.where('extended_hours', '=', true);
  const rows = await q.returning('id').execute();
  return rows.map((r) => r.id as string);
}

/** Puts paper orders left in pending_replace by an interrupted replace back to work. */
export async function recoverStuckReplaces(deps: OrdersDeps, now: Date): Promise<string[]> {
  const ids: string[] = [];
  for (const o of await stuckOrders(
    deps.db,
    ['pending_replace'],
    new Date(now.getTime() - STUCK_REPLACE_MS),
  )) {
    if (o.broker !== 'paper') continue;
    if (await restorePending(deps, o.id, 'pending_replace')) ids.push(o.id);
  }
  return ids;
}

/** One pass of the time-driven work, run by the matcher instance on the exchange's queue. */
export async function housekeeping(deps: OrdersDeps, now: Date): Promise<string[]> {
  const changed = [
    ...(await expireDueOrders(deps, now)),
    ...(await promoteAccepted(deps, now)),
    ...(await recoverStuckReplaces(deps, now)),
  ];
  return changed;
}
