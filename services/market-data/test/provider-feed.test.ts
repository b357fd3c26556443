import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKET_CHANNELS, type StreamQuote } from '@tradeplane/contracts';
import type { TestService } from '@tradeplane/kit/testing';
import { advanceMarket } from '../src/domain/live-market.ts';
import { pollNewsProviders } from '../src/domain/news.ts';
import { marketRuntime } from '../src/index.ts';
import { readBars } from '../src/store/bars.store.ts';
import { FakeAlpaca, FakePolygon, waitFor } from './providers/fake-upstreams.ts';
import { get, liveMarket, qs, startMarket } from './helper.ts';

/**
 * A real provider configured (a local server speaking Alpaca's REST and stream formats): its
 * stream feeds the same pipeline as the simulator — latest quotes, stored minute bars, daily bars,
 * bar.closed — and history the service does not hold is fetched from it.
 */
let fake: FakeAlpaca;
let t: TestService;

beforeAll(async () => {
  fake = await new FakeAlpaca().start();
  fake.latestQuotes.set('AAPL', {
    t: '2030-01-08T14:31:00.5Z',
    bp: 190.1,
    bs: 3,
    ap: 190.12,
    as: 5,
    bx: 'V',
    ax: 'V',
    c: ['R'],
    z: 'C',
  });
  fake.latestTrades.set('AAPL', {
    t: '2030-01-08T14:31:00.4Z',
    p: 190.11,
    s: 100,
    x: 'V',
    i: 7,
    c: ['@'],
    z: 'C',
  });
  fake.bars.set('MSFT 1Day', [
    { t: '2024-01-02T05:00:00Z', o: 370, h: 376, l: 366, c: 370.87, v: 25_258_600, n: 303_000, vw: 370.9 },
    { t: '2024-01-03T05:00:00Z', o: 369, h: 373, l: 368, c: 370.6, v: 23_083_500, n: 280_000, vw: 370.7 },
  ]);
  t = await startMarket({
    MARKET_SYMBOLS: 'AAPL',
    MARKET_LOAD_SPX: 'false',
    ALPACA_DATA_KEY_ID: fake.keyId,
    ALPACA_DATA_SECRET_KEY: fake.secretKey,
    ALPACA_DATA_FEED: 'iex',
    ALPACA_DATA_BASE_URL: fake.url,
    ALPACA_DATA_STREAM_URL: `${fake.wsUrl}/v2`,
  });
  await waitFor(
    () => fake.open().some((s) => s.authed && fake.subscribes(s).length > 0),
    'the stream to subscribe',
  );
});

afterAll(async () => {
  await t?.close();
  await fake?.stop();
});

/** Runs market steps until what `read` returns satisfies `done` (stream messages arrive asynchronously). */
async function afterTicks<T>(
  read: () => Promise<T>,
  done: (value: T) => boolean,
  service: TestService = t,
): Promise<T> {
  for (let i = 0; i < 150; i++) {
    await advanceMarket(liveMarket(service), new Date());
    const value = await read();
    if (done(value)) return value;
    await new Promise((r) => setTimeout(r, 20));
  }
  return read();
}

describe('a real market provider', () => {
  it('replaces the simulator and its history: status says alpaca, no backfill', async () => {
    const status = (await get(t, '/v1/market/status')).json();
    expect(status).toMatchObject({
      provider: 'alpaca',
      newsProviders: ['alpaca'],
      live: true,
      backfill: { status: 'disabled' },
    });
    expect(fake.subscribes(fake.open()[0]!)[0]).toMatchObject({
      trades: ['AAPL'],
      quotes: ['AAPL'],
      bars: ['AAPL'],
    });
  });

  it('primes latest quotes over REST, then follows the stream', async () => {
    expect((await get(t, '/v1/market/quotes?symbols=AAPL')).json().quotes.AAPL).toMatchObject({
      bidPrice: '190.1',
      askPrice: '190.12',
    });
    fake.emit([
      {
        T: 'q',
        S: 'AAPL',
        bx: 'V',
        bp: 190.2,
        bs: 2,
        ax: 'V',
        ap: 190.25,
        as: 4,
        t: '2030-01-08T14:31:01.5Z',
        c: ['R'],
        z: 'C',
      },
    ]);
    const quote = await afterTicks(
      async () => (await get(t, '/alpaca/data/v2/stocks/AAPL/quotes/latest')).json().quote as { bp: number },
      (q) => q.bp === 190.2,
    );
    expect(quote).toMatchObject({ bp: 190.2, ap: 190.25, bx: 'V' });
  });

  it("stores the provider's minute bars through the same pipeline: daily bar and bar.closed", async () => {
    fake.emit([
      {
        T: 'b',
        S: 'AAPL',
        o: 190,
        h: 190.5,
        l: 189.9,
        c: 190.2,
        v: 1200,
        n: 12,
        vw: 190.1,
        t: '2030-01-08T14:31:00Z',
      },
      {
        T: 'b',
        S: 'AAPL',
        o: 190.2,
        h: 190.6,
        l: 190.1,
        c: 190.4,
        v: 800,
        n: 9,
        vw: 190.3,
        t: '2030-01-08T14:32:00Z',
      },
    ]);
    const db = t.service.ctx.db;
    const minuteBars = () =>
      readBars(db, 'AAPL', '1Min', {
        from: new Date('2030-01-08T00:00:00Z'),
        to: new Date('2030-01-09T00:00:00Z'),
        limit: 10,
      });
    await afterTicks(minuteBars, (bars) => bars.length === 2);
    expect((await minuteBars()).map((b) => b.c)).toEqual([190.2, 190.4]);
    const [daily] = await readBars(db, 'AAPL', '1Day', {
      from: new Date('2030-01-08T00:00:00Z'),
      to: new Date('2030-01-08T00:00:00Z'),
      limit: 1,
    });
    expect(daily).toMatchObject({ o: 190, h: 190.6, l: 189.9, c: 190.4, v: 2000, n: 21 });
    const events = await db.selectFrom('outbox').select('subject').where('type', '=', 'bar.closed').execute();
    expect(events).toHaveLength(2);
  });

  it('fetches history it does not hold from the provider', async () => {
    const res = await get(
      t,
      `/v1/market/bars/MSFT?${qs({ timeframe: '1Day', start: '2024-01-01', end: '2024-01-31' })}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().bars.map((b: { c: string }) => b.c)).toEqual(['370.87', '370.6']);
    expect(fake.requests.some((r) => r.path === '/v2/stocks/bars' && r.query.get('symbols') === 'MSFT')).toBe(
      true,
    );
  });

  it('stores news polled from the provider once, announcing each with news.published', async () => {
    fake.news = [
      {
        id: 9001,
        headline: 'Apple unveils a thing',
        author: 'Jane Doe',
        created_at: '2030-01-08T13:00:00Z',
        updated_at: '2030-01-08T13:00:00Z',
        summary: 'A thing.',
        content: '<p>A thing.</p>',
        url: 'https://example.com/a',
        images: [],
        symbols: ['AAPL'],
        source: 'benzinga',
      },
    ];
    const rt = marketRuntime(t.service.ctx);
    const deps = { transaction: t.service.ctx.transaction, emit: t.service.ctx.emit, log: t.service.ctx.log };
    const since = new Date('2030-01-08T00:00:00Z');
    expect(await pollNewsProviders(deps, rt.providers.news, ['AAPL'], since)).toHaveLength(1);
    expect(await pollNewsProviders(deps, rt.providers.news, ['AAPL'], since)).toHaveLength(0);
    const news = (await get(t, '/alpaca/data/v1beta1/news?symbols=AAPL')).json().news;
    expect(news).toEqual([
      expect.objectContaining({
        headline: 'Apple unveils a thing',
        source: 'benzinga',
        url: 'https://example.com/a',
      }),
    ]);
    const events = await t.service.ctx.db
      .selectFrom('outbox')
      .select('payload')
      .where('type', '=', 'news.published')
      .execute();
    expect(events).toHaveLength(1);
  });
});

/**
 * Polygon configured (REST and stocks WebSocket pointed at the local stand-in): what the service
 * answers on its own API — latest quotes and trades, live bars, history and news — is what the
 * provider served, and the provider's stream drives the quote broadcasts (`quote.updated`'s path).
 */
describe('Polygon as the market provider, through the service', () => {
  let poly: FakePolygon;
  let p: TestService;
  const broadcastQuotes: StreamQuote[] = [];
  const minutesAgo = (m: number) => new Date(Date.now() - m * 60_000).toISOString();

  beforeAll(async () => {
    poly = await new FakePolygon().start();
    poly.lastNbbo.set(
      'AAPL',
      '{"T":"AAPL","P":185.52,"S":3,"X":11,"p":185.5,"s":2,"x":12,"q":2044,"t":1704206400123456789,"z":3}',
    );
    poly.lastTrade.set(
      'AAPL',
      '{"T":"AAPL","c":[14,41],"i":"52983525029461","p":185.51,"q":1490,"s":25,"t":1704206400987654321,"x":4,"z":3}',
    );
    poly.aggs.set('MSFT 1/day', [
      {
        t: Date.parse('2024-01-02T05:00:00Z'),
        o: 373.86,
        h: 375.9,
        l: 366.77,
        c: 370.87,
        v: 25_258_600,
        vw: 370.6,
        n: 303_000,
      },
      {
        t: Date.parse('2024-01-03T05:00:00Z'),
        o: 369.01,
        h: 373.26,
        l: 368.51,
        c: 370.6,
        v: 23_083_500,
        vw: 370.9,
        n: 280_000,
      },
    ]);
    poly.news = [
      {
        id: 'polygon-news-1',
        publisher: { name: 'The Motley Fool' },
        title: 'Apple ships a thing',
        author: 'Jane Doe',
        published_utc: minutesAgo(10),
        article_url: 'https://example.com/apple-thing',
        tickers: ['AAPL'],
        description: 'A thing shipped.',
        insights: [{ ticker: 'AAPL', sentiment: 'positive', sentiment_reasoning: 'it shipped' }],
      },
    ];
    p = await startMarket({
      MARKET_SYMBOLS: 'AAPL',
      MARKET_LOAD_SPX: 'false',
      MARKET_NEWS_POLL_MS: '1000',
      POLYGON_API_KEY: poly.apiKey,
      POLYGON_BASE_URL: poly.url,
      POLYGON_WS_URL: `${poly.wsUrl}/stocks`,
    });
    p.platform.bus.onBroadcast(MARKET_CHANNELS.quotes, (payload) =>
      broadcastQuotes.push(...(payload as { quotes: StreamQuote[] }).quotes),
    );
    await waitFor(
      () => poly.open().some((s) => s.authed && poly.subscribes(s).length > 0),
      'the stream to subscribe',
    );
  });

  afterAll(async () => {
    await p?.close();
    await poly?.stop();
  });

  it('runs on Polygon: status, and the stream subscribed to trades, quotes and minute aggregates', async () => {
    expect((await get(p, '/v1/market/status')).json()).toMatchObject({
      provider: 'polygon',
      newsProviders: ['polygon'],
      live: true,
      backfill: { status: 'disabled' },
    });
    expect(poly.subscribes(poly.open()[0]!).flat().sort()).toEqual(['AM.AAPL', 'Q.AAPL', 'T.AAPL']);
  });

  it("answers latest quotes and trades with Polygon's, primed over REST", async () => {
    expect((await get(p, '/v1/market/quotes?symbols=AAPL')).json().quotes.AAPL).toMatchObject({
      bidPrice: '185.5',
      bidSize: 2,
      askPrice: '185.52',
      askSize: 3,
      bidExchange: '12',
      askExchange: '11',
      timestamp: '2024-01-02T14:40:00.123Z',
    });
    expect((await get(p, '/v1/market/trades/latest?symbols=AAPL')).json().trades.AAPL).toMatchObject({
      price: '185.51',
      size: 25,
      id: '52983525029461',
      timestamp: '2024-01-02T14:40:00.987Z',
    });
  });

  it('follows the stream: quotes and trades broadcast and served as the latest', async () => {
    const at = Date.now();
    poly.emit([
      { ev: 'Q', sym: 'AAPL', bx: 12, bp: 186.1, bs: 4, ax: 11, ap: 186.14, as: 6, t: at, z: 3 },
      { ev: 'T', sym: 'AAPL', i: '52983525029999', x: 4, p: 186.12, s: 300, t: at + 1, z: 3 },
    ]);
    const quote = await afterTicks(
      async () => (await get(p, '/alpaca/data/v2/stocks/AAPL/quotes/latest')).json().quote as { bp: number },
      (q) => q.bp === 186.1,
      p,
    );
    expect(quote).toMatchObject({
      bp: 186.1,
      bs: 4,
      ap: 186.14,
      as: 6,
      bx: '12',
      t: new Date(at).toISOString(),
    });
    expect(broadcastQuotes).toContainEqual(expect.objectContaining({ S: 'AAPL', bp: 186.1, ap: 186.14 }));
    expect((await get(p, '/alpaca/data/v2/stocks/AAPL/trades/latest')).json().trade).toMatchObject({
      p: 186.12,
      s: 300,
    });
  });

  it("stores the stream's minute aggregates and serves them as bars", async () => {
    const t0 = Date.parse('2030-01-08T14:31:00Z');
    const am = (s: number, o: number, c: number) => ({
      ev: 'AM',
      sym: 'AAPL',
      v: 4_110,
      av: 9_470_157,
      op: 185,
      vw: (o + c) / 2,
      o,
      c,
      h: Math.max(o, c) + 0.1,
      l: Math.min(o, c) - 0.1,
      a: 185.1,
      z: 68,
      s,
      e: s + 60_000,
    });
    poly.emit([am(t0, 190, 190.2), am(t0 + 60_000, 190.2, 190.4)]);
    const url = `/v1/market/bars/AAPL?${qs({ timeframe: '1Min', start: '2030-01-08T14:00:00Z', end: '2030-01-08T15:00:00Z' })}`;
    const bars = await afterTicks(
      async () => (await get(p, url)).json().bars as { t: string; o: string; c: string; v: number }[],
      (b) => b.length === 2,
      p,
    );
    expect(bars.map((b) => [b.t, b.o, b.c, b.v])).toEqual([
      ['2030-01-08T14:31:00Z', '190', '190.2', 4_110],
      ['2030-01-08T14:32:00Z', '190.2', '190.4', 4_110],
    ]);
  });

  it("serves history from Polygon's aggregates", async () => {
    const res = await get(
      p,
      `/v1/market/bars/MSFT?${qs({ timeframe: '1Day', start: '2024-01-01', end: '2024-01-31' })}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().bars.map((b: { o: string; c: string; v: number }) => [b.o, b.c, b.v])).toEqual([
      ['373.86', '370.87', 25_258_600],
      ['369.01', '370.6', 23_083_500],
    ]);
    expect(poly.requests.some((r) => r.path.startsWith('/v2/aggs/ticker/MSFT/range/1/day/'))).toBe(true);
  });

  it("publishes Polygon's news, polled by the service, on its news API", async () => {
    // The service's own poll loop (every second here) stores it; the API's news cache is 5 minutes,
    // so the API is asked once the article is stored.
    const stored = async () =>
      (await p.service.ctx.db.selectFrom('news').select('id').where('provider', '=', 'polygon').execute())
        .length;
    for (let i = 0; i < 100 && (await stored()) === 0; i++) await new Promise((r) => setTimeout(r, 100));
    const news = (await get(p, '/v1/market/news?symbols=AAPL')).json().news;
    expect(news).toEqual([
      expect.objectContaining({
        headline: 'Apple ships a thing',
        summary: 'A thing shipped.',
        author: 'Jane Doe',
        source: 'The Motley Fool',
        url: 'https://example.com/apple-thing',
        symbols: ['AAPL'],
        sentiment: 1,
        createdAt: poly.news[0]!.published_utc,
      }),
    ]);
    expect(
      poly.requests.some((r) => r.path === '/v2/reference/news' && r.query.get('ticker') === 'AAPL'),
    ).toBe(true);
  });
});
