import { createHash } from 'node:crypto';
import { createLocalJWKSet, jwtVerify, type JSONWebKeySet } from 'jose';
import { AppError, unauthorized, type AuthContext, type ServiceContext } from '@tradeplane/kit';

/** Who a request comes from, as established at the edge. */
export type EdgeIdentity = Omit<AuthContext, 'issuer'> & { userId: string; email?: string | undefined };

const JWKS_TTL_MS = 5 * 60_000;
const JWKS_MIN_REFRESH_MS = 10_000;
const TOKEN_CACHE_MAX = 10_000;

interface VerifiedKey {
  userId: string;
  roles: string[];
  plan: string;
  apiKeyId: string;
  email?: string;
  /** When the verification stops being trusted (ms since the epoch), set where it is cached. */
  trustedUntil?: number;
}

/** Verified key pairs held in process, each no longer than the shared cache trusts it. */
const KEY_CACHE_MAX = 10_000;

/**
 * Authenticates a client at the edge: a bearer access token verified against identity's JWKS
 * (ES256 only, typ at+jwt: RFC 8725 §3.1, RFC 9068), or an Alpaca-style API key pair checked by identity and
 * trusted for a short while. A request with bad credentials is refused, never treated as
 * anonymous.
 */
export class Authenticator {
  #jwks: ReturnType<typeof createLocalJWKSet> | undefined;
  #jwksFetchedAt = 0;
  #jwksInflight: Promise<void> | undefined;
  readonly #verified = new Map<string, { identity: EdgeIdentity; exp: number }>();
  readonly #keys = new Map<string, VerifiedKey & { trustedUntil: number }>();

  constructor(
    private readonly ctx: ServiceContext,
    private readonly apiKeyCacheMs: number,
  ) {}

  async authenticate(
    headers: Record<string, string | string[] | undefined>,
  ): Promise<EdgeIdentity | undefined> {
    const authz = headers.authorization;
    const keyId = headers['apca-api-key-id'];
    const secret = headers['apca-api-secret-key'];
    if (typeof authz === 'string' && authz.length > 0) {
      const m = /^Bearer\s+(\S+)$/i.exec(authz);
      if (!m) throw unauthorized('Authorization must be "Bearer <token>"', 'AUTH_MALFORMED');
      return this.#verifyToken(m[1]!);
    }
    if (keyId !== undefined || secret !== undefined) {
      if (typeof keyId !== 'string' || typeof secret !== 'string' || !keyId || !secret) {
        throw unauthorized('Both APCA-API-KEY-ID and APCA-API-SECRET-KEY are required', 'AUTH_MALFORMED');
      }
      return this.#verifyApiKey(keyId, secret);
    }
    return undefined;
  }

  async #verifyToken(token: string): Promise<EdgeIdentity> {
    const now = Date.now();
    const cached = this.#verified.get(token);
    if (cached && cached.exp > now) return cached.identity;
    const keyset = await this.#keyset(false);
    let payload;
    try {
      ({ payload } = await jwtVerify(token, keyset, {
        issuer: 'tradeplane',
        audience: 'tradeplane',
        algorithms: ['ES256'],
        typ: 'at+jwt',
      }));
    } catch (err) {
      if ((err as { code?: string }).code === 'ERR_JWKS_NO_MATCHING_KEY') {
        // identity may have rotated its key since we fetched the set.
        const fresh = await this.#keyset(true);
        try {
          ({ payload } = await jwtVerify(token, fresh, {
            issuer: 'tradeplane',
            audience: 'tradeplane',
            algorithms: ['ES256'],
            typ: 'at+jwt',
          }));
        } catch {
          throw unauthorized('Invalid or expired access token', 'AUTH_INVALID_TOKEN');
        }
      } else {
        throw unauthorized(
          (err as { code?: string }).code === 'ERR_JWT_EXPIRED'
            ? 'Access token expired'
            : 'Invalid or expired access token',
          'AUTH_INVALID_TOKEN',
        );
      }
    }
    if (typeof payload.sub !== 'string') throw unauthorized('Invalid access token', 'AUTH_INVALID_TOKEN');
    const identity: EdgeIdentity = {
      userId: payload.sub,
      email: typeof payload.email === 'string' ? payload.email : undefined,
      roles: Array.isArray(payload.roles) ? (payload.roles as string[]) : ['user'],
      plan: typeof payload.plan === 'string' ? payload.plan : 'free',
      scopes: [],
      via: 'jwt',
    };
    if (this.#verified.size >= TOKEN_CACHE_MAX) this.#verified.clear();
    this.#verified.set(token, { identity, exp: (payload.exp ?? 0) * 1000 });
    return identity;
  }

  async #keyset(force: boolean): Promise<ReturnType<typeof createLocalJWKSet>> {
    const age = Date.now() - this.#jwksFetchedAt;
    const stale = !this.#jwks || age > JWKS_TTL_MS || (force && age > JWKS_MIN_REFRESH_MS);
    if (stale) {
      this.#jwksInflight ??= this.ctx
        .client('identity', { timeoutMs: 2000 })
        .call<JSONWebKeySet>({ method: 'GET', path: '/.well-known/jwks.json' })
        .then((jwks) => {
          this.#jwks = createLocalJWKSet(jwks);
          this.#jwksFetchedAt = Date.now();
        })
        .finally(() => {
          this.#jwksInflight = undefined;
        });
      await this.#jwksInflight;
    }
    return this.#jwks!;
  }

  /**
   * A key pair identity verified lately is trusted for API_KEY_CACHE_MS from that verification:
   * shared by every gateway instance through the cache (Redis in cluster mode), and held in this
   * process too, so a request with a known pair costs no round trip at all. The verification's
   * time goes with it into the shared cache, so neither copy trusts it longer than the other.
   */
  async #verifyApiKey(keyId: string, secret: string): Promise<EdgeIdentity> {
    const cacheKey = `gw:apikey:${createHash('sha256').update(`${keyId}:${secret}`).digest('base64url')}`;
    const now = Date.now();
    let key: VerifiedKey | undefined;
    if (this.apiKeyCacheMs > 0) {
      const local = this.#keys.get(cacheKey);
      if (local && local.trustedUntil > now) key = local;
      else {
        if (local) this.#keys.delete(cacheKey);
        const shared = await this.ctx.cache.get<VerifiedKey>(cacheKey);
        if (shared) {
          key = shared;
          this.#remember(cacheKey, shared, Math.min(shared.trustedUntil ?? now, now + this.apiKeyCacheMs));
        }
      }
    }
    if (!key) {
      try {
        key = await this.ctx
          .client('identity', { timeoutMs: 2000 })
          .call<VerifiedKey>({ method: 'POST', path: '/internal/api-keys/verify', body: { keyId, secret } });
      } catch (err) {
        if (err instanceof AppError && err.status === 401)
          throw unauthorized('Invalid API key', 'AUTH_INVALID_API_KEY');
        throw err;
      }
      if (this.apiKeyCacheMs > 0) {
        const trustedUntil = Date.now() + this.apiKeyCacheMs;
        await this.ctx.cache.set(cacheKey, { ...key, trustedUntil }, this.apiKeyCacheMs);
        this.#remember(cacheKey, key, trustedUntil);
      }
    }
    return {
      userId: key.userId,
      email: key.email,
      roles: key.roles,
      plan: key.plan,
      scopes: [],
      via: 'apikey',
      apiKeyId: key.apiKeyId,
    };
  }

  #remember(cacheKey: string, key: VerifiedKey, trustedUntil: number): void {
    if (trustedUntil <= Date.now()) return;
    if (this.#keys.size >= KEY_CACHE_MAX) this.#keys.clear();
    this.#keys.set(cacheKey, { ...key, trustedUntil });
  }
}
