import { countUnread, listInbox as list, markAllRead, markRead } from '../store/notifications.store.ts';
import type { NotificationsDeps } from './deps.ts';
import { NotificationsErrors } from './errors.ts';
import type { Notification } from './types.ts';

export async function listInbox(
  deps: NotificationsDeps,
  userId: string,
  q: { unread?: boolean | undefined; limit: number; cursor?: string | undefined },
): Promise<{ items: Notification[]; nextCursor: string | null }> {
  const rows = await list(deps.db, userId, {
    limit: q.limit + 1,
    before: q.cursor,
    unreadOnly: q.unread === true,
  });
  const items = rows.slice(0, q.limit);
  return { items, nextCursor: rows.length > q.limit ? items[items.length - 1]!.id : null };
}

export const unreadCount = (deps: NotificationsDeps, userId: string) => countUnread(deps.db, userId);

export async function readNotification(
  deps: NotificationsDeps,
  userId: string,
  id: string,
): Promise<Notification> {
  const n = await markRead(deps.db, userId, id, deps.now());
  if (!n) throw NotificationsErrors.notificationNotFound();
  return n;
}

export const readAll = (deps: NotificationsDeps, userId: string) => markAllRead(deps.db, userId, deps.now());
