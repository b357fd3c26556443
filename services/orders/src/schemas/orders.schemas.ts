import { Type, type Static } from 'typebox';
import {
  ClassSchema,
  DecimalString,
  Direction,
  IntentSchema,
  NullableDate,
  NullableDecimal,
  NullableString,
  OrderTypeSchema,
  Side,
  StatusFilter,
  TifSchema,
} from './common.ts';

/** The native API's order (camelCase). Legs of bracket, OCO and OTO orders are nested under `legs`. */
const orderFields = {
  id: Type.String({ format: 'uuid' }),
  clientOrderId: Type.String(),
  accountId: Type.String({ format: 'uuid' }),
  symbol: Type.String(),
  assetId: NullableString,
  assetClass: Type.String(),
  side: Side,
  type: OrderTypeSchema,
  timeInForce: TifSchema,
  orderClass: ClassSchema,
  qty: NullableDecimal(),
  notional: NullableDecimal(),
  filledQty: DecimalString(),
  filledAvgPrice: NullableDecimal(),
  commission: DecimalString('commission charged so far'),
  limitPrice: NullableDecimal(),
  stopPrice: NullableDecimal(),
  trailPrice: NullableDecimal(),
  trailPercent: NullableDecimal(),
  hwm: NullableDecimal('trailing stops: the high-water mark'),
  extendedHours: Type.Boolean(),
  status: Type.String({ description: "Alpaca's order status" }),
  rejectCode: NullableString,
  rejectReason: NullableString,
  parentOrderId: NullableString,
  legRole: Type.Union([Type.Literal('take_profit'), Type.Literal('stop_loss'), Type.Null()]),
  replaces: NullableString,
  replacedBy: NullableString,
  positionIntent: NullableString,
  broker: Type.Union([Type.Literal('paper'), Type.Literal('alpaca')]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  submittedAt: NullableDate,
  filledAt: NullableDate,
  expiredAt: NullableDate,
  canceledAt: NullableDate,
  failedAt: NullableDate,
  replacedAt: NullableDate,
  expiresAt: NullableDate,
};

export const OrderLegSchema = Type.Object(orderFields);
export const OrderSchema = Type.Object({ ...orderFields, legs: Type.Array(OrderLegSchema) });

const TakeProfit = Type.Object({ limitPrice: DecimalString() }, { additionalProperties: false });
const StopLoss = Type.Object(
  {
    stopPrice: Type.Optional(DecimalString()),
    limitPrice: Type.Optional(DecimalString()),
    trailPrice: Type.Optional(DecimalString('beyond Alpaca: a trailing stop as the stop leg')),
    trailPercent: Type.Optional(DecimalString('beyond Alpaca: a trailing stop as the stop leg')),
  },
  { additionalProperties: false },
);

export const PlaceOrderBody = Type.Object(
  {
    accountId: Type.Optional(
      Type.String({ description: "the account; default: the user's default account" }),
    ),
    symbol: Type.String({ minLength: 1, maxLength: 21 }),
    side: Side,
    type: OrderTypeSchema,
    timeInForce: TifSchema,
    orderClass: Type.Optional(ClassSchema),
    qty: Type.Optional(DecimalString()),
    notional: Type.Optional(DecimalString()),
    limitPrice: Type.Optional(DecimalString()),
    stopPrice: Type.Optional(DecimalString()),
    trailPrice: Type.Optional(DecimalString()),
    trailPercent: Type.Optional(DecimalString()),
    extendedHours: Type.Optional(Type.Boolean()),
    clientOrderId: Type.Optional(Type.String({ minLength: 1, maxLength: 48 })),
    takeProfit: Type.Optional(TakeProfit),
    stopLoss: Type.Optional(StopLoss),
    positionIntent: Type.Optional(IntentSchema),
  },
  { additionalProperties: false },
);
export type PlaceOrderBody = Static<typeof PlaceOrderBody>;

export const ReplaceOrderBody = Type.Object(
  {
    qty: Type.Optional(DecimalString()),
    timeInForce: Type.Optional(TifSchema),
    limitPrice: Type.Optional(DecimalString()),
    stopPrice: Type.Optional(DecimalString()),
    trail: Type.Optional(DecimalString('new trail_price or trail_percent of a trailing stop')),
    clientOrderId: Type.Optional(Type.String({ minLength: 1, maxLength: 48 })),
  },
  { additionalProperties: false },
);

export const ListOrdersQuery = Type.Object(
  {
    accountId: Type.Optional(Type.String()),
    status: StatusFilter,
    limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
    after: Type.Optional(Type.String({ format: 'date-time' })),
    until: Type.Optional(Type.String({ format: 'date-time' })),
    direction: Direction,
    nested: Type.Boolean({ default: true }),
    symbols: Type.Optional(Type.String({ description: 'comma-separated symbols' })),
    side: Type.Optional(Side),
    cursor: Type.Optional(Type.String({ format: 'uuid', description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);

export const OrderListResponse = Type.Object({ data: Type.Array(OrderSchema), nextCursor: NullableString });

export const OrderParams = Type.Object({ orderId: Type.String({ maxLength: 64 }) });
export const ByClientOrderIdQuery = Type.Object({
  client_order_id: Type.Optional(Type.String({ minLength: 1, maxLength: 48 })),
  clientOrderId: Type.Optional(Type.String({ minLength: 1, maxLength: 48 })),
  accountId: Type.Optional(Type.String()),
});
export const AccountQuery = Type.Object({ accountId: Type.Optional(Type.String()) });

export const CancelAllResponse = Type.Object({
  data: Type.Array(
    Type.Object({
      id: Type.String(),
      status: Type.Integer({ description: 'HTTP status of this cancel' }),
      order: Type.Optional(OrderSchema),
      error: Type.Optional(Type.Object({ code: Type.String(), message: Type.String() })),
    }),
  ),
});

export const OpenSummaryQuery = Type.Object({ accountId: Type.String(), userId: Type.String() });
export const OpenSummaryResponse = Type.Object({
  count: Type.Integer(),
  pendingBuyNotional: DecimalString(),
  pendingSellQty: Type.Record(Type.String(), DecimalString()),
});
