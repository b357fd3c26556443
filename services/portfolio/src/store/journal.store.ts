import { sql } from 'kysely';
import type { AnyDB } from '@tradeplane/kit';

export interface JournalEntry {
  id: string;
  userId: string;
  accountId: string;
  tradeId: string;
  notes: string;
  tags: string[];
  createdAt: Date;
  updatedAt: Date;
}

interface Row {
  id: string;
  user_id: string;
  account_id: string;
  trade_id: string;
  notes: string;
  tags: string[] | string;
  created_at: Date;
  updated_at: Date;
}

const toEntry = (r: Row): JournalEntry => ({
  id: r.id,
  userId: r.user_id,
  accountId: r.account_id,
  tradeId: r.trade_id,
  notes: r.notes,
  tags: typeof r.tags === 'string' ? (JSON.parse(r.tags) as string[]) : r.tags,
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

export async function insertEntry(
  db: AnyDB,
  e: { id: string; userId: string; accountId: string; tradeId: string; notes: string; tags: string[] },
): Promise<JournalEntry> {
  const row = (await db
    .insertInto('journal_entries')
    .values({
      id: e.id,
      user_id: e.userId,
      account_id: e.accountId,
      trade_id: e.tradeId,
      notes: e.notes,
      tags: JSON.stringify(e.tags),
    })
    .returningAll()
    .executeTakeFirstOrThrow()) as Row;
  return toEntry(row);
}

export async function getEntry(db: AnyDB, userId: string, id: string): Promise<JournalEntry | undefined> {
  const row = (await db
    .selectFrom('journal_entries')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst()) as Row | undefined;
  return row && toEntry(row);
}

export async function updateEntry(
  db: AnyDB,
  userId: string,
  id: string,
  patch: { notes?: string | undefined; tags?: string[] | undefined },
): Promise<JournalEntry | undefined> {
  const row = (await db
    .updateTable('journal_entries')
    .set({
      ...(patch.notes !== undefined ? { notes: patch.notes } : {}),
      ...(patch.tags !== undefined ? { tags: JSON.stringify(patch.tags) } : {}),
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returningAll()
    .executeTakeFirst()) as Row | undefined;
  return row && toEntry(row);
}

export async function deleteEntry(db: AnyDB, userId: string, id: string): Promise<boolean> {
  const row = await db
    .deleteFrom('journal_entries')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

/** A user's entries, newest first, optionally of one account, trade or tag. */
export async function listEntries(
  db: AnyDB,
  userId: string,
  f: {
    accountId?: string | undefined;
    tradeId?: string | undefined;
    tag?: string | undefined;
    limit: number;
    before?: string | undefined;
  },
): Promise<JournalEntry[]> {
  let q = db.selectFrom('journal_entries').selectAll().where('user_id', '=', userId);
  if (f.accountId) q = q.where('account_id', '=', f.accountId);
  if (f.tradeId) q = q.where('trade_id', '=', f.tradeId);
  if (f.tag) q = q.where(sql<boolean>`tags @> ${JSON.stringify([f.tag])}::jsonb`);
  if (f.before) q = q.where('id', '<', f.before);
  const rows = (await q.orderBy('id', 'desc').limit(f.limit).execute()) as Row[];
  return rows.map(toEntry);
}
