import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestService } from '@tradeplane/kit/testing';
import { readBars } from '../src/store/bars.store.ts';
import { assetId } from '../src/domain/asset-ids.ts';
import { advanceMarket } from '../src/domain/live-market.ts';
import { get, liveMarket, qs, startMarket } from './helper.ts';

let t: TestService;
let firstMinute: string;
let lastMinute: string;
beforeAll(async () => {
  t = await startMarket({ MARKET_LOAD_SPX: 'false', MARKET_NEWS_PER_HOUR: '600' });
  const minutes = await readBars(t.service.ctx.db, 'AAPL', '1Min', {
    from: new Date(0),
    to: new Date(8.64e15),
    limit: 100_000,
  });
  firstMinute = minutes[0]!.t;
  lastMinute = minutes.at(-1)!.t;
  // A few minutes of live market, for news.
  const start = Date.now() + 1_000;
  for (let at = start; at <= start + 3 * 60_000; at += 10_000)
    await advanceMarket(liveMarket(t), new Date(at));
});
afterAll(async () => {
  await t?.close();
});

const RFC3339_OFFSET = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}[+-]\d{2}:\d{2}$/;

describe('Alpaca Market Data API v2', () => {
  it('pages multi-symbol bars by symbol then time with next_page_token, each bar once', async () => {
    const stored = async (s: string) =>
      (
        await readBars(t.service.ctx.db, s, '1Min', {
          from: new Date(firstMinute),
          to: new Date(lastMinute),
          limit: 100_000,
        })
      ).map((b) => b.t);
    const seen: Record<string, string[]> = {};
    const order: string[] = [];
    let token: string | undefined;
    let pages = 0;
    do {
      const res = await get(
        t,
        `/alpaca/data/v2/stocks/bars?${qs({ symbols: 'MSFT,AAPL', timeframe: '1T', start: firstMinute, end: lastMinute, limit: 1000, page_token: token })}`,
      );
      expect(res.statusCode).toBe(200);
      const body = res.json();
      expect(Object.keys(body).sort()).toEqual(['bars', 'currency', 'next_page_token']);
      let count = 0;
      for (const [symbol, bars] of Object.entries(
        body.bars as Record<string, { t: string; o: number; v: number }[]>,
      )) {
        if (order.at(-1) !== symbol) order.push(symbol);
        seen[symbol] = [...(seen[symbol] ?? []), ...bars.map((b) => b.t)];
        count += bars.length;
        expect(typeof bars[0]!.o).toBe('number');
      }
      expect(count).toBeLessThanOrEqual(1000);
      token = body.next_page_token ?? undefined;
      pages++;
    } while (token && pages < 20);
    expect(order).toEqual(['AAPL', 'MSFT']);
    expect(seen.AAPL).toEqual(await stored('AAPL'));
    expect(seen.MSFT).toEqual(await stored('MSFT'));
    expect(pages).toBe(Math.ceil((seen.AAPL!.length + seen.MSFT!.length) / 1000));
  });

  it('answers single-symbol bars as {bars, symbol, next_page_token}', async () => {
    const res = await get(
      t,
      `/alpaca/data/v2/stocks/AAPL/bars?${qs({ timeframe: '1Hour', start: firstMinute, end: lastMinute, limit: 5 })}`,
    );
    const body = res.json();
    expect(body.symbol).toBe('AAPL');
    expect(body.bars).toHaveLength(5);
    expect(Object.keys(body.bars[0]).sort()).toEqual(['c', 'h', 'l', 'n', 'o', 't', 'v', 'vw']);
    expect(typeof body.next_page_token).toBe('string');
    const next = (
      await get(
        t,
        `/alpaca/data/v2/stocks/AAPL/bars?${qs({ timeframe: '1Hour', start: firstMinute, end: lastMinute, limit: 5, page_token: body.next_page_token })}`,
      )
    ).json();
    expect(Date.parse(next.bars[0].t) - Date.parse(body.bars[4].t)).toBe(3_600_000);
  });

  it('answers latest quotes, trades and bars as maps by symbol, leaving out symbols without data', async () => {
    const quotes = (await get(t, '/alpaca/data/v2/stocks/quotes/latest?symbols=AAPL,MSFT,ZZZZ')).json();
    expect(Object.keys(quotes.quotes).sort()).toEqual(['AAPL', 'MSFT']);
    expect(Object.keys(quotes.quotes.AAPL).sort()).toEqual([
      'ap',
      'as',
      'ax',
      'bp',
      'bs',
      'bx',
      'c',
      't',
      'z',
    ]);
    const trades = (await get(t, '/alpaca/data/v2/stocks/trades/latest?symbols=SPY')).json();
    expect(Object.keys(trades.trades.SPY).sort()).toEqual(['c', 'i', 'p', 's', 't', 'x', 'z']);
    const bars = (await get(t, '/alpaca/data/v2/stocks/bars/latest?symbols=SPY')).json();
    expect(typeof bars.bars.SPY.c).toBe('number');
    const single = (await get(t, '/alpaca/data/v2/stocks/AAPL/quotes/latest')).json();
    expect(single).toMatchObject({ symbol: 'AAPL', quote: { ap: expect.any(Number) } });
  });

  it('answers snapshots keyed by symbol, and one symbol with its name', async () => {
    const snaps = (await get(t, '/alpaca/data/v2/stocks/snapshots?symbols=AAPL,SPY')).json();
    expect(Object.keys(snaps).sort()).toEqual(['AAPL', 'SPY']);
    expect(Object.keys(snaps.AAPL).sort()).toEqual([
      'dailyBar',
      'latestQuote',
      'latestTrade',
      'minuteBar',
      'prevDailyBar',
    ]);
    const one = (await get(t, '/alpaca/data/v2/stocks/SPY/snapshot')).json();
    expect(one.symbol).toBe('SPY');
    expect(one.dailyBar.t).toBe(snaps.SPY.dailyBar.t);
  });

  it('answers news in Alpaca fields with numeric ids and next_page_token', async () => {
    const first = (await get(t, '/alpaca/data/v1beta1/news?limit=2&include_content=true')).json();
    expect(first.news).toHaveLength(2);
    expect(first.news[0]).toMatchObject({
      id: expect.any(Number),
      headline: expect.any(String),
      images: [],
      source: 'Tradeplane Simulated Wire',
    });
    expect(first.news[0].content.length).toBeGreaterThan(0);
    const second = (
      await get(t, `/alpaca/data/v1beta1/news?limit=2&page_token=${first.next_page_token}`)
    ).json();
    expect(second.news[0].id).not.toBe(first.news[1].id);
    expect(second.news[0].content).toBe('');
  });

  it("answers errors in Alpaca's shape: a bad symbol, timeframe or range", async () => {
    const cases: [string, number][] = [
      ['/alpaca/data/v2/stocks/AA$PL/bars?timeframe=1Min', 400],
      ['/alpaca/data/v2/stocks/bars?symbols=AAPL&timeframe=7Min', 400],
      ['/alpaca/data/v2/stocks/bars?symbols=AAPL&timeframe=1Day&start=2024-02-01&end=2024-01-01', 400],
      ['/alpaca/data/v2/stocks/bars?symbols=AAPL&timeframe=1Day&limit=10001', 400],
      ['/alpaca/data/v2/stocks/ZZZZ/quotes/latest', 404],
    ];
    for (const [url, status] of cases) {
      const res = await get(t, url);
      expect({ url, status: res.statusCode }).toEqual({ url, status });
      expect(res.headers['content-type']).toContain('application/json');
      expect(res.json()).toEqual({ code: status * 100_000 + 10_000, message: expect.any(String) });
    }
    expect((await get(t, '/alpaca/data/v2/stocks/AA$PL/bars?timeframe=1Min')).json().message).toContain(
      'invalid symbol',
    );
    expect((await get(t, '/alpaca/data/v2/stocks/bars?symbols=AAPL&timeframe=1Min', {})).statusCode).toBe(
      401,
    );
  });
});

describe('Alpaca Trading API v2 reference data', () => {
  it('answers the clock with New York offsets', async () => {
    const clock = (await get(t, '/alpaca/v2/clock')).json();
    expect(Object.keys(clock).sort()).toEqual(['is_open', 'next_close', 'next_open', 'timestamp']);
    for (const k of ['timestamp', 'next_open', 'next_close']) expect(clock[k]).toMatch(RFC3339_OFFSET);
  });

  it('answers the calendar with early closes, extended hours and settlement dates', async () => {
    const days = (
      await get(t, `/alpaca/v2/calendar?${qs({ start: '2024-11-27T00:00:00.000Z', end: '2024-12-02' })}`)
    ).json();
    expect(days).toEqual([
      {
        date: '2024-11-27',
        open: '09:30',
        close: '16:00',
        session_open: '0400',
        session_close: '2000',
        settlement_date: '2024-11-29',
      },
      {
        date: '2024-11-29',
        open: '09:30',
        close: '13:00',
        session_open: '0400',
        session_close: '1700',
        settlement_date: '2024-12-02',
      },
      {
        date: '2024-12-02',
        open: '09:30',
        close: '16:00',
        session_open: '0400',
        session_close: '2000',
        settlement_date: '2024-12-03',
      },
    ]);
    // T+2 before 2024-05-28, skipping Columbus Day, when banks close and the exchange trades.
    const old = (await get(t, '/alpaca/v2/calendar?start=2023-10-05&end=2023-10-05')).json();
    expect(old[0].settlement_date).toBe('2023-10-10');
  });

  it('lists assets and finds one by symbol or by id', async () => {
    const assets = (await get(t, '/alpaca/v2/assets')).json();
    expect(assets.map((a: { symbol: string }) => a.symbol)).toEqual(['AAPL', 'MSFT', 'SPY']);
    const byId = (await get(t, `/alpaca/v2/assets/${assetId('SPY')}`)).json();
    expect(byId).toMatchObject({
      symbol: 'SPY',
      class: 'us_equity',
      exchange: 'ARCA',
      tradable: true,
      fractionable: true,
    });
    const missing = await get(t, '/alpaca/v2/assets/NOPE');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ code: 40410000, message: 'asset not found: NOPE' });
  });
});
