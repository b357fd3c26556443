import { describe, expect, it } from 'vitest';
import { bearer, http, signUp } from './embedded.ts';

/**
 * The identity behaviours of issue #2 as a client sees them through the gateway. Shared by the
 * embedded and the cluster suites, so both modes are held to the same contract.
 */
export function identityContract(base: () => string, tag: string): void {
  const email = (n: string) => `${n}-${tag}-${Math.random().toString(36).slice(2, 8)}@example.com`;

  describe('identity through the gateway', () => {
    it('registers, logs in, reads /users/me with the access token', async () => {
      const e = email('alice');
      const s = await signUp(base(), e);
      const me = await http(base(), 'GET', '/v1/users/me', { headers: bearer(s.accessToken) });
      expect(me.status).toBe(200);
      expect(me.body.email).toBe(e);
      expect(me.body.id).toBe(s.userId);
    });

    it('answers 409 for a taken email and 400 problem+json for a short password', async () => {
      const e = email('bob');
      await signUp(base(), e);
      const again = await http(base(), 'POST', '/v1/auth/register', {
        body: { email: e.toUpperCase(), password: 'another-long-one' },
      });
      expect(again.status).toBe(409);
      const short = await http(base(), 'POST', '/v1/auth/register', {
        body: { email: email('c'), password: 'short' },
      });
      expect(short.status).toBe(400);
      expect(short.headers.get('content-type')).toContain('application/problem+json');
      expect(short.body.status).toBe(400);
    });

    it('gives the same 401 for an unknown email and a wrong password', async () => {
      const e = email('dora');
      await signUp(base(), e);
      const wrong = await http(base(), 'POST', '/v1/auth/login', {
        body: { email: e, password: 'not-the-password' },
      });
      const unknown = await http(base(), 'POST', '/v1/auth/login', {
        body: { email: email('nobody'), password: 'not-the-password' },
      });
      expect(wrong.status).toBe(401);
      expect(unknown.status).toBe(401);
      expect(wrong.body.code).toBe(unknown.body.code);
      expect(wrong.body.detail).toBe(unknown.body.detail);
    });

    it('rotates refresh tokens and revokes the family when a spent one is presented', async () => {
      const s = await signUp(base(), email('erin'));
      const first = await http(base(), 'POST', '/v1/auth/refresh', {
        body: { refreshToken: s.refreshToken },
      });
      expect(first.status).toBe(200);
      expect(first.body.refreshToken).not.toBe(s.refreshToken);
      const reuse = await http(base(), 'POST', '/v1/auth/refresh', {
        body: { refreshToken: s.refreshToken },
      });
      expect(reuse.status).toBe(401);
      const newer = await http(base(), 'POST', '/v1/auth/refresh', {
        body: { refreshToken: first.body.refreshToken },
      });
      expect(newer.status).toBe(401);
    });

    it('authenticates an API key pair sent as APCA headers, and not after it is revoked', async () => {
      const s = await signUp(base(), email('finn'));
      const created = await http(base(), 'POST', '/v1/api-keys', {
        body: { name: 'bot' },
        headers: bearer(s.accessToken),
      });
      expect(created.status).toBe(201);
      const keyHeaders = {
        'apca-api-key-id': created.body.keyId,
        'apca-api-secret-key': created.body.secret,
      };
      const me = await http(base(), 'GET', '/v1/users/me', { headers: keyHeaders });
      expect(me.status).toBe(200);
      expect(me.body.id).toBe(s.userId);
      const list = await http(base(), 'GET', '/v1/api-keys', { headers: bearer(s.accessToken) });
      expect(JSON.stringify(list.body)).not.toContain(created.body.secret);
      const bad = await http(base(), 'GET', '/v1/users/me', {
        headers: { ...keyHeaders, 'apca-api-secret-key': 'wrong' },
      });
      expect(bad.status).toBe(401);
    });

    it('refuses spoofed identity headers without a token', async () => {
      const s = await signUp(base(), email('gus'));
      const spoofed = await http(base(), 'GET', '/v1/users/me', {
        headers: { 'x-user-id': s.userId, 'x-user-roles': 'admin', 'x-internal-token': 'forged.token.value' },
      });
      expect(spoofed.status).toBe(401);
      expect(spoofed.headers.get('content-type')).toContain('application/problem+json');
    });

    it('answers 400 problem+json for malformed JSON', async () => {
      const res = await http(base(), 'POST', '/v1/auth/login', { raw: '{"email": ' });
      expect(res.status).toBe(400);
      expect(res.headers.get('content-type')).toContain('application/problem+json');
    });

    it('refuses an invalid bearer token', async () => {
      const res = await http(base(), 'GET', '/v1/users/me', {
        headers: bearer('eyJhbGciOiJFUzI1NiJ9.e30.bad'),
      });
      expect(res.status).toBe(401);
    });
  });
}
