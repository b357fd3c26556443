import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKET_CHANNELS, type OrderSnapshot, type StreamQuote } from '@tradeplane/contracts';
import { buildEvent } from '@tradeplane/kit';
import { startTestService, type TestService } from '@tradeplane/kit/testing';
import { gatewayService } from '../src/app.ts';
import { fakeIdentity } from './fake-identity.ts';
import { StreamClient } from '../../../test/e2e/stream-client.ts';

const KEYS = {
  PKALICE: { secret: 'alice-secret', userId: 'user-alice' },
  PKBOB: { secret: 'bob-secret', userId: 'user-bob' },
};

/** A client of the stream authenticated with one of the fake API keys. */
async function as(base: string, key: keyof typeof KEYS): Promise<StreamClient> {
  return StreamClient.open(`${base}/v1/stream`, {
    'apca-api-key-id': key,
    'apca-api-secret-key': KEYS[key].secret,
  });
}

const order = (userId: string, id: string, status = 'filled'): OrderSnapshot => ({
  id,
  clientOrderId: `c-${id}`,
  accountId: `acct-${userId}`,
  userId,
  symbol: 'AAPL',
  side: 'buy',
  type: 'market',
  timeInForce: 'day',
  orderClass: 'simple',
  qty: '10',
  notional: null,
  filledQty: status === 'filled' ? '10' : '0',
  filledAvgPrice: status === 'filled' ? '190.12' : null,
  limitPrice: null,
  stopPrice: null,
  status,
  parentOrderId: null,
  createdAt: '2026-11-20T15:00:00.000Z',
  updatedAt: '2026-11-20T15:00:01.000Z',
});

const quote = (S: string, bp: number): StreamQuote => ({
  S,
  bp,
  bs: 1,
  ap: bp + 0.02,
  as: 2,
  bx: 'V',
  ax: 'V',
  t: '2026-11-20T15:30:00.123Z',
});

describe('/v1/stream', () => {
  let identity: Awaited<ReturnType<typeof fakeIdentity>>;
  let gw: TestService;
  let base: string;

  const publish = (type: string, data: unknown) =>
    gw.platform.bus.publish([buildEvent('test', { type, data })]);

  beforeAll(async () => {
    identity = await fakeIdentity(KEYS);
    gw = await startTestService(gatewayService as never, {
      env: {
        IDENTITY_URL: identity.url,
        CONTROL_URL: 'http://127.0.0.1:1',
        // No market-data: symbols are checked for form only.
        MARKET_DATA_URL: 'http://127.0.0.1:1',
        API_KEY_CACHE_MS: '60000',
        STREAM_AUTH_TIMEOUT_MS: '300',
        STREAM_ACCOUNT_MAX_BUFFERED_BYTES: '1024',
      },
    });
    base = (await gw.service.listen(0)).replace(/^http/, 'ws');
  });
  afterAll(async () => {
    await gw?.close();
    identity?.server.close();
  });

  it('refuses a bad credential before any data, with 4001', async () => {
    const c = await StreamClient.connect(`${base}/v1/stream`, {
      'apca-api-key-id': 'PKALICE',
      'apca-api-secret-key': 'wrong',
    });
    expect(await c.closed()).toBe(4001);
    expect(c.messages).toHaveLength(1);
    expect(c.messages[0]).toMatchObject({ type: 'error', code: 'UNAUTHORIZED' });
  });

  it('refuses a malformed token on the URL, and a client that never authenticates', async () => {
    const bad = await StreamClient.connect(`${base}/v1/stream?token=not-a-jwt`);
    expect(await bad.closed()).toBe(4001);
    expect(bad.messages.map((m) => m.code)).toEqual(['UNAUTHORIZED']);
    const silent = await StreamClient.connect(`${base}/v1/stream`);
    expect(await silent.closed()).toBe(4001);
    expect(silent.messages[0]).toMatchObject({ type: 'error', code: 'UNAUTHORIZED' });
  });

  it('authenticates with an auth message, then acks subscriptions and explains unknown channels', async () => {
    const c = await StreamClient.connect(`${base}/v1/stream`);
    try {
      c.send({ type: 'subscribe', id: 'early', channels: ['orders'] });
      expect(await c.next((m) => m.type === 'error')).toMatchObject({ code: 'UNAUTHORIZED' });
      expect(await c.closed()).toBe(4001);
    } finally {
      c.close();
    }
    const d = await StreamClient.connect(`${base}/v1/stream`);
    try {
      d.send({ type: 'auth', keyId: 'PKALICE', secret: 'alice-secret' });
      expect(await d.next((m) => m.type === 'welcome')).toMatchObject({
        userId: 'user-alice',
        heartbeatMs: 15000,
      });
      const from = d.messages.length;
      const ack = await d.subscribe(['orders', 'quotes:AAPL', 'weather', 'quotes:not a symbol', 'agents']);
      expect(ack.subscribed).toEqual(['orders', 'quotes:AAPL']);
      const errors = d.messages.slice(from).filter((m) => m.type === 'error');
      expect(errors.map((e) => [e.code, e.channel])).toEqual([
        ['UNKNOWN_CHANNEL', 'weather'],
        ['UNKNOWN_CHANNEL', 'quotes:not a symbol'],
        ['UNKNOWN_CHANNEL', 'agents'],
      ]);
      d.send({ type: 'ping', id: 'p1' });
      expect(await d.next((m) => m.type === 'pong')).toMatchObject({ id: 'p1' });
      d.ws.send('{not json');
      expect(await d.next((m) => m.code === 'BAD_MESSAGE')).toMatchObject({ type: 'error' });
      d.send({ type: 'unsubscribe', id: 'u1', channels: ['quotes:AAPL'] });
      expect(await d.next((m) => m.type === 'ack' && m.id === 'u1')).toMatchObject({
        subscribed: ['orders'],
      });
    } finally {
      d.close();
    }
  });

  it('sends each user only their own account events, on the channels they asked for', async () => {
    const alice = await as(base, 'PKALICE');
    const bob = await as(base, 'PKBOB');
    try {
      await alice.subscribe(['orders', 'positions']);
      await bob.subscribe(['orders']);
      await publish('order.filled', { order: order('user-bob', 'o-bob-1'), fill: { qty: '10' } });
      await publish('order.filled', { order: order('user-alice', 'o-alice-1') });
      await publish('position.changed', { userId: 'user-alice', accountId: 'a', symbol: 'AAPL', qty: '10' });
      await publish('portfolio.valued', { userId: 'user-alice', accountId: 'a', equity: '1', cash: '1' });
      await publish('notification.delivered', {
        userId: 'user-alice',
        channel: 'email',
        notificationId: 'n',
      });
      await alice.next((m) => m.channel === 'positions');
      await bob.next((m) => m.channel === 'orders');
      expect(alice.events().map((e) => [e.channel, e.event, e.data.order?.id ?? e.data.symbol])).toEqual([
        ['orders', 'order.filled', 'o-alice-1'],
        ['positions', 'position.changed', 'AAPL'],
      ]);
      expect(bob.events().map((e) => e.data.order.id)).toEqual(['o-bob-1']);
      expect(alice.events()[0]!.seq).toMatch(/^\d+-\d+$/);
    } finally {
      alice.close();
      bob.close();
    }
  });

  it('logs a redelivered event once', async () => {
    const alice = await as(base, 'PKALICE');
    try {
      await alice.subscribe(['alerts']);
      const event = buildEvent('test', {
        type: 'alert.triggered',
        data: { alertId: 'al-1', userId: 'user-alice', kind: 'price', symbol: 'AAPL', message: 'x' },
      });
      await gw.platform.bus.publish([event]);
      await gw.platform.bus.publish([event]);
      await publish('alert.triggered', { alertId: 'al-2', userId: 'user-alice', kind: 'price' });
      await alice.next((m) => m.data?.alertId === 'al-2');
      expect(alice.events('alerts').map((e) => e.data.alertId)).toEqual(['al-1', 'al-2']);
    } finally {
      alice.close();
    }
  });

  it('replays what a client missed when it resumes from its last seq', async () => {
    const first = await as(base, 'PKALICE');
    await first.subscribe(['orders']);
    await publish('order.accepted', { order: order('user-alice', 'r-1', 'new') });
    const got = await first.next((m) => m.data?.order?.id === 'r-1');
    first.close();
    await first.closed();
    await publish('order.filled', { order: order('user-alice', 'r-2') });
    await publish('position.changed', { userId: 'user-alice', accountId: 'a', symbol: 'MSFT', qty: '1' });
    await publish('order.canceled', { order: order('user-alice', 'r-3', 'canceled') });

    const again = await as(base, 'PKALICE');
    try {
      await again.subscribe(['orders'], { resumeFrom: got.seq });
      await again.next((m) => m.data?.order?.id === 'r-3');
      // Only the subscribed channel, in order, nothing already seen.
      expect(again.events().map((e) => e.data.order.id)).toEqual(['r-2', 'r-3']);
      await publish('order.filled', { order: order('user-alice', 'r-4') });
      await again.next((m) => m.data?.order?.id === 'r-4');
      expect(again.events().map((e) => e.data.order.id)).toEqual(['r-2', 'r-3', 'r-4']);
      const from = again.messages.length;
      again.send({ type: 'subscribe', id: 'bad', channels: ['orders'], resumeFrom: 'yesterday' });
      expect(await again.next((m) => m.id === 'bad', from)).toMatchObject({
        type: 'error',
        code: 'BAD_MESSAGE',
      });
    } finally {
      again.close();
    }
  });

  it('streams market channels to subscribers only', async () => {
    const c = await as(base, 'PKBOB');
    try {
      await c.subscribe(['quotes:AAPL', 'trades:MSFT']);
      await gw.platform.bus.broadcast(MARKET_CHANNELS.quotes, {
        quotes: [quote('MSFT', 400), quote('AAPL', 190)],
      });
      const q = await c.next((m) => m.type === 'quote');
      expect(q).toEqual({ type: 'quote', channel: 'quotes:AAPL', data: quote('AAPL', 190) });
      expect(c.messages.filter((m) => m.type === 'quote')).toHaveLength(1);
    } finally {
      c.close();
    }
  });

  it('cuts off a client too far behind on account channels with its resume point, which then replays', async () => {
    const slow = await as(base, 'PKBOB');
    await slow.subscribe(['orders']);
    await publish('order.accepted', { order: order('user-bob', 'slow-0', 'new') });
    const seen = await slow.next((m) => m.data?.order?.id === 'slow-0');
    // Stop reading: the kernel buffers fill, then the server's send buffer grows past the limit.
    (slow.ws as unknown as { _socket: { pause(): void } })._socket.pause();
    const big = 'x'.repeat(64 * 1024);
    for (let i = 1; i <= 120; i++)
      await publish('order.accepted', { order: { ...order('user-bob', `slow-${i}`, 'new'), note: big } });
    (slow.ws as unknown as { _socket: { resume(): void } })._socket.resume();
    expect(await slow.closed()).toBe(4008);
    const cut = slow.messages.find((m) => m.code === 'SLOW_CONSUMER')!;
    expect(cut.resumeFrom).toMatch(/^\d+-\d+$/);
    const received = slow.events().map((e) => e.data.order.id as string);
    expect(received[0]).toBe('slow-0');
    expect(cut.resumeFrom >= seen.seq || received.length === 1).toBe(true);

    const back = await as(base, 'PKBOB');
    try {
      await back.subscribe(['orders'], { resumeFrom: cut.resumeFrom });
      await back.next((m) => m.data?.order?.id === 'slow-120');
      const all = [...received, ...back.events().map((e) => e.data.order.id as string)];
      // Nothing lost, nothing twice.
      expect(all).toEqual(Array.from({ length: 121 }, (_, i) => `slow-${i}`));
    } finally {
      back.close();
    }
  });
});
