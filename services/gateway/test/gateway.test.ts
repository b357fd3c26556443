import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startTestService, type TestService } from '@tradeplane/kit/testing';
import { gatewayService } from '../src/app.ts';

/** A stand-in identity: records what the gateway forwarded, hangs on /slow. */
function fakeUpstream(): Promise<{
  server: Server;
  url: string;
  seen: { headers: Record<string, unknown>; url: string }[];
}> {
  const seen: { headers: Record<string, unknown>; url: string }[] = [];
  const server = createServer((req, res) => {
    seen.push({ headers: req.headers, url: req.url ?? '' });
    if (req.url?.startsWith('/v1/users/slow')) return; // never answers
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ ok: true }));
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, seen }),
    ),
  );
}

describe('gateway edge', () => {
  let gw: TestService;
  let upstream: Awaited<ReturnType<typeof fakeUpstream>>;

  beforeAll(async () => {
    upstream = await fakeUpstream();
    gw = await startTestService(gatewayService as never, {
      env: {
        IDENTITY_URL: upstream.url,
        CONTROL_URL: 'http://127.0.0.1:1',
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '5',
        UPSTREAM_TIMEOUT_MS: '300',
        CORS_ORIGINS: 'https://app.example.com',
      },
    });
  });
  afterAll(async () => {
    await gw?.close();
    upstream?.server.close();
  });

  it('drops client-sent identity headers and forwards its own internal token', async () => {
    const res = await gw.service.app.inject({
      method: 'GET',
      url: '/v1/users/anything',
      headers: { 'x-user-id': 'someone', 'x-internal-token': 'forged', 'x-user-roles': 'admin' },
      remoteAddress: '10.0.0.1',
    });
    expect(res.statusCode).toBe(200);
    const forwarded = upstream.seen.at(-1)!;
    expect(forwarded.headers['x-user-id']).toBeUndefined();
    expect(forwarded.headers['x-user-roles']).toBeUndefined();
    expect(forwarded.headers['x-internal-token']).not.toBe('forged');
    const claims = gw.platform.internalAuth.verify(
      forwarded.headers['x-internal-token'] as string,
      'identity',
    );
    expect(claims.userId).toBeUndefined();
    expect(claims.issuer).toBe('gateway');
  });

  it('answers 504 problem+json when an upstream does not answer in time', async () => {
    const res = await gw.service.app.inject({
      method: 'GET',
      url: '/v1/users/slow',
      remoteAddress: '10.0.0.2',
    });
    expect(res.statusCode).toBe(504);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('UPSTREAM_TIMEOUT');
  });

  it('answers 503 problem+json when an upstream is down', async () => {
    const res = await gw.service.app.inject({
      method: 'GET',
      url: '/v1/control/services',
      remoteAddress: '10.0.0.3',
    });
    expect(res.statusCode).toBe(503);
    expect(res.json().code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('rate-limits anonymous clients per IP with 429 and Retry-After', async () => {
    const statuses: number[] = [];
    let last;
    for (let i = 0; i < 7; i++) {
      last = await gw.service.app.inject({ method: 'GET', url: '/v1/users/x', remoteAddress: '10.0.0.9' });
      statuses.push(last.statusCode);
    }
    expect(statuses.slice(0, 5).every((s) => s === 200)).toBe(true);
    expect(statuses[6]).toBe(429);
    expect(Number(last!.headers['retry-after'])).toBeGreaterThan(0);
    expect(last!.json().code).toBe('RATE_LIMITED');
    const other = await gw.service.app.inject({
      method: 'GET',
      url: '/v1/users/x',
      remoteAddress: '10.0.0.10',
    });
    expect(other.statusCode).toBe(200);
  });

  it('refuses a malformed Authorization header and a half API key pair', async () => {
    const a = await gw.service.app.inject({
      method: 'GET',
      url: '/v1/users/me',
      headers: { authorization: 'Token abc' },
      remoteAddress: '10.0.1.1',
    });
    expect(a.statusCode).toBe(401);
    const b = await gw.service.app.inject({
      method: 'GET',
      url: '/v1/users/me',
      headers: { 'apca-api-key-id': 'PKX' },
      remoteAddress: '10.0.1.2',
    });
    expect(b.statusCode).toBe(401);
  });

  it('allows CORS only for listed origins', async () => {
    const ok = await gw.service.app.inject({
      method: 'OPTIONS',
      url: '/v1/users/me',
      headers: { origin: 'https://app.example.com', 'access-control-request-method': 'GET' },
      remoteAddress: '10.0.2.1',
    });
    expect(ok.headers['access-control-allow-origin']).toBe('https://app.example.com');
    const bad = await gw.service.app.inject({
      method: 'OPTIONS',
      url: '/v1/users/me',
      headers: { origin: 'https://evil.example.com', 'access-control-request-method': 'GET' },
      remoteAddress: '10.0.2.2',
    });
    expect(bad.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sets security headers', async () => {
    const res = await gw.service.app.inject({ method: 'GET', url: '/health/live' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });
});
