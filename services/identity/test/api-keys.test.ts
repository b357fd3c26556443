import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestService } from '@tradeplane/kit/testing';
import { post, signUp, startIdentity, viaGateway } from './helper.ts';

describe('API keys', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startIdentity();
  });
  afterAll(async () => {
    await t.close();
  });

  const createKey = async (userId: string, name = 'bot') => {
    const res = await post(t, '/v1/api-keys', { name }, t.as({ userId }));
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; name: string; keyId: string; secret: string; createdAt: string };
  };
  const list = async (userId: string, query = '') =>
    t.service.app.inject({ method: 'GET', url: `/v1/api-keys${query}`, headers: t.as({ userId }) });
  // Any platform service calling on its own behalf (via 'service') may verify.
  const verify = (body: unknown, headers = t.asService('market-data', { via: 'service' })) =>
    post(t, '/internal/api-keys/verify', body, headers);

  it('creates a key pair in the Alpaca shape and stores only a hash of the secret', async () => {
    const s = await signUp(t);
    const key = await createKey(s.userId, 'trading bot');
    expect(key.keyId).toMatch(/^PK[0-9A-Z]{18}$/);
    expect(key.secret).toMatch(/^[0-9A-Za-z]{40}$/);
    expect(key.name).toBe('trading bot');
    const row = await t.service.ctx.db
      .selectFrom('api_keys')
      .selectAll()
      .where('id', '=', key.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(key.secret);
  });

  it('stages apikey.created without the secret', async () => {
    const s = await signUp(t);
    const key = await createKey(s.userId);
    const rows: { payload: { data: Record<string, unknown> } }[] = await t.service.ctx.db
      .selectFrom('outbox')
      .select('payload')
      .where('type', '=', 'apikey.created')
      .execute();
    const mine = rows.find((r) => r.payload.data.apiKeyId === key.id);
    expect(mine?.payload.data).toEqual({ userId: s.userId, apiKeyId: key.id, keyId: key.keyId, name: 'bot' });
    expect(JSON.stringify(rows)).not.toContain(key.secret);
  });

  it('lists the user’s keys without secrets, newest first, in pages', async () => {
    const s = await signUp(t);
    const a = await createKey(s.userId, 'a');
    const b = await createKey(s.userId, 'b');
    const c = await createKey(s.userId, 'c');
    const page1 = await list(s.userId, '?limit=2');
    expect(page1.statusCode).toBe(200);
    const body1 = page1.json();
    expect(body1.data.map((k: { id: string }) => k.id)).toEqual([c.id, b.id]);
    expect(body1.data[0]).toEqual({
      id: c.id,
      name: 'c',
      keyId: c.keyId,
      createdAt: c.createdAt,
      lastUsedAt: null,
      revokedAt: null,
    });
    expect(page1.body).not.toContain(c.secret);
    const page2 = (await list(s.userId, `?limit=2&cursor=${body1.nextCursor}`)).json();
    expect(page2.data.map((k: { id: string }) => k.id)).toEqual([a.id]);
    expect(page2.nextCursor).toBeNull();
  });

  it('does not list another user’s keys', async () => {
    const owner = await signUp(t);
    const other = await signUp(t);
    await createKey(owner.userId);
    const res = (await list(other.userId)).json();
    expect(res.data).toEqual([]);
  });

  it('verifies a key pair for a platform service, answering who it belongs to', async () => {
    const s = await signUp(t);
    const key = await createKey(s.userId);
    const res = await verify({ keyId: key.keyId, secret: key.secret });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      userId: s.userId,
      email: s.email,
      roles: ['user'],
      plan: 'free',
      apiKeyId: key.id,
    });
    const listed = (await list(s.userId)).json();
    expect(listed.data[0].lastUsedAt).not.toBeNull();
  });

  it.each([
    [
      'a wrong secret',
      (k: { keyId: string; secret: string }) => ({ keyId: k.keyId, secret: `${k.secret.slice(0, -1)}x` }),
    ],
    [
      'an unknown key id',
      (k: { keyId: string; secret: string }) => ({ keyId: 'PKAAAAAAAAAAAAAAAAAA', secret: k.secret }),
    ],
    ['a malformed key id', (k: { keyId: string; secret: string }) => ({ keyId: 'nope', secret: k.secret })],
  ])('answers 401 IDENTITY_INVALID_API_KEY for %s', async (_what, tamper) => {
    const s = await signUp(t);
    const key = await createKey(s.userId);
    const res = await verify(tamper(key));
    expect(res.statusCode).toBe(401);
    expect(res.json().code).toBe('IDENTITY_INVALID_API_KEY');
  });

  it('refuses verification to a user request forwarded by the gateway (services only)', async () => {
    const s = await signUp(t);
    const key = await createKey(s.userId);
    const res = await verify({ keyId: key.keyId, secret: key.secret }, t.as({ userId: s.userId }));
    expect(res.statusCode).toBe(403);
    const forwarded = await verify({ keyId: key.keyId, secret: key.secret }, viaGateway(t, '203.0.113.9'));
    expect(forwarded.statusCode).toBe(403);
    const anonymous = await verify({ keyId: key.keyId, secret: key.secret }, {});
    expect(anonymous.statusCode).toBe(403);
  });

  it('verifies for the gateway calling on its own behalf', async () => {
    const s = await signUp(t);
    const key = await createKey(s.userId);
    const res = await verify(
      { keyId: key.keyId, secret: key.secret },
      t.asService('gateway', { via: 'service' }),
    );
    expect(res.statusCode).toBe(200);
  });

  it('revokes a key: 204, it no longer verifies, and the list shows when', async () => {
    const s = await signUp(t);
    const key = await createKey(s.userId);
    const del = await t.service.app.inject({
      method: 'DELETE',
      url: `/v1/api-keys/${key.id}`,
      headers: t.as({ userId: s.userId }),
    });
    expect(del.statusCode).toBe(204);
    const res = await verify({ keyId: key.keyId, secret: key.secret });
    expect(res.statusCode).toBe(401);
    const listed = (await list(s.userId)).json();
    expect(listed.data[0].revokedAt).not.toBeNull();
    const again = await t.service.app.inject({
      method: 'DELETE',
      url: `/v1/api-keys/${key.id}`,
      headers: t.as({ userId: s.userId }),
    });
    expect(again.statusCode).toBe(204);
  });

  it('answers 404 for another user’s key, which keeps working for its owner', async () => {
    const owner = await signUp(t);
    const other = await signUp(t);
    const key = await createKey(owner.userId);
    const del = await t.service.app.inject({
      method: 'DELETE',
      url: `/v1/api-keys/${key.id}`,
      headers: t.as({ userId: other.userId }),
    });
    expect(del.statusCode).toBe(404);
    expect(del.json().code).toBe('IDENTITY_API_KEY_NOT_FOUND');
    const unknown = await t.service.app.inject({
      method: 'DELETE',
      url: '/v1/api-keys/not-a-uuid',
      headers: t.as({ userId: other.userId }),
    });
    expect(unknown.json()).toMatchObject({ status: 404, code: 'IDENTITY_API_KEY_NOT_FOUND' });
    expect((await verify({ keyId: key.keyId, secret: key.secret })).statusCode).toBe(200);
  });

  it('keeps the internal endpoint out of the OpenAPI document', async () => {
    const doc = (await t.service.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toContain('/v1/api-keys');
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/internal'))).toEqual([]);
  });

  it('needs a signed-in user to create or list keys', async () => {
    const create = await post(t, '/v1/api-keys', { name: 'x' });
    expect(create.statusCode).toBe(401);
    const listed = await t.service.app.inject({ method: 'GET', url: '/v1/api-keys' });
    expect(listed.statusCode).toBe(401);
  });

  it('answers 400 for a key without a name', async () => {
    const s = await signUp(t);
    const res = await post(t, '/v1/api-keys', { name: '' }, t.as({ userId: s.userId }));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
  });
});
