import { Type, type TSchema } from 'typebox';
import { InternalOrderResponse } from '@tradeplane/contracts';

const Decimal = (description?: string) =>
  Type.String({ pattern: '^-?\\d+(\\.\\d+)?$', ...(description ? { description } : {}) });
const Positive = (description?: string) =>
  Type.String({ pattern: '^\\d+(\\.\\d+)?$', ...(description ? { description } : {}) });
const Nullable = <T extends TSchema>(t: T) => Type.Union([t, Type.Null()]);
const Instant = Type.String({ format: 'date-time' });

export const AccountIdQuery = Type.Object({ accountId: Type.String({ minLength: 1, maxLength: 64 }) });
export const AccountIdParams = Type.Object({ accountId: Type.String({ minLength: 1, maxLength: 64 }) });
export const SymbolParams = Type.Object({ symbol: Type.String({ minLength: 1, maxLength: 32 }) });

export const AccountView = Type.Object({
  accountId: Type.String(),
  name: Type.String(),
  isDefault: Type.Boolean(),
  marginEnabled: Type.Boolean(),
  broker: Type.String(),
  cash: Decimal(),
  equity: Decimal('cash + long market value − |short market value|'),
  buyingPower: Decimal('cash account: cash; margin: 2 × equity − gross exposure'),
  longMarketValue: Decimal(),
  shortMarketValue: Decimal('negative or 0'),
  unrealizedPnl: Decimal(),
  realizedPnl: Decimal('since the account opened (or was reset), by price, before commissions'),
  fees: Decimal('commissions paid'),
  dayPnl: Decimal('equity − start-of-day equity'),
  dayPnlPct: Decimal('a fraction: 0.01 is 1 %'),
  startOfDayEquity: Decimal(),
  highWaterMark: Decimal(),
  positionCount: Type.Integer(),
  createdAt: Instant,
  closedAt: Nullable(Instant),
});

export const AccountList = Type.Object({ data: Type.Array(AccountView) });

export const ExitView = Type.Object({
  stopLoss: Nullable(Decimal()),
  takeProfit: Nullable(Decimal()),
  state: Type.Union([
    Type.Literal('armed'),
    Type.Literal('triggered'),
    Type.Literal('placed'),
    Type.Literal('failed'),
  ]),
  kind: Nullable(Type.Union([Type.Literal('stop_loss'), Type.Literal('take_profit')])),
  triggerPrice: Nullable(Decimal()),
  clientOrderId: Nullable(Type.String()),
  orderId: Nullable(Type.String()),
  error: Nullable(Type.String()),
  triggeredAt: Nullable(Instant),
});

export const PositionView = Type.Object({
  symbol: Type.String(),
  exchange: Type.String({ description: "the asset's listing exchange (market-data); '' when unknown" }),
  qty: Decimal('signed: negative for a short'),
  side: Type.Union([Type.Literal('long'), Type.Literal('short')]),
  avgEntryPrice: Decimal(),
  costBasis: Decimal('signed, like qty'),
  currentPrice: Decimal(),
  lastdayPrice: Decimal("the previous regular session's close (market-data's daily bars)"),
  marketValue: Decimal('signed, like qty'),
  unrealizedPnl: Decimal(),
  unrealizedPnlPct: Decimal('a fraction of |cost basis|'),
  unrealizedIntradayPnl: Decimal('(current − lastday price) × qty'),
  changeToday: Decimal('(current − lastday price) / lastday price, a fraction'),
  realizedPnl: Decimal('realized on this symbol while the position was open, and before'),
  commissions: Decimal(),
  openedAt: Nullable(Instant),
  exits: Nullable(ExitView),
});

export const PositionList = Type.Object({ data: Type.Array(PositionView) });

export const ExitsBody = Type.Object(
  {
    stopLoss: Type.Optional(Nullable(Positive('market exit when the price reaches it against the position'))),
    takeProfit: Type.Optional(
      Nullable(Positive('market exit when the price reaches it in favour of the position')),
    ),
  },
  {
    additionalProperties: false,
    description: 'Absent: unchanged; null: removed. Setting levels re-arms the exit.',
  },
);

export const ExitsResponse = Type.Object({ symbol: Type.String(), exits: Nullable(ExitView) });

export const CloseBody = Type.Object(
  {
    qty: Type.Optional(Positive()),
    percentage: Type.Optional(Positive('of the position, 0–100')),
  },
  { additionalProperties: false },
);

/** Orders' native order, passed through as orders answered it. */
export const OrderResponse = InternalOrderResponse;

export const ActivitiesQuery = Type.Object({
  accountId: Type.String({ minLength: 1, maxLength: 64 }),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
});

export const ActivityView = Type.Object({
  id: Type.String(),
  type: Type.Literal('FILL'),
  tradeId: Type.String(),
  orderId: Type.String(),
  symbol: Type.String(),
  side: Type.Union([Type.Literal('buy'), Type.Literal('sell')]),
  qty: Decimal(),
  price: Decimal(),
  commission: Decimal(),
  realizedPnl: Decimal(),
  positionQty: Decimal('the position after this fill'),
  cashAfter: Decimal(),
  at: Instant,
});

export const ActivityList = Type.Object({
  data: Type.Array(ActivityView),
  nextCursor: Nullable(Type.String()),
});

/** Money that moved without a fill: a deposit (CSD) funding the account, a fill's commission (FEE). */
export const NonTradeActivityView = Type.Object({
  id: Type.String(),
  type: Type.String({ description: "Alpaca's activity type: CSD, FEE…" }),
  subType: Nullable(Type.String({ description: 'COM for a commission' })),
  netAmount: Decimal('into (+) or out of (−) the cash'),
  description: Type.String(),
  status: Type.Union([Type.Literal('executed'), Type.Literal('correct'), Type.Literal('canceled')]),
  symbol: Nullable(Type.String()),
  qty: Nullable(Decimal()),
  perShareAmount: Nullable(Decimal()),
  orderId: Nullable(Type.String()),
  tradeId: Nullable(Type.String({ description: 'the fill a commission was charged on' })),
  at: Instant,
});

export const AccountActivitiesQuery = Type.Object({
  accountId: Type.String({ minLength: 1, maxLength: 64 }),
  types: Type.Optional(
    Type.String({
      maxLength: 500,
      description: 'comma-separated Alpaca activity types (FILL, CSD, FEE, TRANS…); default all',
    }),
  ),
  after: Type.Optional(Type.String({ format: 'date-time' })),
  until: Type.Optional(Type.String({ format: 'date-time' })),
  direction: Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'desc' }),
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 100 }),
  cursor: Type.Optional(Type.String({ maxLength: 200, description: 'nextCursor of the previous page' })),
});

export const AccountActivityList = Type.Object({
  data: Type.Array(Type.Union([ActivityView, NonTradeActivityView])),
  nextCursor: Nullable(Type.String()),
});

export const HistoryQuery = Type.Object({
  accountId: Type.String({ minLength: 1, maxLength: 64 }),
  timeframe: Type.String({ default: '1D', description: '5Min, 15Min, 1H or 1D' }),
  period: Type.String({ default: '1M', description: 'a count and D, W, M or A: 1D, 1W, 1M, 3M, 1A' }),
});

export const HistoryView = Type.Object({
  accountId: Type.String(),
  timeframe: Type.String(),
  baseValue: Decimal(),
  points: Type.Array(
    Type.Object({
      at: Instant,
      equity: Decimal(),
      profitLoss: Decimal(),
      profitLossPct: Decimal('a fraction of baseValue'),
    }),
  ),
});

export const JournalEntryView = Type.Object({
  id: Type.String(),
  accountId: Type.String(),
  tradeId: Type.String(),
  notes: Type.String(),
  tags: Type.Array(Type.String()),
  createdAt: Instant,
  updatedAt: Instant,
});

const Tags = Type.Array(Type.String({ minLength: 1, maxLength: 64 }), { maxItems: 50 });

export const JournalCreateBody = Type.Object(
  {
    tradeId: Type.String({ minLength: 1, maxLength: 128 }),
    notes: Type.Optional(Type.String({ maxLength: 20_000 })),
    tags: Type.Optional(Tags),
  },
  { additionalProperties: false },
);

export const JournalPatchBody = Type.Object(
  { notes: Type.Optional(Type.String({ maxLength: 20_000 })), tags: Type.Optional(Tags) },
  { additionalProperties: false },
);

export const JournalQuery = Type.Object({
  accountId: Type.Optional(Type.String({ maxLength: 64 })),
  tradeId: Type.Optional(Type.String({ maxLength: 128 })),
  tag: Type.Optional(Type.String({ maxLength: 64 })),
  limit: Type.Integer({ minimum: 1, maximum: 200, default: 50 }),
  cursor: Type.Optional(Type.String({ maxLength: 64 })),
});

export const JournalList = Type.Object({
  data: Type.Array(JournalEntryView),
  nextCursor: Nullable(Type.String()),
});
export const IdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
