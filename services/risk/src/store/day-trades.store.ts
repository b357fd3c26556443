import { sql } from 'kysely';
import { toWire, type AnyDB } from '@tradeplane/kit';

/** The day-trade counter's ledger: net shares per symbol and the shares opened per trading day. */
export async function lockDtPosition(db: AnyDB, accountId: string, symbol: string): Promise<string> {
  await db
    .insertInto('dt_positions')
    .values({ account_id: accountId, symbol, qty: '0' })
    .onConflict((oc) => oc.columns(['account_id', 'symbol']).doNothing())
    .execute();
  const row: { qty: string } = await db
    .selectFrom('dt_positions')
    .select('qty')
    .where('account_id', '=', accountId)
    .where('symbol', '=', symbol)
    .forUpdate()
    .executeTakeFirstOrThrow();
  return toWire(row.qty);
}

export async function getDtPosition(db: AnyDB, accountId: string, symbol: string): Promise<string> {
  const row: { qty: string } | undefined = await db
    .selectFrom('dt_positions')
    .select('qty')
    .where('account_id', '=', accountId)
    .where('symbol', '=', symbol)
    .executeTakeFirst();
  return row ? toWire(row.qty) : '0';
}

export async function setDtPosition(
  db: AnyDB,
  accountId: string,
  symbol: string,
  qty: string,
): Promise<void> {
  await db
    .updateTable('dt_positions')
    .set({ qty })
    .where('account_id', '=', accountId)
    .where('symbol', '=', symbol)
    .execute();
}

export async function getOpenedToday(
  db: AnyDB,
  accountId: string,
  symbol: string,
  tradeDate: string,
): Promise<string> {
  const row: { qty: string } | undefined = await db
    .selectFrom('dt_opened')
    .select('qty')
    .where('account_id', '=', accountId)
    .where('symbol', '=', symbol)
    .where('trade_date', '=', sql<string>`${tradeDate}::date`)
    .executeTakeFirst();
  return row ? toWire(row.qty) : '0';
}

export async function setOpenedToday(
  db: AnyDB,
  accountId: string,
  symbol: string,
  tradeDate: string,
  qty: string,
): Promise<void> {
  await db
    .insertInto('dt_opened')
    .values({ account_id: accountId, symbol, trade_date: sql`${tradeDate}::date`, qty })
    .onConflict((oc) => oc.columns(['account_id', 'symbol', 'trade_date']).doUpdateSet({ qty }))
    .execute();
}

export async function recordDayTrade(
  db: AnyDB,
  d: { accountId: string; orderId: string; symbol: string; tradeDate: string; tradeId: string },
): Promise<void> {
  await db
    .insertInto('day_trades')
    .values({
      account_id: d.accountId,
      order_id: d.orderId,
      symbol: d.symbol,
      trade_date: sql`${d.tradeDate}::date`,
      trade_id: d.tradeId,
    })
    .onConflict((oc) => oc.columns(['account_id', 'order_id']).doNothing())
    .execute();
}

export async function countDayTradesSince(db: AnyDB, accountId: string, fromDate: string): Promise<number> {
  const row: { n: string | number } | undefined = await db
    .selectFrom('day_trades')
    .select(sql<string>`count(*)`.as('n'))
    .where('account_id', '=', accountId)
    .where('trade_date', '>=', sql<string>`${fromDate}::date`)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** A reset paper account starts over: no positions, no day trades. */
export async function clearDayTradeLedger(db: AnyDB, accountId: string): Promise<void> {
  await db.deleteFrom('dt_positions').where('account_id', '=', accountId).execute();
  await db.deleteFrom('dt_opened').where('account_id', '=', accountId).execute();
  await db.deleteFrom('day_trades').where('account_id', '=', accountId).execute();
}
