import { Type } from 'typebox';
import { TradingState } from '@tradeplane/contracts';

const Decimal = (description?: string) =>
  Type.String({ pattern: '^\\d+(\\.\\d+)?$', ...(description ? { description } : {}) });
const Action = Type.Union([Type.Literal('REDUCING'), Type.Literal('HALTED')]);
const Symbols = Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { maxItems: 2000 });

export const AccountQuery = Type.Object({ accountId: Type.String({ minLength: 1, maxLength: 64 }) });

export const LimitsResponse = Type.Object({
  accountId: Type.String(),
  maxOrderNotional: Type.Union([Decimal('USD per order'), Type.Null()]),
  maxPositionPct: Type.Union([Decimal('% of equity one position may reach'), Type.Null()]),
  maxOpenOrders: Type.Union([Type.Integer(), Type.Null()]),
  allowSymbols: Type.Array(Type.String(), { description: 'When not empty, only these symbols trade' }),
  denySymbols: Type.Array(Type.String()),
  priceCollarPct: Type.Union([Decimal('% a limit price may be away from the last price'), Type.Null()]),
  dailyLossLimitPct: Type.Union([
    Decimal('% loss vs start-of-day equity that trips the breaker'),
    Type.Null(),
  ]),
  maxDrawdownPct: Type.Union([Decimal('% below the high-water mark that trips the breaker'), Type.Null()]),
  dailyLossAction: Action,
  drawdownAction: Action,
  shortingEnabled: Type.Boolean({ description: 'Short selling also needs a margin account' }),
  updatedAt: Type.String({ format: 'date-time' }),
});

export const LimitsPatchBody = Type.Object(
  {
    maxOrderNotional: Type.Optional(Type.Union([Decimal(), Type.Null()])),
    maxPositionPct: Type.Optional(Type.Union([Decimal(), Type.Null()])),
    maxOpenOrders: Type.Optional(Type.Union([Type.Integer({ minimum: 1, maximum: 100_000 }), Type.Null()])),
    allowSymbols: Type.Optional(Symbols),
    denySymbols: Type.Optional(Symbols),
    priceCollarPct: Type.Optional(Type.Union([Decimal(), Type.Null()])),
    dailyLossLimitPct: Type.Optional(Type.Union([Decimal(), Type.Null()])),
    maxDrawdownPct: Type.Optional(Type.Union([Decimal(), Type.Null()])),
    dailyLossAction: Type.Optional(Action),
    drawdownAction: Type.Optional(Action),
    shortingEnabled: Type.Optional(Type.Boolean()),
  },
  { additionalProperties: false, description: 'Only the limits to change; null disables a limit' },
);

export const StateResponse = Type.Object({
  accountId: Type.String(),
  state: TradingState,
  reason: Type.String(),
  changedBy: Type.String({
    description: 'default | user | kill_switch | breaker:daily_loss | breaker:drawdown | reset',
  }),
  changedAt: Type.String({ format: 'date-time' }),
  killSwitchEngaged: Type.Boolean(),
  dayTradeCount: Type.Integer({ description: 'Day trades in the last 5 business days' }),
  patternDayTrader: Type.Boolean(),
  startOfDayEquity: Type.Union([Type.String(), Type.Null()]),
  highWaterMark: Type.Union([Type.String(), Type.Null()]),
  lastEquity: Type.Union([Type.String(), Type.Null()]),
  valuedAt: Type.Union([Type.String(), Type.Null()]),
});

export const SetStateBody = Type.Object(
  { state: TradingState, reason: Type.Optional(Type.String({ maxLength: 500 })) },
  { additionalProperties: false },
);

export const KillSwitchBody = Type.Object(
  { accountId: Type.String({ minLength: 1, maxLength: 64 }), engaged: Type.Boolean() },
  { additionalProperties: false },
);

export const DecisionsQuery = Type.Object({
  accountId: Type.String({ minLength: 1, maxLength: 64 }),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  cursor: Type.Optional(Type.String({ format: 'uuid', description: 'nextCursor of the previous page' })),
});

export const DecisionSchema = Type.Object({
  id: Type.String({ description: 'The checkId orders received' }),
  accountId: Type.String(),
  approved: Type.Boolean(),
  code: Type.Union([Type.String(), Type.Null()]),
  message: Type.Union([Type.String(), Type.Null()]),
  state: TradingState,
  symbol: Type.String(),
  side: Type.String(),
  inputs: Type.Unknown({ description: 'The request, the account as portfolio valued it, limits and rules' }),
  createdAt: Type.String({ format: 'date-time' }),
});

export const DecisionsResponse = Type.Object({
  data: Type.Array(DecisionSchema),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const ComplianceResponse = Type.Object({
  accountId: Type.String(),
  rules: Type.Array(Type.Object({ id: Type.String(), description: Type.String(), enabled: Type.Boolean() })),
});

export const ComplianceBody = Type.Object(
  {
    rules: Type.Array(
      Type.Object(
        { id: Type.String({ minLength: 1, maxLength: 100 }), enabled: Type.Boolean() },
        { additionalProperties: false },
      ),
      { minItems: 1, maxItems: 100 },
    ),
  },
  { additionalProperties: false },
);

export const AccountParams = Type.Object({ accountId: Type.String({ minLength: 1, maxLength: 64 }) });
