import type { NotificationChannel } from '@tradeplane/contracts';

export type Channel = NotificationChannel;
export const CHANNELS: readonly Channel[] = ['inbox', 'websocket', 'email', 'webhook', 'sms', 'push'];

/** The types this service makes notifications of itself; notification.requested may bring others. */
export const KNOWN_TYPES = [
  'order.filled',
  'order.partially_filled',
  'order.canceled',
  'order.rejected',
  'order.expired',
  'risk.state_changed',
  'alert.triggered',
  'trigger.fired',
] as const;

/** `order.filled`, `agent.approval_requested`: lower-case dotted words. */
export const TYPE_PATTERN = '^[a-z][a-z0-9_-]*(\\.[a-z0-9_-]+)*$';
export const TYPE_RE = new RegExp(TYPE_PATTERN);

export type ChannelSwitches = Record<Channel, boolean>;

/**
 * Important, rare events also go by email; the rest stay in the app. Partial fills are left out of
 * email on purpose (a large order can fill in dozens of pieces; its final `order.filled` is mailed).
 * Webhooks are on for every type: nothing is sent until the owner registers an endpoint, and an
 * endpoint's own `types` narrow it. SMS and push cost money or attention: the owner opts in.
 */
const EMAIL_BY_DEFAULT = new Set<string>([
  'order.filled',
  'order.rejected',
  'risk.state_changed',
  'alert.triggered',
  'trigger.fired',
]);

export function defaultChannels(type: string): ChannelSwitches {
  return {
    inbox: true,
    websocket: true,
    email: EMAIL_BY_DEFAULT.has(type),
    webhook: true,
    sms: false,
    push: false,
  };
}

export interface Notification {
  id: string;
  userId: string;
  type: string;
  title: string;
  body: string;
  data: Record<string, unknown>;
  createdAt: Date;
  readAt: Date | null;
}

export type DeliveryStatus = 'pending' | 'delivered' | 'failed' | 'dead' | 'skipped';

export interface Delivery {
  id: string;
  notificationId: string | null;
  userId: string;
  channel: Channel;
  endpointId: string | null;
  type: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | null;
  giveUpAt: Date;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
  createdAt: Date;
}
