import { deleteNotificationsBefore } from '../store/notifications.store.ts';
import type { NotificationsDeps } from './deps.ts';

const DAY_MS = 86_400_000;

/**
 * Keeps the schema from growing without end: notifications with their deliveries after
 * NOTIFICATIONS_RETENTION_DAYS (the kit prunes event bookkeeping after
 * NOTIFICATIONS_EVENT_RETENTION_DAYS). Idempotent deletes, so every instance may run it.
 */
export async function housekeeping(deps: NotificationsDeps): Promise<{ notifications: number }> {
  const c = deps.config;
  const before = new Date(deps.now().getTime() - c.NOTIFICATIONS_RETENTION_DAYS * DAY_MS);
  return { notifications: await deleteNotificationsBefore(deps.db, before) };
}
