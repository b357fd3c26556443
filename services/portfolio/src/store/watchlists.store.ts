import { sql } from 'kysely';
import { isUniqueViolation, type AnyDB } from '@tradeplane/kit';

export interface Watchlist {
  id: string;
  userId: string;
  accountId: string;
  name: string;
  symbols: string[];
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: string;
  user_id: string;
  account_id: string;
  name: string;
  symbols: string[] | string;
  created_at: Date;
  updated_at: Date;
}

const toWatchlist = (r: Row): Watchlist => ({
  id: r.id,
  userId: r.user_id,
  accountId: r.account_id,
  name: r.name,
  symbols: typeof r.symbols === 'string' ? (JSON.parse(r.symbols) as string[]) : r.symbols,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

/** undefined when the account already has a watchlist with this name. */
export async function insertWatchlist(
  db: AnyDB,
  w: { id: string; userId: string; accountId: string; name: string; symbols: string[] },
): Promise<Watchlist | undefined> {
  try {
    const row = (await db
      .insertInto('watchlists')
      .values({
        id: w.id,
        user_id: w.userId,
        account_id: w.accountId,
        name: w.name,
        symbols: JSON.stringify(w.symbols),
      })
      .returningAll()
      .executeTakeFirstOrThrow()) as Row;
    return toWatchlist(row);
  } catch (err) {
    if (isUniqueViolation(err)) return undefined;
    throw err;
  }
}

export async function listWatchlists(db: AnyDB, accountId: string): Promise<Watchlist[]> {
  const rows = (await db
    .selectFrom('watchlists')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('created_at')
    .execute()) as Row[];
  return rows.map(toWatchlist);
}

export async function getWatchlist(
  db: AnyDB,
  accountId: string,
  by: { id?: string; name?: string },
): Promise<Watchlist | undefined> {
  let q = db.selectFrom('watchlists').selectAll().where('account_id', '=', accountId);
  if (by.id !== undefined) q = q.where('id', '=', by.id);
  if (by.name !== undefined) q = q.where('name', '=', by.name);
  const row = (await q.executeTakeFirst()) as Row | undefined;
  return row && toWatchlist(row);
}

/** undefined when not found; 'conflict' when the new name is taken. */
export async function updateWatchlist(
  db: AnyDB,
  accountId: string,
  id: string,
  patch: { name?: string | undefined; symbols?: string[] | undefined },
): Promise<Watchlist | undefined | 'conflict'> {
  try {
    const row = (await db
      .updateTable('watchlists')
      .set({
        ...(patch.name !== undefined ? { name: patch.name } : {}),
        ...(patch.symbols !== undefined ? { symbols: JSON.stringify(patch.symbols) } : {}),
        updated_at: sql`now()`,
      })
      .where('id', '=', id)
      .where('account_id', '=', accountId)
      .returningAll()
      .executeTakeFirst()) as Row | undefined;
    return row && toWatchlist(row);
  } catch (err) {
    if (isUniqueViolation(err)) return 'conflict';
    throw err;
  }
}

export async function deleteWatchlist(db: AnyDB, accountId: string, id: string): Promise<boolean> {
  const row = await db
    .deleteFrom('watchlists')
    .where('id', '=', id)
    .where('account_id', '=', accountId)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}
