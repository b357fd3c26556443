import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestService } from '@tradeplane/kit/testing';
import { PASSWORD, login, post, register, signUp, startIdentity, uniqueEmail } from './helper.ts';

const PROBLEM = 'application/problem+json';

describe('identity accounts and sessions', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startIdentity({ env: { ADMIN_EMAIL: 'Boss@Example.com' } });
  });
  afterAll(async () => {
    await t.close();
  });

  it('makes the first registered user an admin and later ones plain users', async () => {
    const first = await register(t, uniqueEmail('first'));
    const second = await register(t, uniqueEmail('second'));
    expect(first.role).toBe('admin');
    expect(second.role).toBe('user');
  });

  it('makes the configured ADMIN_EMAIL an admin, whatever its case', async () => {
    const boss = await register(t, 'BOSS@example.COM');
    expect(boss).toMatchObject({ role: 'admin', email: 'boss@example.com' });
  });

  it('registers, logs in, and reads /v1/users/me with the token identity the gateway forwards', async () => {
    const email = uniqueEmail('alice');
    const reg = await post(t, '/v1/auth/register', { email: email.toUpperCase(), password: PASSWORD });
    expect(reg.statusCode).toBe(201);
    const user = reg.json();
    expect(user).toEqual({ id: expect.any(String), email, role: 'user' });

    const session = await login(t, email);
    expect(session.tokenType).toBe('Bearer');
    expect(session.expiresIn).toBe(900);
    expect(session.accessToken.split('.')).toHaveLength(3);
    expect(session.refreshToken.length).toBeGreaterThanOrEqual(43);

    const me = await t.service.app.inject({
      method: 'GET',
      url: '/v1/users/me',
      headers: t.as({ userId: user.id }),
    });
    expect(me.statusCode).toBe(200);
    const body = me.json();
    expect(body).toEqual({
      id: user.id,
      email,
      role: 'user',
      roles: ['user'],
      plan: 'free',
      createdAt: expect.any(String),
    });
    expect(Number.isNaN(Date.parse(body.createdAt))).toBe(false);
  });

  it('stages user.registered in the outbox with the new account, once', async () => {
    const email = uniqueEmail('evented');
    const user = await register(t, email);
    const again = await post(t, '/v1/auth/register', { email, password: PASSWORD });
    expect(again.statusCode).toBe(409);
    const rows: { type: string; payload: { data: unknown } }[] = await t.service.ctx.db
      .selectFrom('outbox')
      .select(['type', 'payload'])
      .where('type', '=', 'user.registered')
      .execute();
    const mine = rows.filter((r) => (r.payload.data as { userId: string }).userId === user.id);
    expect(mine).toHaveLength(1);
    expect(mine[0]!.payload.data).toEqual({ userId: user.id, email, role: 'user' });
  });

  it('answers 409 IDENTITY_EMAIL_TAKEN for an address already taken in another case', async () => {
    const email = uniqueEmail('bob');
    await register(t, email);
    const res = await post(t, '/v1/auth/register', {
      email: email.toUpperCase(),
      password: 'another-long-password',
    });
    expect(res.statusCode).toBe(409);
    expect(res.headers['content-type']).toContain(PROBLEM);
    expect(res.json()).toMatchObject({ status: 409, code: 'IDENTITY_EMAIL_TAKEN' });
  });

  it.each([
    ['a malformed email', { email: 'not-an-email', password: PASSWORD }],
    ['a password under 10 characters', { email: uniqueEmail('short'), password: 'nine-char' }],
    ['a missing password', { email: uniqueEmail('missing') }],
  ])('answers 400 problem+json for %s', async (_what, body) => {
    const res = await post(t, '/v1/auth/register', body);
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain(PROBLEM);
    expect(res.json()).toMatchObject({ status: 400, code: 'VALIDATION_FAILED' });
  });

  it('answers 400 problem+json for a body that is not JSON', async () => {
    const res = await t.service.app.inject({
      method: 'POST',
      url: '/v1/auth/login',
      payload: '{bad',
      headers: { 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain(PROBLEM);
    expect(res.json()).toMatchObject({ status: 400, code: 'INVALID_JSON' });
  });

  it('gives an unknown email and a wrong password the same 401', async () => {
    const email = uniqueEmail('dora');
    await register(t, email);
    const wrong = await post(t, '/v1/auth/login', { email, password: 'not-the-password' });
    const unknown = await post(t, '/v1/auth/login', {
      email: uniqueEmail('nobody'),
      password: 'not-the-password',
    });
    expect(wrong.statusCode).toBe(401);
    expect(unknown.statusCode).toBe(401);
    const strip = (b: Record<string, unknown>) => ({ ...b, requestId: undefined });
    expect(strip(wrong.json())).toEqual(strip(unknown.json()));
    expect(wrong.json().code).toBe('IDENTITY_INVALID_CREDENTIALS');
  });

  it('logs in with the email in any case', async () => {
    const email = uniqueEmail('casey');
    await register(t, email);
    const res = await post(t, '/v1/auth/login', { email: ` ${email.toUpperCase()} `, password: PASSWORD });
    expect(res.statusCode).toBe(200);
  });

  it('rotates refresh tokens: the new pair works, the old token is spent', async () => {
    const s = await signUp(t);
    const first = await post(t, '/v1/auth/refresh', { refreshToken: s.refreshToken });
    expect(first.statusCode).toBe(200);
    const pair = first.json();
    expect(pair.refreshToken).not.toBe(s.refreshToken);
    expect(pair.tokenType).toBe('Bearer');
    const second = await post(t, '/v1/auth/refresh', { refreshToken: pair.refreshToken });
    expect(second.statusCode).toBe(200);
  });

  it('revokes the whole family when a spent refresh token is presented again', async () => {
    const s = await signUp(t);
    const rotated = (await post(t, '/v1/auth/refresh', { refreshToken: s.refreshToken })).json();
    const reuse = await post(t, '/v1/auth/refresh', { refreshToken: s.refreshToken });
    expect(reuse.statusCode).toBe(401);
    expect(reuse.json().code).toBe('IDENTITY_REFRESH_REUSED');
    // The newer token, possibly the thief's, dies with the family.
    const newer = await post(t, '/v1/auth/refresh', { refreshToken: rotated.refreshToken });
    expect(newer.statusCode).toBe(401);
    expect(newer.json().code).toBe('IDENTITY_INVALID_REFRESH_TOKEN');
  });

  it('does not let reuse in one session revoke another session of the same user', async () => {
    const s = await signUp(t);
    const other = await login(t, s.email);
    await post(t, '/v1/auth/refresh', { refreshToken: s.refreshToken });
    await post(t, '/v1/auth/refresh', { refreshToken: s.refreshToken });
    const res = await post(t, '/v1/auth/refresh', { refreshToken: other.refreshToken });
    expect(res.statusCode).toBe(200);
  });

  it('answers 401 for an unknown refresh token', async () => {
    const res = await post(t, '/v1/auth/refresh', { refreshToken: 'never-issued-token' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain(PROBLEM);
    expect(res.json().code).toBe('IDENTITY_INVALID_REFRESH_TOKEN');
  });

  it('refuses an expired refresh token', async () => {
    const s = await signUp(t);
    await t.service.ctx.db
      .updateTable('refresh_tokens')
      .set({ expires_at: new Date(Date.now() - 1000) })
      .where('user_id', '=', s.userId)
      .execute();
    const res = await post(t, '/v1/auth/refresh', { refreshToken: s.refreshToken });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('IDENTITY_INVALID_REFRESH_TOKEN');
  });

  it('logs out with 204 and the refresh token stops working, rotated ones included', async () => {
    const s = await signUp(t);
    const rotated = (await post(t, '/v1/auth/refresh', { refreshToken: s.refreshToken })).json();
    const out = await post(t, '/v1/auth/logout', { refreshToken: rotated.refreshToken });
    expect(out.statusCode).toBe(204);
    expect(out.body).toBe('');
    const res = await post(t, '/v1/auth/refresh', { refreshToken: rotated.refreshToken });
    expect(res.statusCode).toBe(401);
  });

  it('answers /v1/users/me without credentials with 401 problem+json', async () => {
    const res = await t.service.app.inject({ method: 'GET', url: '/v1/users/me' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['content-type']).toContain(PROBLEM);
  });

  it('refuses an internal token minted for another service (audience mismatch)', async () => {
    const s = await signUp(t);
    const token = t.platform.internalAuth.mint('gateway', 'orders', {
      userId: s.userId,
      roles: ['user'],
      plan: 'free',
      scopes: [],
      via: 'jwt',
    });
    const res = await t.service.app.inject({
      method: 'GET',
      url: '/v1/users/me',
      headers: { 'x-internal-token': token },
    });
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('AUTH_INVALID_INTERNAL_TOKEN');
  });

  it('answers 404 on /v1/users/me for a user id that has no account', async () => {
    const res = await t.service.app.inject({
      method: 'GET',
      url: '/v1/users/me',
      headers: t.as({ userId: '01890000-0000-7000-8000-000000000000' }),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('IDENTITY_USER_NOT_FOUND');
  });
});
