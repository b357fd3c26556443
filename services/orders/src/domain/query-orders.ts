import { isUuid } from '@tradeplane/kit';
import { getByClientOrderId, getLegs, getOrder, getUserOrder, listOrders } from '../store/orders.store.ts';
import type { OrdersDeps } from './deps.ts';
import { OrdersErrors } from './errors.ts';
import type { Order, OrderWithLegs } from './types.ts';

export interface OrderQuery {
  status: 'open' | 'closed' | 'all';
  limit: number;
  after?: string | undefined;
  until?: string | undefined;
  direction: 'asc' | 'desc';
  nested: boolean;
  symbols?: string | undefined;
  side?: 'buy' | 'sell' | undefined;
  cursor?: string | undefined;
}

function timeParam(value: string | undefined, name: string): Date | undefined {
  if (value === undefined || value === '') return undefined;
  const d = new Date(value);
  if (Number.isNaN(d.getTime())) throw OrdersErrors.invalidOrder(`invalid ${name}: ${value}`);
  return d;
}

/**
 * Orders of one account (Alpaca GET /v2/orders): status open|closed|all, at most 500, after /
 * until on submission time, asc or desc, symbols, side. `nested` rolls legs up under their
 * parent (and leaves them out of the top level), as Alpaca does.
 */
export async function listAccountOrders(
  deps: Pick<OrdersDeps, 'db'>,
  accountId: string,
  q: OrderQuery,
): Promise<{ orders: OrderWithLegs[]; nextCursor: string | null }> {
  if (q.cursor !== undefined && !isUuid(q.cursor)) throw OrdersErrors.invalidOrder('invalid cursor');
  const symbols = q.symbols
    ?.split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  const rows = await listOrders(deps.db, {
    accountId,
    status: q.status,
    limit: q.limit,
    after: timeParam(q.after, 'after'),
    until: timeParam(q.until, 'until'),
    direction: q.direction,
    symbols,
    side: q.side,
    topLevelOnly: q.nested,
    cursor: q.cursor,
  });
  const legs = q.nested
    ? await getLegs(
        deps.db,
        rows.map((r) => r.id),
      )
    : [];
  const byParent = new Map<string, Order[]>();
  for (const l of legs) byParent.set(l.parentId!, [...(byParent.get(l.parentId!) ?? []), l]);
  const orders = rows.map((o) => ({ ...o, legs: byParent.get(o.id) ?? [] }));
  const last = rows.at(-1);
  return { orders, nextCursor: rows.length === q.limit && last ? last.id : null };
}

export async function findAccountOrder(
  deps: Pick<OrdersDeps, 'db'>,
  accountId: string,
  id: string,
): Promise<OrderWithLegs> {
  if (!isUuid(id)) throw OrdersErrors.orderNotFound();
  const o = await getOrder(deps.db, accountId, id);
  if (!o) throw OrdersErrors.orderNotFound();
  return { ...o, legs: await getLegs(deps.db, [o.id]) };
}

/** A user's order by id, whichever of the user's accounts it is in; 404 for anyone else's. */
export async function findUserOrder(
  deps: Pick<OrdersDeps, 'db'>,
  userId: string,
  id: string,
): Promise<OrderWithLegs> {
  if (!isUuid(id)) throw OrdersErrors.orderNotFound();
  const o = await getUserOrder(deps.db, userId, id);
  if (!o) throw OrdersErrors.orderNotFound();
  return { ...o, legs: await getLegs(deps.db, [o.id]) };
}

export async function findByClientOrderId(
  deps: Pick<OrdersDeps, 'db'>,
  accountId: string,
  clientOrderId: string,
): Promise<OrderWithLegs> {
  const o = await getByClientOrderId(deps.db, accountId, clientOrderId);
  if (!o) throw OrdersErrors.orderNotFound();
  return { ...o, legs: await getLegs(deps.db, [o.id]) };
}
