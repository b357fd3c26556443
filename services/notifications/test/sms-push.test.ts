import { generateKeyPairSync } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import { importSPKI, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ConfigError, loadConfig } from '@tradeplane/kit';
import { channelSettings, NotificationsConfig } from '../src/config.ts';
import { normalizeAllowEntry } from '../src/domain/webhook-target.ts';
import { deliveriesOf, filled, newUser, startNotifications, type Harness } from './helper.ts';

interface Recorded {
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

async function serve(handler: (req: Recorded, res: http.ServerResponse) => void | Promise<void>) {
  const requests: Recorded[] = [];
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const r = { url: req.url ?? '', headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      requests.push(r);
      void Promise.resolve(handler(r, res)).catch(() => {
        res.writeHead(500);
        res.end();
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    url,
    requests,
    close: () =>
      new Promise<void>((r) => {
        server.closeAllConnections();
        server.close(() => r());
      }),
  };
}

const json = (res: http.ServerResponse, status: number, body: unknown) => {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
};

const SID = 'AC0123456789abcdef';
const AUTH_TOKEN = 'twilio-auth-token';

describe('SMS through Twilio and push through FCM', () => {
  let twilio: Awaited<ReturnType<typeof serve>>;
  let fcm: Awaited<ReturnType<typeof serve>>;
  let h: Harness;
  const keys = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    publicKeyEncoding: { type: 'spki', format: 'pem' },
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
  });
  const ACCESS_TOKEN = 'ya29.fake-access-token';

  beforeAll(async () => {
    twilio = await serve((req, res) => {
      const expected = `Basic ${Buffer.from(`${SID}:${AUTH_TOKEN}`).toString('base64')}`;
      if (req.headers.authorization !== expected)
        return json(res, 401, { code: 20003, message: 'Authenticate' });
      if (req.url !== `/2010-04-01/Accounts/${SID}/Messages.json`)
        return json(res, 404, { message: 'no route' });
      const form = new URLSearchParams(req.body);
      if (form.get('To') === '+15005550001')
        return json(res, 400, { code: 21211, message: "The 'To' number is not a valid phone number." });
      json(res, 201, { sid: 'SM123', status: 'queued' });
    });
    fcm = await serve(async (req, res) => {
      if (req.url === '/token') {
        const form = new URLSearchParams(req.body);
        if (form.get('grant_type') !== 'urn:ietf:params:oauth:grant-type:jwt-bearer')
          return json(res, 400, { error: 'unsupported_grant_type' });
        try {
          const { payload, protectedHeader } = await jwtVerify(
            form.get('assertion')!,
            await importSPKI(keys.publicKey, 'RS256'),
            {
              issuer: 'push@proj-1.iam.gserviceaccount.com',
              audience: `${fcm.url}/token`,
            },
          );
          if (
            protectedHeader.alg !== 'RS256' ||
            payload.scope !== 'https://www.googleapis.com/auth/firebase.messaging'
          )
            return json(res, 400, { error: 'invalid_scope' });
        } catch {
          return json(res, 400, { error: 'invalid_grant' });
        }
        return json(res, 200, { access_token: ACCESS_TOKEN, expires_in: 3599, token_type: 'Bearer' });
      }
      if (req.url === '/v1/projects/proj-1/messages:send') {
        if (req.headers.authorization !== `Bearer ${ACCESS_TOKEN}`)
          return json(res, 401, { error: { status: 'UNAUTHENTICATED', message: 'bad token' } });
        const { message } = JSON.parse(req.body);
        if (message.token === 'dead-token')
          return json(res, 404, {
            error: {
              status: 'NOT_FOUND',
              message: 'Requested entity was not found.',
              details: [{ errorCode: 'UNREGISTERED' }],
            },
          });
        if (message.token === 'flaky-token')
          return json(res, 503, { error: { status: 'UNAVAILABLE', message: 'try later' } });
        return json(res, 200, { name: 'projects/proj-1/messages/1' });
      }
      json(res, 404, {});
    });
    h = await startNotifications({
      env: {
        TWILIO_ACCOUNT_SID: SID,
        TWILIO_AUTH_TOKEN: AUTH_TOKEN,
        TWILIO_FROM: '+15005550006',
        TWILIO_BASE_URL: twilio.url,
        FCM_BASE_URL: fcm.url,
        FCM_SERVICE_ACCOUNT_JSON: JSON.stringify({
          type: 'service_account',
          project_id: 'proj-1',
          client_email: 'push@proj-1.iam.gserviceaccount.com',
          private_key: keys.privateKey,
          token_uri: `${fcm.url}/token`,
        }),
      },
    });
  });
  afterAll(async () => {
    await h.close();
    await twilio.close();
    await fcm.close();
  });

  const enable = (userId: string, channels: Record<string, boolean>, more: Record<string, unknown> = {}) =>
    h.call('PUT', '/v1/notifications/preferences', userId, {
      ...more,
      preferences: [{ type: 'order.filled', channels }],
    });
  const row = async (userId: string, channel: string) =>
    (await deliveriesOf(h, userId)).find((r) => r.channel === channel);

  it('texts the owner through Twilio with basic auth and a form body', async () => {
    const u = newUser();
    await enable(u, { sms: true, email: false }, { phone: '+14155550100' });
    await h.deliver(filled(u));
    await h.runDeliveries();
    const sent = twilio.requests.filter((r) => new URLSearchParams(r.body).get('To') === '+14155550100');
    expect(sent).toHaveLength(1);
    const form = new URLSearchParams(sent[0]!.body);
    expect(form.get('From')).toBe('+15005550006');
    expect(form.get('Body')).toContain('Bought 10 AAPL at 190.12');
    expect(sent[0]!.headers['content-type']).toBe('application/x-www-form-urlencoded');
    expect(await row(u, 'sms')).toMatchObject({ status: 'delivered', last_status_code: 201 });
  });

  it('skips SMS without a phone number and gives up on a number Twilio refuses', async () => {
    const u = newUser();
    await enable(u, { sms: true });
    await h.deliver(filled(u));
    await h.runDeliveries();
    expect(await row(u, 'sms')).toMatchObject({
      status: 'skipped',
      last_error: 'no phone number in the preferences',
    });

    const v = newUser();
    await enable(v, { sms: true }, { phone: '+15005550001' });
    await h.deliver(filled(v));
    await h.runDeliveries();
    const r = await row(v, 'sms');
    expect(r.status).toBe('dead');
    expect(r.last_status_code).toBe(400);
    expect(r.last_error).toContain('21211');
  });

  it('pushes to every registered device with an OAuth2 token from the service account, and drops dead tokens', async () => {
    const u = newUser();
    await enable(u, { push: true });
    for (const token of ['good-token-1', 'dead-token'])
      expect(
        (await h.call('POST', '/v1/notifications/devices', u, { token, platform: 'android' })).statusCode,
      ).toBe(201);
    await h.deliver(filled(u));
    await h.runDeliveries();
    const sends = fcm.requests.filter((r) => r.url.endsWith('messages:send'));
    const byToken = sends.map((r) => JSON.parse(r.body).message);
    expect(byToken.map((m: any) => m.token).sort()).toEqual(['dead-token', 'good-token-1']);
    expect(byToken[0]).toMatchObject({
      notification: { title: 'Bought 10 AAPL at 190.12' },
      data: { type: 'order.filled', notificationId: expect.any(String) },
    });
    expect(await row(u, 'push')).toMatchObject({ status: 'delivered' });
    const devices = (await h.call('GET', '/v1/notifications/devices', u)).json().items;
    expect(devices.map((d: any) => d.token)).toEqual(['good-token-1']);

    // The access token is reused until it nears its expiry.
    await h.deliver(filled(u));
    await h.runDeliveries();
    expect(fcm.requests.filter((r) => r.url === '/token')).toHaveLength(1);
  });

  it('retries push while FCM is unavailable and skips users without devices', async () => {
    const u = newUser();
    await enable(u, { push: true });
    await h.call('POST', '/v1/notifications/devices', u, { token: 'flaky-token', platform: 'ios' });
    await h.deliver(filled(u));
    await h.runDeliveries();
    expect(await row(u, 'push')).toMatchObject({ status: 'failed', last_status_code: 503 });

    const v = newUser();
    await enable(v, { push: true });
    await h.deliver(filled(v));
    await h.runDeliveries();
    expect(await row(v, 'push')).toMatchObject({ status: 'skipped', last_error: 'no registered devices' });
  });

  it("manages devices: a token registered again moves, another user's device is 404, bad input is 400", async () => {
    const owner = newUser();
    const other = newUser();
    const first = (
      await h.call('POST', '/v1/notifications/devices', owner, {
        token: 'shared-token',
        platform: 'web',
        name: 'Laptop',
      })
    ).json();
    const again = (
      await h.call('POST', '/v1/notifications/devices', owner, { token: 'shared-token', platform: 'web' })
    ).json();
    expect(again).toMatchObject({ id: first.id, name: 'Laptop' });
    expect((await h.call('DELETE', `/v1/notifications/devices/${first.id}`, other)).statusCode).toBe(404);
    expect((await h.call('GET', '/v1/notifications/devices', owner)).json().items).toHaveLength(1);
    // The install changed hands: the token now belongs to the other user only.
    await h.call('POST', '/v1/notifications/devices', other, { token: 'shared-token', platform: 'web' });
    expect((await h.call('GET', '/v1/notifications/devices', owner)).json().items).toEqual([]);
    expect((await h.call('GET', '/v1/notifications/devices', other)).json().items).toHaveLength(1);
    for (const body of [
      { token: 'x', platform: 'blackberry' },
      { platform: 'ios' },
      { token: '', platform: 'ios' },
    ])
      expect((await h.call('POST', '/v1/notifications/devices', owner, body)).statusCode).toBe(400);
    expect((await h.call('DELETE', '/v1/notifications/devices/nope', owner)).statusCode).toBe(400);
  });
});

describe('SMS and push without provider keys', () => {
  it('accepts the switches and records the deliveries as skipped, with the reason', async () => {
    const h = await startNotifications();
    try {
      const u = newUser();
      const res = await h.call('PUT', '/v1/notifications/preferences', u, {
        phone: '+14155550100',
        preferences: [{ type: 'order.filled', channels: { sms: true, push: true } }],
      });
      expect(res.statusCode).toBe(200);
      await h.call('POST', '/v1/notifications/devices', u, { token: 'tok', platform: 'android' });
      await h.deliver(filled(u));
      await h.runDeliveries();
      const rows = await deliveriesOf(h, u);
      expect(rows.find((r) => r.channel === 'sms')).toMatchObject({
        status: 'skipped',
        last_error: 'SMS is not configured (TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM)',
      });
      expect(rows.find((r) => r.channel === 'push')).toMatchObject({
        status: 'skipped',
        last_error: 'push is not configured (FCM_SERVICE_ACCOUNT_JSON)',
      });
    } finally {
      await h.close();
    }
  });

  it('refuses to boot with half a Twilio configuration or an unreadable service account', () => {
    // What buildRuntime runs at boot (a test that boots would leave its database behind on failure).
    const settings = (env: Record<string, string>) =>
      channelSettings(loadConfig(NotificationsConfig, env), normalizeAllowEntry);
    expect(() => settings({ TWILIO_ACCOUNT_SID: SID })).toThrow(/missing TWILIO_AUTH_TOKEN, TWILIO_FROM/);
    expect(() => settings({ FCM_SERVICE_ACCOUNT_JSON: '{"client_email":"x"}' })).toThrow(
      /missing private_key, project_id/,
    );
    expect(() => settings({ FCM_SERVICE_ACCOUNT_JSON: 'not json' })).toThrow(/not valid JSON/);
    expect(() => settings({ NOTIFICATIONS_WEBHOOK_ALLOWLIST: 'ok.example, not a host' })).toThrow(
      ConfigError,
    );
    expect(
      settings({ NOTIFICATIONS_WEBHOOK_ALLOWLIST: ' Hooks.Corp.example ,10.0.0.0/8,*.lan' }).allowlist,
    ).toEqual(['hooks.corp.example', '10.0.0.0/8', '*.lan']);
  });
});
