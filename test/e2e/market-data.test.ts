import { execFile } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { marketData, trading } from '@alpacahq/alpaca-trade-api';
import { whenBackfilled } from '@tradeplane/market-data';
import { bearer, http, signUp, startEmbeddedPlatform, type EmbeddedPlatform } from './embedded.ts';

/**
 * Market data through the gateway, read with the official Alpaca SDK pointed at it (basePath
 * `<gateway>/alpaca/data` for market data, `<gateway>/alpaca` for the trading API's reference
 * data) and with the native API.
 */
let platform: EmbeddedPlatform;
let token: string;
let email: string;
let stocks: marketData.StockApi;
let tradingConfig: trading.Configuration;

beforeAll(async () => {
  platform = await startEmbeddedPlatform({
    MARKET_SESSION_MODE: 'always',
    MARKET_SYMBOLS: 'AAPL,MSFT,SPY',
    MARKET_BACKFILL_DAILY_YEARS: '1',
    MARKET_BACKFILL_MINUTE_SESSIONS: '1',
    MARKET_NEWS_PER_HOUR: '0',
  });
  await whenBackfilled(platform.running.services.get('market-data')!.ctx);
  email = `md-${Date.now()}@example.com`;
  // The first user of a fresh platform is its admin.
  const user = await signUp(platform.gateway, email);
  token = user.accessToken;
  const key = await http(platform.gateway, 'POST', '/v1/api-keys', {
    body: { name: 'sdk' },
    headers: bearer(token),
  });
  expect(key.status).toBe(201);
  const credentials = { keyId: key.body.keyId as string, secret: key.body.secret as string };
  stocks = new marketData.StockApi(
    new marketData.Configuration({ basePath: `${platform.gateway}/alpaca/data`, ...credentials }),
  );
  tradingConfig = new trading.Configuration({ basePath: `${platform.gateway}/alpaca`, ...credentials });
});

afterAll(async () => {
  await platform?.close();
});

describe('the official Alpaca SDK through the gateway', () => {
  it('reads multi-symbol bars page by page until next_page_token runs out', async () => {
    const status = await http(platform.gateway, 'GET', '/v1/market/status', { headers: bearer(token) });
    const day = status.body.backfill.endDate as string;
    const start = new Date(`${day}T00:00:00Z`);
    const end = new Date(`${day}T23:59:59Z`);
    const seen: Record<string, Date[]> = {};
    let pageToken: string | undefined;
    let pages = 0;
    do {
      const page = await stocks.stockBars({
        symbols: 'AAPL,MSFT',
        timeframe: '1Min',
        start,
        end,
        limit: 1000,
        ...(pageToken ? { pageToken } : {}),
      });
      for (const [symbol, bars] of Object.entries(page.bars))
        seen[symbol] = [...(seen[symbol] ?? []), ...bars.map((b) => new Date(b.t))];
      pageToken = page.nextPageToken ?? undefined;
      pages++;
    } while (pageToken && pages < 10);
    // One 1,440-minute session per symbol in the continuous calendar: 2,880 bars on 3 pages.
    expect(pages).toBe(3);
    expect(seen.AAPL).toHaveLength(1440);
    expect(seen.MSFT).toHaveLength(1440);
    const times = seen.AAPL!.map((d) => d.getTime());
    expect(times).toEqual([...times].sort((a, b) => a - b));
    expect(new Set(times).size).toBe(1440);
  });

  it('reads one symbol’s daily bars as typed StockBar objects', async () => {
    const res = await stocks.stockBarSingle({
      symbol: 'SPY',
      timeframe: '1Day',
      start: new Date(Date.now() - 30 * 86_400_000),
      limit: 5,
    });
    expect(res.symbol).toBe('SPY');
    expect(res.bars).toHaveLength(5);
    const bar = res.bars[0]!;
    expect(bar.t).toBeInstanceOf(Date);
    expect(bar.h).toBeGreaterThanOrEqual(Math.max(bar.o, bar.c));
    expect(Number.isInteger(bar.v)).toBe(true);
  });

  it('reads latest quotes', async () => {
    const res = await stocks.stockLatestQuotes({ symbols: 'AAPL,MSFT' });
    expect(Object.keys(res.quotes).sort()).toEqual(['AAPL', 'MSFT']);
    const q = res.quotes.AAPL!;
    expect(q.ap).toBeGreaterThanOrEqual(q.bp);
    expect(q.t).toBeInstanceOf(Date);
    expect(q.ax).toBe('Q');
  });

  it('reads snapshots', async () => {
    const snaps = await stocks.stockSnapshots({ symbols: 'AAPL,SPY' });
    expect(Object.keys(snaps).sort()).toEqual(['AAPL', 'SPY']);
    const s = snaps.SPY!;
    expect(s.latestQuote?.bp).toBeGreaterThan(0);
    expect(s.latestTrade?.p).toBeGreaterThan(0);
    expect(s.dailyBar?.t).toBeInstanceOf(Date);
    expect(s.prevDailyBar!.t.getTime()).toBeLessThan(s.dailyBar!.t.getTime());
  });

  it("gets Alpaca's error for an invalid symbol", async () => {
    const err = await stocks.stockBarSingle({ symbol: 'AA$PL', timeframe: '1Min' }).catch((e: unknown) => e);
    expect(err).toMatchObject({ status: 400, code: 40010000 });
    expect((err as Error).message).toContain('invalid symbol');
  });

  it('reads the clock, the calendar and the assets through the trading API', async () => {
    const clock = await new trading.ClockApi(tradingConfig).legacyClock();
    expect(clock.isOpen).toBe(true);
    expect(clock.nextClose.getTime()).toBeGreaterThan(clock.timestamp.getTime());
    const days = await new trading.CalendarApi(tradingConfig).legacyCalendar({
      start: new Date('2025-12-22'),
      end: new Date('2025-12-26'),
    });
    expect(days.map((d) => d.date.toISOString().slice(0, 10))).toEqual([
      '2025-12-22',
      '2025-12-23',
      '2025-12-24',
      '2025-12-26',
    ]);
    expect(days[2]).toMatchObject({ open: '09:30', close: '13:00' });
    const assets = new trading.AssetsApi(tradingConfig);
    const list = await assets.getV2Assets();
    expect(list.map((a) => a.symbol)).toEqual(['AAPL', 'MSFT', 'SPY']);
    const aapl = await assets.getV2AssetsSymbolOrAssetId({ symbolOrAssetId: 'AAPL' });
    expect(aapl).toMatchObject({ symbol: 'AAPL', _class: 'us_equity', tradable: true, id: list[0]!.id });
  });
});

describe('the native market API through the gateway', () => {
  it('serves bars, quotes and the S&P 500 series to a signed-in user, and nothing to anonymous clients', async () => {
    const bars = await http(platform.gateway, 'GET', '/v1/market/bars/AAPL?timeframe=15Min&limit=4', {
      headers: bearer(token),
    });
    expect(bars.status).toBe(200);
    expect(bars.body.bars).toHaveLength(4);
    expect(bars.body.bars[0].o).toMatch(/^\d+(\.\d+)?$/);
    const quotes = await http(platform.gateway, 'GET', '/v1/market/quotes?symbols=SPY', {
      headers: bearer(token),
    });
    expect(quotes.body.quotes.SPY.askPrice).toMatch(/^\d+(\.\d+)?$/);
    const spx = await http(
      platform.gateway,
      'GET',
      '/v1/market/bars/SPX?timeframe=1Day&start=2000-01-01&limit=1',
      { headers: bearer(token) },
    );
    expect(spx.body.bars[0]).toMatchObject({ t: '2000-01-03T05:00:00Z', c: '1455.219971' });
    const unknown = await http(platform.gateway, 'GET', '/v1/market/bars/ZZZZ?timeframe=1Day', {
      headers: bearer(token),
    });
    expect(unknown.status).toBe(404);
    expect(unknown.body.code).toBe('MARKET_DATA_UNKNOWN_SYMBOL');
    expect((await http(platform.gateway, 'GET', '/v1/market/quotes?symbols=SPY')).status).toBe(401);
  });
});

describe('the import CLI', () => {
  it('imports a CSV through the gateway as an admin', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-import-'));
    const file = join(dir, 'acme.csv');
    writeFileSync(
      file,
      'Date,Open,High,Low,Close,Adj Close,Volume\n2024-01-02,10,11,9,10.5,10.5,1000\n2024-01-03,10.5,12,10,11.75,11.75,2500\n',
    );
    const root = fileURLToPath(new URL('../..', import.meta.url));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['--import', 'tsx', 'scripts/import-bars.ts', 'ACME', file],
      {
        cwd: root,
        env: {
          ...process.env,
          TRADEPLANE_URL: platform.gateway,
          TRADEPLANE_EMAIL: email,
          TRADEPLANE_PASSWORD: 'correct-horse-battery',
        },
      },
    );
    expect(stdout).toContain('imported 2 bars of ACME');
    const bars = await http(
      platform.gateway,
      'GET',
      '/v1/market/bars/ACME?timeframe=1Day&start=2024-01-01&end=2024-01-31',
      { headers: bearer(token) },
    );
    expect(bars.body.bars.map((b: { c: string }) => b.c)).toEqual(['10.5', '11.75']);
  });
});
