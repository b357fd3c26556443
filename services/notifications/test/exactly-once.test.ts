import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deliveriesOf,
  filled,
  newUser,
  startNotifications,
  startReceiver,
  startSmtp,
  waitFor,
  type Harness,
  type Receiver,
} from './helper.ts';

/** Redelivery (at-least-once bus) must never become a second email or webhook call. */
describe('a redelivered order.filled', () => {
  let smtp: Awaited<ReturnType<typeof startSmtp>>;
  let receiver: Receiver;
  beforeAll(async () => {
    smtp = await startSmtp();
    receiver = await startReceiver();
  });
  afterAll(async () => {
    await receiver.close();
    await smtp.close();
  });

  const env = () => ({ SMTP_URL: smtp.url, NOTIFICATIONS_WEBHOOK_ALLOWLIST: '127.0.0.1' });

  async function setUp(h: Harness) {
    const u = newUser();
    h.directory.emails.set(u, `${u}@example.com`);
    const res = await h.call('POST', '/v1/notifications/webhooks', u, { url: `${receiver.url}/once/${u}` });
    expect(res.statusCode).toBe(201);
    return u;
  }

  const counts = async (h: Harness, u: string) => ({
    inbox: (await h.call('GET', '/v1/notifications', u)).json().items.length,
    emails: smtp.messages.filter((m) => m.to.includes(`${u}@example.com`)).length,
    webhooks: receiver.requests.filter((r) => r.url === `/once/${u}`).length,
  });

  it('makes one inbox item, one email and one webhook call (consumer called twice, worker run repeatedly)', async () => {
    const h = await startNotifications({ env: env() });
    try {
      const u = await setUp(h);
      const e = filled(u);
      await h.deliver(e);
      await Promise.all([h.runDeliveries(), h.rt.worker.runOnce()]);
      await h.deliver(e);
      await Promise.all([h.runDeliveries(), h.runDeliveries()]);
      h.clock.advance(48 * 3_600_000);
      await h.runDeliveries();
      expect(await counts(h, u)).toEqual({ inbox: 1, emails: 1, webhooks: 1 });
      const rows = await deliveriesOf(h, u);
      expect(rows.map((r) => [r.channel, r.status]).sort()).toEqual([
        ['email', 'delivered'],
        ['inbox', 'delivered'],
        ['webhook', 'delivered'],
        ['websocket', 'delivered'],
      ]);
    } finally {
      await h.close();
    }
  });

  it('makes one of each when the bus hands the same event over twice to the running service', async () => {
    const h = await startNotifications({
      env: { ...env(), NOTIFICATIONS_DELIVERY_POLL_MS: '20' },
      background: true,
    });
    try {
      const u = await setUp(h);
      const e = filled(u);
      await h.t.platform.bus.publish([e]);
      await h.t.platform.bus.publish([e]);
      await waitFor(async () => {
        const c = await counts(h, u);
        return c.emails === 1 && c.webhooks === 1;
      });
      // Let the loops go round a few more times: nothing more may arrive.
      await new Promise((r) => setTimeout(r, 200));
      expect(await counts(h, u)).toEqual({ inbox: 1, emails: 1, webhooks: 1 });
    } finally {
      await h.close();
    }
  });
});
