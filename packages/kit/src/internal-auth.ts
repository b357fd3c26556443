import { createHmac, timingSafeEqual } from 'node:crypto';
import { AppError } from './errors.ts';

/**
 * Internal tokens: what the gateway forwards in place of the client's credentials, and what one
 * service sends another. A compact JWS (HS256, RFC 7515) over a secret shared by the platform's
 * services only, short-lived and bound to one audience (the target service). Services trust the
 * identity in a request only through a verified token, never through a bare header.
 */
export const INTERNAL_TOKEN_HEADER = 'x-internal-token';

export interface AuthContext {
  /** The user the request acts for; undefined for a service acting on its own behalf. */
  userId?: string | undefined;
  roles: string[];
  plan: string;
  scopes: string[];
  /** How the user authenticated at the edge: 'jwt' | 'apikey' | 'service'. */
  via: string;
  /** The API key id, when authenticated by key. */
  apiKeyId?: string | undefined;
  /** The service that minted the token. */
  issuer: string;
}

interface Claims {
  iss: string;
  sub?: string;
  aud: string;
  roles: string[];
  plan: string;
  scopes: string[];
  via: string;
  kid?: string;
  iat: number;
  exp: number;
}

const HEADER = Buffer.from(JSON.stringify({ alg: 'HS256', typ: 'JWT' })).toString('base64url');
const ALLOWED_SKEW_S = 5;

export class InternalAuth {
  readonly #key: Buffer;
  readonly #ttlSeconds: number;

  constructor(secret: string, ttlSeconds = 60) {
    if (secret.length < 32) throw new Error('internal auth secret must be at least 32 characters');
    this.#key = Buffer.from(secret, 'utf8');
    this.#ttlSeconds = ttlSeconds;
  }

  mint(issuer: string, audience: string, ctx: Omit<AuthContext, 'issuer'> | undefined): string {
    const now = Math.floor(Date.now() / 1000);
    const claims: Claims = {
      iss: issuer,
      aud: audience,
      roles: ctx?.roles ?? [],
      plan: ctx?.plan ?? 'free',
      scopes: ctx?.scopes ?? [],
      via: ctx?.via ?? 'service',
      iat: now,
      exp: now + this.#ttlSeconds,
    };
    if (ctx?.userId) claims.sub = ctx.userId;
    if (ctx?.apiKeyId) claims.kid = ctx.apiKeyId;
    const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
    const signingInput = `${HEADER}.${payload}`;
    return `${signingInput}.${this.#sign(signingInput)}`;
  }

  /** Verifies signature, audience and expiry; throws a 401 AppError otherwise. */
  verify(token: string, audience: string): AuthContext {
    const parts = token.split('.');
    if (parts.length !== 3 || parts[0] !== HEADER) throw invalid('malformed internal token');
    const signingInput = `${parts[0]}.${parts[1]}`;
    const expected = Buffer.from(this.#sign(signingInput));
    const given = Buffer.from(parts[2]!);
    if (expected.length !== given.length || !timingSafeEqual(expected, given))
      throw invalid('bad internal token signature');
    let claims: Claims;
    try {
      claims = JSON.parse(Buffer.from(parts[1]!, 'base64url').toString('utf8')) as Claims;
    } catch {
      throw invalid('malformed internal token');
    }
    const now = Math.floor(Date.now() / 1000);
    if (typeof claims.exp !== 'number' || claims.exp + ALLOWED_SKEW_S < now)
      throw invalid('internal token expired');
    if (claims.aud !== audience) throw invalid('internal token is for another service');
    return {
      userId: claims.sub,
      roles: Array.isArray(claims.roles) ? claims.roles : [],
      plan: claims.plan ?? 'free',
      scopes: Array.isArray(claims.scopes) ? claims.scopes : [],
      via: claims.via ?? 'service',
      apiKeyId: claims.kid,
      issuer: claims.iss,
    };
  }

  #sign(input: string): string {
    return createHmac('sha256', this.#key).update(input).digest('base64url');
  }
}

function invalid(message: string): AppError {
  return new AppError('AUTH_INVALID_INTERNAL_TOKEN', 401, message);
}
