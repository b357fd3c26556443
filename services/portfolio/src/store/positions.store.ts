import { sql } from 'kysely';
import { toWire, type AnyDB } from '@tradeplane/kit';

export interface PositionRecord {
  accountId: string;
  symbol: string;
  qty: string;
  costBasis: string;
  realizedPnl: string;
  commissions: string;
  lastPrice: string | null;
  lastdayPrice: string | null;
  openedAt: Date | null;
  updatedAt: Date;
}

export interface PositionRow {
  account_id: string;
  symbol: string;
  qty: string;
  cost_basis: string;
  realized_pnl: string;
  commissions: string;
  last_price: string | null;
  lastday_price: string | null;
  opened_at: Date | null;
  updated_at: Date;
}

const wire = (v: string | null) => (v === null ? null : toWire(v));
export const toPosition = (r: PositionRow): PositionRecord => ({
  accountId: r.account_id,
  symbol: r.symbol,
  qty: toWire(r.qty),
  costBasis: toWire(r.cost_basis),
  realizedPnl: toWire(r.realized_pnl),
  commissions: toWire(r.commissions),
  lastPrice: wire(r.last_price),
  lastdayPrice: wire(r.lastday_price),
  openedAt: r.opened_at,
  updatedAt: r.updated_at,
});

export async function getPosition(
  db: AnyDB,
  accountId: string,
  symbol: string,
  lock = false,
): Promise<PositionRecord | undefined> {
  let q = db
    .selectFrom('positions')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('symbol', '=', symbol);
  if (lock) q = q.forUpdate();
  const row = (await q.executeTakeFirst()) as PositionRow | undefined;
  return row && toPosition(row);
}

/** Open positions (qty ≠ 0) of an account, by symbol. */
export async function listOpenPositions(db: AnyDB, accountId: string): Promise<PositionRecord[]> {
  const rows = (await db
    .selectFrom('positions')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('qty', '!=', '0')
    .orderBy('symbol')
    .execute()) as PositionRow[];
  return rows.map(toPosition);
}

export async function savePosition(
  db: AnyDB,
  p: {
    accountId: string;
    symbol: string;
    qty: string;
    costBasis: string;
    realizedPnl: string;
    commissions: string;
    openedAt: Date | null;
    lastPrice: string;
  },
): Promise<void> {
  const values = {
    qty: p.qty,
    cost_basis: p.costBasis,
    realized_pnl: p.realizedPnl,
    commissions: p.commissions,
    opened_at: p.openedAt,
    last_price: p.lastPrice,
    updated_at: sql`now()`,
  };
  await db
    .insertInto('positions')
    .values({ account_id: p.accountId, symbol: p.symbol, ...values })
    .onConflict((oc) => oc.columns(['account_id', 'symbol']).doUpdateSet(values))
    .execute();
}

export async function setPrices(
  db: AnyDB,
  accountId: string,
  symbol: string,
  prices: { lastPrice?: string; lastdayPrice?: string },
): Promise<void> {
  const set: Record<string, string> = {};
  if (prices.lastPrice !== undefined) set.last_price = prices.lastPrice;
  if (prices.lastdayPrice !== undefined) set.lastday_price = prices.lastdayPrice;
  if (Object.keys(set).length === 0) return;
  await db
    .updateTable('positions')
    .set(set)
    .where('account_id', '=', accountId)
    .where('symbol', '=', symbol)
    .execute();
}

export async function deletePositions(db: AnyDB, accountId: string): Promise<void> {
  await db.deleteFrom('positions').where('account_id', '=', accountId).execute();
}
