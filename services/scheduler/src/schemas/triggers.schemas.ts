import { Type } from 'typebox';
import { TriggerKind, TriggerTarget } from '@tradeplane/contracts';

const Instant = Type.String({ format: 'date-time' });
const NullableInstant = Type.Union([Instant, Type.Null()]);
const Id = Type.String({ format: 'uuid' });

export const CronScheduleSchema = Type.Object(
  {
    expression: Type.String({ description: 'cron expression: 5 fields, or 6-7 with seconds and year' }),
    timezone: Type.String({ description: 'IANA time zone (default America/New_York)' }),
  },
  { additionalProperties: false, title: 'cron' },
);
export const MarketScheduleSchema = Type.Object(
  {
    event: Type.Union([Type.Literal('open'), Type.Literal('close')]),
    offsetMinutes: Type.Integer({ minimum: -240, maximum: 240, description: 'negative: before the event' }),
  },
  { additionalProperties: false, title: 'market' },
);
export const PriceScheduleSchema = Type.Object(
  {
    symbol: Type.String(),
    direction: Type.Union([Type.Literal('above'), Type.Literal('below')]),
    level: Type.String({ description: 'decimal string' }),
  },
  { additionalProperties: false, title: 'price' },
);
export const NewsScheduleSchema = Type.Object(
  {
    symbols: Type.Array(Type.String(), { description: 'any of these symbols (when not empty)' }),
    keywords: Type.Array(Type.String(), {
      description: 'any of these words, whole-word, any case (when not empty)',
    }),
  },
  { additionalProperties: false, title: 'news' },
);

const SCHEDULE_DOC =
  'By kind — cron: { expression, timezone? }; market: { event: "open"|"close", offsetMinutes (-240..240, default 0) }; ' +
  'price: { symbol, direction: "above"|"below", level (decimal string) }; news: { symbols?, keywords? } (at least one). ' +
  'Checked field by field: a wrong field answers 400 with `field` naming it.';

const TARGET_DOC =
  '{ type: "agent"|"strategy"|"notification", id? (required for agent and strategy), message? (≤ 2000 characters) }';

export const CreateTriggerBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 200 }),
    kind: Type.String({ description: 'cron | market | price | news' }),
    schedule: Type.Unknown({ description: SCHEDULE_DOC }),
    target: Type.Unknown({ description: TARGET_DOC }),
    misfirePolicy: Type.Optional(
      Type.String({
        description: 'fire_once (default): one late fire for a missed window; skip: record and move on',
      }),
    ),
    enabled: Type.Optional(Type.Boolean({ default: true })),
  },
  { additionalProperties: false },
);

export const PatchTriggerBody = Type.Object(
  {
    name: Type.Optional(Type.String({ minLength: 1, maxLength: 200 })),
    kind: Type.Optional(Type.String({ description: 'changing the kind needs a schedule of the new kind' })),
    schedule: Type.Optional(Type.Unknown({ description: SCHEDULE_DOC })),
    target: Type.Optional(Type.Unknown({ description: TARGET_DOC })),
    misfirePolicy: Type.Optional(Type.String({ description: 'fire_once | skip' })),
    enabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, description: 'Only the fields to change' },
);

export const TriggerSchema = Type.Object({
  id: Type.String(),
  name: Type.String(),
  kind: TriggerKind,
  schedule: Type.Union([CronScheduleSchema, MarketScheduleSchema, PriceScheduleSchema, NewsScheduleSchema]),
  target: TriggerTarget,
  misfirePolicy: Type.Union([Type.Literal('fire_once'), Type.Literal('skip')]),
  enabled: Type.Boolean(),
  nextFireAt: Type.Union([Instant, Type.Null()], {
    description: 'Next due time of an enabled cron or market trigger; null otherwise',
  }),
  lastFiredAt: NullableInstant,
  createdAt: Instant,
});

export const TriggerList = Type.Object({ items: Type.Array(TriggerSchema) });

export const TriggerParams = Type.Object({ id: Id });

export const RunsQuery = Type.Object({
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  cursor: Type.Optional(Type.String({ format: 'uuid', description: 'nextCursor of the previous page' })),
});

export const RunSchema = Type.Object({
  id: Type.String(),
  scheduledFor: Instant,
  firedAt: Instant,
  misfire: Type.Boolean(),
  status: Type.Union([Type.Literal('fired'), Type.Literal('skipped')]),
  reason: Type.String(),
});

export const RunList = Type.Object({
  items: Type.Array(RunSchema, { description: 'newest first' }),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const SchedulerStatusSchema = Type.Object({
  instanceId: Type.String({ description: 'the instance that answered' }),
  leader: Type.Boolean({ description: 'whether the answering instance is the active scheduler' }),
  fencingToken: Type.Union([Type.Integer(), Type.Null()]),
  leaderSince: NullableInstant,
  leaseValidUntil: NullableInstant,
  lastStepDown: Type.Union([Type.Object({ at: Instant, reason: Type.String() }), Type.Null()]),
  lock: Type.Object({
    name: Type.String(),
    ttlMs: Type.Integer(),
    renewMs: Type.Integer(),
    retryMs: Type.Integer(),
  }),
  fence: Type.Object(
    { token: Type.Integer(), holder: Type.Union([Type.String(), Type.Null()]), updatedAt: Instant },
    {
      description: 'the highest fencing token used to fire and its holder: the current leader, cluster-wide',
    },
  ),
  lastTick: Type.Union([Type.Object({ at: Instant, fired: Type.Integer() }), Type.Null()]),
  watchedSymbols: Type.Array(Type.String()),
});
