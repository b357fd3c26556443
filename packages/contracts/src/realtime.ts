import { Type, type Static } from 'typebox';
import { defineEvent } from './cloudevent.ts';

/**
 * Events of the real-time capabilities: the scheduler's fires, alerts and notifications
 * (ARCHITECTURE §4 catalog), and the native WebSocket stream's channel names.
 */

// ---------------------------------------------------------------------------------- scheduler
export const TriggerKind = Type.Union([
  Type.Literal('cron'),
  Type.Literal('market'),
  Type.Literal('price'),
  Type.Literal('news'),
]);
export type TriggerKind = 'cron' | 'market' | 'price' | 'news';

/** What a fire is for: an AI agent run, a strategy evaluation, or a notification to the owner. */
export const TriggerTarget = Type.Object({
  type: Type.Union([Type.Literal('agent'), Type.Literal('strategy'), Type.Literal('notification')]),
  /** The agent or strategy id; absent for a notification target. */
  id: Type.Optional(Type.String()),
  /** Free text carried to the target (the notification's message, an agent's instruction). */
  message: Type.Optional(Type.String({ maxLength: 2000 })),
});
export type TriggerTarget = Static<typeof TriggerTarget>;

export const TriggerFired = defineEvent(
  'trigger.fired',
  Type.Object({
    triggerId: Type.String(),
    runId: Type.String(),
    userId: Type.String(),
    name: Type.String(),
    kind: TriggerKind,
    target: TriggerTarget,
    /** When the fire was due (a cron or market time; the observation time for price/news). */
    scheduledFor: Type.String(),
    firedAt: Type.String(),
    /** True when fired late on recovery under the 'fire_once' misfire policy. */
    misfire: Type.Boolean(),
    /** Why it fired, in words ("AAPL crossed above 190.00 at 190.12"). */
    reason: Type.String(),
    /** What was observed: { price } for price triggers, { newsId, headline } for news, etc. */
    context: Type.Record(Type.String(), Type.Unknown()),
  }),
);
export type TriggerFired = Static<typeof TriggerFired.data>;

// ---------------------------------------------------------------------------------- alerts
export const AlertTriggered = defineEvent(
  'alert.triggered',
  Type.Object({
    alertId: Type.String(),
    userId: Type.String(),
    kind: Type.Union([Type.Literal('price'), Type.Literal('news')]),
    symbol: Type.Union([Type.String(), Type.Null()]),
    message: Type.String(),
    /** { price, level, direction } for price alerts, { newsId, headline } for news alerts. */
    context: Type.Record(Type.String(), Type.Unknown()),
    at: Type.String(),
  }),
);
export type AlertTriggered = Static<typeof AlertTriggered.data>;

// ---------------------------------------------------------------------------------- notifications
export const NotificationChannel = Type.Union([
  Type.Literal('inbox'),
  Type.Literal('websocket'),
  Type.Literal('email'),
  Type.Literal('webhook'),
  Type.Literal('sms'),
  Type.Literal('push'),
]);
export type NotificationChannel = 'inbox' | 'websocket' | 'email' | 'webhook' | 'sms' | 'push';

/** Any service may ask for a user to be notified; notifications applies preferences and delivers. */
export const NotificationRequested = defineEvent(
  'notification.requested',
  Type.Object({
    userId: Type.String(),
    /** The notification type preferences are keyed by, e.g. 'agent.approval_requested'. */
    type: Type.String(),
    title: Type.String(),
    body: Type.String(),
    data: Type.Optional(Type.Record(Type.String(), Type.Unknown())),
  }),
);

/**
 * One notification delivered on one channel. The gateway's `/v1/stream` pushes those with
 * channel 'websocket' to the user's `notifications` stream channel.
 */
export const NotificationDelivered = defineEvent(
  'notification.delivered',
  Type.Object({
    notificationId: Type.String(),
    userId: Type.String(),
    channel: NotificationChannel,
    type: Type.String(),
    title: Type.String(),
    body: Type.String(),
    data: Type.Record(Type.String(), Type.Unknown()),
    createdAt: Type.String(),
  }),
);
export type NotificationDelivered = Static<typeof NotificationDelivered.data>;

export const RealtimeEvents = {
  TriggerFired,
  AlertTriggered,
  NotificationRequested,
  NotificationDelivered,
} as const;

// ---------------------------------------------------------------------------------- /v1/stream
/** Per-user channels of `/v1/stream`: never dropped, resumable. */
export const ACCOUNT_STREAM_CHANNELS = [
  'orders',
  'positions',
  'portfolio',
  'notifications',
  'alerts',
] as const;
export type AccountStreamChannel = (typeof ACCOUNT_STREAM_CHANNELS)[number];
/** Per-symbol market channels of `/v1/stream` (`quotes:AAPL`): coalesced to the latest value. */
export const MARKET_STREAM_PREFIXES = ['quotes', 'trades', 'bars'] as const;
