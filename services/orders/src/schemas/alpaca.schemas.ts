import { Type } from 'typebox';
import { Direction, NullableDate, NullableString, StatusFilter } from './common.ts';

/**
 * Alpaca's Trading API v2 order shapes (`@alpacahq/alpaca-trade-api` models Order, OrderLeg,
 * PostOrderRequest, PatchOrderRequest): snake_case names, numbers as strings.
 */
const Num = Type.Union([Type.String(), Type.Null()]);
const alpacaOrderFields = {
  id: Type.String(),
  client_order_id: Type.String(),
  created_at: Type.String(),
  updated_at: Type.String(),
  submitted_at: NullableDate,
  filled_at: NullableDate,
  expired_at: NullableDate,
  canceled_at: NullableDate,
  failed_at: NullableDate,
  replaced_at: NullableDate,
  replaced_by: NullableString,
  replaces: NullableString,
  asset_id: Type.String(),
  symbol: Type.String(),
  asset_class: Type.String(),
  notional: Num,
  qty: Num,
  filled_qty: Type.String(),
  filled_avg_price: Num,
  order_class: Type.String(),
  order_type: Type.String(),
  type: Type.String(),
  side: Type.String(),
  time_in_force: Type.String(),
  limit_price: Num,
  stop_price: Num,
  status: Type.String(),
  extended_hours: Type.Boolean(),
  trail_percent: Num,
  trail_price: Num,
  hwm: Num,
  position_intent: NullableString,
  expires_at: NullableDate,
};
export const AlpacaOrderLeg = Type.Object({ ...alpacaOrderFields, legs: Type.Null() });
export const AlpacaOrder = Type.Object({
  ...alpacaOrderFields,
  legs: Type.Union([Type.Array(AlpacaOrderLeg), Type.Null()]),
});

// Alpaca clients send numbers as strings or as JSON numbers; the schema's type coercion turns a
// number into its decimal text, and the domain checks that it is a plain decimal.
const Str = Type.Optional(Type.String({ maxLength: 48 }));
export const AlpacaPostOrderBody = Type.Object({
  symbol: Str,
  qty: Str,
  notional: Str,
  side: Str,
  type: Str,
  time_in_force: Str,
  limit_price: Str,
  stop_price: Str,
  trail_price: Str,
  trail_percent: Str,
  extended_hours: Type.Optional(Type.Boolean()),
  client_order_id: Type.Optional(Type.String({ maxLength: 128 })),
  order_class: Str,
  take_profit: Type.Optional(Type.Object({ limit_price: Str })),
  stop_loss: Type.Optional(
    Type.Object({ stop_price: Str, limit_price: Str, trail_price: Str, trail_percent: Str }),
  ),
  position_intent: Str,
});

export const AlpacaPatchOrderBody = Type.Object({
  qty: Str,
  time_in_force: Str,
  limit_price: Str,
  stop_price: Str,
  trail: Str,
  client_order_id: Type.Optional(Type.String({ maxLength: 128 })),
});

export const AlpacaListQuery = Type.Object({
  status: StatusFilter,
  limit: Type.Integer({ minimum: 1, maximum: 500, default: 50 }),
  after: Type.Optional(Type.String()),
  until: Type.Optional(Type.String()),
  direction: Direction,
  nested: Type.Boolean({ default: false }),
  symbols: Type.Optional(Type.String()),
  side: Type.Optional(Type.Union([Type.Literal('buy'), Type.Literal('sell')])),
});

export const AlpacaOrderParams = Type.Object({ order_id: Type.String({ maxLength: 64 }) });
export const AlpacaOrderQuery = Type.Object({ nested: Type.Optional(Type.Boolean()) });
export const AlpacaByClientOrderIdQuery = Type.Object({
  client_order_id: Type.String({ minLength: 1, maxLength: 128 }),
});

export const AlpacaError = Type.Object({ code: Type.Integer(), message: Type.String() });

export const AlpacaCancelAllResponse = Type.Array(
  Type.Object({ id: Type.String(), status: Type.Integer(), body: Type.Union([AlpacaOrder, AlpacaError]) }),
);
