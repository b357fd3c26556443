import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { StreamClient, streamUrl, type ChannelMessage } from '../src/stream/stream.ts';

/** A WebSocket stand-in: records what the client sends, lets the test play the server. */
class FakeSocket {
  static all: FakeSocket[] = [];
  readyState = 0;
  sent: Record<string, unknown>[] = [];
  onopen: ((ev: Event) => unknown) | null = null;
  onmessage: ((ev: MessageEvent) => unknown) | null = null;
  onclose: ((ev: CloseEvent) => unknown) | null = null;
  onerror: ((ev: Event) => unknown) | null = null;
  closedWith: number | undefined;
  constructor(readonly url: string) {
    FakeSocket.all.push(this);
  }
  send(data: string) {
    this.sent.push(JSON.parse(data) as Record<string, unknown>);
  }
  close(code = 1000) {
    this.closedWith = code;
    this.readyState = 3;
    this.onclose?.({ code } as CloseEvent);
  }
  /** Server side. */
  open() {
    this.readyState = 1;
  }
  receive(msg: unknown) {
    this.onmessage?.({ data: JSON.stringify(msg) } as MessageEvent);
  }
  serverClose(code: number) {
    this.readyState = 3;
    this.onclose?.({ code } as CloseEvent);
  }
  welcome(heartbeatMs = 15_000) {
    this.open();
    this.receive({ type: 'welcome', userId: 'u1', heartbeatMs });
  }
}

const last = () => FakeSocket.all[FakeSocket.all.length - 1]!;
const flush = () => vi.advanceTimersByTimeAsync(0);

function client(tokens: (force: boolean) => Promise<string | null> = async () => 'tok') {
  return new StreamClient({
    url: () => 'ws://gw/v1/stream',
    token: tokens,
    createSocket: (u) => new FakeSocket(u),
    random: () => 1,
    minDelayMs: 100,
    maxDelayMs: 1000,
  });
}

beforeEach(() => {
  vi.useFakeTimers();
  FakeSocket.all = [];
});
afterEach(() => {
  vi.useRealTimers();
});

describe('stream client', () => {
  it('authenticates with ?token=, subscribes the wanted channels after welcome, dispatches by channel', async () => {
    const c = client();
    const got: ChannelMessage[] = [];
    c.subscribe('orders', (m) => got.push(m));
    c.subscribe('quotes:AAPL', (m) => got.push(m));
    c.start();
    await flush();
    const ws = last();
    expect(ws.url).toBe('ws://gw/v1/stream?token=tok');
    expect(c.status).toBe('connecting');
    ws.welcome();
    expect(c.status).toBe('live');
    expect(ws.sent[0]).toMatchObject({ type: 'subscribe', channels: ['orders', 'quotes:AAPL'] });
    expect(ws.sent[0]).not.toHaveProperty('resumeFrom');
    ws.receive({ type: 'quote', channel: 'quotes:AAPL', data: { S: 'AAPL', bp: 1, ap: 2, t: 'x' } });
    ws.receive({
      type: 'event',
      channel: 'orders',
      seq: '5-0',
      event: 'order.filled',
      data: { order: { id: 'o1' } },
    });
    ws.receive({ type: 'quote', channel: 'quotes:MSFT', data: { S: 'MSFT', bp: 1, ap: 2, t: 'x' } });
    expect(got.map((m) => m.channel)).toEqual(['quotes:AAPL', 'orders']);
    c.stop();
  });

  it('subscribes and unsubscribes live, reference-counted', async () => {
    const c = client();
    c.start();
    await flush();
    last().welcome();
    const off1 = c.subscribe('trades:AAPL', () => {});
    const off2 = c.subscribe('trades:AAPL', () => {});
    expect(last().sent.filter((m) => m.type === 'subscribe')).toHaveLength(1);
    off1();
    expect(last().sent.some((m) => m.type === 'unsubscribe')).toBe(false);
    off2();
    expect(last().sent[last().sent.length - 1]).toMatchObject({
      type: 'unsubscribe',
      channels: ['trades:AAPL'],
    });
    c.stop();
  });

  it('reconnects with backoff and resumes from the last seq, dropping replayed duplicates', async () => {
    const c = client();
    const seqs: string[] = [];
    c.subscribe('orders', (m) => m.type === 'event' && seqs.push(m.seq));
    c.start();
    await flush();
    last().welcome();
    last().receive({ type: 'event', channel: 'orders', seq: '7-0', event: 'order.accepted', data: {} });
    last().serverClose(1006);
    expect(c.status).toBe('reconnecting');
    await vi.advanceTimersByTimeAsync(99);
    expect(FakeSocket.all).toHaveLength(1);
    await vi.advanceTimersByTimeAsync(2);
    expect(FakeSocket.all).toHaveLength(2);
    last().welcome();
    expect(last().sent[0]).toMatchObject({ type: 'subscribe', channels: ['orders'], resumeFrom: '7-0' });
    last().receive({ type: 'event', channel: 'orders', seq: '7-0', event: 'order.accepted', data: {} });
    last().receive({ type: 'event', channel: 'orders', seq: '8-0', event: 'order.filled', data: {} });
    expect(seqs).toEqual(['7-0', '8-0']);
    c.stop();
  });

  it('backs off exponentially while the server is away', async () => {
    const c = client();
    c.start();
    await flush();
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      const before = FakeSocket.all.length;
      last().serverClose(1006);
      let waited = 0;
      while (FakeSocket.all.length === before) {
        await vi.advanceTimersByTimeAsync(50);
        waited += 50;
      }
      delays.push(waited);
    }
    expect(delays).toEqual([100, 200, 400, 800, 1000]);
    c.stop();
  });

  it('refreshes the token after a 4001 close', async () => {
    const forced: boolean[] = [];
    const c = client(async (force) => {
      forced.push(force);
      return force ? 'fresh' : 'stale';
    });
    c.start();
    await flush();
    last().receive({ type: 'error', code: 'UNAUTHORIZED', message: 'expired' });
    last().serverClose(4001);
    await vi.advanceTimersByTimeAsync(200);
    expect(forced).toEqual([false, true]);
    expect(last().url).toBe('ws://gw/v1/stream?token=fresh');
    c.stop();
  });

  it('stops when the session is over (no token)', async () => {
    const c = client(async () => null);
    c.start();
    await flush();
    expect(FakeSocket.all).toHaveLength(0);
    expect(c.status).toBe('stopped');
  });

  it('resumes from the seq a SLOW_CONSUMER error names', async () => {
    const c = client();
    c.subscribe('positions', () => {});
    c.start();
    await flush();
    last().welcome();
    last().receive({ type: 'event', channel: 'positions', seq: '3-0', event: 'position.changed', data: {} });
    last().receive({ type: 'error', code: 'SLOW_CONSUMER', resumeFrom: '4-0' });
    last().serverClose(4008);
    await vi.advanceTimersByTimeAsync(200);
    last().welcome();
    expect(last().sent[0]).toMatchObject({ resumeFrom: '4-0' });
    c.stop();
  });

  it('asks for a REST reload on RESUME_TOO_OLD and after a reconnect with nothing to resume', async () => {
    const c = client();
    let resyncs = 0;
    c.onResync(() => resyncs++);
    c.subscribe('orders', () => {});
    c.start();
    await flush();
    last().welcome();
    expect(resyncs).toBe(0);
    last().serverClose(1006);
    await vi.advanceTimersByTimeAsync(200);
    last().welcome();
    expect(resyncs).toBe(1);
    last().receive({ type: 'error', code: 'RESUME_TOO_OLD', resumeFrom: '1-0' });
    expect(resyncs).toBe(2);
    c.stop();
  });

  it('closes and reconnects when nothing arrives for two heartbeat intervals', async () => {
    const c = client();
    c.start();
    await flush();
    last().welcome(1000);
    await vi.advanceTimersByTimeAsync(1000);
    last().receive({ type: 'heartbeat', ts: 1 });
    await vi.advanceTimersByTimeAsync(1000);
    expect(last().closedWith).toBeUndefined();
    await vi.advanceTimersByTimeAsync(2000);
    expect(FakeSocket.all[0]!.closedWith).toBe(4000);
    c.stop();
  });

  it('derives ws:// or wss:// from the page', () => {
    expect(streamUrl({ protocol: 'http:', host: 'localhost:3000' })).toBe('ws://localhost:3000/v1/stream');
    expect(streamUrl({ protocol: 'https:', host: 'trade.example.com' })).toBe(
      'wss://trade.example.com/v1/stream',
    );
  });
});
