import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type DatabaseHandle } from '@tradeplane/kit';
import {
  hasPostgres,
  type TestService,
  scratchPostgres,
  type ScratchDatabase,
} from '@tradeplane/kit/testing';
import { post, register, startIdentity, uniqueEmail, viaGateway } from './helper.ts';

/**
 * Several identity instances on one PostgreSQL database, with real concurrency (PGlite has one
 * connection, so it serializes what these tests race). Skipped when PostgreSQL doesn't answer.
 */
const pgUp = await hasPostgres();

describe.skipIf(!pgUp)('identity instances sharing PostgreSQL', () => {
  let scratch: ScratchDatabase | undefined;
  const handles: DatabaseHandle[] = [];
  let a: TestService;
  let b: TestService;

  beforeAll(async () => {
    scratch = await scratchPostgres('identity_test');
    handles.push(...scratch.handles);
    const env = { LOGIN_MAX_PER_EMAIL: '5', LOGIN_MAX_PER_IP: '1000' };
    // Started together: both migrate and look for a signing key at the same moment.
    [a, b] = await Promise.all([
      startIdentity({ database: handles[0]!, env }),
      startIdentity({ database: handles[1]!, env }),
    ]);
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await scratch?.close();
  });

  it('ends with one active signing key that both instances serve', async () => {
    const rows = await a.service.ctx.db.selectFrom('signing_keys').select(['kid', 'active']).execute();
    expect(rows).toEqual([{ kid: expect.any(String), active: true }]);
    const [ja, jb] = await Promise.all(
      [a, b].map(async (t) =>
        (await t.service.app.inject({ method: 'GET', url: '/.well-known/jwks.json' })).json(),
      ),
    );
    expect(ja).toEqual(jb);
  });

  it('makes exactly one admin when the first registrations race on two instances', async () => {
    const users = await Promise.all([a, b, a, b, a, b].map((t, i) => register(t, uniqueEmail(`race${i}`))));
    expect(users.filter((u) => u.role === 'admin')).toHaveLength(1);
  });

  it('loses no login attempt count under concurrent attempts on both instances', async () => {
    const email = uniqueEmail('concurrent');
    const statuses = await Promise.all(
      Array.from({ length: 12 }, (_, i) =>
        post(
          i % 2 ? a : b,
          '/v1/auth/login',
          { email, password: 'wrong-password!' },
          viaGateway(i % 2 ? a : b, `198.51.100.${i}`),
        ).then((r) => r.statusCode),
      ),
    );
    expect(statuses.filter((s) => s === 401)).toHaveLength(5);
    expect(statuses.filter((s) => s === 429)).toHaveLength(7);
  });

  it('revokes a refresh family once when a spent token is replayed concurrently on both instances', async () => {
    const email = uniqueEmail('replay');
    await register(a, email);
    const session = (await post(a, '/v1/auth/login', { email, password: 'correct-horse-battery' })).json();
    const results = await Promise.all(
      [a, b].map((t) => post(t, '/v1/auth/refresh', { refreshToken: session.refreshToken })),
    );
    // The row lock lets exactly one rotate; the other sees a spent token.
    expect(results.map((r) => r.statusCode).sort()).toEqual([200, 401]);
    const rotated = results.find((r) => r.statusCode === 200)!.json();
    expect(results.find((r) => r.statusCode === 401)!.json().code).toBe('IDENTITY_REFRESH_REUSED');
    expect((await post(b, '/v1/auth/refresh', { refreshToken: rotated.refreshToken })).statusCode).toBe(401);
  });
});
