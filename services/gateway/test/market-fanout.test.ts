import { describe, expect, it } from 'vitest';
import { Registry } from 'prom-client';
import { MARKET_CHANNELS, type StreamQuote } from '@tradeplane/contracts';
import type { EventBus, ServiceContext } from '@tradeplane/kit';
import {
  LossyWriter,
  MarketFanout,
  type MarketBatch,
  type MarketSubscriber,
  type WritableSocket,
} from '../src/streams/market-fanout.ts';

/** A bus that only does broadcast, and shows how many listeners each channel has. */
function fakeBus() {
  const listeners = new Map<string, Set<(payload: unknown) => void>>();
  const bus = {
    onBroadcast(channel: string, listener: (payload: unknown) => void) {
      const set = listeners.get(channel) ?? new Set();
      listeners.set(channel, set);
      set.add(listener);
      return () => set.delete(listener);
    },
    broadcast(channel: string, payload: unknown) {
      for (const l of listeners.get(channel) ?? []) l(JSON.parse(JSON.stringify(payload)));
      return Promise.resolve();
    },
  };
  return { bus, count: (channel: string) => listeners.get(channel)?.size ?? 0 };
}

function fanoutWithBus() {
  const { bus, count } = fakeBus();
  const ctx = {
    bus: bus as unknown as EventBus,
    log: { warn: () => undefined } as unknown as ServiceContext['log'],
    metrics: new Registry(),
  };
  return { fanout: new MarketFanout(ctx), bus, count };
}

class Recorder implements MarketSubscriber {
  readonly got: string[][] = [];
  deliver(batch: MarketBatch, picks: readonly number[]): void {
    this.got.push(picks.map((i) => `${batch.kind}:${batch.messages[i]!.S}`));
  }
}

const q = (S: string): StreamQuote => ({
  S,
  bp: 1,
  bs: 1,
  ap: 2,
  as: 1,
  bx: 'V',
  ax: 'V',
  t: '2024-01-01T00:00:00.000Z',
});

describe('market fan-out', () => {
  it('holds one bus listener per channel however many clients subscribe, and none when nobody does', () => {
    const { fanout, count } = fanoutWithBus();
    const a = new Recorder();
    const b = new Recorder();
    expect(count(MARKET_CHANNELS.quotes)).toBe(0);
    fanout.subscribe(a, 'quotes', ['AAPL']);
    fanout.subscribe(b, 'quotes', ['MSFT', '*']);
    expect(count(MARKET_CHANNELS.quotes)).toBe(1);
    expect(count(MARKET_CHANNELS.trades)).toBe(0);
    fanout.unsubscribe(a, 'quotes', ['AAPL']);
    expect(count(MARKET_CHANNELS.quotes)).toBe(1);
    fanout.drop(b);
    expect(count(MARKET_CHANNELS.quotes)).toBe(0);
  });

  it('delivers each client only its symbols, and a * client every message once', async () => {
    const { fanout, bus } = fanoutWithBus();
    const aapl = new Recorder();
    const all = new Recorder();
    const none = new Recorder();
    fanout.subscribe(aapl, 'quotes', ['AAPL']);
    fanout.subscribe(all, 'quotes', ['*', 'AAPL']);
    fanout.subscribe(none, 'trades', ['AAPL']);
    await bus.broadcast(MARKET_CHANNELS.quotes, { quotes: [q('AAPL'), q('MSFT'), q('AAPL')] });
    expect(aapl.got).toEqual([['quotes:AAPL', 'quotes:AAPL']]);
    expect(all.got).toEqual([['quotes:AAPL', 'quotes:MSFT', 'quotes:AAPL']]);
    expect(none.got).toEqual([]);
  });

  it('reads daily bars from their own channel and ignores malformed payloads', async () => {
    const { fanout, bus } = fanoutWithBus();
    const r = new Recorder();
    fanout.subscribe(r, 'dailyBars', ['AAPL']);
    await bus.broadcast(MARKET_CHANNELS.dailyBars, { bars: [{ S: 'AAPL' }, { nope: 1 }, null] });
    await bus.broadcast(MARKET_CHANNELS.dailyBars, { quotes: [{ S: 'AAPL' }] });
    await bus.broadcast(MARKET_CHANNELS.dailyBars, 'garbage');
    expect(r.got).toEqual([['dailyBars:AAPL']]);
  });

  it('encodes a batch once per format however many clients get it', async () => {
    const { fanout, bus } = fanoutWithBus();
    let encodings = 0;
    const sub: MarketSubscriber = {
      deliver: (batch) => {
        batch.encoded('json', (m) => {
          encodings++;
          return JSON.stringify(m);
        });
      },
    };
    const other: MarketSubscriber = { deliver: sub.deliver };
    fanout.subscribe(sub, 'quotes', ['*']);
    fanout.subscribe(other, 'quotes', ['AAPL']);
    await bus.broadcast(MARKET_CHANNELS.quotes, { quotes: [q('AAPL'), q('MSFT')] });
    expect(encodings).toBe(2);
  });

  it('stops delivering after close', async () => {
    const { fanout, bus, count } = fanoutWithBus();
    const r = new Recorder();
    fanout.subscribe(r, 'quotes', ['AAPL']);
    fanout.close();
    expect(count(MARKET_CHANNELS.quotes)).toBe(0);
    await bus.broadcast(MARKET_CHANNELS.quotes, { quotes: [q('AAPL')] });
    expect(r.got).toEqual([]);
  });
});

/** A socket whose backlog the test controls; completes writes only when told to. */
class FakeSocket implements WritableSocket {
  readyState = 1;
  bufferedAmount = 0;
  readonly sent: string[] = [];
  readonly #callbacks: ((err?: Error) => void)[] = [];
  send(data: Uint8Array, _opts: { binary: boolean }, cb: (err?: Error) => void): void {
    this.sent.push(Buffer.from(data).toString());
    this.#callbacks.push(cb);
  }
  drain(): void {
    this.bufferedAmount = 0;
    for (const cb of this.#callbacks.splice(0)) cb();
  }
}

describe('lossy writer', () => {
  const setup = () => {
    const socket = new FakeSocket();
    let dropped = 0;
    const writer = new LossyWriter(socket, {
      highWaterBytes: 100,
      binary: false,
      frame: (items) => Buffer.from(`[${items.map((i) => Buffer.from(i).toString()).join(',')}]`),
      onDropped: (n) => (dropped += n),
    });
    const msg = (key: string, v: string) => ({ key, data: Buffer.from(`"${v}"`) });
    return { socket, writer, msg, dropped: () => dropped };
  };

  it('sends at once while the socket keeps up', () => {
    const { socket, writer, msg, dropped } = setup();
    writer.write([msg('q:AAPL', 'a1'), msg('q:MSFT', 'm1')]);
    expect(socket.sent).toEqual(['["a1","m1"]']);
    expect(dropped()).toBe(0);
  });

  it('coalesces to the latest message per key while backed up, then sends what is parked on drain', () => {
    const { socket, writer, msg, dropped } = setup();
    writer.write([msg('q:AAPL', 'a1')]);
    socket.bufferedAmount = 1_000;
    writer.write([msg('q:AAPL', 'a2'), msg('q:MSFT', 'm1')]);
    writer.write([msg('q:AAPL', 'a3')]);
    writer.write([msg('t:AAPL', 't1')]);
    expect(socket.sent).toEqual(['["a1"]']);
    expect(writer.parked).toBe(3);
    expect(dropped()).toBe(1); // a2, replaced by a3
    socket.drain();
    expect(socket.sent).toEqual(['["a1"]', '["m1","a3","t1"]']);
    expect(writer.parked).toBe(0);
  });

  it('sends parked messages ahead of new ones once below the mark', () => {
    const { socket, writer, msg } = setup();
    socket.bufferedAmount = 1_000;
    writer.write([msg('q:AAPL', 'a1')]);
    socket.bufferedAmount = 0;
    writer.write([msg('q:MSFT', 'm1')]);
    expect(socket.sent).toEqual(['["a1","m1"]']);
  });

  it('never drops protocol answers', () => {
    const { socket, writer } = setup();
    socket.bufferedAmount = 1_000;
    writer.writeControl(Buffer.from('[{"T":"subscription"}]'));
    expect(socket.sent).toEqual(['[{"T":"subscription"}]']);
  });

  it('writes nothing to a closed socket', () => {
    const { socket, writer, msg } = setup();
    socket.readyState = 3;
    writer.write([msg('q:AAPL', 'a1')]);
    writer.writeControl(Buffer.from('[]'));
    expect(socket.sent).toEqual([]);
  });
});
