import { Type } from 'typebox';

export const CreateApiKeyBody = Type.Object(
  { name: Type.String({ minLength: 1, maxLength: 100 }) },
  { additionalProperties: false },
);

const KeyId = Type.String({
  description: "Public key id, sent as APCA-API-KEY-ID: 'PK' and 18 uppercase alphanumerics",
});

export const CreatedApiKeyResponse = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  keyId: KeyId,
  secret: Type.String({ description: 'Sent as APCA-API-SECRET-KEY. Shown only in this response.' }),
  createdAt: Type.String({ format: 'date-time' }),
});

export const ApiKeySummary = Type.Object({
  id: Type.String({ format: 'uuid' }),
  name: Type.String(),
  keyId: KeyId,
  createdAt: Type.String({ format: 'date-time' }),
  lastUsedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
  revokedAt: Type.Union([Type.String({ format: 'date-time' }), Type.Null()]),
});

export const ApiKeyListQuery = Type.Object(
  {
    limit: Type.Integer({ minimum: 1, maximum: 100, default: 50 }),
    cursor: Type.Optional(Type.String({ format: 'uuid', description: 'nextCursor of the previous page' })),
  },
  { additionalProperties: false },
);

export const ApiKeyListResponse = Type.Object({
  data: Type.Array(ApiKeySummary),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const ApiKeyParams = Type.Object({ id: Type.String({ maxLength: 64 }) });

// Loose on purpose: a malformed pair is answered 401 like any wrong one, never 400.
export const VerifyApiKeyBody = Type.Object({
  keyId: Type.String({ minLength: 1, maxLength: 128 }),
  secret: Type.String({ minLength: 1, maxLength: 256 }),
});

export const VerifiedApiKeyResponse = Type.Object({
  userId: Type.String(),
  email: Type.String(),
  roles: Type.Array(Type.String()),
  plan: Type.String(),
  apiKeyId: Type.String({ description: 'The key id of /v1/api-keys (not keyId)' }),
});
