import { sql, type RawBuilder } from 'kysely';
import { toWire, type AnyDB } from '@tradeplane/kit';
import type { FillRecord } from './fills.store.ts';

// Raw SQL below names its tables with the service's schema: db.withSchema only rewrites built queries.
const SCHEMA = 'portfolio';
const FILLS = sql.id(SCHEMA, 'fills');
const NTA = sql.id(SCHEMA, 'non_trade_activities');

/** A non-trade activity (Alpaca's NTA): money that moved without a fill. */
export interface NonTradeRecord {
  id: string;
  accountId: string;
  /** Alpaca's activity type: CSD (cash deposit), FEE (a fill's commission). */
  type: string;
  /** Alpaca's activity_sub_type (COM for a commission). */
  subType: string | null;
  /** Signed: positive into the account's cash, negative out of it. */
  netAmount: string;
  symbol: string | null;
  qty: string | null;
  perShareAmount: string | null;
  orderId: string | null;
  tradeId: string | null;
  description: string;
  status: 'executed' | 'correct' | 'canceled';
  at: Date;
}

/** One entry of the account's activity timeline: a fill or a non-trade activity. */
export type ActivityRecord = { kind: 'fill'; fill: FillRecord } | { kind: 'nta'; nta: NonTradeRecord };

/** The position of an activity in the timeline: its time, then its id (trade id or NTA id). */
export interface ActivityKey {
  at: Date;
  key: string;
}

/** False when an activity with this id is already recorded (its cause was replayed). */
export async function insertNonTrade(db: AnyDB, a: NonTradeRecord): Promise<boolean> {
  const row = await db
    .insertInto('non_trade_activities')
    .values({
      id: a.id,
      account_id: a.accountId,
      activity_type: a.type,
      activity_sub_type: a.subType,
      net_amount: a.netAmount,
      symbol: a.symbol,
      qty: a.qty,
      per_share_amount: a.perShareAmount,
      order_id: a.orderId,
      trade_id: a.tradeId,
      description: a.description,
      status: a.status,
      at: a.at,
    })
    .onConflict((oc) => oc.column('id').doNothing())
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** Where an activity of this account sits in the timeline (a page token names it); undefined if unknown. */
export async function findActivityKey(
  db: AnyDB,
  accountId: string,
  key: string,
): Promise<ActivityKey | undefined> {
  const { rows } = await sql<{ at: Date; key: string }>`
    select at, trade_id as key from ${FILLS} where account_id = ${accountId} and trade_id = ${key}
    union all
    select at, id as key from ${NTA} where account_id = ${accountId} and id = ${key}
    limit 1`.execute(db);
  const r = rows[0];
  return r && { at: new Date(r.at), key: r.key };
}

export interface ActivityPage {
  /** Fills in the timeline. */
  fills: boolean;
  /** NTA types in the timeline (empty: none). */
  nonTradeTypes: readonly string[];
  /** Nothing before this time (inclusive): the account's last reset. */
  since?: Date | undefined;
  /** Bounds on the activity's time, inclusive unless `exclusive`. */
  after?: Date | undefined;
  until?: Date | undefined;
  exclusive?: boolean | undefined;
  direction: 'asc' | 'desc';
  limit: number;
  /** Resume after this activity (exclusive), in the page's direction. */
  from?: ActivityKey | undefined;
}

interface TimelineRow {
  kind: 'fill' | 'nta';
  key: string;
  at: Date;
  account_id: string;
  activity_type: string;
  activity_sub_type: string | null;
  order_id: string | null;
  trade_id: string | null;
  symbol: string | null;
  side: 'buy' | 'sell' | null;
  qty: string | null;
  price: string | null;
  commission: string | null;
  realized_pnl: string | null;
  position_qty: string | null;
  cum_qty: string | null;
  cash_after: string | null;
  net_amount: string | null;
  per_share_amount: string | null;
  description: string | null;
  status: 'executed' | 'correct' | 'canceled' | null;
}

const wire = (v: string | null) => (v === null ? null : toWire(v));

function toActivity(r: TimelineRow): ActivityRecord {
  const at = new Date(r.at);
  if (r.kind === 'fill')
    return {
      kind: 'fill',
      fill: {
        tradeId: r.key,
        accountId: r.account_id,
        orderId: r.order_id!,
        symbol: r.symbol!,
        side: r.side!,
        qty: toWire(r.qty!),
        price: toWire(r.price!),
        commission: toWire(r.commission!),
        realizedPnl: toWire(r.realized_pnl!),
        positionQty: toWire(r.position_qty!),
        cumQty: toWire(r.cum_qty!),
        cashAfter: toWire(r.cash_after!),
        at,
      },
    };
  return {
    kind: 'nta',
    nta: {
      id: r.key,
      accountId: r.account_id,
      type: r.activity_type,
      subType: r.activity_sub_type,
      netAmount: toWire(r.net_amount!),
      symbol: r.symbol,
      qty: wire(r.qty),
      perShareAmount: wire(r.per_share_amount),
      orderId: r.order_id,
      tradeId: r.trade_id,
      description: r.description ?? '',
      status: r.status ?? 'executed',
      at,
    },
  };
}

/**
 * An account's fills and non-trade activities as one timeline ordered by (time, id), one page of
 * it. Both tables are filtered and ordered by the database in one query, so the page boundary (and
 * a page token) means the same thing for both kinds.
 */
export async function listTimeline(
  db: AnyDB,
  accountId: string,
  page: ActivityPage,
): Promise<ActivityRecord[]> {
  const bounds = (col: RawBuilder<unknown>) => {
    const parts: RawBuilder<unknown>[] = [];
    if (page.since) parts.push(sql`at >= ${page.since}::timestamptz`);
    if (page.after)
      parts.push(
        page.exclusive ? sql`at > ${page.after}::timestamptz` : sql`at >= ${page.after}::timestamptz`,
      );
    if (page.until)
      parts.push(
        page.exclusive ? sql`at < ${page.until}::timestamptz` : sql`at <= ${page.until}::timestamptz`,
      );
    if (page.from) {
      const { at, key } = page.from;
      parts.push(
        page.direction === 'desc'
          ? sql`(at, ${col}) < (${at}::timestamptz, ${key}::text)`
          : sql`(at, ${col}) > (${at}::timestamptz, ${key}::text)`,
      );
    }
    return parts.length ? sql` and ${sql.join(parts, sql` and `)}` : sql``;
  };
  const branches: RawBuilder<unknown>[] = [];
  if (page.fills)
    branches.push(sql`
      select 'fill' as kind, trade_id as key, at, account_id, 'FILL' as activity_type,
        null::text as activity_sub_type, order_id, trade_id, symbol, side, qty, price, commission,
        realized_pnl, position_qty, cum_qty, cash_after, null::numeric as net_amount,
        null::numeric as per_share_amount, null::text as description, null::text as status
      from ${FILLS} where account_id = ${accountId}${bounds(sql.ref('trade_id'))}`);
  if (page.nonTradeTypes.length > 0)
    branches.push(sql`
      select 'nta' as kind, id as key, at, account_id, activity_type, activity_sub_type, order_id,
        trade_id, symbol, null::text as side, qty, null::numeric as price, null::numeric as commission,
        null::numeric as realized_pnl, null::numeric as position_qty, null::numeric as cum_qty,
        null::numeric as cash_after, net_amount, per_share_amount, description, status
      from ${NTA}
      where account_id = ${accountId}
        and activity_type in (${sql.join(page.nonTradeTypes.map((t) => sql`${t}`))})${bounds(sql.ref('id'))}`);
  if (branches.length === 0) return [];
  const dir = page.direction === 'desc' ? sql`desc` : sql`asc`;
  const { rows } = await sql<TimelineRow>`
    select * from (${sql.join(branches, sql` union all `)}) timeline
    order by at ${dir}, key ${dir}
    limit ${page.limit}`.execute(db);
  return rows.map(toActivity);
}
