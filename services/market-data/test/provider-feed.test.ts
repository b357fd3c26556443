import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestService } from '@tradeplane/kit/testing';
import { advanceMarket } from '../src/domain/live-market.ts';
import { pollNewsProviders } from '../src/domain/news.ts';
import { marketRuntime } from '../src/index.ts';
import { readBars } from '../src/store/bars.store.ts';
import { FakeAlpaca, waitFor } from './providers/fake-upstreams.ts';
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
async function afterTicks<T>(read: () => Promise<T>, done: (value: T) => boolean): Promise<T> {
  for (let i = 0; i < 150; i++) {
    await advanceMarket(liveMarket(t), new Date());
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
