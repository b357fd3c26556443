import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createAlpacaDataProvider, type AlpacaDataProvider } from '../../src/providers/alpaca.ts';
import {
  ProviderError,
  type ProviderBar,
  type ProviderNews,
  type ProviderQuote,
  type ProviderTrade,
  type StreamStatus,
} from '../../src/providers/provider.ts';
import { FakeAlpaca, pause, waitFor, type AlpacaBar } from './fake-upstreams.ts';

const FAST_RECONNECT = { initialDelayMs: 10, maxDelayMs: 40, handshakeTimeoutMs: 2_000 };

function minuteBars(count: number): AlpacaBar[] {
  return Array.from({ length: count }, (_, i) => ({
    t: new Date(Date.parse('2024-01-02T14:30:00Z') + i * 60_000).toISOString().replace('.000Z', 'Z'),
    o: 185.5 + i,
    h: 186.25 + i,
    l: 185.1 + i,
    c: 186 + i,
    v: 12_000 + i,
    n: 150 + i,
    vw: 185.77 + i,
  }));
}

let fake: FakeAlpaca;
let provider: AlpacaDataProvider;

function alpaca(
  o: { keyId?: string; secretKey?: string; retries?: number; feed?: string } = {},
): AlpacaDataProvider {
  return createAlpacaDataProvider({
    keyId: o.keyId ?? fake.keyId,
    secretKey: o.secretKey ?? fake.secretKey,
    baseUrl: fake.url,
    streamUrl: `${fake.wsUrl}/v2`,
    ...(o.feed ? { feed: o.feed } : {}),
    timeoutMs: 2_000,
    retries: o.retries ?? 0,
    reconnect: FAST_RECONNECT,
  });
}

beforeEach(async () => {
  fake = await new FakeAlpaca().start();
  provider = alpaca();
});

afterEach(async () => {
  await provider.close();
  await fake.stop();
});

describe('Alpaca REST', () => {
  it('returns every bar across next_page_token pages, mapped', async () => {
    fake.bars.set('AAPL 1Min', minuteBars(5));
    const start = new Date('2024-01-02T14:30:00Z');
    const end = new Date('2024-01-02T15:00:00Z');

    const bars = await provider.bars('AAPL', '1Min', start, end);

    expect(bars).toHaveLength(5);
    expect(bars[0]).toEqual<ProviderBar>({
      symbol: 'AAPL',
      t: '2024-01-02T14:30:00Z',
      o: 185.5,
      h: 186.25,
      l: 185.1,
      c: 186,
      v: 12_000,
      n: 150,
      vw: 185.77,
    });
    expect(bars.map((b) => b.t).at(-1)).toBe('2024-01-02T14:34:00Z');
    expect(fake.requests).toHaveLength(3);
    const [first, second] = fake.requests;
    expect(first!.path).toBe('/v2/stocks/bars');
    expect(Object.fromEntries(first!.query)).toEqual({
      symbols: 'AAPL',
      timeframe: '1Min',
      start: '2024-01-02T14:30:00.000Z',
      end: '2024-01-02T15:00:00.000Z',
      limit: '10000',
      adjustment: 'split',
      feed: 'iex',
      sort: 'asc',
    });
    expect(second!.query.get('page_token')).toBeTruthy();
    for (const r of fake.requests) {
      expect(r.headers['apca-api-key-id']).toBe(fake.keyId);
      expect(r.headers['apca-api-secret-key']).toBe(fake.secretKey);
    }
  });

  it('asks only for the bars still missing and stops at the limit', async () => {
    fake.bars.set('AAPL 1Day', minuteBars(6));
    const bars = await provider.bars(
      'AAPL',
      '1Day',
      new Date('2024-01-01T00:00:00Z'),
      new Date('2024-01-03T00:00:00Z'),
      3,
    );
    expect(bars).toHaveLength(3);
    expect(fake.requests.map((r) => r.query.get('limit'))).toEqual(['3', '1']);
  });

  it('maps nanosecond timestamps of latest quotes and trades and leaves unknown symbols out', async () => {
    fake.latestQuotes.set('AAPL', {
      t: '2024-01-02T14:40:00.123456789Z',
      ax: 'V',
      ap: 185.52,
      as: 300,
      bx: 'V',
      bp: 185.5,
      bs: 200,
      c: ['R'],
      z: 'C',
    });
    fake.latestQuotes.set('MSFT', {
      t: '2024-01-02T14:40:01Z',
      ax: 'Q',
      ap: 370.1,
      as: 100,
      bx: 'P',
      bp: 370.05,
      bs: 400,
      c: ['R'],
      z: 'C',
    });
    fake.latestTrades.set('AAPL', {
      t: '2024-01-02T14:40:00.987654321Z',
      x: 'V',
      p: 185.51,
      s: 25,
      c: ['@', 'I'],
      i: 52983525029461,
      z: 'C',
    });

    const quotes = await provider.latestQuotes(['AAPL', 'NOPE', 'msft']);
    const trades = await provider.latestTrades(['AAPL', 'MSFT']);

    expect(quotes).toEqual<ProviderQuote[]>([
      {
        symbol: 'AAPL',
        t: '2024-01-02T14:40:00.123Z',
        bp: 185.5,
        bs: 200,
        ap: 185.52,
        as: 300,
        bx: 'V',
        ax: 'V',
      },
      {
        symbol: 'MSFT',
        t: '2024-01-02T14:40:01.000Z',
        bp: 370.05,
        bs: 400,
        ap: 370.1,
        as: 100,
        bx: 'P',
        ax: 'Q',
      },
    ]);
    expect(trades).toEqual<ProviderTrade[]>([
      { symbol: 'AAPL', t: '2024-01-02T14:40:00.987Z', p: 185.51, s: 25, x: 'V', i: '52983525029461' },
    ]);
    expect(fake.requests[0]!.path).toBe('/v2/stocks/quotes/latest');
    expect(fake.requests[0]!.query.get('symbols')).toBe('AAPL,NOPE,MSFT');
    expect(fake.requests[1]!.path).toBe('/v2/stocks/trades/latest');
    expect(fake.requests[1]!.query.get('feed')).toBe('iex');
  });

  it('turns rejected keys into a ProviderError with status 401', async () => {
    const wrong = alpaca({ secretKey: 'wrong-secret' });
    try {
      const err = await wrong.latestQuotes(['AAPL']).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect(err).toMatchObject({ provider: 'alpaca', status: 401, kind: 'auth', requestId: 'req-0' });
      expect((err as Error).message).not.toContain('wrong-secret');
    } finally {
      await wrong.close();
    }
  });

  it('turns 429 into a rate-limited ProviderError, waiting until X-RateLimit-Reset', async () => {
    fake.rateLimitReset = Math.floor(Date.now() / 1000) + 30;
    fake.failNext.push(429);
    const err = await provider
      .bars('AAPL', '1Min', new Date('2024-01-02T14:30:00Z'), new Date('2024-01-02T15:00:00Z'))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(ProviderError);
    expect(err).toMatchObject({ status: 429, kind: 'rate_limited', retryable: true });
    // Whole seconds on the wire: somewhere in the 30 s window, whatever the clock did meanwhile.
    const wait = (err as ProviderError).retryAfterMs!;
    expect(wait).toBeGreaterThan(28_000);
    expect(wait).toBeLessThanOrEqual(30_000);
  });

  it('reports a request the upstream rejects as a bad request with its message', async () => {
    const rejecting = createAlpacaDataProvider({
      keyId: fake.keyId,
      secretKey: fake.secretKey,
      baseUrl: fake.url,
      retries: 0,
      // A timeframe Alpaca does not know, sneaked past the type to see the upstream's answer.
      fetch: (input, init) => {
        const u = new URL(String(input));
        u.searchParams.set('timeframe', '2Min');
        return fetch(u, init);
      },
    });
    try {
      await expect(rejecting.bars('AAPL', '1Min', new Date(0), new Date(60_000))).rejects.toMatchObject({
        status: 400,
        kind: 'bad_request',
        upstreamCode: '40010001',
        message: expect.stringContaining('invalid timeframe'),
      });
    } finally {
      await rejecting.close();
    }
  });

  it('maps news with symbols across pages, newest first', async () => {
    fake.news = [1, 2, 3].map((i) => ({
      id: 24_843_170 + i,
      headline: `Headline ${i}`,
      author: 'Benzinga Newsdesk',
      created_at: `2024-01-02T1${i}:00:00Z`,
      updated_at: `2024-01-02T1${i}:05:00Z`,
      summary: `Summary ${i}`,
      content: i === 3 ? '<p>Full text</p>' : '',
      url: `https://www.benzinga.com/news/${i}`,
      images: [],
      symbols: i === 2 ? ['MSFT'] : ['AAPL', 'MSFT'],
      source: 'benzinga',
    }));

    const news = await provider.news({
      symbols: ['AAPL'],
      start: new Date('2024-01-01T00:00:00Z'),
      end: new Date('2024-01-03T00:00:00Z'),
    });

    expect(news).toEqual<ProviderNews[]>([
      {
        id: '24843173',
        headline: 'Headline 3',
        summary: 'Summary 3',
        content: '<p>Full text</p>',
        author: 'Benzinga Newsdesk',
        source: 'benzinga',
        url: 'https://www.benzinga.com/news/3',
        symbols: ['AAPL', 'MSFT'],
        createdAt: '2024-01-02T13:00:00.000Z',
      },
      {
        id: '24843171',
        headline: 'Headline 1',
        summary: 'Summary 1',
        author: 'Benzinga Newsdesk',
        source: 'benzinga',
        url: 'https://www.benzinga.com/news/1',
        symbols: ['AAPL', 'MSFT'],
        createdAt: '2024-01-02T11:00:00.000Z',
      },
    ]);
    expect(fake.requests[0]!.path).toBe('/v1beta1/news');
    expect(fake.requests[0]!.query.get('symbols')).toBe('AAPL');
    expect(fake.requests[0]!.query.get('limit')).toBe('50');
    expect(fake.requests[0]!.query.get('start')).toBe('2024-01-01T00:00:00.000Z');

    fake.requests.length = 0;
    const all = await provider.news({ limit: 3 });
    expect(all.map((n) => n.id)).toEqual(['24843173', '24843172', '24843171']);
    expect(fake.requests.map((r) => r.query.get('page_token') !== null)).toEqual([false, true]);
  });
});

describe('Alpaca stream', () => {
  function collect() {
    const got = {
      trades: [] as ProviderTrade[],
      quotes: [] as ProviderQuote[],
      bars: [] as ProviderBar[],
      errors: [] as Error[],
      statuses: [] as StreamStatus[],
    };
    const handlers = {
      onTrade: (t: ProviderTrade) => got.trades.push(t),
      onQuote: (q: ProviderQuote) => got.quotes.push(q),
      onBar: (b: ProviderBar) => got.bars.push(b),
      onError: (e: Error) => got.errors.push(e),
      onStatus: (s: StreamStatus) => got.statuses.push(s),
    };
    return { got, handlers };
  }

  const events = (p: number) => [
    { T: 't', S: 'AAPL', i: 96921, x: 'V', p, s: 100, c: ['@'], t: '2024-01-02T14:30:01.234567891Z', z: 'C' },
    {
      T: 'q',
      S: 'AAPL',
      bx: 'V',
      bp: 185.49,
      bs: 2,
      ax: 'V',
      ap: 185.51,
      as: 3,
      c: ['R'],
      t: '2024-01-02T14:30:01.5Z',
      z: 'C',
    },
    {
      T: 'b',
      S: 'AAPL',
      o: 185.3,
      h: 185.6,
      l: 185.2,
      c: p,
      v: 4_110,
      t: '2024-01-02T14:30:00Z',
      n: 68,
      vw: 185.45,
    },
  ];

  const subscribed = (i: number) => () =>
    fake.sockets[i] !== undefined && fake.subscribes(fake.sockets[i]).length > 0;

  it('authenticates, subscribes and delivers trades, quotes and bars mapped', async () => {
    const { got, handlers } = collect();
    const stream = provider.stream(handlers);
    stream.subscribe({ trades: ['aapl'], quotes: ['AAPL'], bars: ['AAPL'] });

    await waitFor(subscribed(0), 'the subscription');
    const socket = fake.sockets[0]!;
    expect(socket.path).toBe('/v2/iex');
    expect(socket.received[0]).toEqual({ action: 'auth', key: fake.keyId, secret: fake.secretKey });
    expect(fake.subscribes(socket)).toEqual([
      { action: 'subscribe', trades: ['AAPL'], quotes: ['AAPL'], bars: ['AAPL'] },
    ]);

    fake.emit(events(185.5));
    await waitFor(() => got.bars.length === 1, 'the events');

    expect(got.trades).toEqual<ProviderTrade[]>([
      { symbol: 'AAPL', t: '2024-01-02T14:30:01.234Z', p: 185.5, s: 100, x: 'V', i: '96921' },
    ]);
    expect(got.quotes).toEqual<ProviderQuote[]>([
      {
        symbol: 'AAPL',
        t: '2024-01-02T14:30:01.500Z',
        bp: 185.49,
        bs: 2,
        ap: 185.51,
        as: 3,
        bx: 'V',
        ax: 'V',
      },
    ]);
    expect(got.bars).toEqual<ProviderBar[]>([
      {
        symbol: 'AAPL',
        t: '2024-01-02T14:30:00Z',
        o: 185.3,
        h: 185.6,
        l: 185.2,
        c: 185.5,
        v: 4_110,
        n: 68,
        vw: 185.45,
      },
    ]);
    expect(got.statuses).toEqual(['connected', 'authenticated']);
    expect(got.errors).toEqual([]);

    stream.unsubscribe({ trades: ['AAPL'], bars: ['MSFT'] });
    await waitFor(() => fake.subscribes(socket, 'unsubscribe').length === 1, 'the unsubscribe');
    // MSFT was never subscribed: nothing to take back.
    expect(fake.subscribes(socket, 'unsubscribe')).toEqual([{ action: 'unsubscribe', trades: ['AAPL'] }]);

    await stream.close();
    await waitFor(() => socket.closedWith !== undefined, 'the socket to close');
    expect(socket.closedWith).toBe(1000);
  });

  it('connects to the configured feed', async () => {
    const sip = alpaca({ feed: 'sip' });
    const { got, handlers } = collect();
    try {
      sip.stream(handlers);
      await waitFor(() => got.statuses.includes('authenticated'), 'authentication');
      expect(fake.sockets[0]!.path).toBe('/v2/sip');
      await sip.latestTrades(['AAPL']);
      expect(fake.requests[0]!.query.get('feed')).toBe('sip');
    } finally {
      await sip.close();
    }
  });

  it('reports "auth failed" (402), delivers nothing and does not reconnect', async () => {
    const wrong = alpaca({ secretKey: 'wrong' });
    const { got, handlers } = collect();
    try {
      wrong.stream(handlers).subscribe({ trades: ['AAPL'], quotes: ['AAPL'] });
      await waitFor(() => got.statuses.includes('disconnected'), 'the stream to stop');
      await pause(100); // several reconnect delays (10–40 ms) would fit here

      expect(got.errors).toHaveLength(1);
      expect(got.errors[0]).toBeInstanceOf(ProviderError);
      expect(got.errors[0]).toMatchObject({ kind: 'auth', status: 401, upstreamCode: 402 });
      expect(fake.sockets).toHaveLength(1);
      expect(fake.sockets[0]!.closedWith).toBe(1000);
      expect(fake.subscribes(fake.sockets[0]!)).toEqual([]);
      expect(got.trades).toEqual([]);
      expect(got.statuses).toEqual(['connected', 'disconnected']);
    } finally {
      await wrong.close();
    }
  });

  it('reports a non-fatal stream error and stays connected', async () => {
    const { got, handlers } = collect();
    const stream = provider.stream(handlers);
    stream.subscribe({ trades: ['AAPL'] });
    await waitFor(subscribed(0), 'the subscription');
    fake.sendToAll([{ T: 'error', code: 405, msg: 'symbol limit exceeded' }]);
    fake.emit(events(185.5).slice(0, 1));
    await waitFor(() => got.trades.length === 1, 'the trade after the error');
    expect(got.errors[0]).toMatchObject({ kind: 'stream', upstreamCode: 405 });
    expect(fake.sockets).toHaveLength(1);
    await stream.close();
  });

  it('reconnects after the server drops it, authenticates and subscribes again, and receives data again', async () => {
    const { got, handlers } = collect();
    const stream = provider.stream(handlers);
    stream.subscribe({ trades: ['AAPL', 'MSFT'], bars: ['AAPL'] });
    await waitFor(subscribed(0), 'the first subscription');
    stream.unsubscribe({ trades: ['MSFT'] });
    fake.emit(events(185.5));
    await waitFor(() => got.trades.length === 1, 'the first trade');

    fake.dropAll();
    await waitFor(subscribed(1), 'the second subscription');
    const second = fake.sockets[1]!;
    expect(second.received[0]).toEqual({ action: 'auth', key: fake.keyId, secret: fake.secretKey });
    // Everything still wanted, in one message; MSFT trades were dropped before the reconnect.
    expect(fake.subscribes(second)).toEqual([{ action: 'subscribe', trades: ['AAPL'], bars: ['AAPL'] }]);

    fake.emit(events(190));
    await waitFor(() => got.trades.length === 2, 'the trade after reconnecting');
    expect(got.trades[1]).toMatchObject({ symbol: 'AAPL', p: 190 });
    expect(got.bars[1]).toMatchObject({ symbol: 'AAPL', c: 190 });
    expect(got.statuses).toEqual([
      'connected',
      'authenticated',
      'disconnected',
      'reconnecting',
      'connected',
      'authenticated',
    ]);
    await stream.close();
  });

  it('reconnects after "slow client" (407) and keeps the subscriptions', async () => {
    const { got, handlers } = collect();
    const stream = provider.stream(handlers);
    stream.subscribe({ quotes: ['AAPL'] });
    await waitFor(subscribed(0), 'the first subscription');
    fake.sendToAll([{ T: 'error', code: 407, msg: 'slow client' }]);
    await waitFor(subscribed(1), 'the second subscription');
    expect(fake.subscribes(fake.sockets[1]!)).toEqual([{ action: 'subscribe', quotes: ['AAPL'] }]);
    expect(got.errors[0]).toMatchObject({ kind: 'stream', upstreamCode: 407 });
    await stream.close();
  });

  it('stops reconnecting once closed, and close() waits for the socket', async () => {
    const slow = createAlpacaDataProvider({
      keyId: fake.keyId,
      secretKey: fake.secretKey,
      baseUrl: fake.url,
      streamUrl: `${fake.wsUrl}/v2`,
      reconnect: { initialDelayMs: 60, maxDelayMs: 60 },
    });
    const { got, handlers } = collect();
    try {
      const stream = slow.stream(handlers);
      await waitFor(() => got.statuses.includes('authenticated'), 'authentication');
      fake.dropAll();
      await waitFor(() => got.statuses.includes('reconnecting'), 'the reconnect to be scheduled');
      await stream.close();
      await pause(150); // beyond the 30–60 ms reconnect delay
      expect(fake.sockets).toHaveLength(1);
      expect(got.statuses.at(-1)).toBe('disconnected');
    } finally {
      await slow.close();
    }
  });

  it('gives up after maxAttempts consecutive failed connections', async () => {
    const port = new URL(fake.url).port;
    await fake.stop();
    const lonely = createAlpacaDataProvider({
      keyId: 'k',
      secretKey: 's',
      baseUrl: `http://127.0.0.1:${port}`,
      streamUrl: `ws://127.0.0.1:${port}/v2`,
      reconnect: { initialDelayMs: 5, maxDelayMs: 10, maxAttempts: 2 },
    });
    const { got, handlers } = collect();
    try {
      lonely.stream(handlers);
      await waitFor(() => got.errors.length > 0, 'the stream to give up');
      expect(got.errors[0]).toMatchObject({
        kind: 'unavailable',
        message: expect.stringContaining('gave up after 2'),
      });
      expect(got.statuses.filter((s) => s === 'reconnecting')).toHaveLength(2);
      expect(got.statuses.at(-1)).toBe('disconnected');
    } finally {
      await lonely.close();
      fake = await new FakeAlpaca().start();
    }
  });
});
