import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { DatabaseHandle, ServiceDefinition } from '@tradeplane/kit';
import {
  freshPglite,
  hasPostgres,
  scratchPostgres,
  startTestService,
  type ScratchDatabase,
  type TestService,
} from '@tradeplane/kit/testing';
import { storableBar } from '../src/domain/provider-history.ts';
import { marketDataService, whenBackfilled } from '../src/index.ts';
import { FakePolygon, type PolygonAgg } from './providers/fake-upstreams.ts';
import { get, qs, SMALL_MARKET } from './helper.ts';

/**
 * History a real provider serves is kept: fetched once into the bars table (with its source) and
 * the range recorded as covered, then read from the store, across restarts, asking the provider
 * only for what the store lacks. Against the local Polygon stand-in.
 */
const DAY = 86_400_000;
/** New York midnight of each January 2024 weekday from the 2nd: Polygon stamps daily aggregates there. */
const JAN = Array.from({ length: 30 }, (_, i) => Date.parse('2024-01-02T05:00:00Z') + i * DAY).filter(
  (t) => ![0, 6].includes(new Date(t - 5 * 3_600_000).getUTCDay()),
);
const FEB_1 = Date.parse('2024-02-01T05:00:00Z');
const FEB_2 = Date.parse('2024-02-02T05:00:00Z');

const daily = (t: number, c: number): PolygonAgg => ({
  t,
  o: c - 1,
  h: c + 2,
  l: c - 2,
  c,
  v: 20_000_000,
  vw: c,
  n: 250_000,
});

let fake: FakePolygon;
let database: DatabaseHandle;
let t: TestService;

/** The service on `on` (default `database`, kept across restarts), with Polygon configured at the fake. */
async function start(on: DatabaseHandle = database): Promise<TestService> {
  const s = await startTestService(marketDataService as unknown as ServiceDefinition, {
    env: {
      ...SMALL_MARKET,
      MARKET_SYMBOLS: 'AAPL',
      MARKET_LOAD_SPX: 'false',
      POLYGON_API_KEY: fake.apiKey,
      POLYGON_BASE_URL: fake.url,
      POLYGON_WS_URL: `${fake.wsUrl}/stocks`,
    },
    database: on,
  });
  await whenBackfilled(s.service.ctx);
  return s;
}

/** REST calls the fake received for `ticker`'s aggregates of `span` (`1/day`, `1/minute`, …). */
const aggCalls = (ticker: string, span: string) =>
  fake.requests.filter((r) => r.path.startsWith(`/v2/aggs/ticker/${ticker}/range/${span}/`));

const storedBars = (symbol: string, timeframe: '1Min' | '1Day') =>
  t.service.ctx.db
    .selectFrom('bars')
    .select(['t', 'c', 'source'])
    .where('symbol', '=', symbol)
    .where('timeframe', '=', timeframe)
    .orderBy('t')
    .execute() as Promise<{ t: Date; c: string; source: string | null }[]>;

beforeAll(async () => {
  fake = await new FakePolygon().start();
  fake.pageSize = 5;
  fake.aggs.set(
    'MSFT 1/day',
    [...JAN, FEB_1, FEB_2].map((tt, i) => daily(tt, 370 + i)),
  );
  database = (await freshPglite()).handle;
  t = await start();
});

afterAll(async () => {
  await t?.close();
  await database?.close();
  await fake?.stop();
});

describe('provider history', () => {
  const january = qs({ timeframe: '1Day', start: '2024-01-01', end: '2024-01-31' });

  it('stores the bars it fetched, marked with the provider, and serves the same range again without asking', async () => {
    const first = await get(t, `/v1/market/bars/MSFT?${january}`);
    expect(first.statusCode).toBe(200);
    const closes = first.json().bars.map((b: { c: string }) => b.c);
    expect(closes).toEqual(JAN.map((_, i) => String(370 + i)));
    const calls = aggCalls('MSFT', '1/day').length;
    expect(calls).toBeGreaterThan(0);

    const rows = await storedBars('MSFT', '1Day');
    expect(rows.map((r) => Number(r.c))).toEqual(JAN.map((_, i) => 370 + i));
    expect(new Set(rows.map((r) => r.source))).toEqual(new Set(['polygon']));

    const again = await get(t, `/v1/market/bars/MSFT?${january}`);
    expect(again.json()).toEqual(first.json());
    // A read of the range under another cache key, newest first and paged: from the store too.
    const page = await get(t, `/v1/market/bars/MSFT?${january}&sort=desc&limit=3`);
    expect(page.json().bars.map((b: { c: string }) => b.c)).toEqual(closes.slice(-3).reverse());
    expect(aggCalls('MSFT', '1/day')).toHaveLength(calls);
  });

  it('asks the provider only for the part of a wider range the store lacks', async () => {
    const before = aggCalls('MSFT', '1/day').length;
    const res = await get(
      t,
      `/v1/market/bars/MSFT?${qs({ timeframe: '1Day', start: '2024-01-01', end: '2024-02-29' })}`,
    );
    expect(res.json().bars).toHaveLength(JAN.length + 2);
    const fresh = aggCalls('MSFT', '1/day').slice(before);
    expect(fresh).toHaveLength(1);
    // /v2/aggs/ticker/MSFT/range/1/day/{from}/{to}: from just after the stored January range.
    const from = Number(fresh[0]!.path.split('/').at(-2));
    expect(from).toBeGreaterThan(JAN.at(-1)!);
    expect(from).toBeLessThanOrEqual(FEB_1);
    expect(await storedBars('MSFT', '1Day')).toHaveLength(JAN.length + 2);
  });

  it('does not store (or serve) provider rows that break the OHLC rules, and stores the rest', async () => {
    const t0 = Date.parse('2023-06-01T04:00:00Z');
    fake.aggs.set('NVDA 1/day', [
      daily(t0, 400),
      { ...daily(t0 + DAY, 410), h: 405 }, // high below the close
      { ...daily(t0 + 2 * DAY, 420), l: 421 }, // low above the open and the close
      { ...daily(t0 + 3 * DAY, 430), o: 0, l: 0 }, // no positive price
      daily(t0 + 6 * DAY, 440),
    ]);
    const res = await get(
      t,
      `/v1/market/bars/NVDA?${qs({ timeframe: '1Day', start: '2023-06-01', end: '2023-06-08' })}`,
    );
    expect(res.statusCode).toBe(200);
    expect(res.json().bars.map((b: { c: string }) => b.c)).toEqual(['400', '440']);
    expect((await storedBars('NVDA', '1Day')).map((r) => Number(r.c))).toEqual([400, 440]);
  });

  it('fills 5Min, 15Min and 1Hour reads with stored minute bars, aggregated on read', async () => {
    const open = Date.parse('2024-03-04T14:30:00Z');
    fake.aggs.set(
      'AMD 1/minute',
      Array.from({ length: 12 }, (_, i) => ({
        t: open + i * 60_000,
        o: 200 + i,
        h: 200.5 + i,
        l: 199.5 + i,
        c: 200.25 + i,
        v: 1_000,
        vw: 200.1 + i,
        n: 10,
      })),
    );
    const range = { start: '2024-03-04T14:30:00Z', end: '2024-03-04T14:41:00Z' };
    const fives = await get(t, `/v1/market/bars/AMD?${qs({ timeframe: '5Min', ...range })}`);
    expect(fives.json().bars.map((b: { o: string; c: string; v: number }) => [b.o, b.c, b.v])).toEqual([
      ['200', '204.25', 5_000],
      ['205', '209.25', 5_000],
      ['210', '211.25', 2_000],
    ]);
    expect(aggCalls('AMD', '5/minute')).toHaveLength(0);
    const minuteCalls = aggCalls('AMD', '1/minute').length;
    expect(minuteCalls).toBeGreaterThan(0);
    expect(await storedBars('AMD', '1Min')).toHaveLength(12);
    const hour = await get(t, `/v1/market/bars/AMD?${qs({ timeframe: '1Hour', ...range })}`);
    expect(hour.json().bars).toEqual([expect.objectContaining({ o: '200', c: '211.25', v: 12_000 })]);
    expect(aggCalls('AMD', '1/minute')).toHaveLength(minuteCalls);
  });

  it('answers 404 for a symbol neither listed nor known to the provider, and records nothing for it', async () => {
    const res = await get(t, `/v1/market/bars/ZZZZ?${january}`);
    expect(res.statusCode).toBe(404);
    const coverage = await t.service.ctx.db
      .selectFrom('provider_coverage')
      .select('symbol')
      .where('symbol', '=', 'ZZZZ')
      .execute();
    expect(coverage).toEqual([]);
  });

  it('asks again for the minutes a delayed provider had not published at the first read', async () => {
    // Coverage is recorded only for minutes settled (20 min by default): a delayed feed (Polygon's
    // delayed plans, Alpaca's delayed_sip) publishes minute bars ~15 minutes late.
    const MINUTE = 60_000;
    const now = Math.floor(Date.now() / MINUTE) * MINUTE;
    const from = now - 40 * MINUTE;
    const to = now - 5 * MINUTE;
    const minutes = Array.from({ length: 36 }, (_, i) => from + i * MINUTE); // from … to
    const agg = (at: number, i: number): PolygonAgg => ({
      t: at,
      o: 100 + i,
      h: 101 + i,
      l: 99 + i,
      c: 100.5 + i,
      v: 1_000,
      vw: 100.2 + i,
      n: 10,
    });
    // A 15-minute delayed feed: at the first read, bars up to now − 16 min exist upstream.
    fake.aggs.set(
      'DLYD 1/minute',
      minutes.filter((m) => m <= now - 16 * MINUTE).map((m, i) => agg(m, i)),
    );
    const range = { timeframe: '1Min', start: new Date(from).toISOString(), end: new Date(to).toISOString() };
    const first = await get(t, `/v1/market/bars/DLYD?${qs({ ...range, limit: 1000 })}`);
    expect(first.statusCode).toBe(200);
    expect(first.json().bars).toHaveLength(25);

    // Later the delayed minutes are published upstream; the settled part is not asked for again.
    fake.aggs.set(
      'DLYD 1/minute',
      minutes.map((m, i) => agg(m, i)),
    );
    const calls = aggCalls('DLYD', '1/minute').length;
    const again = await get(t, `/v1/market/bars/DLYD?${qs({ ...range, limit: 999 })}`);
    expect(again.statusCode).toBe(200);
    expect(again.json().bars).toHaveLength(minutes.length);
    const asked = aggCalls('DLYD', '1/minute').slice(calls);
    expect(asked.length).toBeGreaterThan(0);
    for (const call of asked) {
      const [fromMs] = call.path.split('/').slice(-2).map(Number);
      expect(fromMs).toBeGreaterThan(now - 21 * MINUTE);
    }
  });

  it('serves the stored history after a restart without calling the provider', async () => {
    const aggs = () => fake.requests.filter((r) => r.path.startsWith('/v2/aggs/')).length;
    const before = (await get(t, `/v1/market/bars/MSFT?${january}`)).json();
    const fetched = aggs();
    await t.close();
    t = await start();
    const after = await get(t, `/v1/market/bars/MSFT?${january}`);
    expect(after.statusCode).toBe(200);
    expect(after.json()).toEqual(before);
    expect(after.json().bars).toHaveLength(JAN.length);
    expect(aggs()).toBe(fetched);
  });
});

const pgUp = await hasPostgres();

describe.skipIf(!pgUp)('provider history on PostgreSQL, two instances', () => {
  let scratch: ScratchDatabase;
  let one: TestService;
  let two: TestService;

  beforeAll(async () => {
    scratch = await scratchPostgres('market_history');
    fake.aggs.set(
      'ORCL 1/day',
      JAN.map((tt, i) => daily(tt, 110 + i)),
    );
    one = await start(scratch.handles[0]);
    two = await start(scratch.handles[1]);
  });

  afterAll(async () => {
    await two?.close();
    await one?.close();
    await scratch?.close();
  });

  it("serves one instance's fetched history to the other from the database", async () => {
    const range = qs({ timeframe: '1Day', start: '2024-01-01', end: '2024-01-31' });
    const first = await get(one, `/v1/market/bars/ORCL?${range}`);
    expect(first.json().bars).toHaveLength(JAN.length);
    const calls = aggCalls('ORCL', '1/day').length;
    expect(calls).toBeGreaterThan(0);
    const second = await get(two, `/v1/market/bars/ORCL?${range}`);
    expect(second.json()).toEqual(first.json());
    expect(aggCalls('ORCL', '1/day')).toHaveLength(calls);
    const coverage = await two.service.ctx.db
      .selectFrom('provider_coverage')
      .select(['provider', 'timeframe'])
      .where('symbol', '=', 'ORCL')
      .execute();
    expect(coverage).toEqual([{ provider: 'polygon', timeframe: '1Day' }]);
  });
});

describe('storableBar', () => {
  const bar = { symbol: 'X', t: '2024-01-02T14:30:00Z', o: 10, h: 11, l: 9, c: 10.5, v: 100 };
  it('keeps a consistent bar, rounding a fractional volume and dropping a bad trade count', () => {
    expect(storableBar({ ...bar, v: 100.4, n: -1, vw: 10.2 }, '1Min')).toEqual({
      t: '2024-01-02T14:30:00Z',
      o: 10,
      h: 11,
      l: 9,
      c: 10.5,
      v: 100,
      n: null,
      vw: 10.2,
    });
  });
  it.each([
    ['a high below the open or close', { h: 10.2 }],
    ['a low above the open or close', { l: 10.1 }],
    ['a non-positive price', { l: 0 }],
    ['a price beyond NUMERIC(18, 6)', { h: 1e13 }],
    ['a negative volume', { v: -5 }],
    ['a minute bar off the minute', { t: '2024-01-02T14:30:30Z' }],
    ['an unreadable time', { t: 'yesterday' }],
  ])('refuses %s', (_, patch) => {
    expect(storableBar({ ...bar, ...patch }, '1Min')).toBeUndefined();
  });
});
