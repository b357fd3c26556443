import { sql } from 'kysely';
import { toWire, type AnyDB } from '@tradeplane/kit';

export interface FillRecord {
  tradeId: string;
  accountId: string;
  orderId: string;
  symbol: string;
  side: 'buy' | 'sell';
  qty: string;
  price: string;
  commission: string;
  realizedPnl: string;
  positionQty: string;
  cumQty: string;
  cashAfter: string;
  at: Date;
}

interface Row {
  trade_id: string;
  account_id: string;
  order_id: string;
  symbol: string;
  side: 'buy' | 'sell';
  qty: string;
  price: string;
  commission: string;
  realized_pnl: string;
  position_qty: string;
  cum_qty: string;
  cash_after: string;
  at: Date;
}

const toFill = (r: Row): FillRecord => ({
  tradeId: r.trade_id,
  accountId: r.account_id,
  orderId: r.order_id,
  symbol: r.symbol,
  side: r.side,
  qty: toWire(r.qty),
  price: toWire(r.price),
  commission: toWire(r.commission),
  realizedPnl: toWire(r.realized_pnl),
  positionQty: toWire(r.position_qty),
  cumQty: toWire(r.cum_qty),
  cashAfter: toWire(r.cash_after),
  at: r.at,
});

/** False when a fill with this trade id is already recorded (a replay under a new event id). */
export async function insertFill(db: AnyDB, f: FillRecord): Promise<boolean> {
  const row = await db
    .insertInto('fills')
    .values({
      trade_id: f.tradeId,
      account_id: f.accountId,
      order_id: f.orderId,
      symbol: f.symbol,
      side: f.side,
      qty: f.qty,
      price: f.price,
      commission: f.commission,
      realized_pnl: f.realizedPnl,
      position_qty: f.positionQty,
      cum_qty: f.cumQty,
      cash_after: f.cashAfter,
      at: f.at,
    })
    .onConflict((oc) => oc.column('trade_id').doNothing())
    .returning('trade_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function filledSoFar(db: AnyDB, accountId: string, orderId: string): Promise<string> {
  const row = (await db
    .selectFrom('fills')
    .select(sql<string>`coalesce(sum(qty), 0)`.as('q'))
    .where('account_id', '=', accountId)
    .where('order_id', '=', orderId)
    .executeTakeFirst()) as { q: string } | undefined;
  return toWire(row?.q ?? '0');
}

export async function tradeExists(db: AnyDB, tradeId: string): Promise<boolean> {
  const row = await db
    .selectFrom('fills')
    .select('trade_id')
    .where('trade_id', '=', tradeId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function getFill(db: AnyDB, tradeId: string): Promise<FillRecord | undefined> {
  const row = (await db
    .selectFrom('fills')
    .selectAll()
    .where('trade_id', '=', tradeId)
    .executeTakeFirst()) as Row | undefined;
  return row && toFill(row);
}

export interface FillPage {
  /** Inclusive bounds on execution time. */
  after?: Date | undefined;
  until?: Date | undefined;
  direction: 'asc' | 'desc';
  limit: number;
  /** Resume after this fill (exclusive), in the page's direction. */
  from?: { at: Date; tradeId: string } | undefined;
}

/** An account's fills ordered by (time, trade id). */
export async function listFills(db: AnyDB, accountId: string, page: FillPage): Promise<FillRecord[]> {
  let q = db.selectFrom('fills').selectAll().where('account_id', '=', accountId);
  if (page.after) q = q.where('at', '>=', page.after);
  if (page.until) q = q.where('at', '<=', page.until);
  if (page.from) {
    const { at, tradeId } = page.from;
    q =
      page.direction === 'desc'
        ? q.where(sql<boolean>`(at, trade_id) < (${at}::timestamptz, ${tradeId}::text)`)
        : q.where(sql<boolean>`(at, trade_id) > (${at}::timestamptz, ${tradeId}::text)`);
  }
  const rows = (await q
    .orderBy('at', page.direction)
    .orderBy('trade_id', page.direction)
    .limit(page.limit)
    .execute()) as Row[];
  return rows.map(toFill);
}

/** An account's fills executed at or after `since`, in execution order. */
export async function fillsSince(db: AnyDB, accountId: string, since: Date): Promise<FillRecord[]> {
  const rows = (await db
    .selectFrom('fills')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('at', '>=', since)
    .orderBy('at')
    .orderBy('trade_id')
    .execute()) as Row[];
  return rows.map(toFill);
}

/** A fill's recorded effect on the ledger, restated when the ledger is rebuilt (a reset). */
export async function updateFillEffect(
  db: AnyDB,
  tradeId: string,
  e: { realizedPnl: string; positionQty: string; cashAfter: string },
): Promise<void> {
  await db
    .updateTable('fills')
    .set({ realized_pnl: e.realizedPnl, position_qty: e.positionQty, cash_after: e.cashAfter })
    .where('trade_id', '=', tradeId)
    .execute();
}
