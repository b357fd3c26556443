import { sql } from 'kysely';
import { toWire, type AnyDB, type OutboxRow } from '@tradeplane/kit';
import type { Order, OrderStatus } from '../domain/types.ts';
import {
  countersOf,
  placementFits,
  placementSets,
  type PlacementCounters,
  type PlacementGuard,
  type PlacementReservation,
} from './accounts.store.ts';
import { OPEN_STATUSES } from '../domain/order-state.ts';

/** Repository of orders. Every read by id is scoped by account, so no caller can reach another's order. */

/** The service's schema, for the raw SQL below (the query builder adds it by itself). */
const SCHEMA = 'orders';

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

/** One (symbol, side) of an account's open orders, aggregated by the database. */
export interface OpenOrdersGroup {
  symbol: string;
  side: 'buy' | 'sell';
  /** Open orders, waiting legs included. */
  open: number;
  /** Working orders (open, and not a leg waiting for its entry; an armed held stop works). */
  working: number;
  /** Working orders without a limit price (market orders, or no limit nor stop at all). */
  atMarket: number;
  /** Lowest / highest limit (else stop) price of the other working orders. */
  minLimit: string | null;
  maxLimit: string | null;
  /** Whether any reserving order is on this side (each OCO group counts once). */
  reserving: boolean;
  /** Cash reserved by buys whose price the row itself gives: notional, or remaining × limit/stop. */
  pricedNotional: string;
  /** Remaining shares of reserving orders with no price of their own (market buys)… */
  unpricedQty: string;
  /** …and what they reserve at their average fill price, when no quote is known. */
  unpricedFallback: string;
  /** Remaining shares of the reserving orders (sells: what they may sell). */
  remainingQty: string;
}

/** An account's open orders per symbol and side, and its placement counters, as of one moment. */
export interface OpenOrdersSnapshot {
  groups: OpenOrdersGroup[];
  counters: PlacementCounters;
  /** Whether the account has an order with the client order id asked about already. */
  duplicate: boolean;
}

/**
 * An account's open orders summed per symbol and side in one query, whatever their number: what
 * the pre-trade check needs (count, reserved cash and shares, the working price range for the
 * wash-trade guard) without reading the orders themselves. Legs waiting for their entry (held,
 * no exit_qty) count as open but reserve nothing; a held stop whose exits are on (exit_qty set:
 * order-state.ts isArmedHeld) works and reserves like any exit. The exits of one OCO group sell
 * the same shares, so only its first working order (by id) reserves. The account's placement counters come from the same statement, so they describe
 * exactly the orders summed (place-order.ts).
 */
export async function openOrdersSnapshot(
  db: AnyDB,
  accountId: string,
  excludeOrderId?: string,
  /** A placement's client order id, to learn in the same round trip whether it is taken. */
  clientOrderId?: string,
): Promise<OpenOrdersSnapshot> {
  const statuses = sql.join(OPEN_STATUSES.map((s) => sql.lit(s)));
  const exclude = excludeOrderId ? sql`and id <> ${excludeOrderId}` : sql``;
  // The order left out is being replaced: if it is an exit of an OCO group, its replacement takes
  // its place in the group and is the one the check counts, so the group's other exits (which
  // sell the same shares) reserve nothing beside it.
  const excludeGroup = excludeOrderId
    ? sql`and coalesce(parent_id, id) not in (
            select coalesce(x.parent_id, x.id) from ${sql.id(SCHEMA, 'orders')} x
             where x.id = ${excludeOrderId} and x.account_id = ${accountId} and x.exit_qty is not null)`
    : sql``;
  const { rows } = await sql<Row>`
    with open as (
      select id, parent_id, symbol, side, type, status, qty, filled_qty, notional, limit_price,
             stop_price, filled_avg_price, exit_qty,
             coalesce(qty - filled_qty, 0) as remaining,
             case when type = 'market' then null else coalesce(limit_price, stop_price) end as price
        from ${sql.id(SCHEMA, 'orders')}
       where account_id = ${accountId} and status in (${statuses}) ${exclude}
    ),
    oco_first as (
      select distinct on (coalesce(parent_id, id)) id
        from open
       where exit_qty is not null ${excludeGroup}
       order by coalesce(parent_id, id), id
    ),
    marked as (
      select o.*, (o.status <> 'held' or o.exit_qty is not null) as working,
             (o.status <> 'held' and o.exit_qty is null) or f.id is not null as reserving
        from open o left join oco_first f on f.id = o.id
    ),
    groups as (
      select symbol, side,
             count(*)::int as open,
             (count(*) filter (where working))::int as working,
             (count(*) filter (where working and price is null))::int as at_market,
             min(price) filter (where working) as min_limit,
             max(price) filter (where working) as max_limit,
             bool_or(reserving) as reserving,
             coalesce(sum(case
               when notional is not null then case when filled_qty > 0 then 0 else notional end
               else remaining * coalesce(limit_price, stop_price) end)
               filter (where reserving and (notional is not null or coalesce(limit_price, stop_price) is not null)), 0)
               as priced_notional,
             coalesce(sum(remaining) filter (where reserving and notional is null
               and limit_price is null and stop_price is null), 0) as unpriced_qty,
             coalesce(sum(remaining * coalesce(filled_avg_price, 0)) filter (where reserving and notional is null
               and limit_price is null and stop_price is null), 0) as unpriced_fallback,
             coalesce(sum(remaining) filter (where reserving), 0) as remaining_qty
        from marked
       group by symbol, side
    )
    select a.placed_seq, a.placed_buy_notional, a.placed_sell_qty, a.placed_sides, a.placed_sell_notional, a.reset_seq,
           ${
             clientOrderId === undefined
               ? sql`false`
               : sql`exists (select 1 from ${sql.id(SCHEMA, 'orders')} d
                              where d.account_id = a.id and d.client_order_id = ${clientOrderId})`
           } as duplicate,
           g.*
      from ${sql.id(SCHEMA, 'accounts')} a
      left join groups g on true
     where a.id = ${accountId}
     order by g.symbol, g.side`.execute(db);
  const first = rows[0];
  return {
    groups: rows
      .filter((r) => r.symbol !== null && r.symbol !== undefined)
      .map((r) => ({
        symbol: r.symbol,
        side: r.side,
        open: Number(r.open),
        working: Number(r.working),
        atMarket: Number(r.at_market),
        minLimit: num(r.min_limit),
        maxLimit: num(r.max_limit),
        reserving: r.reserving === true,
        pricedNotional: num(r.priced_notional) ?? '0',
        unpricedQty: num(r.unpriced_qty) ?? '0',
        unpricedFallback: num(r.unpriced_fallback) ?? '0',
        remainingQty: num(r.remaining_qty) ?? '0',
      })),
    counters: countersOf(first ?? {}),
    duplicate: first?.duplicate === true,
  };
}

export type StoredPlacement =
  | { outcome: 'stored'; orders: Order[] }
  /** The orders placed since the summary used up the headroom: nothing was written. */
  | { outcome: 'conflict' }
  /** The account is not active (closed): nothing was written. */
  | { outcome: 'inactive' };

/**
 * Stores an accepted order and its legs with their outbox rows, and adds its reservation to the
 * account's counters, in ONE statement (so one round trip, committed on its own): the account
 * row is updated first — in its latest version, after any placement holding it committed — and
 * only if it is active and, with a guard, if what the placements since the summary reserved fits
 * the headroom; the orders and the events are written only if it was. The account row is held
 * for no longer than the statement and its commit. A reset or close waits for it, or it sees them.
 */
export async function storePlacement(
  db: AnyDB,
  p: {
    accountId: string;
    orders: Order[];
    outbox: OutboxRow[];
    mine: PlacementReservation;
    guard: PlacementGuard | undefined;
  },
): Promise<StoredPlacement> {
  const { accountId, mine, guard } = p;
  const accounts = sql.id(SCHEMA, 'accounts');
  const orders = JSON.stringify(p.orders.map(toRow));
  const now = new Date().toISOString();
  const events = JSON.stringify(p.outbox.map((r) => ({ ...r, created_at: now, published_at: null })));
  const { rows } = await sql<Row>`
    with acct as (
      update ${accounts} set ${placementSets(mine, p.orders.length)}
       where id = ${accountId} and status = 'active' ${placementFits(guard, mine)}
       returning id
    ),
    ins as (
      insert into ${sql.id(SCHEMA, 'orders')}
      select * from jsonb_populate_recordset(null::${sql.id(SCHEMA, 'orders')}, ${orders}::jsonb)
       where exists (select 1 from acct)
      returning *
    ),
    ob as (
      insert into ${sql.id(SCHEMA, 'outbox')}
      select * from jsonb_populate_recordset(null::${sql.id(SCHEMA, 'outbox')}, ${events}::jsonb)
       where exists (select 1 from acct)
    )
    select s.account_status, ins.*
      from (select (select status from ${accounts} where id = ${accountId}) as account_status) s
      left join ins on true`.execute(db);
  const stored = rows.filter((r) => r.id !== null && r.id !== undefined);
  if (stored.length > 0) {
    const byId = new Map(stored.map((r) => [r.id as string, toOrder(r)]));
    return { outcome: 'stored', orders: p.orders.map((o) => byId.get(o.id)!) };
  }
  return { outcome: rows[0]?.account_status === 'active' ? 'conflict' : 'inactive' };
}

/** The open orders of an account per symbol and side (openOrdersSnapshot without the counters). */
export async function openOrdersAggregate(
  db: AnyDB,
  accountId: string,
  excludeOrderId?: string,
): Promise<OpenOrdersGroup[]> {
  return (await openOrdersSnapshot(db, accountId, excludeOrderId)).groups;
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
