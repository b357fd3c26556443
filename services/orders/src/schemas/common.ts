import { Type } from 'typebox';

/** A decimal string ("10", "187.25"); money and quantities never travel as JSON numbers here. */
export const DecimalString = (description?: string) =>
  Type.String({ pattern: '^\\d+(\\.\\d+)?$', maxLength: 40, ...(description ? { description } : {}) });

export const NullableDecimal = (description?: string) =>
  Type.Union([DecimalString(description), Type.Null()]);
export const NullableString = Type.Union([Type.String(), Type.Null()]);
export const NullableDate = Type.Union([Type.String({ format: 'date-time' }), Type.Null()]);

export const Side = Type.Union([Type.Literal('buy'), Type.Literal('sell')]);
export const OrderTypeSchema = Type.Union([
  Type.Literal('market'),
  Type.Literal('limit'),
  Type.Literal('stop'),
  Type.Literal('stop_limit'),
  Type.Literal('trailing_stop'),
]);
export const TifSchema = Type.Union([
  Type.Literal('day'),
  Type.Literal('gtc'),
  Type.Literal('ioc'),
  Type.Literal('fok'),
  Type.Literal('opg'),
  Type.Literal('cls'),
]);
export const ClassSchema = Type.Union([
  Type.Literal('simple'),
  Type.Literal('bracket'),
  Type.Literal('oco'),
  Type.Literal('oto'),
]);
export const IntentSchema = Type.Union([
  Type.Literal('buy_to_open'),
  Type.Literal('buy_to_close'),
  Type.Literal('sell_to_open'),
  Type.Literal('sell_to_close'),
]);
export const StatusFilter = Type.Union([Type.Literal('open'), Type.Literal('closed'), Type.Literal('all')], {
  default: 'open',
});
export const Direction = Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'desc' });
