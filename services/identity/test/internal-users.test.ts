import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestService } from '@tradeplane/kit/testing';
import { signUp, startIdentity, uniqueEmail } from './helper.ts';

describe('GET /internal/users/:id', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startIdentity();
  });
  afterAll(async () => {
    await t.close();
  });

  const get = (id: string, headers: Record<string, string>) =>
    t.service.app.inject({ method: 'GET', url: `/internal/users/${id}`, headers });

  it("answers a platform service with the user's email, role and plan", async () => {
    const email = uniqueEmail('Mixed.Case');
    const s = await signUp(t, email);
    const res = await get(s.userId, t.asService('notifications'));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      id: s.userId,
      email: email.toLowerCase(),
      plan: 'free',
      createdAt: expect.any(String),
    });
  });

  it('answers 404 for an unknown id and for an id that is not a UUID', async () => {
    const unknown = await get('0190f3a0-0000-7000-8000-000000000000', t.asService('notifications'));
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json().code).toBe('IDENTITY_USER_NOT_FOUND');
    const garbage = await get('not-a-uuid', t.asService('notifications'));
    expect(garbage.statusCode).toBe(404);
    expect(garbage.json().code).toBe('IDENTITY_USER_NOT_FOUND');
  });

  it('refuses a user token, even for the user themselves, and anonymous calls', async () => {
    const s = await signUp(t);
    const asUser = await get(s.userId, t.as({ userId: s.userId }));
    expect(asUser.statusCode).toBe(403);
    expect(asUser.json().code).toBe('AUTH_SERVICE_ONLY');
    const anonymous = await t.service.app.inject({ method: 'GET', url: `/internal/users/${s.userId}` });
    expect(anonymous.statusCode).toBe(403);
  });

  it('stays out of the OpenAPI document', async () => {
    const doc = (await t.service.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths).filter((p) => p.startsWith('/internal'))).toEqual([]);
  });
});
