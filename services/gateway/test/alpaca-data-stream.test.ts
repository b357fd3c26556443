import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket, type ClientOptions } from 'ws';
import {
  decode as msgpackDecode,
  decodeTimestampToTimeSpec,
  encode as msgpackEncode,
  ExtData,
} from '@msgpack/msgpack';
import { Alpaca, streaming } from '@alpacahq/alpaca-trade-api';
import { MARKET_CHANNELS, type StreamBar, type StreamQuote, type StreamTrade } from '@tradeplane/contracts';
import { defineService, type ServiceContext } from '@tradeplane/kit';
import { startTestService, type TestService } from '@tradeplane/kit/testing';
import { gatewayService } from '../src/app.ts';
import { Authenticator } from '../src/domain/authenticate.ts';
import { registerAlpacaDataStream, msgpackTimestamp } from '../src/streams/alpaca-data.stream.ts';
import { fakeIdentity as fakeIdentityWith } from './fake-identity.ts';

const KEY = 'PKTESTKEY';
const SECRET = 'test-secret';
const WAIT_MS = 3_000;

const fakeIdentity = () => fakeIdentityWith({ [KEY]: { secret: SECRET, userId: 'user-1' } });

type Frame = Record<string, any>;

/** A raw `ws` client that records every message (each frame is an array of messages). */
class RawClient {
  readonly frames: Frame[][] = [];
  readonly #waiters: (() => void)[] = [];
  closeCode: number | undefined;
  readonly closed: Promise<number>;

  private constructor(
    readonly ws: WebSocket,
    readonly msgpack: boolean,
  ) {
    ws.on('message', (data: Buffer, isBinary) => {
      const frame = (isBinary ? msgpackDecode(data) : JSON.parse(data.toString())) as Frame[];
      this.frames.push(frame);
      for (const w of this.#waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code) => {
        this.closeCode = code;
        resolve(code);
        for (const w of this.#waiters.splice(0)) w();
      }),
    );
  }

  static async connect(url: string, opts: ClientOptions & { msgpack?: boolean } = {}): Promise<RawClient> {
    const { msgpack = false, ...wsOpts } = opts;
    const headers = {
      ...(wsOpts.headers ?? {}),
      ...(msgpack ? { 'content-type': 'application/msgpack' } : {}),
    };
    const ws = new WebSocket(url, { ...wsOpts, headers });
    const client = new RawClient(ws, msgpack);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return client;
  }

  get messages(): Frame[] {
    return this.frames.flat();
  }

  send(msg: unknown): void {
    this.ws.send(this.msgpack ? msgpackEncode(msg) : JSON.stringify(msg));
  }

  /** Waits (bounded) for the first frame from index `from` on that satisfies `match`. */
  async frame(match: (frame: Frame[]) => boolean, from = 0): Promise<Frame[]> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const found = this.frames.slice(from).find(match);
      if (found) return found;
      if (this.closeCode !== undefined) throw new Error(`socket closed (${this.closeCode}) while waiting`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`no matching frame; got ${JSON.stringify(this.frames)}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  /** Waits for the next control message of type `T` (optionally with `msg`), after `from`. */
  async control(T: string, from = 0): Promise<Frame> {
    const frame = await this.frame((f) => f.length === 1 && f[0]!.T === T, from);
    return frame[0]!;
  }

  async authenticate(): Promise<void> {
    await this.control('success');
    const from = this.frames.length;
    this.send({ action: 'auth', key: KEY, secret: SECRET });
    expect(await this.control('success', from)).toEqual({ T: 'success', msg: 'authenticated' });
  }

  async subscribe(action: 'subscribe' | 'unsubscribe', channels: Record<string, string[]>): Promise<Frame> {
    const from = this.frames.length;
    this.send({ action, ...channels });
    return this.control('subscription', from);
  }

  close(): void {
    this.ws.terminate();
  }
}

const quote = (S: string, bp: number): StreamQuote => ({
  S,
  bp,
  bs: 1,
  ap: bp + 0.02,
  as: 2,
  bx: 'V',
  ax: 'V',
  t: '2024-03-04T15:30:00.123Z',
  c: ['R'],
  z: 'C',
});
const trade = (S: string, p: number, i = 1): StreamTrade => ({
  S,
  p,
  s: 100,
  x: 'V',
  i,
  t: '2024-03-04T15:30:00.456Z',
  c: ['@'],
  z: 'C',
});
const bar = (S: string, c: number): StreamBar => ({
  S,
  o: c - 1,
  h: c + 1,
  l: c - 2,
  c,
  v: 1000,
  n: 12,
  vw: c - 0.5,
  t: '2024-03-04T15:30:00Z',
});

describe('Alpaca market data stream at the gateway', () => {
  let identity: Awaited<ReturnType<typeof fakeIdentity>>;
  let gw: TestService;
  let base: string;

  const broadcast = (channel: string, payload: unknown) => gw.platform.bus.broadcast(channel, payload);

  beforeAll(async () => {
    identity = await fakeIdentity();
    gw = await startTestService(gatewayService as never, {
      env: {
        IDENTITY_URL: identity.url,
        CONTROL_URL: 'http://127.0.0.1:1',
        API_KEY_CACHE_MS: '0',
        RATE_LIMIT_ANONYMOUS_PER_MINUTE: '2',
      },
    });
    base = (await gw.service.listen(0)).replace(/^http/, 'ws');
  });
  afterAll(async () => {
    await gw?.close();
    identity?.server.close();
  });

  it('authenticates, then streams only the subscribed symbols as t, q, b and d messages', async () => {
    const c = await RawClient.connect(`${base}/alpaca/data/stream/v2/iex`);
    try {
      expect(c.frames[0] ?? (await c.frame(() => true))).toEqual([{ T: 'success', msg: 'connected' }]);
      await c.authenticate();
      const sub = await c.subscribe('subscribe', {
        trades: ['AAPL'],
        quotes: ['AAPL'],
        bars: ['AAPL'],
        dailyBars: ['AAPL'],
      });
      expect(sub).toEqual({
        T: 'subscription',
        trades: ['AAPL'],
        quotes: ['AAPL'],
        bars: ['AAPL'],
        updatedBars: [],
        dailyBars: ['AAPL'],
        statuses: [],
        lulds: [],
        corrections: ['AAPL'],
        cancelErrors: ['AAPL'],
      });

      const from = c.frames.length;
      await broadcast(MARKET_CHANNELS.quotes, { quotes: [quote('MSFT', 400), quote('AAPL', 180.5)] });
      await broadcast(MARKET_CHANNELS.trades, { trades: [trade('TSLA', 200), trade('AAPL', 180.51, 7)] });
      await broadcast(MARKET_CHANNELS.bars, { bars: [bar('AAPL', 181), bar('MSFT', 401)] });
      await broadcast(MARKET_CHANNELS.dailyBars, { bars: [bar('MSFT', 402), bar('AAPL', 182)] });

      const last = await c.frame((f) => f[0]?.T === 'd', from);
      const data = c.frames.slice(from);
      expect(data).toEqual([
        [{ T: 'q', ...quote('AAPL', 180.5) }],
        [{ T: 't', ...trade('AAPL', 180.51, 7) }],
        [{ T: 'b', ...bar('AAPL', 181) }],
        [{ T: 'd', ...bar('AAPL', 182) }],
      ]);
      expect(last).toEqual([{ T: 'd', ...bar('AAPL', 182) }]);
    } finally {
      c.close();
    }
  });

  it('batches the messages of one broadcast into one array', async () => {
    const c = await RawClient.connect(`${base}/alpaca/data/stream/v2/sip`);
    try {
      await c.authenticate();
      await c.subscribe('subscribe', { quotes: ['AAPL', 'MSFT'] });
      const from = c.frames.length;
      await broadcast(MARKET_CHANNELS.quotes, {
        quotes: [quote('AAPL', 1), quote('NVDA', 2), quote('MSFT', 3)],
      });
      const frame = await c.frame((f) => f[0]?.T === 'q', from);
      expect(frame.map((m) => [m.T, m.S, m.bp])).toEqual([
        ['q', 'AAPL', 1],
        ['q', 'MSFT', 3],
      ]);
    } finally {
      c.close();
    }
  });

  it('refuses bad credentials with 402 auth failed and closes', async () => {
    const c = await RawClient.connect(`${base}/alpaca/data/stream/v2/iex`);
    await c.control('success');
    c.send({ action: 'auth', key: KEY, secret: 'wrong' });
    expect(await c.control('error')).toEqual({ T: 'error', code: 402, msg: 'auth failed' });
    expect(await c.closed).toBe(1008);
  });

  it('answers 401 to a subscription before auth, 403 to a second auth and 400 to garbage', async () => {
    const c = await RawClient.connect(`${base}/alpaca/data/stream/v2/iex`);
    try {
      await c.control('success');
      let from = c.frames.length;
      c.send({ action: 'subscribe', quotes: ['AAPL'] });
      expect(await c.control('error', from)).toEqual({ T: 'error', code: 401, msg: 'not authenticated' });

      await c.authenticate();
      from = c.frames.length;
      c.send({ action: 'auth', key: KEY, secret: SECRET });
      expect(await c.control('error', from)).toEqual({ T: 'error', code: 403, msg: 'already authenticated' });

      from = c.frames.length;
      c.ws.send('{not json');
      expect(await c.control('error', from)).toEqual({ T: 'error', code: 400, msg: 'invalid syntax' });
      from = c.frames.length;
      c.send({ action: 'dance' });
      expect(await c.control('error', from)).toEqual({ T: 'error', code: 400, msg: 'invalid syntax' });
      from = c.frames.length;
      c.send({ action: 'subscribe', quotes: 'AAPL' });
      expect(await c.control('error', from)).toEqual({ T: 'error', code: 400, msg: 'invalid syntax' });
      expect(c.closeCode).toBeUndefined();
    } finally {
      c.close();
    }
  });

  it('stops delivering a symbol once unsubscribed', async () => {
    const c = await RawClient.connect(`${base}/alpaca/data/stream/v2/iex`);
    try {
      await c.authenticate();
      await c.subscribe('subscribe', { quotes: ['AAPL'], trades: ['AAPL'] });
      const sub = await c.subscribe('unsubscribe', { quotes: ['AAPL'] });
      expect(sub.quotes).toEqual([]);
      expect(sub.trades).toEqual(['AAPL']);

      const from = c.frames.length;
      await broadcast(MARKET_CHANNELS.quotes, { quotes: [quote('AAPL', 10)] });
      // Frames of one socket arrive in order: once this trade is in, a quote sent before it would be too.
      await broadcast(MARKET_CHANNELS.trades, { trades: [trade('AAPL', 11)] });
      await c.frame((f) => f[0]?.T === 't', from);
      expect(
        c.frames
          .slice(from)
          .flat()
          .map((m) => m.T),
      ).toEqual(['t']);
    } finally {
      c.close();
    }
  });

  it('delivers every symbol to a * subscription, once each', async () => {
    const c = await RawClient.connect(`${base}/alpaca/data/stream/v2/test`);
    try {
      await c.authenticate();
      const sub = await c.subscribe('subscribe', { quotes: ['*', 'AAPL'] });
      expect(sub.quotes).toEqual(['*', 'AAPL']);
      const from = c.frames.length;
      await broadcast(MARKET_CHANNELS.quotes, { quotes: [quote('AAPL', 1), quote('FAKEPACA', 2)] });
      const frame = await c.frame((f) => f[0]?.T === 'q', from);
      expect(frame.map((m) => m.S)).toEqual(['AAPL', 'FAKEPACA']);
    } finally {
      c.close();
    }
  });

  it('authenticates from APCA-API-KEY-ID / APCA-API-SECRET-KEY headers on the upgrade', async () => {
    const c = await RawClient.connect(`${base}/alpaca/data/stream/v2/delayed_sip`, {
      headers: { 'APCA-API-KEY-ID': KEY, 'APCA-API-SECRET-KEY': SECRET },
    });
    try {
      await c.frame((f) => f[0]?.msg === 'authenticated');
      expect(c.frames.slice(0, 2)).toEqual([
        [{ T: 'success', msg: 'connected' }],
        [{ T: 'success', msg: 'authenticated' }],
      ]);
      const sub = await c.subscribe('subscribe', { bars: ['AAPL'] });
      expect(sub.bars).toEqual(['AAPL']);
    } finally {
      c.close();
    }
  });

  it('refuses bad header credentials with 402', async () => {
    const c = await RawClient.connect(`${base}/alpaca/data/stream/v2/iex`, {
      headers: { 'APCA-API-KEY-ID': KEY, 'APCA-API-SECRET-KEY': 'nope' },
    });
    expect(await c.control('error')).toEqual({ T: 'error', code: 402, msg: 'auth failed' });
    expect(await c.closed).toBe(1008);
  });

  it('answers 404 to an unknown feed without upgrading', async () => {
    const ws = new WebSocket(`${base}/alpaca/data/stream/v2/nasdaq`);
    const status = await new Promise<number>((resolve, reject) => {
      ws.once('unexpected-response', (_req, res) => resolve(res.statusCode ?? 0));
      ws.once('open', () => reject(new Error('upgraded')));
      ws.once('error', () => undefined);
    });
    ws.terminate();
    expect(status).toBe(404);
  });

  it('speaks msgpack when the upgrade says Content-Type: application/msgpack, with t as timestamp ext -1', async () => {
    const c = await RawClient.connect(`${base}/alpaca/data/stream/v2/iex`, { msgpack: true });
    try {
      await c.authenticate();
      await c.subscribe('subscribe', { trades: ['AAPL'] });
      let raw: Buffer | undefined;
      c.ws.once('message', (data: Buffer) => (raw = data));
      const from = c.frames.length;
      await broadcast(MARKET_CHANNELS.trades, { trades: [trade('AAPL', 99.5, 42)] });
      const [msg] = await c.frame((f) => f[0]?.T === 't', from);
      expect(msg).toMatchObject({ T: 't', S: 'AAPL', p: 99.5, i: 42 });
      // Default decode turns ext -1 into a Date.
      expect(msg!.t).toEqual(new Date('2024-03-04T15:30:00.456Z'));
      const ext = msgpackDecode(raw!, {
        extensionCodec: { tryToEncode: () => null, decode: (d, type) => new ExtData(type, d) },
      });
      expect(((ext as Frame[])[0]!.t as ExtData).type).toBe(-1);
    } finally {
      c.close();
    }
  });

  it('keeps nanoseconds in msgpack timestamps', () => {
    const timeSpec = { tryToEncode: () => null, decode: (d: Uint8Array) => decodeTimestampToTimeSpec(d) };
    const decoded = msgpackDecode(msgpackEncode(msgpackTimestamp('2024-03-04T15:30:00.123456789Z')), {
      extensionCodec: timeSpec,
    });
    expect(decoded).toEqual({ sec: Date.parse('2024-03-04T15:30:00Z') / 1000, nsec: 123_456_789 });
    expect(msgpackTimestamp('not a time')).toBe('not a time');
  });

  it('does not count stream connections against the HTTP rate limit', async () => {
    for (let i = 0; i < 4; i++) {
      const c = await RawClient.connect(`${base}/alpaca/data/stream/v2/iex`);
      expect(await c.control('success')).toEqual({ T: 'success', msg: 'connected' });
      c.close();
    }
  });

  it('counts connected clients in the metrics', async () => {
    const c = await RawClient.connect(`${base}/alpaca/data/stream/v2/iex`);
    try {
      await c.control('success');
      const text = await gw.service.ctx.metrics.metrics();
      expect(text).toMatch(/gateway_stream_clients\{[^}]*stream="alpaca_data"[^}]*\} [1-9]/);
      expect(text).toContain('gateway_stream_dropped_messages_total');
    } finally {
      c.close();
    }
  });

  it('works with the official SDK stock stream (msgpack)', async () => {
    const alpaca = new Alpaca({ keyId: KEY, secret: SECRET });
    const stream = alpaca.marketData.stockStream({
      feed: 'iex',
      url: `${base}/alpaca/data/stream/v2/iex`,
      reconnect: false,
    });
    const quotes: streaming.StreamQuote[] = [];
    const trades: streaming.StreamTrade[] = [];
    const errors: string[] = [];
    const subscribed = new Promise<void>((resolve) =>
      stream.on(streaming.EVENT.SUBSCRIPTION, (() => {
        const subs = stream.getSubscriptions();
        if (subs.quotes.includes('AAPL') && subs.trades.includes('AAPL')) resolve();
      }) as never),
    );
    const received = new Promise<void>((resolve) => {
      const check = () => {
        if (quotes.length > 0 && trades.length > 0) resolve();
      };
      stream.onQuote((q) => {
        quotes.push(q);
        check();
      });
      stream.onTrade((t) => {
        trades.push(t);
        check();
      });
    });
    stream.onError((e) => errors.push(e));
    stream.onConnect(() => {
      stream.subscribeForQuotes(['AAPL']);
      stream.subscribeForTrades(['AAPL']);
    });
    try {
      stream.connect();
      const auth = await stream.waitForAuthenticationResult(WAIT_MS);
      expect(auth).toMatchObject({ authenticated: true });
      await withTimeout(subscribed, 'subscription');

      await broadcast(MARKET_CHANNELS.quotes, { quotes: [quote('MSFT', 1), quote('AAPL', 187.25)] });
      await broadcast(MARKET_CHANNELS.trades, { trades: [trade('AAPL', 187.3, 9001)] });
      await withTimeout(received, 'quote and trade');

      expect(quotes).toHaveLength(1);
      expect(quotes[0]).toMatchObject({
        symbol: 'AAPL',
        bidPrice: 187.25,
        askPrice: 187.27,
        bidSize: 1,
        askSize: 2,
      });
      expect(quotes[0]!.timestamp).toEqual(new Date('2024-03-04T15:30:00.123Z'));
      expect(quotes[0]!.timestampRaw).toBe('2024-03-04T15:30:00.123000000Z');
      expect(trades[0]).toMatchObject({ symbol: 'AAPL', price: 187.3, size: 100, id: 9001, exchange: 'V' });
      expect(errors).toEqual([]);
    } finally {
      stream.disconnect();
    }
  });
});

describe('Alpaca market data stream timeouts', () => {
  let identity: Awaited<ReturnType<typeof fakeIdentity>>;
  let svc: TestService;
  let base: string;

  beforeAll(async () => {
    identity = await fakeIdentity();
    const def = defineService({
      name: 'gateway',
      acceptsInternalTokens: false,
      async routes(app, ctx) {
        const auth = new Authenticator(ctx as unknown as ServiceContext, 0);
        await registerAlpacaDataStream(app, ctx as unknown as ServiceContext, auth, {
          authTimeoutMs: 500,
          heartbeatMs: 100,
        });
      },
    });
    svc = await startTestService(def as never, { env: { IDENTITY_URL: identity.url } });
    base = (await svc.service.listen(0)).replace(/^http/, 'ws');
  });
  afterAll(async () => {
    await svc?.close();
    identity?.server.close();
  });

  it('closes with 404 auth timeout when the client does not authenticate in time', async () => {
    const c = await RawClient.connect(`${base}/alpaca/data/stream/v2/iex`);
    expect(await c.control('error')).toEqual({ T: 'error', code: 404, msg: 'auth timeout' });
    expect(await c.closed).toBe(1008);
  });

  it('terminates a socket that stops answering pings', async () => {
    const c = await RawClient.connect(`${base}/alpaca/data/stream/v2/iex`, { autoPong: false });
    await c.authenticate();
    const code = await withTimeout(c.closed, 'termination');
    expect(code).toBe(1006); // terminated, no close frame
  });

  it('keeps a socket that answers pings', async () => {
    const c = await RawClient.connect(`${base}/alpaca/data/stream/v2/iex`);
    try {
      await c.authenticate();
      let pings = 0;
      await new Promise<void>((resolve) =>
        c.ws.on('ping', () => {
          if (++pings === 3) resolve();
        }),
      );
      expect(c.closeCode).toBeUndefined();
    } finally {
      c.close();
    }
  });
});

function withTimeout<T>(p: Promise<T>, what: string): Promise<T> {
  return Promise.race([
    p,
    new Promise<never>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out waiting for ${what}`)), WAIT_MS),
    ),
  ]);
}
