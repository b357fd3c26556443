import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { verifyWebhookSignature } from '../src/index.ts';
import {
  deliveriesOf,
  fakeDns,
  filled,
  newUser,
  startNotifications,
  startReceiver,
  TestClock,
  type Harness,
  type Receiver,
} from './helper.ts';

const HOUR = 3_600_000;

describe('webhook registration and the SSRF guard', () => {
  let h: Harness;
  const dns = fakeDns({
    'hooks.example.com': ['93.184.216.34'],
    'intranet.example.com': ['10.1.2.3'],
    'sneaky.example.com': ['93.184.216.34', '192.168.0.10'],
    'v6.example.com': ['::ffff:127.0.0.1'],
  });
  beforeAll(async () => {
    h = await startNotifications({ resolveHost: dns });
  });
  afterAll(async () => {
    await h.close();
  });

  const register = (userId: string, body: unknown) =>
    h.call('POST', '/v1/notifications/webhooks', userId, body);

  it.each([
    ['http://127.0.0.1:9/hook', 'loopback'],
    ['http://[::1]:9/hook', 'loopback'],
    ['http://localhost.:9/hook', undefined],
    ['http://10.0.0.5/hook', 'private'],
    ['http://172.20.1.1/hook', 'private'],
    ['http://192.168.1.1/hook', 'private'],
    ['http://169.254.169.254/latest/meta-data', 'cloud metadata'],
    ['http://169.254.10.10/', 'link-local'],
    ['http://[fe80::1]/', 'link-local'],
    ['http://[fd00::1]/', 'private'],
    ['http://0.0.0.0/', 'unspecified'],
    ['http://2130706433/', 'loopback'],
    ['http://metadata.google.internal/computeMetadata/v1/', 'cloud metadata'],
    ['https://intranet.example.com/hook', 'private'],
    ['https://sneaky.example.com/hook', 'private'],
    ['https://v6.example.com/hook', 'loopback'],
  ])('refuses %s with a clear 400', async (url, reason) => {
    if (url.includes('localhost')) dns.table['localhost.'] = ['127.0.0.1'];
    const res = await register(newUser(), { url });
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json().code).toBe('NOTIFICATIONS_WEBHOOK_TARGET_FORBIDDEN');
    if (reason) expect(res.json().reason).toBe(reason);
  });

  it('refuses URLs that are not http(s), carry credentials, do not resolve, or are not URLs', async () => {
    const u = newUser();
    const cases: [unknown, string][] = [
      [{ url: 'ftp://hooks.example.com/x' }, 'NOTIFICATIONS_WEBHOOK_URL_INVALID'],
      [{ url: 'https://user:pass@hooks.example.com/x' }, 'NOTIFICATIONS_WEBHOOK_URL_INVALID'],
      [{ url: 'not a url' }, 'NOTIFICATIONS_WEBHOOK_URL_INVALID'],
      [{ url: 'https://nowhere.invalid/x' }, 'NOTIFICATIONS_WEBHOOK_URL_UNRESOLVABLE'],
      [{ url: 'https://hooks.example.com/x', secret: 'short' }, 'VALIDATION_FAILED'],
      [{ url: 'https://hooks.example.com/x', types: ['Not A Type'] }, 'VALIDATION_FAILED'],
      [{ url: 'https://hooks.example.com/x', extra: 1 }, 'VALIDATION_FAILED'],
      [{}, 'VALIDATION_FAILED'],
    ];
    for (const [body, code] of cases) {
      const res = await register(u, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code, JSON.stringify(body)).toBe(code);
    }
    expect((await h.call('GET', '/v1/notifications/webhooks', u)).json()).toEqual({ items: [] });
  });

  it('registers a public endpoint, shows its secret once, and keeps it sealed at rest', async () => {
    const u = newUser();
    const res = await register(u, {
      url: 'https://hooks.example.com/tradeplane#frag',
      types: ['order.filled'],
    });
    expect(res.statusCode).toBe(201);
    const created = res.json();
    expect(created).toMatchObject({ url: 'https://hooks.example.com/tradeplane', types: ['order.filled'] });
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const listed = (await h.call('GET', '/v1/notifications/webhooks', u)).json().items;
    expect(listed).toEqual([
      { id: created.id, url: created.url, types: ['order.filled'], createdAt: created.createdAt },
    ]);
    const row = await h.t.service.ctx.db
      .selectFrom('webhooks')
      .selectAll()
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(JSON.stringify(row)).not.toContain(created.secret);
    const given = await register(u, {
      url: 'https://hooks.example.com/2',
      secret: 'my-own-secret-0123456789',
    });
    expect(given.json().secret).toBe('my-own-secret-0123456789');
  });

  it("answers 404 for another user's endpoint, and deletes only one's own", async () => {
    const owner = newUser();
    const other = newUser();
    const { id } = (await register(owner, { url: 'https://hooks.example.com/a' })).json();
    for (const [method, url] of [
      ['DELETE', `/v1/notifications/webhooks/${id}`],
      ['GET', `/v1/notifications/webhooks/${id}/deliveries`],
      ['POST', `/v1/notifications/webhooks/${id}/test`],
    ] as const) {
      const res = await h.call(method, url, other);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(res.json().code).toBe('NOTIFICATIONS_WEBHOOK_NOT_FOUND');
    }
    expect((await h.call('GET', '/v1/notifications/webhooks', owner)).json().items).toHaveLength(1);
    expect((await h.call('DELETE', `/v1/notifications/webhooks/${id}`, owner)).statusCode).toBe(204);
    expect((await h.call('DELETE', `/v1/notifications/webhooks/${id}`, owner)).statusCode).toBe(404);
  });

  it('limits endpoints per user', async () => {
    const u = newUser();
    for (let i = 0; i < 10; i++)
      expect((await register(u, { url: `https://hooks.example.com/${i}` })).statusCode).toBe(201);
    const res = await register(u, { url: 'https://hooks.example.com/11' });
    expect(res.statusCode).toBe(409);
    expect(res.json().code).toBe('NOTIFICATIONS_LIMIT_REACHED');
  });

  it('lets only an admin read and replace the allow-list, and checks its entries', async () => {
    const u = newUser();
    expect((await h.call('GET', '/v1/notifications/admin/webhook-allowlist', u)).statusCode).toBe(403);
    expect(
      (await h.call('PUT', '/v1/notifications/admin/webhook-allowlist', u, { entries: ['10.0.0.0/8'] }))
        .statusCode,
    ).toBe(403);
    const admin = newUser();
    const bad = await h.call(
      'PUT',
      '/v1/notifications/admin/webhook-allowlist',
      admin,
      { entries: ['10.0.0.0/99'] },
      ['admin'],
    );
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('NOTIFICATIONS_ALLOWLIST_INVALID');
    const ok = await h.call(
      'PUT',
      '/v1/notifications/admin/webhook-allowlist',
      admin,
      { entries: ['Intranet.Example.com', '10.0.0.0/8', '10.0.0.0/8'] },
      ['admin'],
    );
    expect(ok.statusCode).toBe(200);
    expect(ok.json()).toEqual({ entries: ['10.0.0.0/8', 'intranet.example.com'], configEntries: [] });
    expect((await register(u, { url: 'https://intranet.example.com/hook' })).statusCode).toBe(201);
    expect((await register(u, { url: 'http://10.9.9.9/hook' })).statusCode).toBe(201);
    // Only what was admitted: other private ranges stay refused.
    expect((await register(u, { url: 'http://192.168.1.1/hook' })).statusCode).toBe(400);
    await h.call('PUT', '/v1/notifications/admin/webhook-allowlist', admin, { entries: [] }, ['admin']);
    expect((await register(u, { url: 'http://10.9.9.9/hook' })).statusCode).toBe(400);
  });
});

describe('signed webhook delivery', () => {
  let receiver: Receiver;
  let h: Harness;
  const clock = new TestClock();
  const dns = fakeDns({ 'hooks.internal.test': ['127.0.0.1'] });
  beforeAll(async () => {
    receiver = await startReceiver();
    h = await startNotifications({
      clock,
      resolveHost: dns,
      env: {
        NOTIFICATIONS_WEBHOOK_ALLOWLIST: '127.0.0.1, hooks.internal.test',
        NOTIFICATIONS_RETRY_BASE_MS: '10000',
        NOTIFICATIONS_WEBHOOK_TIMEOUT_MS: '500',
      },
    });
  });
  afterAll(async () => {
    await h.close();
    await receiver.close();
  });

  const register = async (userId: string, body: Record<string, unknown> = {}) => {
    // One path per user, so each test finds its own requests.
    const res = await h.call('POST', '/v1/notifications/webhooks', userId, {
      url: `${receiver.url}/hook/${userId}`,
      ...body,
    });
    expect(res.statusCode, res.body).toBe(201);
    return res.json() as { id: string; secret: string };
  };
  const log = async (userId: string, id: string) =>
    (await h.call('GET', `/v1/notifications/webhooks/${id}/deliveries`, userId)).json().items as any[];
  const requestsFor = (userId: string) => receiver.requests.filter((r) => r.url.endsWith(`/${userId}`));

  it('POSTs a notification signed so that the receiver verifies it with verifyWebhookSignature', async () => {
    const u = newUser();
    const { id, secret } = await register(u);
    await h.deliver(filled(u));
    await h.runDeliveries();
    const [req] = requestsFor(u);
    expect(req).toBeDefined();
    expect(req!.method).toBe('POST');
    expect(req!.url).toBe(`/hook/${u}`);
    expect(req!.headers['content-type']).toBe('application/json');
    expect(req!.headers['tradeplane-event']).toBe('order.filled');
    const signature = req!.headers['tradeplane-signature'] as string;
    expect(signature).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    const nowSec = clock.now().getTime() / 1000;
    expect(verifyWebhookSignature(secret, signature, req!.body, 300, nowSec)).toBe(true);
    expect(verifyWebhookSignature('whsec_wrong', signature, req!.body, 300, nowSec)).toBe(false);
    expect(verifyWebhookSignature(secret, signature, req!.body.replace('190.12', '1.00'), 300, nowSec)).toBe(
      false,
    );
    expect(verifyWebhookSignature(secret, signature, req!.body, 300, nowSec + 301)).toBe(false);
    const payload = JSON.parse(req!.body);
    expect(payload).toMatchObject({
      id: req!.headers['tradeplane-delivery'],
      event: 'order.filled',
      notification: { type: 'order.filled', title: 'Bought 10 AAPL at 190.12', data: { symbol: 'AAPL' } },
    });
    const [entry] = await log(u, id);
    expect(entry).toMatchObject({
      id: req!.headers['tradeplane-delivery'],
      notificationId: payload.notification.id,
      type: 'order.filled',
      status: 'delivered',
      attempts: 1,
      lastStatusCode: 200,
      lastError: null,
      nextAttemptAt: null,
      deliveredAt: expect.any(String),
    });
  });

  it('sends an endpoint only the types it asked for', async () => {
    const u = newUser();
    const { id } = await register(u, { types: ['order.rejected'] });
    await h.deliver(filled(u));
    await h.runDeliveries();
    expect(requestsFor(u)).toHaveLength(0);
    expect(await log(u, id)).toEqual([]);
  });

  it('retries with growing, jittered delays, then succeeds', async () => {
    const u = newUser();
    const { id } = await register(u);
    receiver.replies.push({ status: 500 }, { status: 503 });
    await h.deliver(filled(u));
    await h.runDeliveries();
    let [entry] = await log(u, id);
    expect(entry).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastStatusCode: 500,
      lastError: 'HTTP 500',
    });
    const t0 = clock.now().getTime();
    // random() is 0.5 in tests: the delay is 3/4 of the step (10 s, then 20 s, ...).
    expect(Date.parse(entry.nextAttemptAt) - t0).toBe(7_500);

    await h.runDeliveries();
    expect(requestsFor(u)).toHaveLength(1); // not due yet: nothing sent
    clock.advance(7_500);
    await h.runDeliveries();
    [entry] = await log(u, id);
    expect(entry).toMatchObject({ status: 'failed', attempts: 2, lastStatusCode: 503 });
    expect(Date.parse(entry.nextAttemptAt) - clock.now().getTime()).toBe(15_000);

    clock.advance(15_000);
    await h.runDeliveries();
    [entry] = await log(u, id);
    expect(entry).toMatchObject({
      status: 'delivered',
      attempts: 3,
      lastStatusCode: 200,
      nextAttemptAt: null,
    });
    const sent = requestsFor(u);
    expect(sent).toHaveLength(3);
    // The same delivery every time: one id, one body, a fresh signature.
    expect(new Set(sent.map((r) => r.headers['tradeplane-delivery'])).size).toBe(1);
    expect(new Set(sent.map((r) => r.body)).size).toBe(1);
  });

  it('marks a delivery dead once its 24 h window has passed', async () => {
    const u = newUser();
    const { id } = await register(u);
    receiver.fallback = { status: 500 };
    try {
      await h.deliver(filled(u));
      await h.runDeliveries();
      clock.advance(23 * HOUR);
      await h.runDeliveries();
      let [entry] = await log(u, id);
      expect(entry.status).toBe('failed');
      // The last try is at the window's end, not after it.
      const createdAt = Date.parse(entry.createdAt);
      expect(Date.parse(entry.nextAttemptAt)).toBeLessThanOrEqual(createdAt + 24 * HOUR);
      clock.advance(2 * HOUR);
      await h.runDeliveries();
      [entry] = await log(u, id);
      expect(entry).toMatchObject({ status: 'dead', lastError: 'HTTP 500', nextAttemptAt: null });
      const attempts = entry.attempts;
      clock.advance(48 * HOUR);
      await h.runDeliveries();
      expect((await log(u, id))[0].attempts).toBe(attempts);
      expect(requestsFor(u)).toHaveLength(attempts);
    } finally {
      receiver.fallback = { status: 200, body: 'ok' };
    }
  });

  it('does not follow a redirect', async () => {
    const other = await startReceiver();
    try {
      const u = newUser();
      const { id } = await register(u);
      receiver.replies.push({ status: 302, headers: { location: `${other.url}/elsewhere` } });
      await h.deliver(filled(u));
      await h.runDeliveries();
      const [entry] = await log(u, id);
      expect(entry).toMatchObject({
        status: 'failed',
        lastStatusCode: 302,
        lastError: 'redirect not followed (HTTP 302)',
      });
      expect(other.requests).toHaveLength(0);
    } finally {
      await other.close();
    }
  });

  it('gives up on a receiver that does not answer in time', async () => {
    const u = newUser();
    const { id } = await register(u);
    receiver.replies.push({ status: 200, delayMs: 1_500 });
    await h.deliver(filled(u));
    await h.runDeliveries();
    const [entry] = await log(u, id);
    expect(entry.status).toBe('failed');
    expect(entry.lastError).toMatch(/timeout|abort/i);
  });

  it('connects to the checked address of a name, and refuses when the name moves somewhere forbidden', async () => {
    const u = newUser();
    const res = await h.call('POST', '/v1/notifications/webhooks', u, {
      url: `http://hooks.internal.test:${receiver.port}/named/${u}`,
    });
    expect(res.statusCode).toBe(201);
    const { id } = res.json();
    await h.deliver(filled(u));
    await h.runDeliveries();
    // The name exists only in the test's resolver: the request reached the address it answered.
    const first = requestsFor(u);
    expect(first).toHaveLength(1);
    expect(first[0]!.headers.host).toBe(`hooks.internal.test:${receiver.port}`);

    // A name not allow-listed that first pointed somewhere public, now at loopback (DNS rebinding).
    dns.table['rebind.example.com'] = ['93.184.216.34'];
    const v = newUser();
    const rebind = await h.call('POST', '/v1/notifications/webhooks', v, {
      url: `http://rebind.example.com:${receiver.port}/x/${v}`,
    });
    expect(rebind.statusCode).toBe(201);
    dns.table['rebind.example.com'] = ['127.0.0.2'];
    await h.deliver(filled(v));
    await h.runDeliveries();
    const [entry] = await log(v, rebind.json().id);
    expect(entry.status).toBe('failed');
    expect(entry.lastError).toMatch(/^target refused: .*127\.0\.0\.2 \(loopback\)/);
    expect(requestsFor(v)).toHaveLength(0);
    expect(id).toBeDefined();
  });

  it('sends a test delivery on demand, once, and logs it', async () => {
    const u = newUser();
    const { id, secret } = await register(u);
    const res = await h.call('POST', `/v1/notifications/webhooks/${id}/test`, u);
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      type: 'webhook.test',
      status: 'delivered',
      attempts: 1,
      notificationId: null,
    });
    const req = receiver.requests.find((r) => r.headers['tradeplane-delivery'] === res.json().id)!;
    expect(req.headers['tradeplane-event']).toBe('webhook.test');
    expect(
      verifyWebhookSignature(
        secret,
        req.headers['tradeplane-signature'] as string,
        req.body,
        300,
        clock.now().getTime() / 1000,
      ),
    ).toBe(true);
    receiver.replies.push({ status: 500 });
    const failed = await h.call('POST', `/v1/notifications/webhooks/${id}/test`, u);
    expect(failed.json()).toMatchObject({ status: 'dead', lastStatusCode: 500 });
    clock.advance(HOUR);
    await h.runDeliveries();
    expect((await log(u, id)).map((d) => [d.type, d.status, d.attempts])).toEqual([
      ['webhook.test', 'dead', 1],
      ['webhook.test', 'delivered', 1],
    ]);
  });
});

describe('webhooks without an allow-list entry for loopback', () => {
  it('refuses 127.0.0.1 at registration and succeeds once the allow-list admits it', async () => {
    const receiver = await startReceiver();
    const h = await startNotifications();
    try {
      const u = newUser();
      const refused = await h.call('POST', '/v1/notifications/webhooks', u, { url: `${receiver.url}/hook` });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({
        code: 'NOTIFICATIONS_WEBHOOK_TARGET_FORBIDDEN',
        host: '127.0.0.1',
        address: '127.0.0.1',
        reason: 'loopback',
      });
      const admin = newUser();
      await h.call('PUT', '/v1/notifications/admin/webhook-allowlist', admin, { entries: ['127.0.0.1'] }, [
        'admin',
      ]);
      const ok = await h.call('POST', '/v1/notifications/webhooks', u, { url: `${receiver.url}/hook` });
      expect(ok.statusCode).toBe(201);
      await h.deliver(filled(u));
      await h.runDeliveries();
      expect(receiver.requests).toHaveLength(1);
      // Taken off the list again: the next delivery is refused before any connection.
      await h.call('PUT', '/v1/notifications/admin/webhook-allowlist', admin, { entries: [] }, ['admin']);
      await h.deliver(filled(u));
      await h.runDeliveries();
      expect(receiver.requests).toHaveLength(1);
      const rows = (await deliveriesOf(h, u)).filter((r) => r.channel === 'webhook');
      expect(rows.map((r) => r.status).sort()).toEqual(['delivered', 'failed']);
    } finally {
      await h.close();
      await receiver.close();
    }
  });
});
