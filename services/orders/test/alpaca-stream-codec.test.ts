import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { encode as msgpackEncode, ExtData } from '@msgpack/msgpack';
import { decodeFrame } from '../src/domain/brokers/alpaca-stream.ts';
import { getOrderById } from '../src/store/orders.store.ts';
import { startWithAlpaca, type FakeAlpaca } from './fake-alpaca.ts';
import { call, getOrder, newUser, outbox, waitFor, type OrdersHarness } from './helper.ts';

/**
 * The trade_updates stream's codecs: Alpaca "supports both JSON and MessagePack codecs" (docs
 * "Websocket Streaming"); MessagePack is asked for with `Content-Type: application/msgpack` on the
 * upgrade request. The adapter reads either in any frame and skips what is neither.
 */
const json = (v: unknown) => Buffer.from(JSON.stringify(v), 'utf8');
const packed = (v: unknown) => Buffer.from(msgpackEncode(v, { useBigInt64: true }));

describe('decodeFrame', () => {
  const update = {
    stream: 'trade_updates',
    data: { event: 'fill', order: { id: 'o-1', filled_qty: '2' } },
  };

  it('reads JSON from a text frame and from a binary one (the paper endpoint’s)', () => {
    expect(decodeFrame(json(update), false)).toEqual({ ok: true, value: update });
    expect(decodeFrame(json(update), true)).toEqual({ ok: true, value: update });
    const padded = Buffer.concat([Buffer.from('\ufeff \n', 'utf8'), json([update])]);
    expect(decodeFrame(padded, true)).toEqual({ ok: true, value: [update] });
  });

  it('reads MessagePack maps and arrays from a binary frame', () => {
    expect(decodeFrame(packed(update), true)).toEqual({ ok: true, value: update });
    expect(decodeFrame(packed([update, update]), true)).toEqual({ ok: true, value: [update, update] });
  });

  it('turns MessagePack instants, 64-bit integers and numbers in decimal fields into Alpaca’s strings', () => {
    const at = new Date('2026-03-04T15:30:00.123Z');
    const frame = packed({
      stream: 'trade_updates',
      data: {
        event: 'partial_fill',
        timestamp: at,
        qty: 2.5,
        price: 101.25,
        event_id: 2n ** 62n,
        code: 7,
        order: { id: 'o-2', filled_qty: 2.5, filled_avg_price: 101.25, created_at: at },
      },
    });
    expect(decodeFrame(frame, true)).toEqual({
      ok: true,
      value: {
        stream: 'trade_updates',
        data: {
          event: 'partial_fill',
          timestamp: '2026-03-04T15:30:00.123Z',
          qty: '2.5',
          price: '101.25',
          event_id: '4611686018427387904',
          code: 7,
          order: {
            id: 'o-2',
            filled_qty: '2.5',
            filled_avg_price: '101.25',
            created_at: '2026-03-04T15:30:00.123Z',
          },
        },
      },
    });
  });

  it('refuses a frame that is neither, or not a message', () => {
    expect(decodeFrame(Buffer.from([0xc1, 0x00, 0xff]), true)).toEqual({ ok: false });
    expect(decodeFrame(Buffer.from('{"stream":', 'utf8'), true)).toEqual({ ok: false });
    expect(decodeFrame(Buffer.from('not json', 'utf8'), false)).toEqual({ ok: false });
    // A map followed by stray bytes, a lone number ('{' is the positive fixint 123), nothing.
    expect(decodeFrame(Buffer.concat([packed(update), Buffer.from([0x01])]), true)).toEqual({ ok: false });
    expect(decodeFrame(Buffer.from('{', 'utf8'), true)).toEqual({ ok: false });
    expect(decodeFrame(Buffer.alloc(0), true)).toEqual({ ok: false });
    expect(decodeFrame(packed('trade_updates'), true)).toEqual({ ok: false });
    // MessagePack in a text frame is not text.
    expect(decodeFrame(packed(update), false)).toEqual({ ok: false });
    // An unknown extension type is kept as it came, not mistaken for anything.
    const ext = decodeFrame(packed({ x: new ExtData(42, new Uint8Array([1])) }), true);
    expect(ext.ok).toBe(true);
  });
});

describe('the adapter’s stream in MessagePack (ALPACA_STREAM_CODEC=msgpack)', () => {
  let h: OrdersHarness;
  let alpaca: FakeAlpaca;
  let accountId: string;
  const user = newUser();

  beforeAll(async () => {
    ({ h, alpaca, accountId } = await startWithAlpaca({
      userId: user,
      env: { ALPACA_STREAM_CODEC: 'msgpack' },
      stream: true,
    }));
  });
  afterAll(async () => {
    await h?.close();
    await alpaca?.close();
  });

  it('asks for MessagePack on the upgrade request and speaks it', () => {
    expect(alpaca.streamCodecs).toEqual(['msgpack']);
    expect(alpaca.clientMessages.map((m) => [m.codec, m.msg.action])).toEqual([
      ['msgpack', 'auth'],
      ['msgpack', 'listen'],
    ]);
    expect(alpaca.clientMessages[0]!.msg).toMatchObject({ key: alpaca.key, secret: alpaca.secret });
  });

  it('records fills from MessagePack frames, skips frames that are neither codec, and keeps streaming', async () => {
    const res = await call(h, 'POST', '/v1/orders', user, {
      accountId,
      symbol: 'AAPL',
      side: 'buy',
      type: 'limit',
      limitPrice: '99',
      timeInForce: 'gtc',
      qty: '5',
    });
    expect(res.statusCode).toBe(201);
    const id = res.json().id as string;
    const brokerId = (await getOrderById(h.rt.deps.db, id))!.brokerOrderId!;

    alpaca.fill(brokerId, '2', '98.5', 'mp-1');
    await waitFor(async () => ((await getOrder(h, user, id)).filledQty === '2' ? true : undefined), 'fill 1');
    alpaca.sendRaw(Buffer.from([0xc1, 0x00, 0xff]));
    alpaca.sendRaw(Buffer.from('not json at all', 'utf8'), false);
    alpaca.sendRaw(Buffer.concat([packed({ stream: 'trade_updates' }), Buffer.from([0x00])]));
    alpaca.fill(brokerId, '3', '98.75', 'mp-2');
    const done = await waitFor(async () => {
      const o = await getOrder(h, user, id);
      return o.status === 'filled' ? o : undefined;
    }, 'fill 2');
    expect([done.filledQty, done.filledAvgPrice]).toEqual(['5', '98.65']);
    const trades = (await outbox(h, 'trade.executed')).filter((e) => e.data.orderId === id);
    expect(trades.map((t) => [t.data.qty, t.data.price])).toEqual([
      ['2', '98.5'],
      ['3', '98.75'],
    ]);
    // The same connection all along: a bad frame does not end the stream.
    expect(alpaca.streamCodecs).toHaveLength(1);
    expect(alpaca.listeners).toBe(1);
    expect(h.rt.alpaca.stream(accountId)!.listening).toBe(true);
  });

  it('still reads a JSON frame on a MessagePack stream', async () => {
    const res = await call(h, 'POST', '/v1/orders', user, {
      accountId,
      symbol: 'AAPL',
      side: 'buy',
      type: 'limit',
      limitPrice: '97',
      timeInForce: 'gtc',
      qty: '1',
    });
    const id = res.json().id as string;
    const brokerId = (await getOrderById(h.rt.deps.db, id))!.brokerOrderId!;
    const o = alpaca.orders.get(brokerId)!;
    o.status = 'canceled';
    alpaca.send({ event: 'canceled', order: { ...o } }, 'json');
    await waitFor(
      async () => ((await getOrder(h, user, id)).status === 'canceled' ? true : undefined),
      'json',
    );
  });
});
