import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createPolygonProvider, type PolygonProvider } from '../../src/providers/polygon.ts';
import {
  ProviderError,
  type ProviderBar,
  type ProviderQuote,
  type ProviderTrade,
  type StreamStatus,
} from '../../src/providers/provider.ts';
import { FakePolygon, pause, waitFor, type PolygonAgg } from './fake-upstreams.ts';

const FAST_RECONNECT = { initialDelayMs: 10, maxDelayMs: 40, handshakeTimeoutMs: 2_000 };
const T0 = Date.parse('2024-01-02T14:30:00Z');

function aggs(count: number, stepMs: number): PolygonAgg[] {
  return Array.from({ length: count }, (_, i) => ({
    t: T0 + i * stepMs,
    o: 185.5 + i,
    h: 186.25 + i,
    l: 185.1 + i,
    c: 186 + i,
    v: 120_000 + i,
    vw: 185.77 + i,
    n: 1_500 + i,
  }));
}

let fake: FakePolygon;
let provider: PolygonProvider;

function polygon(apiKey = fake.apiKey, extra: { retries?: number } = {}): PolygonProvider {
  return createPolygonProvider({
    apiKey,
    baseUrl: fake.url,
    wsUrl: `${fake.wsUrl}/stocks`,
    timeoutMs: 2_000,
    retries: extra.retries ?? 0,
    reconnect: FAST_RECONNECT,
  });
}

beforeEach(async () => {
  fake = await new FakePolygon().start();
  provider = polygon();
});

afterEach(async () => {
  await provider.close();
  await fake.stop();
});

describe('Polygon REST', () => {
  it('returns every aggregate across next_url pages, mapped to ISO times and numbers', async () => {
    fake.aggs.set('AAPL 5/minute', aggs(5, 5 * 60_000));
    const start = new Date('2024-01-02T14:30:00Z');
    const end = new Date('2024-01-02T15:00:00Z');

    const bars = await provider.bars('aapl', '5Min', start, end);

    expect(bars).toHaveLength(5);
    expect(bars[0]).toEqual<ProviderBar>({
      symbol: 'AAPL',
      t: '2024-01-02T14:30:00Z',
      o: 185.5,
      h: 186.25,
      l: 185.1,
      c: 186,
      v: 120_000,
      vw: 185.77,
      n: 1_500,
    });
    expect(bars.map((b) => b.t)).toEqual([
      '2024-01-02T14:30:00Z',
      '2024-01-02T14:35:00Z',
      '2024-01-02T14:40:00Z',
      '2024-01-02T14:45:00Z',
      '2024-01-02T14:50:00Z',
    ]);
    // Three pages of two: the first by path, the next two by the cursor in next_url.
    expect(fake.requests.map((r) => r.path)).toEqual(
      Array(3).fill(`/v2/aggs/ticker/AAPL/range/5/minute/${start.getTime()}/${end.getTime()}`),
    );
    expect(fake.requests[0]!.query.get('adjusted')).toBe('true');
    expect(fake.requests[0]!.query.get('sort')).toBe('asc');
    expect(fake.requests[1]!.query.get('cursor')).toBeTruthy();
    for (const r of fake.requests) {
      expect(r.headers.authorization).toBe(`Bearer ${fake.apiKey}`);
      expect(r.query.get('apiKey')).toBeNull();
    }
  });

  it('maps each timeframe to its multiplier and timespan', async () => {
    const start = new Date(T0);
    const end = new Date(T0 + 86_400_000);
    await provider.bars('MSFT', '1Min', start, end);
    await provider.bars('MSFT', '15Min', start, end);
    await provider.bars('MSFT', '1Hour', start, end);
    await provider.bars('MSFT', '1Day', start, end);
    expect(fake.requests.map((r) => r.path.split('/').slice(5, 8).join('/'))).toEqual([
      'range/1/minute',
      'range/15/minute',
      'range/1/hour',
      'range/1/day',
    ]);
  });

  it('stops reading pages once the limit is reached', async () => {
    fake.aggs.set('AAPL 1/minute', aggs(6, 60_000));
    const bars = await provider.bars('AAPL', '1Min', new Date(T0), new Date(T0 + 3_600_000), 3);
    expect(bars.map((b) => b.t)).toEqual([
      '2024-01-02T14:30:00Z',
      '2024-01-02T14:31:00Z',
      '2024-01-02T14:32:00Z',
    ]);
    expect(fake.requests).toHaveLength(2);
  });

  it('maps the last NBBO and last trade and leaves unknown tickers out', async () => {
    // Raw JSON: Polygon's nanosecond timestamps are integers beyond 2^53.
    fake.lastNbbo.set(
      'AAPL',
      '{"T":"AAPL","P":185.52,"S":3,"X":11,"p":185.5,"s":2,"x":12,"c":[1],"i":[604],"q":2044,"t":1704206400123456789,"y":1704206400123000000,"z":3}',
    );
    fake.lastNbbo.set(
      'MSFT',
      '{"T":"MSFT","P":370.1,"S":1,"X":19,"p":370.05,"s":4,"x":15,"q":1,"t":1704206401000000000,"z":3}',
    );
    fake.lastTrade.set(
      'AAPL',
      '{"T":"AAPL","c":[14,41],"i":"52983525029461","p":185.51,"q":1490,"s":25,"t":1704206400987654321,"x":4,"y":1704206400987000000,"z":3}',
    );

    const quotes = await provider.latestQuotes(['AAPL', 'NOPE', 'msft']);
    const trades = await provider.latestTrades(['AAPL', 'MSFT']);

    expect(quotes).toEqual<ProviderQuote[]>([
      {
        symbol: 'AAPL',
        t: '2024-01-02T14:40:00.123Z',
        bp: 185.5,
        bs: 2,
        ap: 185.52,
        as: 3,
        bx: '12',
        ax: '11',
      },
      {
        symbol: 'MSFT',
        t: '2024-01-02T14:40:01.000Z',
        bp: 370.05,
        bs: 4,
        ap: 370.1,
        as: 1,
        bx: '15',
        ax: '19',
      },
    ]);
    expect(trades).toEqual<ProviderTrade[]>([
      { symbol: 'AAPL', t: '2024-01-02T14:40:00.987Z', p: 185.51, s: 25, x: '4', i: '52983525029461' },
    ]);
    expect(fake.requests.map((r) => r.path).sort()).toEqual(
      [
        '/v2/last/nbbo/AAPL',
        '/v2/last/nbbo/MSFT',
        '/v2/last/nbbo/NOPE',
        '/v2/last/trade/AAPL',
        '/v2/last/trade/MSFT',
      ].sort(),
    );
  });

  it('turns a rejected key into a ProviderError with status 401', async () => {
    const wrong = polygon('not-the-key');
    try {
      const err = await wrong
        .bars('AAPL', '1Min', new Date(T0), new Date(T0 + 60_000))
        .catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect(err).toMatchObject({
        provider: 'polygon',
        status: 401,
        kind: 'auth',
        upstreamCode: 'ERROR',
        requestId: 'req-0',
      });
      expect((err as ProviderError).message).toContain('Unknown API Key');
      expect((err as ProviderError).message).not.toContain('not-the-key');
    } finally {
      await wrong.close();
    }
  });

  it('turns 429 into a rate-limited ProviderError carrying Retry-After, without retrying', async () => {
    const retrying = polygon(fake.apiKey, { retries: 2 });
    try {
      fake.retryAfterSeconds = 12;
      fake.failNext.push(429);
      const err = await retrying.latestTrades(['AAPL']).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(ProviderError);
      expect(err).toMatchObject({ status: 429, kind: 'rate_limited', retryAfterMs: 12_000, retryable: true });
      expect(fake.requests).toHaveLength(1);
    } finally {
      await retrying.close();
    }
  });

  it('retries a 503 and returns the data the next attempt gets', async () => {
    const retrying = polygon(fake.apiKey, { retries: 1 });
    try {
      fake.aggs.set('AAPL 1/day', aggs(1, 86_400_000));
      fake.failNext.push(503);
      const bars = await retrying.bars('AAPL', '1Day', new Date(T0), new Date(T0 + 86_400_000));
      expect(bars).toHaveLength(1);
      expect(fake.requests).toHaveLength(2);
    } finally {
      await retrying.close();
    }
  });

  it('fails as unavailable when the upstream keeps answering 5xx', async () => {
    const retrying = polygon(fake.apiKey, { retries: 1 });
    try {
      fake.failNext.push(502, 503);
      const err = await retrying.latestQuotes(['AAPL']).catch((e: unknown) => e);
      expect(err).toMatchObject({ status: 503, kind: 'unavailable' });
      expect(fake.requests).toHaveLength(2);
    } finally {
      await retrying.close();
    }
  });

  it('fails as unavailable when nothing listens', async () => {
    const port = new URL(fake.url).port;
    await fake.stop();
    const dead = createPolygonProvider({ apiKey: 'k', baseUrl: `http://127.0.0.1:${port}`, retries: 0 });
    try {
      await expect(dead.latestTrades(['AAPL'])).rejects.toMatchObject({ status: 0, kind: 'unavailable' });
    } finally {
      await dead.close();
      fake = await new FakePolygon().start();
    }
  });

  it('refuses a next_url on another origin instead of sending the key there', async () => {
    const foreign = createPolygonProvider({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      retries: 0,
      fetch: async (input, init) => {
        const res = await fetch(input, init);
        const body = (await res.json()) as Record<string, unknown>;
        return new Response(JSON.stringify({ ...body, next_url: 'https://evil.example/v2/aggs?cursor=x' }), {
          status: res.status,
          headers: { 'content-type': 'application/json' },
        });
      },
    });
    try {
      await expect(foreign.bars('AAPL', '1Min', new Date(T0), new Date(T0 + 60_000))).rejects.toMatchObject({
        kind: 'bad_response',
      });
      expect(fake.requests).toHaveLength(1);
    } finally {
      await foreign.close();
    }
  });

  it('maps news with tickers and the sentiment for the asked ticker, newest first across pages', async () => {
    fake.news = [
      {
        id: 'n1',
        publisher: { name: 'The Motley Fool', homepage_url: 'https://www.fool.com/' },
        title: 'Apple beats estimates',
        author: 'Jane Doe',
        published_utc: '2024-01-02T15:00:00Z',
        article_url: 'https://www.fool.com/a1',
        tickers: ['AAPL', 'MSFT'],
        description: 'Apple reported record revenue.',
        insights: [
          { ticker: 'AAPL', sentiment: 'positive', sentiment_reasoning: 'record revenue' },
          { ticker: 'MSFT', sentiment: 'negative', sentiment_reasoning: 'competition' },
        ],
      },
      {
        id: 'n2',
        publisher: { name: 'Benzinga' },
        title: 'Apple faces probe',
        author: 'John Roe',
        published_utc: '2024-01-02T16:00:00Z',
        article_url: 'https://www.benzinga.com/a2',
        tickers: ['AAPL'],
        description: 'Regulators look into the App Store.',
        insights: [{ ticker: 'AAPL', sentiment: 'negative', sentiment_reasoning: 'probe' }],
      },
      {
        id: 'n3',
        publisher: { name: 'Benzinga' },
        title: 'Markets open flat',
        author: 'Ann Lee',
        published_utc: '2024-01-02T14:31:00Z',
        article_url: 'https://www.benzinga.com/a3',
        tickers: ['AAPL', 'SPY'],
        description: 'Stocks were little changed.',
        insights: [{ ticker: 'AAPL', sentiment: 'neutral', sentiment_reasoning: 'flat' }],
      },
      {
        id: 'n4',
        publisher: { name: 'Benzinga' },
        title: 'Microsoft only',
        author: 'Ann Lee',
        published_utc: '2024-01-02T17:00:00Z',
        article_url: 'https://www.benzinga.com/a4',
        tickers: ['MSFT'],
        description: 'Not about Apple.',
      },
    ];

    const news = await provider.news({
      symbols: ['AAPL'],
      start: new Date('2024-01-02T00:00:00Z'),
      limit: 10,
    });

    expect(news.map((n) => [n.id, n.sentiment])).toEqual([
      ['n2', -1],
      ['n1', 1],
      ['n3', 0],
    ]);
    expect(news[1]).toEqual({
      id: 'n1',
      headline: 'Apple beats estimates',
      summary: 'Apple reported record revenue.',
      author: 'Jane Doe',
      source: 'The Motley Fool',
      url: 'https://www.fool.com/a1',
      symbols: ['AAPL', 'MSFT'],
      createdAt: '2024-01-02T15:00:00.000Z',
      sentiment: 1,
    });
    const first = fake.requests[0]!;
    expect(first.path).toBe('/v2/reference/news');
    expect(first.query.get('ticker')).toBe('AAPL');
    expect(first.query.get('published_utc.gte')).toBe('2024-01-02T00:00:00.000Z');
    // Two pages of two for three articles.
    expect(fake.requests).toHaveLength(2);
  });
});

describe('Polygon stream', () => {
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
    { ev: 'T', sym: 'AAPL', i: '52983525029461', x: 4, p, s: 100, c: [0, 12], t: T0 + 1_234, q: 1490, z: 3 },
    {
      ev: 'Q',
      sym: 'AAPL',
      bx: 12,
      bp: 185.49,
      bs: 2,
      ax: 11,
      ap: 185.51,
      as: 3,
      c: 1,
      i: [604],
      t: T0 + 1_500,
      q: 2044,
      z: 3,
    },
    {
      ev: 'AM',
      sym: 'AAPL',
      v: 4_110,
      av: 9_470_157,
      op: 185,
      vw: 185.45,
      o: 185.3,
      c: p,
      h: 185.6,
      l: 185.2,
      a: 185.1,
      z: 68,
      s: T0,
      e: T0 + 60_000,
    },
  ];

  it('authenticates, subscribes and delivers trades, quotes and minute aggregates mapped', async () => {
    const { got, handlers } = collect();
    const stream = provider.stream(handlers);
    stream.subscribe({ trades: ['aapl'], quotes: ['AAPL'], bars: ['AAPL'] });

    await waitFor(
      () => fake.sockets[0] !== undefined && fake.subscribes(fake.sockets[0]).length > 0,
      'the subscription',
    );
    const socket = fake.sockets[0]!;
    expect(socket.path).toBe('/stocks');
    expect(socket.received[0]).toEqual({ action: 'auth', params: fake.apiKey });
    expect(fake.subscribes(socket)).toEqual([['T.AAPL', 'Q.AAPL', 'AM.AAPL']]);

    fake.emit(events(185.5));
    await waitFor(() => got.bars.length === 1, 'the events');

    expect(got.trades).toEqual<ProviderTrade[]>([
      { symbol: 'AAPL', t: '2024-01-02T14:30:01.234Z', p: 185.5, s: 100, x: '4', i: '52983525029461' },
    ]);
    expect(got.quotes).toEqual<ProviderQuote[]>([
      {
        symbol: 'AAPL',
        t: '2024-01-02T14:30:01.500Z',
        bp: 185.49,
        bs: 2,
        ap: 185.51,
        as: 3,
        bx: '12',
        ax: '11',
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
        vw: 185.45,
      },
    ]);
    expect(got.statuses).toEqual(['connected', 'authenticated']);
    expect(got.errors).toEqual([]);

    stream.subscribe({ trades: ['MSFT', 'AAPL'] });
    stream.unsubscribe({ quotes: ['AAPL'] });
    await waitFor(() => fake.subscribes(socket, 'unsubscribe').length === 1, 'the unsubscribe');
    expect(fake.subscribes(socket)).toEqual([['T.AAPL', 'Q.AAPL', 'AM.AAPL'], ['T.MSFT']]);
    expect(fake.subscribes(socket, 'unsubscribe')).toEqual([['Q.AAPL']]);

    await stream.close();
    await waitFor(() => socket.closedWith !== undefined, 'the socket to close');
    expect(socket.closedWith).toBe(1000);
    expect(got.statuses.at(-1)).toBe('disconnected');
  });

  it('reports a refused key, delivers nothing and does not reconnect', async () => {
    const wrong = polygon('wrong-key');
    const { got, handlers } = collect();
    try {
      const stream = wrong.stream(handlers);
      stream.subscribe({ trades: ['AAPL'] });
      await waitFor(() => got.statuses.includes('disconnected'), 'the stream to stop');
      fake.emit(events(1));
      await pause(100); // several reconnect delays (10–40 ms) would fit here

      expect(got.errors).toHaveLength(1);
      expect(got.errors[0]).toBeInstanceOf(ProviderError);
      expect(got.errors[0]).toMatchObject({ kind: 'auth', status: 401, upstreamCode: 'auth_failed' });
      expect(fake.sockets).toHaveLength(1);
      expect(fake.sockets[0]!.closedWith).toBe(1000);
      expect(fake.subscribes(fake.sockets[0]!)).toEqual([]);
      expect(got.trades).toEqual([]);
      expect(got.statuses).not.toContain('authenticated');
      expect(got.statuses).not.toContain('reconnecting');
    } finally {
      await wrong.close();
    }
  });

  it('reconnects after the server drops it, authenticates and subscribes again, and receives data again', async () => {
    const { got, handlers } = collect();
    const stream = provider.stream(handlers);
    stream.subscribe({ trades: ['AAPL'], bars: ['AAPL'] });
    await waitFor(
      () => fake.sockets[0] !== undefined && fake.subscribes(fake.sockets[0]).length > 0,
      'the first subscription',
    );
    fake.emit(events(185.5));
    await waitFor(() => got.trades.length === 1, 'the first trade');

    fake.dropAll();
    await waitFor(
      () => fake.sockets[1] !== undefined && fake.subscribes(fake.sockets[1]).length > 0,
      'the second subscription',
    );
    const second = fake.sockets[1]!;
    expect(second.received[0]).toEqual({ action: 'auth', params: fake.apiKey });
    expect(fake.subscribes(second)).toEqual([['T.AAPL', 'AM.AAPL']]);

    fake.emit(events(190));
    await waitFor(() => got.trades.length === 2, 'the trade after reconnecting');
    expect(got.trades[1]).toMatchObject({ symbol: 'AAPL', p: 190 });
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

  it('stops reconnecting once closed while a reconnect is pending', async () => {
    const slow = createPolygonProvider({
      apiKey: fake.apiKey,
      baseUrl: fake.url,
      wsUrl: `${fake.wsUrl}/stocks`,
      reconnect: { initialDelayMs: 60, maxDelayMs: 60 },
    });
    const { got, handlers } = collect();
    try {
      const stream = slow.stream(handlers);
      stream.subscribe({ trades: ['AAPL'] });
      await waitFor(() => got.statuses.includes('authenticated'), 'authentication');
      fake.dropAll();
      await waitFor(() => got.statuses.includes('reconnecting'), 'the reconnect to be scheduled');
      await stream.close();
      await pause(150); // beyond the 30–60 ms reconnect delay
      expect(fake.sockets).toHaveLength(1);
      expect(got.statuses.at(-1)).toBe('disconnected');
      expect(() => stream.subscribe({ trades: ['MSFT'] })).toThrow(/closed/);
    } finally {
      await slow.close();
    }
  });

  it('closes its streams when the provider closes', async () => {
    const { got, handlers } = collect();
    provider.stream(handlers).subscribe({ quotes: ['AAPL'] });
    await waitFor(() => got.statuses.includes('authenticated'), 'authentication');
    await provider.close();
    await waitFor(() => fake.sockets[0]!.closedWith !== undefined, 'the socket to close');
    expect(fake.sockets[0]!.closedWith).toBe(1000);
    await expect(provider.bars('AAPL', '1Min', new Date(T0), new Date(T0))).rejects.toMatchObject({
      kind: 'unavailable',
    });
  });

  it('reports a malformed event and keeps delivering the rest', async () => {
    const { got, handlers } = collect();
    const stream = provider.stream(handlers);
    stream.subscribe({ trades: ['AAPL'] });
    await waitFor(
      () => fake.sockets[0] !== undefined && fake.subscribes(fake.sockets[0]).length > 0,
      'the subscription',
    );
    fake.emit([{ ev: 'T', sym: 'AAPL', p: 'not a number', s: 1, t: T0 }, ...events(185.5).slice(0, 1)]);
    await waitFor(() => got.trades.length === 1, 'the good trade');
    expect(got.errors).toHaveLength(1);
    expect(got.errors[0]).toMatchObject({ kind: 'bad_response' });
    await stream.close();
  });
});
