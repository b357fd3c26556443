import { Type } from 'typebox';
import { TYPE_PATTERN } from '../domain/types.ts';

const Id = Type.String({ format: 'uuid' });
const Instant = Type.String({ format: 'date-time' });
const NullableInstant = Type.Union([Instant, Type.Null()]);
const NotificationType = Type.String({ pattern: TYPE_PATTERN, minLength: 1, maxLength: 100 });
const Cursor = Type.Optional(Type.String({ format: 'uuid', description: 'nextCursor of the previous page' }));

export const IdParams = Type.Object({ id: Id });

// ---------------------------------------------------------------------------------- inbox
export const NotificationSchema = Type.Object({
  id: Id,
  type: Type.String(),
  title: Type.String(),
  body: Type.String(),
  data: Type.Record(Type.String(), Type.Unknown()),
  createdAt: Instant,
  readAt: NullableInstant,
});

export const InboxQuery = Type.Object({
  unread: Type.Optional(Type.Boolean({ description: 'Only unread notifications' })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Cursor,
});

export const InboxResponse = Type.Object({
  items: Type.Array(NotificationSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const UnreadCountResponse = Type.Object({ count: Type.Integer() });
export const ReadAllResponse = Type.Object({ updated: Type.Integer() });

// ---------------------------------------------------------------------------------- preferences
const Switches = Type.Object({
  inbox: Type.Boolean(),
  websocket: Type.Boolean(),
  email: Type.Boolean(),
  webhook: Type.Boolean(),
  sms: Type.Boolean(),
  push: Type.Boolean(),
});

const Email = Type.String({ pattern: '^[^\\s@]+@[^\\s@]+\\.[^\\s@]+$', maxLength: 254 });
const Phone = Type.String({ pattern: '^\\+[1-9][0-9]{6,14}$', description: 'E.164, e.g. +14155550100' });

export const PreferencesResponse = Type.Object({
  email: Type.Union([Type.String(), Type.Null()], {
    description: 'Where email goes: your override, else your account address',
  }),
  phone: Type.Union([Type.String(), Type.Null()]),
  preferences: Type.Array(Type.Object({ type: Type.String(), channels: Switches })),
});

export const PreferencesBody = Type.Object(
  {
    email: Type.Optional(
      Type.Union([Email, Type.Null()], { description: 'null: back to the account address' }),
    ),
    phone: Type.Optional(Type.Union([Phone, Type.Null()])),
    preferences: Type.Optional(
      Type.Array(
        Type.Object(
          { type: NotificationType, channels: Type.Partial(Switches, { additionalProperties: false }) },
          { additionalProperties: false },
        ),
        { maxItems: 200 },
      ),
    ),
  },
  { additionalProperties: false },
);

// ---------------------------------------------------------------------------------- webhooks
export const WebhookSchema = Type.Object({
  id: Id,
  url: Type.String(),
  types: Type.Array(Type.String(), { description: 'Notification types sent; empty: every type' }),
  createdAt: Instant,
});

export const WebhookCreatedSchema = Type.Object({
  ...WebhookSchema.properties,
  secret: Type.String({ description: 'Shown once: signs every delivery (Tradeplane-Signature)' }),
});

export const WebhookBody = Type.Object(
  {
    url: Type.String({ minLength: 1, maxLength: 2048 }),
    types: Type.Optional(Type.Array(NotificationType, { maxItems: 100 })),
    secret: Type.Optional(Type.String({ minLength: 16, maxLength: 256, pattern: '^[\\x21-\\x7e]+$' })),
  },
  { additionalProperties: false },
);

export const WebhooksResponse = Type.Object({ items: Type.Array(WebhookSchema) });

export const DeliverySchema = Type.Object({
  id: Id,
  notificationId: Type.Union([Id, Type.Null()]),
  type: Type.String(),
  status: Type.Union([
    Type.Literal('pending'),
    Type.Literal('delivered'),
    Type.Literal('failed'),
    Type.Literal('dead'),
    Type.Literal('skipped'),
  ]),
  attempts: Type.Integer(),
  lastStatusCode: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  nextAttemptAt: NullableInstant,
  deliveredAt: NullableInstant,
  createdAt: Instant,
});

export const DeliveriesQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Cursor,
});

export const DeliveriesResponse = Type.Object({
  items: Type.Array(DeliverySchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

// ---------------------------------------------------------------------------------- devices
const Platform = Type.Union([Type.Literal('android'), Type.Literal('ios'), Type.Literal('web')]);

export const DeviceSchema = Type.Object({
  id: Id,
  token: Type.String(),
  platform: Platform,
  name: Type.Union([Type.String(), Type.Null()]),
  createdAt: Instant,
});

export const DeviceBody = Type.Object(
  {
    token: Type.String({ minLength: 1, maxLength: 4096, description: 'The FCM registration token' }),
    platform: Platform,
    name: Type.Optional(Type.String({ maxLength: 100 })),
  },
  { additionalProperties: false },
);

export const DevicesResponse = Type.Object({ items: Type.Array(DeviceSchema) });

// ---------------------------------------------------------------------------------- admin
export const AllowlistBody = Type.Object(
  {
    entries: Type.Array(Type.String({ minLength: 1, maxLength: 253 }), {
      maxItems: 1000,
      description: 'Host names (*.corp.example for a domain), IP addresses or CIDRs',
    }),
  },
  { additionalProperties: false },
);

export const AllowlistResponse = Type.Object({
  entries: Type.Array(Type.String()),
  configEntries: Type.Array(Type.String(), {
    description: 'From NOTIFICATIONS_WEBHOOK_ALLOWLIST (read-only)',
  }),
});
