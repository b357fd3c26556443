import { uuidv7, type AnyTx } from '@tradeplane/kit';
import { NotificationDelivered, type NotificationDelivered as DeliveredData } from '@tradeplane/contracts';
import { insertDeliveries, type NewDelivery } from '../store/deliveries.store.ts';
import { insertNotification } from '../store/notifications.store.ts';
import { listWebhooks } from '../store/webhooks.store.ts';
import type { NotificationsDeps } from './deps.ts';
import { channelsFor } from './preferences.ts';
import type { Notification } from './types.ts';

export interface NotificationInput {
  userId: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  /** What caused it (an event id): the same source makes one notification per user, ever. */
  sourceId: string;
}

/** The `notification.delivered` data of a notification on one channel. */
export const deliveredData = (n: Notification, channel: DeliveredData['channel']): DeliveredData => ({
  notificationId: n.id,
  userId: n.userId,
  channel,
  type: n.type,
  title: n.title,
  body: n.body,
  data: n.data,
  createdAt: n.createdAt.toISOString(),
});

/**
 * Creates a notification and its deliveries, in the caller's transaction, from the owner's
 * preferences: the inbox and WebSocket channels are delivered right here (the WebSocket push is a
 * `notification.delivered` event in the same outbox), email, SMS, push and each matching webhook
 * endpoint get a pending delivery that the delivery worker sends. A source that already made its
 * notification for the user (a redelivered event) changes nothing and returns undefined.
 */
export async function notify(
  deps: NotificationsDeps,
  tx: AnyTx,
  input: NotificationInput,
): Promise<Notification | undefined> {
  const now = deps.now();
  const channels = await channelsFor(tx, input.userId, input.type);
  const n = await insertNotification(tx, {
    id: uuidv7(),
    userId: input.userId,
    type: input.type,
    title: input.title,
    body: input.body,
    data: input.data,
    createdAt: now,
    sourceId: input.sourceId,
    inInbox: channels.inbox,
  });
  if (!n) return undefined;

  const giveUpAt = new Date(now.getTime() + deps.config.NOTIFICATIONS_RETRY_WINDOW_MS);
  const row = (
    channel: NewDelivery['channel'],
    endpointId: string | null = null,
    done = false,
  ): NewDelivery => ({
    id: uuidv7(),
    notificationId: n.id,
    userId: n.userId,
    channel,
    endpointId,
    type: n.type,
    status: done ? 'delivered' : 'pending',
    nextAttemptAt: done ? null : now,
    giveUpAt,
    deliveredAt: done ? now : null,
    createdAt: now,
  });

  const rows: NewDelivery[] = [];
  if (channels.inbox) rows.push(row('inbox', null, true));
  if (channels.websocket) {
    rows.push(row('websocket', null, true));
    await deps.emit(tx, {
      type: NotificationDelivered.type,
      data: deliveredData(n, 'websocket'),
      subject: n.id,
      userId: n.userId,
    });
  }
  for (const channel of ['email', 'sms', 'push'] as const) if (channels[channel]) rows.push(row(channel));
  if (channels.webhook)
    for (const endpoint of await listWebhooks(tx, n.userId))
      if (endpoint.types.length === 0 || endpoint.types.includes(n.type))
        rows.push(row('webhook', endpoint.id));
  await insertDeliveries(tx, rows);
  if (rows.some((r) => r.status === 'pending')) deps.wake();
  return n;
}
