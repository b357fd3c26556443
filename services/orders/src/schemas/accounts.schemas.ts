import { Type } from 'typebox';
import { DecimalString, NullableDate } from './common.ts';

const Commission = Type.Object(
  {
    perShare: Type.Optional(DecimalString()),
    perOrder: Type.Optional(DecimalString()),
    bps: Type.Optional(DecimalString()),
    min: Type.Optional(DecimalString()),
  },
  { additionalProperties: false },
);

export const AccountSchema = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  isDefault: Type.Boolean({ description: 'the account Alpaca-compatible API keys trade on' }),
  broker: Type.Union([Type.Literal('paper'), Type.Literal('alpaca')]),
  status: Type.Union([Type.Literal('active'), Type.Literal('closed')]),
  cash: DecimalString('starting cash (since the last reset); live cash is in portfolio'),
  marginEnabled: Type.Boolean(),
  alpaca: Type.Union([
    Type.Object({
      keyId: Type.String(),
      paper: Type.Boolean(),
      baseUrl: Type.String(),
    }),
    Type.Null(),
  ]),
  commission: Type.Union([
    Type.Object({
      perShare: DecimalString(),
      perOrder: DecimalString(),
      bps: DecimalString(),
      min: DecimalString(),
    }),
    Type.Null(),
  ]),
  createdAt: Type.String({ format: 'date-time' }),
  updatedAt: Type.String({ format: 'date-time' }),
  closedAt: NullableDate,
});

export const AccountListResponse = Type.Object({ data: Type.Array(AccountSchema) });

export const CreateAccountBody = Type.Object(
  {
    name: Type.String({ minLength: 1, maxLength: 100 }),
    cash: Type.Optional(DecimalString('starting cash; default 100000')),
    broker: Type.Optional(Type.Union([Type.Literal('paper'), Type.Literal('alpaca')])),
    marginEnabled: Type.Optional(Type.Boolean()),
    commission: Type.Optional(Commission),
    alpaca: Type.Optional(
      Type.Object(
        {
          keyId: Type.String({ minLength: 1, maxLength: 128 }),
          secretKey: Type.String({
            minLength: 1,
            maxLength: 256,
            description: 'stored encrypted, never returned',
          }),
          paper: Type.Optional(Type.Boolean({ description: 'paper (default) or live trading URL' })),
          baseUrl: Type.Optional(Type.String({ maxLength: 300 })),
        },
        { additionalProperties: false },
      ),
    ),
  },
  { additionalProperties: false },
);

export const ResetAccountBody = Type.Object({ cash: DecimalString() }, { additionalProperties: false });
export const AccountParams = Type.Object({ accountId: Type.String({ maxLength: 64 }) });
