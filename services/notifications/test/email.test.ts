import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deliveriesOf,
  event,
  filled,
  newUser,
  outbox,
  startNotifications,
  startSmtp,
  type Harness,
} from './helper.ts';

describe('email over a real SMTP server', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let h: Harness;
  beforeAll(async () => {
    smtp = await startSmtp();
    h = await startNotifications({
      env: { SMTP_URL: smtp.url, SMTP_FROM: 'Tradeplane <alerts@tradeplane.test>' },
    });
  });
  afterAll(async () => {
    await h.close();
    await smtp.close();
  });

  const mailsTo = (address: string) => smtp.messages.filter((m) => m.to.includes(address));
  const emailRow = async (userId: string) =>
    (await deliveriesOf(h, userId)).find((r) => r.channel === 'email');

  it('sends a fill to the address identity knows, and keeps that address', async () => {
    const u = newUser();
    h.directory.emails.set(u, 'grace@example.com');
    await h.deliver(filled(u));
    await h.runDeliveries();
    const [mail] = mailsTo('grace@example.com');
    expect(mail).toBeDefined();
    expect(mail!.from).toBe('alerts@tradeplane.test');
    expect(mail!.raw).toContain('Subject: Bought 10 AAPL at 190.12');
    expect(mail!.raw).toContain('bought 10 AAPL at an average price of 190.12');
    expect(mail!.raw).toContain('text/html');
    const row = await emailRow(u);
    expect(row).toMatchObject({ status: 'delivered', attempts: 1, last_error: null });
    const announced = (await outbox(h, 'notification.delivered')).filter((e) => e.data.userId === u);
    expect(announced.map((e) => e.data.channel).sort()).toEqual(['email', 'websocket']);
    // Kept: the next email does not ask identity again.
    const calls = h.directory.calls;
    await h.deliver(filled(u));
    await h.runDeliveries();
    expect(mailsTo('grace@example.com')).toHaveLength(2);
    expect(h.directory.calls).toBe(calls);
  });

  it('uses the address from user.registered without asking identity', async () => {
    const u = newUser();
    await h.deliver(
      event('user.registered', { userId: u, email: 'linus@example.com', role: 'user' }, 'identity'),
    );
    const calls = h.directory.calls;
    await h.deliver(filled(u));
    await h.runDeliveries();
    expect(mailsTo('linus@example.com')).toHaveLength(1);
    expect(h.directory.calls).toBe(calls);
  });

  it("sends to the owner's override address instead", async () => {
    const u = newUser();
    h.directory.emails.set(u, 'account@example.com');
    await h.call('PUT', '/v1/notifications/preferences', u, { email: 'desk@example.com' });
    await h.deliver(filled(u));
    await h.runDeliveries();
    expect(mailsTo('desk@example.com')).toHaveLength(1);
    expect(mailsTo('account@example.com')).toHaveLength(0);
  });

  it('sends no email when the owner switched email off for the type', async () => {
    const u = newUser();
    h.directory.emails.set(u, 'quiet@example.com');
    await h.call('PUT', '/v1/notifications/preferences', u, {
      preferences: [{ type: 'order.filled', channels: { email: false } }],
    });
    await h.deliver(filled(u));
    await h.runDeliveries();
    expect(mailsTo('quiet@example.com')).toHaveLength(0);
    expect(await emailRow(u)).toBeUndefined();
  });

  it('records a skip when no address is known, and retries while identity is down', async () => {
    const nobody = newUser();
    await h.deliver(filled(nobody));
    await h.runDeliveries();
    expect(await emailRow(nobody)).toMatchObject({
      status: 'skipped',
      last_error: 'no email address is known for the user',
    });

    const u = newUser();
    h.directory.emails.set(u, 'later@example.com');
    h.directory.down = true;
    try {
      await h.deliver(filled(u));
      await h.runDeliveries();
      expect(await emailRow(u)).toMatchObject({ status: 'failed', attempts: 1 });
    } finally {
      h.directory.down = false;
    }
    h.clock.advance(60_000);
    await h.runDeliveries();
    expect(await emailRow(u)).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(mailsTo('later@example.com')).toHaveLength(1);
  });

  it('gives up at once on a mailbox the server refuses (550)', async () => {
    const u = newUser();
    h.directory.emails.set(u, 'bounce@example.com');
    await h.deliver(filled(u));
    await h.runDeliveries();
    const row = await emailRow(u);
    expect(row.status).toBe('dead');
    expect(row.last_error).toMatch(/550|mailbox unavailable/);
  });
});

describe('email without SMTP_URL', () => {
  it('renders the whole message into the log transport', async () => {
    const h = await startNotifications();
    try {
      const u = newUser();
      h.directory.emails.set(u, 'offline@example.com');
      await h.deliver(filled(u));
      await h.runDeliveries();
      expect(h.rt.mailer.kind).toBe('log');
      const entry = h.mailLog.find((l) => l.obj.to === 'offline@example.com');
      expect(entry).toBeDefined();
      expect(entry!.obj.subject).toBe('Bought 10 AAPL at 190.12');
      expect(entry!.obj.message).toEqual(expect.stringContaining('To: offline@example.com'));
      expect(entry!.obj.message).toEqual(expect.stringContaining('Subject: Bought 10 AAPL at 190.12'));
      expect((await deliveriesOf(h, u)).find((r) => r.channel === 'email')).toMatchObject({
        status: 'delivered',
      });
    } finally {
      await h.close();
    }
  });
});

describe('the address lookup at identity', () => {
  it('asks GET /internal/users/:id with an internal token and keeps the answer', async () => {
    const seen: { url: string; token: string | undefined }[] = [];
    const u = newUser();
    const identity = http.createServer((req, res) => {
      seen.push({ url: req.url ?? '', token: req.headers['x-internal-token'] as string | undefined });
      if (req.url === `/internal/users/${u}`) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(JSON.stringify({ id: u, email: 'from-identity@example.com' }));
      } else {
        res.writeHead(404, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ status: 404, code: 'IDENTITY_USER_NOT_FOUND' }));
      }
    });
    await new Promise<void>((r) => identity.listen(0, '127.0.0.1', r));
    const port = (identity.address() as AddressInfo).port;
    const h = await startNotifications({
      fakeDirectory: false,
      env: { IDENTITY_URL: `http://127.0.0.1:${port}` },
    });
    try {
      const prefs = (await h.call('GET', '/v1/notifications/preferences', u)).json();
      expect(prefs.email).toBe('from-identity@example.com');
      expect(seen).toHaveLength(1);
      expect(seen[0]!.token).toEqual(expect.any(String));
      const token = h.t.platform.internalAuth.verify(seen[0]!.token!, 'identity');
      expect(token.via).toBe('service');
      // Kept: asked once.
      await h.call('GET', '/v1/notifications/preferences', u);
      expect(seen).toHaveLength(1);
      const unknown = (await h.call('GET', '/v1/notifications/preferences', newUser())).json();
      expect(unknown.email).toBeNull();
    } finally {
      await h.close();
      await new Promise<void>((r) => identity.close(() => r()));
    }
  });
});
