import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestService } from '@tradeplane/kit/testing';
import { aggregateBars, type Bar } from '../src/domain/bars.ts';
import { readBars } from '../src/store/bars.store.ts';
import { readSp500Csv } from './sp500-fixture.ts';
import { ADMIN, get, qs, startMarket } from './helper.ts';

let t: TestService;
beforeAll(async () => {
  t = await startMarket();
});
afterAll(async () => {
  await t?.close();
});

const FAR_PAST = new Date('1990-01-01T00:00:00Z');
const FAR_FUTURE = new Date('2100-01-01T00:00:00Z');

async function storedMinutes(symbol: string): Promise<Bar[]> {
  const rows = await readBars(t.service.ctx.db, symbol, '1Min', {
    from: FAR_PAST,
    to: FAR_FUTURE,
    limit: 100_000,
  });
  return rows.map((b) => ({ ...b, n: b.n ?? 0, vw: b.vw ?? b.c }));
}

const asWire = (b: Bar) => ({
  t: b.t,
  o: String(b.o),
  h: String(b.h),
  l: String(b.l),
  c: String(b.c),
  v: b.v,
  n: b.n,
  vw: String(b.vw),
});

/** Follows nextCursor to the end; returns every page's bars in order. */
async function allPages(
  symbol: string,
  params: Record<string, string | number>,
): Promise<{ bars: any[]; pages: number }> {
  const bars: any[] = [];
  let cursor: string | undefined;
  let pages = 0;
  do {
    const res = await get(t, `/v1/market/bars/${symbol}?${qs({ ...params, cursor })}`);
    expect(res.statusCode).toBe(200);
    const body = res.json();
    bars.push(...body.bars);
    cursor = body.nextCursor ?? undefined;
    pages++;
  } while (cursor && pages < 1000);
  return { bars, pages };
}

describe('assets', () => {
  it('lists the configured universe and SPX, with stable ids', async () => {
    const res = await get(t, '/v1/market/assets');
    expect(res.statusCode).toBe(200);
    const symbols = res.json().data.map((a: { symbol: string }) => a.symbol);
    expect(symbols).toEqual(['AAPL', 'MSFT', 'SPX', 'SPY']);
    const aapl = res.json().data[0];
    expect(aapl).toMatchObject({
      symbol: 'AAPL',
      exchange: 'NASDAQ',
      class: 'us_equity',
      tradable: true,
      minTick: '0.01',
      live: true,
    });
    expect(aapl.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-5[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('answers one asset, and 404 problem+json for an unknown symbol', async () => {
    expect((await get(t, '/v1/market/assets/spy')).json()).toMatchObject({ symbol: 'SPY', kind: 'etf' });
    const missing = await get(t, '/v1/market/assets/ZZZZ');
    expect(missing.statusCode).toBe(404);
    expect(missing.headers['content-type']).toContain('application/problem+json');
    expect(missing.json()).toMatchObject({ code: 'MARKET_DATA_UNKNOWN_SYMBOL', status: 404 });
  });

  it('needs a signed-in user or a platform service', async () => {
    expect((await get(t, '/v1/market/assets', {})).statusCode).toBe(401);
    expect((await get(t, '/v1/market/assets', t.asService('orders'))).statusCode).toBe(200);
  });
});

describe('clock and calendar', () => {
  it('answers the clock of the session mode', async () => {
    const body = (await get(t, '/v1/market/clock')).json();
    expect(body).toMatchObject({ isOpen: true, calendar: 'CONTINUOUS', sessionMode: 'always' });
    expect(Date.parse(body.nextClose)).toBeGreaterThan(Date.parse(body.timestamp));
  });

  it('lists NYSE sessions with holidays and early closes', async () => {
    const body = (
      await get(t, `/v1/market/calendar?${qs({ start: '2024-11-25', end: '2024-12-02' })}`)
    ).json();
    expect(body.calendar).toBe('NYSE');
    expect(body.sessions.map((s: { date: string }) => s.date)).toEqual([
      '2024-11-25',
      '2024-11-26',
      '2024-11-27',
      '2024-11-29',
      '2024-12-02',
    ]);
    expect(body.sessions[3]).toEqual({
      date: '2024-11-29',
      open: '2024-11-29T14:30:00.000Z',
      close: '2024-11-29T18:00:00.000Z',
      earlyClose: true,
    });
  });

  it('rejects a reversed or malformed range', async () => {
    const reversed = await get(t, `/v1/market/calendar?${qs({ start: '2024-12-02', end: '2024-11-25' })}`);
    expect(reversed.statusCode).toBe(400);
    expect(reversed.json().code).toBe('MARKET_DATA_INVALID_RANGE');
    expect((await get(t, '/v1/market/calendar?start=yesterday')).statusCode).toBe(400);
  });
});

describe('bars', () => {
  it('pages through minute bars with a cursor, each bar exactly once and in order', async () => {
    const stored = await storedMinutes('AAPL');
    expect(stored.length).toBeGreaterThan(1000);
    const { bars, pages } = await allPages('AAPL', {
      timeframe: '1Min',
      start: stored[0]!.t,
      end: stored.at(-1)!.t,
      limit: 400,
    });
    expect(pages).toBe(Math.ceil(stored.length / 400));
    expect(bars).toEqual(stored.map(asWire));
  });

  it('pages backwards with sort=desc', async () => {
    const stored = await storedMinutes('MSFT');
    const { bars } = await allPages('MSFT', {
      timeframe: '1Min',
      start: stored[0]!.t,
      end: stored.at(-1)!.t,
      limit: 500,
      sort: 'desc',
    });
    expect(bars).toEqual(stored.map(asWire).reverse());
  });

  it('serves 5Min, 15Min and 1Hour as aggregates of the stored minute bars, across page boundaries', async () => {
    const stored = await storedMinutes('AAPL');
    const start = stored[0]!.t;
    const end = stored.at(-1)!.t;
    for (const [timeframe, limit] of [
      ['5Min', 7],
      ['15Min', 13],
      ['1Hour', 5],
    ] as const) {
      const { bars } = await allPages('AAPL', { timeframe, start, end, limit });
      expect(bars).toEqual(aggregateBars(stored, timeframe).map(asWire));
    }
  });

  it('answers a plain-date range inclusively', async () => {
    const stored = await storedMinutes('SPY');
    const day = stored[0]!.t.slice(0, 10);
    const res = await get(t, `/v1/market/bars/SPY?${qs({ timeframe: '1Day', start: day, end: day })}`);
    expect(res.json().bars.map((b: { t: string }) => b.t)).toEqual([`${day}T00:00:00Z`]);
  });

  it('rejects an unknown symbol, a bad timeframe, a bad range and an out-of-range limit with problem+json', async () => {
    const cases: [string, number, string][] = [
      ['/v1/market/bars/ZZZZ?timeframe=1Day', 404, 'MARKET_DATA_UNKNOWN_SYMBOL'],
      ['/v1/market/bars/AAPL?timeframe=2Min', 400, 'MARKET_DATA_INVALID_TIMEFRAME'],
      [
        '/v1/market/bars/AAPL?timeframe=1Day&start=2024-02-01&end=2024-01-01',
        400,
        'MARKET_DATA_INVALID_RANGE',
      ],
      ['/v1/market/bars/AAPL?timeframe=1Day&start=not-a-date', 400, 'MARKET_DATA_INVALID_TIME'],
      ['/v1/market/bars/AAPL?timeframe=1Day&limit=0', 400, 'VALIDATION_FAILED'],
      ['/v1/market/bars/AAPL?timeframe=1Day&limit=10001', 400, 'VALIDATION_FAILED'],
      ['/v1/market/bars/AAPL?timeframe=1Day&cursor=garbage!', 400, 'MARKET_DATA_INVALID_CURSOR'],
      ['/v1/market/bars/AA$PL?timeframe=1Day', 400, 'MARKET_DATA_INVALID_SYMBOL'],
    ];
    for (const [url, status, code] of cases) {
      const res = await get(t, url);
      expect({ url, status: res.statusCode, code: res.json().code }).toEqual({ url, status, code });
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
  });

  it('refuses a cursor made for another symbol', async () => {
    const first = (await get(t, '/v1/market/bars/AAPL?timeframe=1Min&limit=2&start=2000-01-01')).json();
    const res = await get(t, `/v1/market/bars/MSFT?${qs({ timeframe: '1Min', cursor: first.nextCursor })}`);
    expect(res.json().code).toBe('MARKET_DATA_INVALID_CURSOR');
  });
});

describe('SPX, the real S&P 500 series', () => {
  it('is loaded at first start: 5,105 daily bars from 2000-01-03 with the real values', async () => {
    expect((await get(t, '/v1/market/assets/SPX')).json()).toMatchObject({
      class: 'index',
      kind: 'index',
      tradable: false,
    });
    const { bars } = await allPages('SPX', {
      timeframe: '1Day',
      start: '2000-01-01',
      end: '2020-12-31',
      limit: 10_000,
    });
    expect(bars).toHaveLength(5105);
    expect(bars[0]).toEqual({
      t: '2000-01-03T05:00:00Z',
      o: '1469.25',
      h: '1478',
      l: '1438.359985',
      c: '1455.219971',
      v: 931800000,
      n: null,
      vw: null,
    });
    expect(bars.at(-1).t).toBe('2020-04-17T04:00:00Z');
    const csvLast = readSp500Csv().trim().split('\n').at(-1)!.split(',');
    expect(bars.at(-1).c).toBe(String(Number(csvLast[4])));
    const status = (await get(t, '/v1/market/status')).json();
    expect(status.spx).toEqual({ loaded: true, rows: 5105 });
  });
});

describe('indicators', () => {
  it('computes SMA over the stored bars, matching a direct computation', async () => {
    const res = await get(
      t,
      `/v1/market/indicators/SPX?${qs({ name: 'sma', period: 20, timeframe: '1Day', limit: 30, end: '2020-04-17' })}`,
    );
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ symbol: 'SPX', name: 'sma', params: { period: 20 }, timeframe: '1Day' });
    expect(body.values).toHaveLength(30);
    const closes = (
      await readBars(t.service.ctx.db, 'SPX', '1Day', { from: FAR_PAST, to: FAR_FUTURE, limit: 10_000 })
    ).map((b) => b.c);
    for (const [i, point] of (body.values as { t: string; value: number }[]).entries()) {
      const endIdx = closes.length - 30 + i;
      const window = closes.slice(endIdx - 19, endIdx + 1);
      expect(point.value).toBeCloseTo(window.reduce((a, b) => a + b, 0) / 20, 9);
    }
    const json = await get(
      t,
      `/v1/market/indicators/SPX?${qs({ name: 'sma', params: '{"period":20}', timeframe: '1Day', limit: 30, end: '2020-04-17' })}`,
    );
    expect(json.json().values).toEqual(body.values);
  });

  it('answers multi-line indicators with named lines', async () => {
    const body = (
      await get(t, `/v1/market/indicators/SPX?${qs({ name: 'macd', timeframe: '1Day', limit: 3 })}`)
    ).json();
    expect(Object.keys(body.values[0].value).sort()).toEqual(['histogram', 'macd', 'signal']);
  });

  it('rejects an unknown indicator or a bad parameter with 400', async () => {
    const bad = await get(t, '/v1/market/indicators/SPX?name=foo&timeframe=1Day');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().code).toBe('MARKET_DATA_INDICATOR_INVALID');
    expect((await get(t, '/v1/market/indicators/SPX?name=sma&period=0&timeframe=1Day')).json().code).toBe(
      'MARKET_DATA_INDICATOR_INVALID',
    );
    expect(
      (await get(t, '/v1/market/indicators/SPX?name=sma&params=%7Bnope&timeframe=1Day')).statusCode,
    ).toBe(400);
  });
});

describe('quotes, trades and snapshots', () => {
  it('answers latest quotes as decimal strings, and counts cache hits on a repeated call', async () => {
    const url = '/v1/market/quotes?symbols=AAPL,SPY';
    const counts = async () => {
      const metric = await t.service.ctx.metrics.getSingleMetric('market_cache_requests_total')!.get();
      const of = (result: string) =>
        metric.values.find((v) => v.labels.cache === 'quotes' && v.labels.result === result)?.value ?? 0;
      return { hit: of('hit'), miss: of('miss') };
    };
    const before = await counts();
    const first = await get(t, url);
    expect(first.statusCode).toBe(200);
    const quote = first.json().quotes.AAPL;
    expect(quote).toMatchObject({ symbol: 'AAPL', bidExchange: 'Q', tape: 'C' });
    expect(quote.bidPrice).toMatch(/^\d+(\.\d+)?$/);
    expect(Number(quote.askPrice)).toBeGreaterThanOrEqual(Number(quote.bidPrice));
    expect(Number.isInteger(quote.bidSize)).toBe(true);
    await get(t, url);
    const after = await counts();
    expect(after.miss - before.miss).toBe(1);
    expect(after.hit - before.hit).toBe(1);
    const metrics = await get(t, '/metrics', {});
    expect(metrics.body).toContain('market_cache_requests_total{cache="quotes",result="hit"');
  });

  it('answers latest trades and snapshots; a symbol nothing prices live has no quote', async () => {
    const trades = (await get(t, '/v1/market/trades/latest?symbols=MSFT')).json();
    expect(trades.trades.MSFT).toMatchObject({ symbol: 'MSFT', exchange: 'Q' });
    const snaps = (await get(t, '/v1/market/snapshots?symbols=AAPL,SPX')).json().snapshots;
    expect(snaps.AAPL.latestQuote.symbol).toBe('AAPL');
    expect(snaps.AAPL.minuteBar.t).toMatch(/Z$/);
    expect(Date.parse(snaps.AAPL.dailyBar.t)).toBeGreaterThan(Date.parse(snaps.AAPL.prevDailyBar.t));
    expect(snaps.SPX).toMatchObject({ latestQuote: null, latestTrade: null, minuteBar: null });
    expect(snaps.SPX.dailyBar.t).toBe('2020-04-17T04:00:00Z');
    expect((await get(t, '/v1/market/quotes?symbols=AAPL,NOPE')).statusCode).toBe(404);
  });
});

describe('status', () => {
  it('reports the finished backfill, the source and the symbols', async () => {
    const body = (await get(t, '/v1/market/status', t.as(ADMIN))).json();
    expect(body).toMatchObject({
      sessionMode: 'always',
      provider: 'simulator',
      leader: true,
      live: true,
      backfill: { status: 'done', symbolsDone: 3, symbolsTotal: 3 },
    });
    // 1 year of daily bars and one 1,440-minute session per symbol.
    expect(body.backfill.rows).toBeGreaterThan(3 * (360 + 1440));
    expect((await get(t, '/health/ready', {})).json().checks['market-state'].status).toBe('up');
  });
});

describe('OpenAPI', () => {
  it('documents the native and the Alpaca-compatible routes', async () => {
    const res = await get(t, '/openapi.json', {});
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/v1/market/bars/{symbol}',
        '/v1/market/import',
        '/alpaca/data/v2/stocks/bars',
        '/alpaca/data/v1beta1/news',
        '/alpaca/v2/assets/{symbolOrId}',
      ]),
    );
  });
});
