import { sql } from 'kysely';
import { toWire, type AnyDB } from '@tradeplane/kit';
import type { Order, OrderStatus } from '../domain/types.ts';
import { OPEN_STATUSES } from '../domain/order-state.ts';

/** Repository of orders. Every read by id is scoped by account, so no caller can reach another's order. */

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

const num = (v: unknown): string | null => (v === null || v === undefined ? null : toWire(String(v)));
const date = (v: unknown): Date | null => (v === null || v === undefined ? null : new Date(v as string));

export function toOrder(r: Row): Order {
  return {
    id: r.id,
    accountId: r.account_id,
    userId: r.user_id,
    clientOrderId: r.client_order_id,
    idempotencyKey: r.idempotency_key ?? null,
    symbol: r.symbol,
    assetId: r.asset_id ?? null,
    assetClass: r.asset_class,
    side: r.side,
    type: r.type,
    timeInForce: r.time_in_force,
    orderClass: r.order_class,
    qty: num(r.qty),
    notional: num(r.notional),
    filledQty: num(r.filled_qty) ?? '0',
    filledAvgPrice: num(r.filled_avg_price),
    commission: num(r.commission) ?? '0',
    limitPrice: num(r.limit_price),
    stopPrice: num(r.stop_price),
    trailPrice: num(r.trail_price),
    trailPercent: num(r.trail_percent),
    hwm: num(r.hwm),
    extendedHours: r.extended_hours,
    status: r.status,
    prevStatus: r.prev_status ?? null,
    rejectCode: r.reject_code ?? null,
    rejectReason: r.reject_reason ?? null,
    parentId: r.parent_id ?? null,
    legRole: r.leg_role ?? null,
    exitQty: num(r.exit_qty),
    replaces: r.replaces ?? null,
    replacedBy: r.replaced_by ?? null,
    positionIntent: r.position_intent ?? null,
    broker: r.broker,
    brokerOrderId: r.broker_order_id ?? null,
    source: r.source,
    triggeredAt: date(r.triggered_at),
    auctionAt: date(r.auction_at),
    expiresAt: date(r.expires_at),
    createdAt: new Date(r.created_at),
    updatedAt: new Date(r.updated_at),
    submittedAt: date(r.submitted_at),
    filledAt: date(r.filled_at),
    expiredAt: date(r.expired_at),
    canceledAt: date(r.canceled_at),
    failedAt: date(r.failed_at),
    replacedAt: date(r.replaced_at),
  };
}

const COLUMN_OF: Record<keyof Order, string> = {
  id: 'id',
  accountId: 'account_id',
  userId: 'user_id',
  clientOrderId: 'client_order_id',
  idempotencyKey: 'idempotency_key',
  symbol: 'symbol',
  assetId: 'asset_id',
  assetClass: 'asset_class',
  side: 'side',
  type: 'type',
  timeInForce: 'time_in_force',
  orderClass: 'order_class',
  qty: 'qty',
  notional: 'notional',
  filledQty: 'filled_qty',
  filledAvgPrice: 'filled_avg_price',
  commission: 'commission',
  limitPrice: 'limit_price',
  stopPrice: 'stop_price',
  trailPrice: 'trail_price',
  trailPercent: 'trail_percent',
  hwm: 'hwm',
  extendedHours: 'extended_hours',
  status: 'status',
  prevStatus: 'prev_status',
  rejectCode: 'reject_code',
  rejectReason: 'reject_reason',
  parentId: 'parent_id',
  legRole: 'leg_role',
  exitQty: 'exit_qty',
  replaces: 'replaces',
  replacedBy: 'replaced_by',
  positionIntent: 'position_intent',
  broker: 'broker',
  brokerOrderId: 'broker_order_id',
  source: 'source',
  triggeredAt: 'triggered_at',
  auctionAt: 'auction_at',
  expiresAt: 'expires_at',
  createdAt: 'created_at',
  updatedAt: 'updated_at',
  submittedAt: 'submitted_at',
  filledAt: 'filled_at',
  expiredAt: 'expired_at',
  canceledAt: 'canceled_at',
  failedAt: 'failed_at',
  replacedAt: 'replaced_at',
};

/** Snake-case columns for a partial order (undefined fields are left out). */
export function toRow(o: Partial<Order>): Row {
  const row: Row = {};
  for (const [k, v] of Object.entries(o)) {
    if (v === undefined) continue;
    const col = COLUMN_OF[k as keyof Order];
    if (col) row[col] = v;
  }
  return row;
}

export async function insertOrders(db: AnyDB, orders: Order[]): Promise<Order[]> {
  if (orders.length === 0) return [];
  const rows: Row[] = await db.insertInto('orders').values(orders.map(toRow)).returningAll().execute();
  const byId = new Map(rows.map((r) => [r.id as string, toOrder(r)]));
  return orders.map((o) => byId.get(o.id)!);
}

/** Writes the given fields of one order; returns the updated order. */
export async function updateOrder(db: AnyDB, id: string, patch: Partial<Order>): Promise<Order> {
  const row: Row = await db
    .updateTable('orders')
    .set({ ...toRow(patch), updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toOrder(row);
}

export async function getOrder(db: AnyDB, accountId: string, id: string): Promise<Order | undefined> {
  const row: Row | undefined = await db
    .selectFrom('orders')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toOrder(row) : undefined;
}

/** An order of any account of the user (the native API addresses orders by id alone). */
export async function getUserOrder(db: AnyDB, userId: string, id: string): Promise<Order | undefined> {
  const row: Row | undefined = await db
    .selectFrom('orders')
    .selectAll()
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toOrder(row) : undefined;
}

/** For internal use by the exchange and brokers only: an order by id, whoever owns it. */
export async function getOrderById(db: AnyDB, id: string): Promise<Order | undefined> {
  const row: Row | undefined = await db
    .selectFrom('orders')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toOrder(row) : undefined;
}

export async function getByClientOrderId(
  db: AnyDB,
  accountId: string,
  clientOrderId: string,
): Promise<Order | undefined> {
  const row: Row | undefined = await db
    .selectFrom('orders')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('client_order_id', '=', clientOrderId)
    .executeTakeFirst();
  return row ? toOrder(row) : undefined;
}

export async function getByIdempotencyKey(
  db: AnyDB,
  userId: string,
  key: string,
): Promise<Order | undefined> {
  const row: Row | undefined = await db
    .selectFrom('orders')
    .selectAll()
    .where('user_id', '=', userId)
    .where('idempotency_key', '=', key)
    .where('parent_id', 'is', null)
    .executeTakeFirst();
  return row ? toOrder(row) : undefined;
}

export async function getByBrokerOrderId(
  db: AnyDB,
  accountId: string,
  brokerOrderId: string,
): Promise<Order | undefined> {
  const row: Row | undefined = await db
    .selectFrom('orders')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('broker_order_id', '=', brokerOrderId)
    .executeTakeFirst();
  return row ? toOrder(row) : undefined;
}

export async function getLegs(db: AnyDB, parentIds: string[]): Promise<Order[]> {
  if (parentIds.length === 0) return [];
  const rows: Row[] = await db
    .selectFrom('orders')
    .selectAll()
    .where('parent_id', 'in', parentIds)
    .orderBy('id')
    .execute();
  return rows.map(toOrder);
}

/**
 * Locks an order and every order of its group (parent and legs) in id order, so a fill and a
 * cancel on two orders of one bracket can never deadlock each other. Returns them by id.
 */
export async function lockGroup(tx: AnyDB, orderId: string): Promise<Map<string, Order>> {
  const first: Row | undefined = await tx
    .selectFrom('orders')
    .select(['id', 'parent_id'])
    .where('id', '=', orderId)
    .executeTakeFirst();
  if (!first) return new Map();
  const rootId: string = first.parent_id ?? first.id;
  const rows: Row[] = await tx
    .selectFrom('orders')
    .selectAll()
    .where((eb) => eb.or([eb('id', '=', rootId), eb('parent_id', '=', rootId)]))
    .orderBy('id')
    .forUpdate()
    .execute();
  return new Map(rows.map((r) => [r.id as string, toOrder(r)]));
}

export interface ListFilter {
  accountId: string;
  status: 'open' | 'closed' | 'all';
  limit: number;
  after?: Date | undefined;
  until?: Date | undefined;
  direction: 'asc' | 'desc';
  symbols?: string[] | undefined;
  side?: 'buy' | 'sell' | undefined;
  /** Only top-level orders (legs are returned nested under them). */
  topLevelOnly: boolean;
  /** Cursor: the id of the last order of the previous page. */
  cursor?: string | undefined;
}

export async function listOrders(db: AnyDB, f: ListFilter): Promise<Order[]> {
  let q = db.selectFrom('orders').selectAll().where('account_id', '=', f.accountId);
  if (f.status === 'open') q = q.where('status', 'in', OPEN_STATUSES as OrderStatus[]);
  if (f.status === 'closed') q = q.where('status', 'not in', OPEN_STATUSES as OrderStatus[]);
  // Alpaca filters after/until on submission time.
  if (f.after) q = q.where('created_at', '>', f.after);
  if (f.until) q = q.where('created_at', '<', f.until);
  if (f.symbols && f.symbols.length > 0) q = q.where('symbol', 'in', f.symbols);
  if (f.side) q = q.where('side', '=', f.side);
  if (f.topLevelOnly) q = q.where('parent_id', 'is', null);
  // uuidv7 ids sort by creation time, so the id is both the order and the cursor.
  if (f.cursor) q = q.where('id', f.direction === 'desc' ? '<' : '>', f.cursor);
  const rows: Row[] = await q.orderBy('id', f.direction).limit(f.limit).execute();
  return rows.map(toOrder);
}

/** Open orders of an account (for the risk check's summary and cancel-all). */
export async function openOrders(db: AnyDB, accountId: string): Promise<Order[]> {
  const rows: Row[] = await db
    .selectFrom('orders')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('status', 'in', OPEN_STATUSES as OrderStatus[])
    .orderBy('id')
    .execute();
  return rows.map(toOrder);
}

/** Working orders of one broker (all accounts): the paper exchange's book on start and resync. */
export async function workingOrders(
  db: AnyDB,
  broker: 'paper' | 'alpaca',
  statuses: readonly OrderStatus[],
): Promise<Order[]> {
  const rows: Row[] = await db
    .selectFrom('orders')
    .selectAll()
    .where('broker', '=', broker)
    .where('status', 'in', statuses as OrderStatus[])
    .orderBy('id')
    .execute();
  return rows.map(toOrder);
}

/** Open orders whose expiry time has passed. */
export async function dueToExpire(db: AnyDB, now: Date, limit = 500): Promise<Order[]> {
  const rows: Row[] = await db
    .selectFrom('orders')
    .selectAll()
    .where('status', 'in', OPEN_STATUSES as OrderStatus[])
    .where('expires_at', '<=', now)
    .orderBy('id')
    .limit(limit)
    .execute();
  return rows.map(toOrder);
}

/** Orders left in a transient status longer than `olderThan` (a crash between two steps). */
export async function stuckOrders(db: AnyDB, statuses: OrderStatus[], olderThan: Date): Promise<Order[]> {
  const rows: Row[] = await db
    .selectFrom('orders')
    .selectAll()
    .where('status', 'in', statuses)
    .where('updated_at', '<', olderThan)
    .orderBy('id')
    .limit(500)
    .execute();
  return rows.map(toOrder);
}
