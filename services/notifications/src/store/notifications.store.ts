import { sql } from 'kysely';
import type { AnyDB } from '@tradeplane/kit';
import type { Notification } from '../domain/types.ts';
import { fromJson } from './json.ts';

interface Row {
  id: string;
  user_id: string;
  type: string;
  title: string;
  body: string;
  data: unknown;
  created_at: Date;
  read_at: Date | null;
}

const COLUMNS = ['id', 'user_id', 'type', 'title', 'body', 'data', 'created_at', 'read_at'] as const;

const toNotification = (r: Row): Notification => ({
  id: r.id,
  userId: r.user_id,
  type: r.type,
  title: r.title,
  body: r.body,
  data: fromJson<Record<string, unknown>>(r.data) ?? {},
  createdAt: r.created_at,
  readAt: r.read_at,
});

/** Inserts the notification of a source event for a user; undefined when that source already made one. */
export async function insertNotification(
  db: AnyDB,
  n: Omit<Notification, 'readAt'> & { sourceId: string; inInbox: boolean },
): Promise<Notification | undefined> {
  const row: Row | undefined = await db
    .insertInto('notifications')
    .values({
      id: n.id,
      user_id: n.userId,
      type: n.type,
      title: n.title,
      body: n.body,
      data: JSON.stringify(n.data),
      source_id: n.sourceId,
      in_inbox: n.inInbox,
      created_at: n.createdAt,
    })
    .onConflict((oc) => oc.columns(['source_id', 'user_id']).doNothing())
    .returning(COLUMNS)
    .executeTakeFirst();
  return row && toNotification(row);
}

/** For the delivery worker, which acts for the notification's owner already. */
export async function getNotificationById(db: AnyDB, id: string): Promise<Notification | undefined> {
  const row: Row | undefined = await db
    .selectFrom('notifications')
    .select(COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toNotification(row);
}

export async function getOwnedNotification(
  db: AnyDB,
  userId: string,
  id: string,
): Promise<Notification | undefined> {
  const row: Row | undefined = await db
    .selectFrom('notifications')
    .select(COLUMNS)
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('in_inbox', '=', true)
    .executeTakeFirst();
  return row && toNotification(row);
}

/** The inbox, newest first; `before` is the last id of the previous page (ids are UUIDv7). */
export async function listInbox(
  db: AnyDB,
  userId: string,
  page: { limit: number; before?: string | undefined; unreadOnly: boolean },
): Promise<Notification[]> {
  let q = db
    .selectFrom('notifications')
    .select(COLUMNS)
    .where('user_id', '=', userId)
    .where('in_inbox', '=', true);
  if (page.unreadOnly) q = q.where('read_at', 'is', null);
  if (page.before) q = q.where('id', '<', page.before);
  const rows = (await q.orderBy('id', 'desc').limit(page.limit).execute()) as Row[];
  return rows.map(toNotification);
}

export async function countUnread(db: AnyDB, userId: string): Promise<number> {
  const row: { n: string | number } | undefined = await db
    .selectFrom('notifications')
    .select(sql<string>`count(*)`.as('n'))
    .where('user_id', '=', userId)
    .where('in_inbox', '=', true)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

/** Marks one read; reading it again keeps the first time. */
export async function markRead(
  db: AnyDB,
  userId: string,
  id: string,
  at: Date,
): Promise<Notification | undefined> {
  const row: Row | undefined = await db
    .updateTable('notifications')
    .set({ read_at: sql`coalesce(read_at, ${at})` })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('in_inbox', '=', true)
    .returning(COLUMNS)
    .executeTakeFirst();
  return row && toNotification(row);
}

export async function markAllRead(db: AnyDB, userId: string, at: Date): Promise<number> {
  const result = await db
    .updateTable('notifications')
    .set({ read_at: at })
    .where('user_id', '=', userId)
    .where('in_inbox', '=', true)
    .where('read_at', 'is', null)
    .executeTakeFirst();
  return Number(result.numUpdatedRows);
}

/** Deletes notifications made before `before`, with their deliveries (ON DELETE CASCADE). */
export async function deleteNotificationsBefore(db: AnyDB, before: Date): Promise<number> {
  const result = await db.deleteFrom('notifications').where('created_at', '<', before).executeTakeFirst();
  return Number(result.numDeletedRows);
}
