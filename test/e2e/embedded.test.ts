import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bearer, http, signUp, startEmbeddedPlatform, type EmbeddedPlatform } from './embedded.ts';
import { identityContract } from './identity-through-gateway.ts';
import { waitFor } from './cluster.ts';

let platform: EmbeddedPlatform;
beforeAll(async () => {
  platform = await startEmbeddedPlatform({ ADMIN_EMAIL: 'root@example.com' });
});
afterAll(async () => {
  await platform?.close();
});

describe('embedded platform', () => {
  it('answers GET /health 200 with every required service up', async () => {
    // market-data reports ready once its market state is loaded, a moment after it listens.
    await waitFor(async () => (await http(platform.gateway, 'GET', '/health')).status === 200, 30_000);
    const res = await http(platform.gateway, 'GET', '/health');
    expect(res.status).toBe(200);
    expect(res.body.services.identity.status).toBe('up');
    expect(res.body.services.control.status).toBe('up');
    for (const s of Object.values(res.body.services) as { status: string }[]) expect(s.status).toBe('up');
  });

  it('returns the request id it was given, and makes one otherwise', async () => {
    const given = await http(platform.gateway, 'GET', '/health', {
      headers: { 'x-request-id': 'trace-abc-123' },
    });
    expect(given.headers.get('x-request-id')).toBe('trace-abc-123');
    const made = await http(platform.gateway, 'GET', '/health');
    expect(made.headers.get('x-request-id')).toMatch(/^[0-9a-f-]{36}$/);
  });

  it('answers 404 problem+json for an unknown API area', async () => {
    const res = await http(platform.gateway, 'GET', '/v1/nothing-here');
    expect(res.status).toBe(404);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
  });

  it('serves one Swagger UI over every service document', async () => {
    const ui = await fetch(`${platform.gateway}/docs/`);
    expect(ui.status).toBe(200);
    const doc = await http(platform.gateway, 'GET', '/docs/openapi/identity.json');
    expect(doc.status).toBe(200);
    expect(Object.keys(doc.body.paths)).toContain('/v1/auth/login');
  });

  it('lets the admin read the registry and uptime from control, and nobody else', async () => {
    const admin = await signUp(platform.gateway, 'root@example.com');
    const user = await signUp(platform.gateway, `user-${Date.now()}@example.com`);
    const me = await http(platform.gateway, 'GET', '/v1/users/me', { headers: bearer(admin.accessToken) });
    expect(me.body.roles).toContain('admin');
    const adminToken = admin.accessToken;
    {
      const services = await http(platform.gateway, 'GET', '/v1/control/services', {
        headers: bearer(adminToken),
      });
      expect(services.status).toBe(200);
      const names = services.body.data.map((s: { service: string }) => s.service);
      expect(names).toEqual(expect.arrayContaining(['gateway', 'identity', 'control']));
      await new Promise((r) => setTimeout(r, 1200));
      const uptime = await http(platform.gateway, 'GET', '/v1/control/uptime', {
        headers: bearer(adminToken),
      });
      expect(uptime.status).toBe(200);
      const identity = uptime.body.data.find((u: { service: string }) => u.service === 'identity');
      expect(identity.samples24h).toBeGreaterThan(0);
      expect(identity.uptime1h).toBe(100);
    }
    const denied = await http(platform.gateway, 'GET', '/v1/control/services', {
      headers: bearer(user.accessToken),
    });
    expect(denied.status).toBe(403);
  });
});

identityContract(() => platform.gateway, 'embedded');
