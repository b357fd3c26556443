import { SignJWT, importJWK, type JWK } from 'jose';
import { uuidv7 } from '@tradeplane/kit';

/** The one issuer and audience of client access tokens (the gateway is their only verifier). */
export const ACCESS_TOKEN_ISSUER = 'tradeplane';
export const ACCESS_TOKEN_AUDIENCE = 'tradeplane';
/** Pinned on both sides (RFC 8725 §3.1): a token naming any other algorithm is refused. */
export const ACCESS_TOKEN_ALG = 'ES256';
/** Explicit typing (RFC 8725 §3.11, RFC 9068 §2.1) so no other JWT can pass for an access token. */
export const ACCESS_TOKEN_TYPE = 'at+jwt';

export interface AccessTokenSubject {
  userId: string;
  email: string;
  roles: string[];
  plan: string;
}

export interface AccessTokenSigner {
  readonly kid: string;
  sign(subject: AccessTokenSubject, ttlSeconds: number): Promise<string>;
}

export async function createAccessTokenSigner(kid: string, privateJwk: JWK): Promise<AccessTokenSigner> {
  const key = await importJWK(privateJwk, ACCESS_TOKEN_ALG);
  return {
    kid,
    async sign(subject, ttlSeconds) {
      const now = Math.floor(Date.now() / 1000);
      return new SignJWT({ email: subject.email, roles: subject.roles, plan: subject.plan })
        .setProtectedHeader({ alg: ACCESS_TOKEN_ALG, kid, typ: ACCESS_TOKEN_TYPE })
        .setIssuer(ACCESS_TOKEN_ISSUER)
        .setAudience(ACCESS_TOKEN_AUDIENCE)
        .setSubject(subject.userId)
        .setIssuedAt(now)
        .setExpirationTime(now + ttlSeconds)
        .setJti(uuidv7())
        .sign(key);
    },
  };
}
