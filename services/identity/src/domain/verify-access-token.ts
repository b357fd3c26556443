import { createLocalJWKSet, jwtVerify, type JSONWebKeySet, type JWTPayload } from 'jose';
import { AppError } from '@tradeplane/kit';
import {
  ACCESS_TOKEN_ALG,
  ACCESS_TOKEN_AUDIENCE,
  ACCESS_TOKEN_ISSUER,
  ACCESS_TOKEN_TYPE,
  type AccessTokenSubject,
} from './access-tokens.ts';

export interface VerifiedAccessToken extends AccessTokenSubject {
  /** Expiry, in seconds since the epoch: how long a verifier may cache the result. */
  expiresAt: number;
}

/**
 * Why a token was refused. 'unknown-key' means no key of the set has the token's kid: the
 * verifier's copy of the JWKS may be older than a key rotation, so fetch it again and retry once.
 */
export type InvalidAccessTokenReason = 'expired' | 'unknown-key' | 'invalid';

export class InvalidAccessTokenError extends AppError {
  readonly reason: InvalidAccessTokenReason;
  constructor(reason: InvalidAccessTokenReason, cause?: unknown) {
    super(
      'AUTH_INVALID_TOKEN',
      401,
      reason === 'expired' ? 'Access token expired' : 'Invalid or expired access token',
      { cause },
    );
    this.name = 'InvalidAccessTokenError';
    this.reason = reason;
  }
}

// Building a key set imports its keys; callers pass the same object until they refetch it.
const keySets = new WeakMap<JSONWebKeySet, ReturnType<typeof createLocalJWKSet>>();

/**
 * Verifies an access token issued by identity against its JWKS (`GET /.well-known/jwks.json`):
 * ES256 only, issuer and audience 'tradeplane', type 'at+jwt', not expired. Throws
 * InvalidAccessTokenError (401, AUTH_INVALID_TOKEN) for any token that fails.
 */
export async function verifyAccessToken(token: string, jwks: JSONWebKeySet): Promise<VerifiedAccessToken> {
  let keySet = keySets.get(jwks);
  if (!keySet) {
    keySet = createLocalJWKSet(jwks);
    keySets.set(jwks, keySet);
  }
  let payload: JWTPayload;
  try {
    ({ payload } = await jwtVerify(token, keySet, {
      algorithms: [ACCESS_TOKEN_ALG],
      issuer: ACCESS_TOKEN_ISSUER,
      audience: ACCESS_TOKEN_AUDIENCE,
      typ: ACCESS_TOKEN_TYPE,
      requiredClaims: ['sub', 'exp', 'iat', 'jti'],
    }));
  } catch (err) {
    const code = (err as { code?: string }).code;
    throw new InvalidAccessTokenError(
      code === 'ERR_JWT_EXPIRED'
        ? 'expired'
        : code === 'ERR_JWKS_NO_MATCHING_KEY'
          ? 'unknown-key'
          : 'invalid',
      err,
    );
  }
  const { sub, email, roles, plan, exp } = payload;
  if (
    typeof sub !== 'string' ||
    typeof email !== 'string' ||
    typeof plan !== 'string' ||
    typeof exp !== 'number' ||
    !Array.isArray(roles) ||
    !roles.every((r): r is string => typeof r === 'string')
  ) {
    throw new InvalidAccessTokenError('invalid');
  }
  return { userId: sub, email, roles, plan, expiresAt: exp };
}
