import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import {
  SignJWT,
  decodeProtectedHeader,
  exportJWK,
  generateKeyPair,
  importJWK,
  type JSONWebKeySet,
  type JWK,
} from 'jose';
import { freshPglite, type TestService } from '@tradeplane/kit/testing';
import { InvalidAccessTokenError, verifyAccessToken } from '../src/index.ts';
import { signUp, startIdentity } from './helper.ts';

const fetchJwks = async (t: TestService): Promise<JSONWebKeySet> => {
  const res = await t.service.app.inject({ method: 'GET', url: '/.well-known/jwks.json' });
  expect(res.statusCode).toBe(200);
  return res.json();
};

const reasonOf = async (p: Promise<unknown>): Promise<string> => {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(InvalidAccessTokenError);
    expect((err as InvalidAccessTokenError).status).toBe(401);
    return (err as InvalidAccessTokenError).reason;
  }
  throw new Error('the token was accepted');
};

describe('access tokens', () => {
  let t: TestService;
  let jwks: JSONWebKeySet;
  beforeAll(async () => {
    t = await startIdentity();
    jwks = await fetchJwks(t);
  });
  afterAll(async () => {
    await t.close();
  });
  afterEach(() => {
    vi.useRealTimers();
  });

  /** The private key the service signs with, to forge tokens that differ in one claim only. */
  const realPrivateKey = async () => {
    const row: { kid: string; private_jwk: JWK } = await t.service.ctx.db
      .selectFrom('signing_keys')
      .select(['kid', 'private_jwk'])
      .where('active', '=', true)
      .executeTakeFirstOrThrow();
    return { kid: row.kid, key: await importJWK(row.private_jwk, 'ES256') };
  };

  it('serves a JWKS of public ES256 signing keys only', async () => {
    expect(jwks.keys).toHaveLength(1);
    const key = jwks.keys[0]!;
    expect(key).toMatchObject({ kty: 'EC', crv: 'P-256', alg: 'ES256', use: 'sig', kid: expect.any(String) });
    expect(key).not.toHaveProperty('d');
  });

  it('issues ES256 tokens that verifyAccessToken accepts with the served JWKS', async () => {
    const s = await signUp(t);
    expect(decodeProtectedHeader(s.accessToken)).toMatchObject({
      alg: 'ES256',
      typ: 'at+jwt',
      kid: jwks.keys[0]!.kid,
    });
    const verified = await verifyAccessToken(s.accessToken, jwks);
    expect(verified).toMatchObject({ userId: s.userId, email: s.email, plan: 'free' });
    expect(verified.roles).toContain('user');
    const ttl = verified.expiresAt - Math.floor(Date.now() / 1000);
    expect(ttl).toBeGreaterThan(890);
    expect(ttl).toBeLessThanOrEqual(900);
  });

  it('refuses a token whose payload was altered', async () => {
    const s = await signUp(t);
    const [header, payload, signature] = s.accessToken.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(payload, 'base64url').toString());
    const forged = Buffer.from(JSON.stringify({ ...claims, roles: ['user', 'admin'] })).toString('base64url');
    expect(await reasonOf(verifyAccessToken(`${header}.${forged}.${signature}`, jwks))).toBe('invalid');
  });

  it('refuses an unsigned token (alg none) and one naming another algorithm', async () => {
    const s = await signUp(t);
    const [, payload] = s.accessToken.split('.') as [string, string];
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'at+jwt' })).toString('base64url')}.${payload}.`;
    expect(await reasonOf(verifyAccessToken(none, jwks))).toBe('invalid');
    const hs = await new SignJWT({ email: 'x@example.com', roles: ['admin'], plan: 'pro' })
      .setProtectedHeader({ alg: 'HS256', typ: 'at+jwt', kid: jwks.keys[0]!.kid })
      .setIssuer('tradeplane')
      .setAudience('tradeplane')
      .setSubject('someone')
      .setIssuedAt()
      .setJti('j')
      .setExpirationTime('5m')
      .sign(new TextEncoder().encode('a-shared-secret-that-is-long-enough-for-hs256'));
    expect(await reasonOf(verifyAccessToken(hs, jwks))).toBe('invalid');
  });

  it('refuses a token signed with the real key but for another audience, issuer or type', async () => {
    const { kid, key } = await realPrivateKey();
    const make = (over: { aud?: string; iss?: string; typ?: string }) =>
      new SignJWT({ email: 'x@example.com', roles: ['user'], plan: 'free' })
        .setProtectedHeader({ alg: 'ES256', kid, typ: over.typ ?? 'at+jwt' })
        .setIssuer(over.iss ?? 'tradeplane')
        .setAudience(over.aud ?? 'tradeplane')
        .setSubject('u1')
        .setIssuedAt()
        .setJti('j1')
        .setExpirationTime('5m')
        .sign(key);
    // The control: identical apart from the altered claim, so each refusal is down to that claim.
    await expect(verifyAccessToken(await make({}), jwks)).resolves.toMatchObject({ userId: 'u1' });
    expect(await reasonOf(verifyAccessToken(await make({ aud: 'orders' }), jwks))).toBe('invalid');
    expect(await reasonOf(verifyAccessToken(await make({ iss: 'someone-else' }), jwks))).toBe('invalid');
    expect(await reasonOf(verifyAccessToken(await make({ typ: 'JWT' }), jwks))).toBe('invalid');
  });

  it('refuses an expired token with reason "expired"', async () => {
    const s = await signUp(t);
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(Date.now() + 901_000);
    expect(await reasonOf(verifyAccessToken(s.accessToken, jwks))).toBe('expired');
  });

  it('reports "unknown-key" for a key set without the token\'s key, so the verifier can refetch', async () => {
    const s = await signUp(t);
    const { publicKey } = await generateKeyPair('ES256', { extractable: true });
    const other: JSONWebKeySet = {
      keys: [{ ...(await exportJWK(publicKey)), kid: 'other', alg: 'ES256', use: 'sig' }],
    };
    expect(await reasonOf(verifyAccessToken(s.accessToken, other))).toBe('unknown-key');
  });
});

describe('signing key', () => {
  it('is kept in the database: a token from one build verifies with the JWKS of the next', async () => {
    const { handle } = await freshPglite();
    try {
      const first = await startIdentity({ database: handle });
      const s = await signUp(first);
      const firstJwks = await fetchJwks(first);
      await first.close();

      const second = await startIdentity({ database: handle });
      try {
        const secondJwks = await fetchJwks(second);
        expect(secondJwks).toEqual(firstJwks);
        await expect(verifyAccessToken(s.accessToken, secondJwks)).resolves.toMatchObject({
          userId: s.userId,
        });
        const rows = await second.service.ctx.db.selectFrom('signing_keys').select('kid').execute();
        expect(rows).toHaveLength(1);
      } finally {
        await second.close();
      }
    } finally {
      await handle.close();
    }
  });
});
