import type { Alert } from '../store/alerts.store.ts';
import type { Device } from '../store/devices.store.ts';
import type { Delivery, Notification } from '../domain/types.ts';
import type { WebhookView } from '../domain/webhooks.ts';

const iso = (d: Date | null) => (d ? d.toISOString() : null);

export const notificationView = (n: Notification) => ({
  id: n.id,
  type: n.type,
  title: n.title,
  body: n.body,
  data: n.data,
  createdAt: n.createdAt.toISOString(),
  readAt: iso(n.readAt),
});

export const deliveryView = (d: Delivery) => ({
  id: d.id,
  notificationId: d.notificationId,
  type: d.type,
  status: d.status,
  attempts: d.attempts,
  lastStatusCode: d.lastStatusCode,
  lastError: d.lastError,
  nextAttemptAt: d.status === 'pending' || d.status === 'failed' ? iso(d.nextAttemptAt) : null,
  deliveredAt: iso(d.deliveredAt),
  createdAt: d.createdAt.toISOString(),
});

export const webhookView = (w: WebhookView) => ({
  id: w.id,
  url: w.url,
  types: w.types,
  createdAt: w.createdAt.toISOString(),
});

export const deviceView = (d: Device) => ({
  id: d.id,
  token: d.token,
  platform: d.platform,
  name: d.name,
  createdAt: d.createdAt.toISOString(),
});

export const alertView = (a: Alert) => ({
  id: a.id,
  kind: a.kind,
  symbol: a.symbol,
  direction: a.direction,
  level: a.level,
  keyword: a.keyword,
  repeat: a.repeat,
  note: a.note,
  status: a.status,
  triggerCount: a.triggerCount,
  lastTriggeredAt: iso(a.lastTriggeredAt),
  createdAt: a.createdAt.toISOString(),
});
