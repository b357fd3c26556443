import { Type } from 'typebox';

const Direction = Type.Union([Type.Literal('above'), Type.Literal('below')]);
const Repeat = Type.Union([Type.Literal('once'), Type.Literal('rearm')]);
const Kind = Type.Union([Type.Literal('price'), Type.Literal('news')]);
const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);

/**
 * One body for both kinds, checked per kind by the use case: a price alert needs symbol, direction
 * and level; a news alert a symbol, a keyword or both.
 */
export const AlertBody = Type.Object(
  {
    kind: Kind,
    symbol: Type.Optional(Type.String({ minLength: 1, maxLength: 20 })),
    direction: Type.Optional(Direction),
    level: Type.Optional(
      Type.String({ minLength: 1, maxLength: 40, description: 'positive decimal string' }),
    ),
    keyword: Type.Optional(Type.String({ minLength: 1, maxLength: 100 })),
    repeat: Type.Optional(Repeat),
    note: Type.Optional(Type.String({ maxLength: 500 })),
  },
  { additionalProperties: false },
);

export const AlertSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  kind: Kind,
  symbol: Nullable(Type.String()),
  direction: Nullable(Direction),
  level: Nullable(Type.String({ description: 'decimal string' })),
  keyword: Nullable(Type.String()),
  repeat: Repeat,
  note: Nullable(Type.String()),
  status: Type.Union([Type.Literal('active'), Type.Literal('triggered')]),
  triggerCount: Type.Integer(),
  lastTriggeredAt: Nullable(Type.String({ format: 'date-time' })),
  createdAt: Type.String({ format: 'date-time' }),
});

export const AlertsResponse = Type.Object({ items: Type.Array(AlertSchema) });
