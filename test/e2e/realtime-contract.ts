import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect, it } from 'vitest';
import { SMTPServer } from 'smtp-server';
import { verifyWebhookSignature } from '@tradeplane/notifications';
import { bearer, http, trader } from './embedded.ts';
import { waitFor } from './cluster.ts';
import { StreamClient } from './stream-client.ts';

export interface Mail {
  to: string[];
  raw: string;
}

export interface Hook {
  path: string;
  headers: Record<string, string | string[] | undefined>;
  raw: string;
}

/** A real SMTP server and an HTTP webhook receiver on loopback, started before the platform. */
export interface Sinks {
  smtpUrl: string;
  hookBase: string;
  mails: Mail[];
  hooks: Hook[];
  /** Platform env that points notifications at these sinks. */
  env: Record<string, string>;
  close(): Promise<void>;
}

export async function startSinks(): Promise<Sinks> {
  const mails: Mail[] = [];
  const hooks: Hook[] = [];
  const smtp = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, session, callback) {
      let raw = '';
      stream.on('data', (c: Buffer) => (raw += c.toString('utf8')));
      stream.on('end', () => {
        mails.push({ to: session.envelope.rcptTo.map((r) => r.address), raw });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => smtp.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;
  const receiver: Server = createServer((req, res) => {
    let raw = '';
    req.on('data', (c: Buffer) => (raw += c.toString('utf8')));
    req.on('end', () => {
      hooks.push({ path: req.url ?? '', headers: req.headers, raw });
      res.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
  const hookBase = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}`;
  const smtpUrl = `smtp://127.0.0.1:${smtpPort}`;
  return {
    smtpUrl,
    hookBase,
    mails,
    hooks,
    env: {
      SMTP_URL: smtpUrl,
      NOTIFICATIONS_WEBHOOK_ALLOWLIST: '127.0.0.1',
      NOTIFICATIONS_DELIVERY_POLL_MS: '200',
    },
    async close() {
      await new Promise<void>((resolve) => smtp.close(() => resolve()));
      await new Promise<void>((resolve) => receiver.close(() => resolve()));
    },
  };
}

/**
 * The real-time promise of the platform, the same in every mode: an order filled through the
 * Alpaca-compatible API reaches a `/v1/stream` client, the inbox, an email and a signed webhook,
 * each exactly once.
 */
export function realtimeContract(base: () => string, sinks: () => Sinks): void {
  it('delivers a fill to the stream, the inbox, an email and a signed webhook, each exactly once', async () => {
    const t = await trader(base(), 'realtime');
    const auth = bearer(t.token);
    const stream = await StreamClient.open(
      `${base().replace(/^http/, 'ws')}/v1/stream?token=${encodeURIComponent(t.token)}`,
    );
    try {
      await stream.subscribe(['orders', 'notifications']);
      const prefs = await http(base(), 'PUT', '/v1/notifications/preferences', {
        headers: auth,
        body: {
          preferences: [
            { type: 'order.filled', channels: { inbox: true, websocket: true, email: true, webhook: true } },
          ],
        },
      });
      expect(prefs.status).toBe(200);
      const hook = await http(base(), 'POST', '/v1/notifications/webhooks', {
        headers: auth,
        body: { url: `${sinks().hookBase}/hooks/${t.userId}`, types: ['order.filled'] },
      });
      expect(hook.status).toBe(201);
      const secret = hook.body.secret as string;

      // Right after a cluster starts, the market may not have quoted yet: orders refuses with 503
      // and stores nothing (decision 0004), so the same client_order_id may be sent again.
      const body = {
        symbol: 'AAPL',
        qty: '2',
        side: 'buy',
        type: 'market',
        time_in_force: 'day',
        client_order_id: `rt-${t.userId}`,
      };
      let placed = await http(base(), 'POST', '/alpaca/v2/orders', { headers: t.keyHeaders, body });
      await waitFor(
        async () => {
          if (placed.status !== 503) return true;
          placed = await http(base(), 'POST', '/alpaca/v2/orders', { headers: t.keyHeaders, body });
          return placed.status !== 503;
        },
        30_000,
        () => JSON.stringify(placed.body),
      );
      expect(placed.status, JSON.stringify(placed.body)).toBe(200);
      const orderId = placed.body.id as string;

      const fillsOnStream = () =>
        stream.events('orders').filter((e) => e.event === 'order.filled' && e.data.order.id === orderId);
      const pushed = () =>
        stream
          .events('notifications')
          .filter((e) => e.data.type === 'order.filled' && e.data.data?.orderId === orderId);
      const inbox = async () => {
        const res = await http(base(), 'GET', '/v1/notifications?limit=50', { headers: auth });
        return (res.body.items as { type: string; data: { orderId?: string } }[]).filter(
          (n) => n.type === 'order.filled' && n.data.orderId === orderId,
        );
      };
      const mails = () => sinks().mails.filter((m) => m.to.includes(t.email));
      const hooks = () => sinks().hooks.filter((h) => h.path === `/hooks/${t.userId}`);

      await waitFor(
        async () =>
          fillsOnStream().length > 0 &&
          pushed().length > 0 &&
          (await inbox()).length > 0 &&
          mails().length > 0 &&
          hooks().length > 0,
        30_000,
        () =>
          JSON.stringify({
            stream: fillsOnStream().length,
            pushed: pushed().length,
            mails: mails().length,
            hooks: hooks().length,
          }),
      );
      // Redeliveries and a second instance would show up here as repeats: give them a moment.
      await new Promise((r) => setTimeout(r, 1_500));

      expect(fillsOnStream()).toHaveLength(1);
      expect(pushed()).toHaveLength(1);
      const items = await inbox();
      expect(items).toHaveLength(1);
      expect(mails()).toHaveLength(1);
      expect(mails()[0]!.raw).toContain('AAPL');
      const delivered = hooks();
      expect(delivered).toHaveLength(1);
      const h = delivered[0]!;
      expect(h.headers['tradeplane-event']).toBe('order.filled');
      expect(verifyWebhookSignature(secret, h.headers['tradeplane-signature'] as string, h.raw)).toBe(true);
      expect(
        verifyWebhookSignature('another-secret', h.headers['tradeplane-signature'] as string, h.raw),
      ).toBe(false);
      expect(JSON.parse(h.raw).notification.data.orderId).toBe(orderId);

      const log = await http(base(), 'GET', `/v1/notifications/webhooks/${hook.body.id}/deliveries`, {
        headers: auth,
      });
      expect(log.body.items.filter((d: { status: string }) => d.status === 'delivered')).toHaveLength(1);
    } finally {
      stream.close();
    }
  });
}
