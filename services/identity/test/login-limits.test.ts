import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestService } from '@tradeplane/kit/testing';
import { PASSWORD, post, register, startIdentity, uniqueEmail, viaGateway } from './helper.ts';

describe('login attempt limits', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startIdentity({
      env: { LOGIN_MAX_PER_EMAIL: '3', LOGIN_MAX_PER_IP: '5', LOGIN_WINDOW_SECONDS: '600' },
    });
  });
  afterAll(async () => {
    await t.close();
  });

  let ipCounter = 0;
  // Each test gets its own client address so the per-IP budget of one doesn't leak into another.
  const freshIp = () => `203.0.113.${++ipCounter}`;

  it('answers 429 with Retry-After once an email is over its limit, even with the right password', async () => {
    const email = uniqueEmail('target');
    await register(t, email);
    const ip = freshIp();
    for (let i = 0; i < 3; i++) {
      const res = await post(t, '/v1/auth/login', { email, password: 'wrong-password!' }, viaGateway(t, ip));
      expect(res.statusCode).toBe(401);
    }
    const limited = await post(t, '/v1/auth/login', { email, password: PASSWORD }, viaGateway(t, freshIp()));
    expect(limited.statusCode).toBe(429);
    expect(limited.headers['content-type']).toContain('application/problem+json');
    expect(limited.json().code).toBe('IDENTITY_TOO_MANY_ATTEMPTS');
    const retryAfter = Number(limited.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(600);
  });

  it('counts emails case-insensitively', async () => {
    const email = uniqueEmail('cased');
    for (const variant of [email, email.toUpperCase(), email, email.toUpperCase()]) {
      await post(
        t,
        '/v1/auth/login',
        { email: variant, password: 'wrong-password!' },
        viaGateway(t, freshIp()),
      );
    }
    const res = await post(
      t,
      '/v1/auth/login',
      { email, password: 'wrong-password!' },
      viaGateway(t, freshIp()),
    );
    expect(res.statusCode).toBe(429);
  });

  it('resets the email count after a successful login', async () => {
    const email = uniqueEmail('forgetful');
    await register(t, email);
    const ip = freshIp();
    for (let i = 0; i < 2; i++)
      await post(t, '/v1/auth/login', { email, password: 'wrong-password!' }, viaGateway(t, ip));
    expect(
      (await post(t, '/v1/auth/login', { email, password: PASSWORD }, viaGateway(t, freshIp()))).statusCode,
    ).toBe(200);
    // Without the reset, the second of these would be the 4th attempt and get a 429.
    for (let i = 0; i < 2; i++) {
      const res = await post(
        t,
        '/v1/auth/login',
        { email, password: 'wrong-password!' },
        viaGateway(t, freshIp()),
      );
      expect(res.statusCode).toBe(401);
    }
  });

  it('limits one client IP across many emails, using the address the gateway forwards', async () => {
    const ip = freshIp();
    for (let i = 0; i < 5; i++) {
      const res = await post(
        t,
        '/v1/auth/login',
        { email: uniqueEmail('spray'), password: 'wrong-password!' },
        viaGateway(t, ip),
      );
      expect(res.statusCode).toBe(401);
    }
    const limited = await post(
      t,
      '/v1/auth/login',
      { email: uniqueEmail('spray'), password: 'wrong-password!' },
      viaGateway(t, ip),
    );
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    const otherClient = await post(
      t,
      '/v1/auth/login',
      { email: uniqueEmail('spray'), password: 'wrong-password!' },
      viaGateway(t, freshIp()),
    );
    expect(otherClient.statusCode).toBe(401);
  });

  it('ignores x-forwarded-for on a request the gateway did not vouch for', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 6; i++) {
      // A client varying the header must not escape the per-IP limit of its real address.
      const res = await post(
        t,
        '/v1/auth/login',
        { email: uniqueEmail('spoof'), password: 'wrong-password!' },
        { 'x-forwarded-for': freshIp() },
      );
      statuses.push(res.statusCode);
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429]);
  });
});
