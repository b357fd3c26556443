import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { decode as msgpackDecode, encode as msgpackEncode } from '@msgpack/msgpack';
import { streaming } from '@alpacahq/alpaca-trade-api';
import { buildEvent } from '@tradeplane/kit';
import { startTestService, type TestService } from '@tradeplane/kit/testing';
import { gatewayService } from '../src/app.ts';
import { decodeClientFrame } from '../src/streams/alpaca-trading.stream.ts';
import { fakeIdentity } from './fake-identity.ts';

/**
 * `/alpaca/stream` in both of Alpaca's codecs (docs "Websocket Streaming": "supports both JSON and
 * MessagePack codecs"; "to request with MessagePack, add the header: Content-Type:
 * application/msgpack"): MessagePack frames for a client that asks so, JSON otherwise — which the
 * official SDK's TradingStream reads.
 */
const KEY = 'PKTRADER';
const SECRET = 'trader-secret';
const USER = 'user-trader';
const WAIT_MS = 3_000;

type Msg = Record<string, any>;

/** A raw client recording every frame: whether it was binary, its bytes, and what it decodes to. */
class RawClient {
  readonly frames: { binary: boolean; bytes: Buffer; msg: Msg }[] = [];
  readonly #waiters: (() => void)[] = [];

  private constructor(
    readonly ws: WebSocket,
    readonly msgpack: boolean,
  ) {
    ws.on('message', (data: Buffer, isBinary) => {
      const msg = (this.msgpack ? msgpackDecode(data) : JSON.parse(data.toString('utf8'))) as Msg;
      this.frames.push({ binary: isBinary, bytes: data, msg });
      for (const w of this.#waiters.splice(0)) w();
    });
  }

  static async open(url: string, msgpack: boolean): Promise<RawClient> {
    const ws = new WebSocket(url, msgpack ? { headers: { 'content-type': 'application/msgpack' } } : {});
    const c = new RawClient(ws, msgpack);
    await new Promise<void>((resolve, reject) => {
      ws.once('open', () => resolve());
      ws.once('error', reject);
    });
    return c;
  }

  send(msg: unknown): void {
    this.ws.send(this.msgpack ? msgpackEncode(msg) : JSON.stringify(msg));
  }

  /** Waits (bounded) for the first message from index `from` on that satisfies `match`. */
  async next(match: (m: Msg) => boolean, from = 0): Promise<{ binary: boolean; bytes: Buffer; msg: Msg }> {
    const deadline = Date.now() + WAIT_MS;
    for (;;) {
      const found = this.frames.slice(from).find((f) => match(f.msg));
      if (found) return found;
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(`no matching message; got ${JSON.stringify(this.frames.map((f) => f.msg))}`);
      await new Promise<void>((resolve) => {
        const t = setTimeout(resolve, left);
        this.#waiters.push(() => {
          clearTimeout(t);
          resolve();
        });
      });
    }
  }

  async listen(): Promise<void> {
    this.send({ action: 'auth', key: KEY, secret: SECRET });
    const auth = await this.next((m) => m.stream === 'authorization');
    expect(auth.msg.data.status).toBe('authorized');
    const from = this.frames.length;
    this.send({ action: 'listen', data: { streams: ['trade_updates'] } });
    expect((await this.next((m) => m.stream === 'listening', from)).msg.data.streams).toEqual([
      'trade_updates',
    ]);
  }

  close(): void {
    this.ws.terminate();
  }
}

const order = (id: string) => ({
  id,
  clientOrderId: `c-${id}`,
  accountId: 'acct-trader',
  userId: USER,
  symbol: 'AAPL',
  side: 'buy',
  type: 'limit',
  timeInForce: 'day',
  orderClass: 'simple',
  qty: '10',
  notional: null,
  filledQty: '4',
  filledAvgPrice: '190.12',
  limitPrice: '190.5',
  stopPrice: null,
  status: 'partially_filled',
  parentOrderId: null,
  createdAt: '2026-11-20T15:00:00.000Z',
  updatedAt: '2026-11-20T15:00:01.000Z',
});

describe('/alpaca/stream codecs', () => {
  let identity: Awaited<ReturnType<typeof fakeIdentity>>;
  let gw: TestService;
  let base: string;

  const publishFill = (id: string) =>
    gw.platform.bus.publish([
      buildEvent('test', {
        type: 'order.partially_filled',
        data: {
          order: order(id),
          fill: { tradeId: `t-${id}`, qty: '4', price: '190.12', at: '2026-11-20T15:00:01.000Z' },
        },
      }),
    ]);

  beforeAll(async () => {
    identity = await fakeIdentity({ [KEY]: { secret: SECRET, userId: USER } });
    gw = await startTestService(gatewayService as never, {
      env: { IDENTITY_URL: identity.url, CONTROL_URL: 'http://127.0.0.1:1', API_KEY_CACHE_MS: '60000' },
    });
    base = (await gw.service.listen(0)).replace(/^http/, 'ws');
  });
  afterAll(async () => {
    await gw?.close();
    identity?.server.close();
  });

  it('answers a client that asks for MessagePack in MessagePack, and one that does not in JSON', async () => {
    const packed = await RawClient.open(`${base}/alpaca/stream`, true);
    const plain = await RawClient.open(`${base}/alpaca/stream`, false);
    try {
      await packed.listen();
      await plain.listen();
      const [pFrom, jFrom] = [packed.frames.length, plain.frames.length];
      await publishFill('o-1');
      const isUpdate = (m: Msg) => m.stream === 'trade_updates';
      const [p, j] = await Promise.all([packed.next(isUpdate, pFrom), plain.next(isUpdate, jFrom)]);
      // The same message in both codecs, each in binary frames.
      expect(p.msg).toEqual(j.msg);
      expect(p.msg.data).toMatchObject({
        event: 'partial_fill',
        execution_id: 't-o-1',
        price: '190.12',
        qty: '4',
        order: { id: 'o-1', status: 'partially_filled', filled_qty: '4', qty: '10' },
      });
      expect([p.binary, j.binary]).toEqual([true, true]);
      expect(() => JSON.parse(p.bytes.toString('utf8'))).toThrow();
      expect(msgpackDecode(p.bytes)).toEqual(j.msg);
      expect(JSON.parse(j.bytes.toString('utf8'))).toEqual(j.msg);
      // Every message of the MessagePack client was MessagePack, handshake included.
      for (const f of packed.frames) expect(() => JSON.parse(f.bytes.toString('utf8'))).toThrow();
    } finally {
      packed.close();
      plain.close();
    }
  });

  it('answers a frame it cannot read with invalid syntax, in the client’s codec', async () => {
    const packed = await RawClient.open(`${base}/alpaca/stream`, true);
    try {
      packed.ws.send(Buffer.from([0xc1, 0x00]));
      const err = await packed.next((m) => m.action === 'error');
      expect(err.msg).toEqual({ action: 'error', data: { error_message: 'invalid syntax' } });
      // Still usable afterwards.
      await packed.listen();
    } finally {
      packed.close();
    }
  });

  it('still streams JSON to the official SDK’s TradingStream', async () => {
    const updates: { event: string; id: string | undefined; qty: string | undefined }[] = [];
    const stream = new streaming.TradingStream({
      credentials: { keyId: KEY, secret: SECRET },
      url: `${base}/alpaca/stream`,
      reconnect: false,
    } as never);
    stream.onTradeUpdate((u) => updates.push({ event: u.event, id: u.order.id, qty: u.qty }));
    const listening = new Promise<void>((resolve) => stream.on('subscription' as never, () => resolve()));
    stream.onConnect(() => stream.subscribeTradeUpdates());
    stream.connect();
    try {
      await listening;
      await publishFill('o-sdk');
      const deadline = Date.now() + WAIT_MS;
      while (!updates.some((u) => u.id === 'o-sdk') && Date.now() < deadline)
        await new Promise((r) => setTimeout(r, 10));
      expect(updates.filter((u) => u.id === 'o-sdk')).toEqual([
        { event: 'partial_fill', id: 'o-sdk', qty: '4' },
      ]);
    } finally {
      stream.disconnect();
    }
  });
});

describe('decodeClientFrame', () => {
  const listen = { action: 'listen', data: { streams: ['trade_updates'] } };
  it('reads JSON text, JSON in a binary frame and MessagePack; refuses anything else', () => {
    expect(decodeClientFrame(Buffer.from(JSON.stringify(listen)), false)).toEqual(listen);
    expect(decodeClientFrame(Buffer.from(JSON.stringify(listen)), true)).toEqual(listen);
    expect(decodeClientFrame(Buffer.from(msgpackEncode(listen)), true)).toEqual(listen);
    expect(decodeClientFrame(Buffer.from(msgpackEncode(listen)), false)).toBeUndefined();
    expect(decodeClientFrame(Buffer.from([0xc1]), true)).toBeUndefined();
    expect(decodeClientFrame(Buffer.from('[1,2]'), false)).toBeUndefined();
    expect(decodeClientFrame(Buffer.from(msgpackEncode('listen')), true)).toBeUndefined();
  });
});
