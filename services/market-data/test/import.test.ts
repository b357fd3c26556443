import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestService } from '@tradeplane/kit/testing';
import { aggregateBars } from '../src/domain/bars.ts';
import { continuousCalendar } from '../src/domain/calendar.ts';
import { countBars, readBars } from '../src/store/bars.store.ts';
import { ADMIN, get, startMarket, USER } from './helper.ts';

let t: TestService;
beforeAll(async () => {
  t = await startMarket({ MARKET_LOAD_SPX: 'false' });
});
afterAll(async () => {
  await t?.close();
});

const post = (url: string, body: string, headers: Record<string, string>) =>
  t.service.app.inject({
    method: 'POST',
    url,
    payload: body,
    headers: { 'content-type': 'text/csv', ...headers },
  });

const YAHOO = [
  'Date,Open,High,Low,Close,Adj Close,Volume',
  '2024-01-02,10,11,9,10.5,10.5,1000',
  '2024-01-03,10.5,12,10,11.75,11.75,2500',
  '2024-01-04,11.75,12.25,11.5,12,12,1800',
].join('\n');

describe('CSV import', () => {
  it('imports a Yahoo file for a new symbol: 201, rows stored, the asset listed', async () => {
    const res = await post('/v1/market/import?symbol=ACME', YAHOO, t.as(ADMIN));
    expect(res.statusCode).toBe(201);
    expect(res.json()).toEqual({
      symbol: 'ACME',
      format: 'yahoo',
      timeframe: '1Day',
      rows: 3,
      first: '2024-01-02T05:00:00Z',
      last: '2024-01-04T05:00:00Z',
    });
    const bars = (await get(t, '/v1/market/bars/ACME?timeframe=1Day&start=2024-01-01&end=2024-01-31')).json()
      .bars;
    expect(bars).toEqual([
      { t: '2024-01-02T05:00:00Z', o: '10', h: '11', l: '9', c: '10.5', v: 1000, n: null, vw: null },
      { t: '2024-01-03T05:00:00Z', o: '10.5', h: '12', l: '10', c: '11.75', v: 2500, n: null, vw: null },
      { t: '2024-01-04T05:00:00Z', o: '11.75', h: '12.25', l: '11.5', c: '12', v: 1800, n: null, vw: null },
    ]);
    expect((await get(t, '/v1/market/assets/ACME')).json()).toMatchObject({
      kind: 'imported',
      tradable: false,
      live: false,
    });
    const runs = await t.service.ctx.db
      .selectFrom('import_runs')
      .selectAll()
      .where('symbol', '=', 'ACME')
      .execute();
    expect(runs).toHaveLength(1);
  });

  it('rejects a file with a bad row: 400 listing the line, and nothing stored', async () => {
    const bad = [
      YAHOO.split('\n')[0],
      '2024-01-02,10,11,9,10.5,10.5,1000',
      '2024-01-03,10.5,9,10,11.75,11.75,2500',
      '2024-01-04,11.75,12.25,11.5,12,12,1800',
    ].join('\n');
    const res = await post('/v1/market/import?symbol=BADCO', bad, t.as(ADMIN));
    expect(res.statusCode).toBe(400);
    expect(res.headers['content-type']).toContain('application/problem+json');
    const body = res.json();
    expect(body.code).toBe('MARKET_DATA_CSV_INVALID');
    expect(body.errors).toEqual([{ line: 3, message: expect.stringContaining('high 9 is below') }]);
    expect(await countBars(t.service.ctx.db, 'BADCO', '1Day')).toBe(0);
    expect((await get(t, '/v1/market/assets/BADCO')).statusCode).toBe(404);
  });

  it('leaves existing bars untouched when a file is rejected', async () => {
    const before = await countBars(t.service.ctx.db, 'ACME', '1Day');
    const res = await post('/v1/market/import?symbol=ACME', `${YAHOO}\n2024-01-05,1,1,1,1,1,-5`, t.as(ADMIN));
    expect(res.statusCode).toBe(400);
    expect(res.json().errors[0].line).toBe(5);
    expect(await countBars(t.service.ctx.db, 'ACME', '1Day')).toBe(before);
  });

  it('imports Alpaca-style minute bars over simulated ones and re-derives their day', async () => {
    const first = (
      await readBars(t.service.ctx.db, 'MSFT', '1Min', { from: new Date(0), to: new Date(8.64e15), limit: 1 })
    )[0]!;
    const ms = Date.parse(first.t);
    const rows = [0, 1].map((k) => `${new Date(ms + k * 60_000).toISOString()},100,101,99,100.5,500,7,100.2`);
    const res = await post(
      '/v1/market/import?symbol=MSFT',
      ['timestamp,open,high,low,close,volume,trade_count,vwap', ...rows].join('\n'),
      t.as(ADMIN),
    );
    expect(res.statusCode).toBe(201);
    expect(res.json()).toMatchObject({ format: 'alpaca', timeframe: '1Min', rows: 2 });
    const date = continuousCalendar.dateOf(new Date(ms));
    const dayStart = continuousCalendar.dayStart(date);
    const minutes = await readBars(t.service.ctx.db, 'MSFT', '1Min', {
      from: dayStart,
      to: new Date(dayStart.getTime() + 86_399_999),
      limit: 2000,
    });
    expect(minutes[0]).toMatchObject({ o: 100, c: 100.5, v: 500 });
    const [daily] = await readBars(t.service.ctx.db, 'MSFT', '1Day', {
      from: dayStart,
      to: dayStart,
      limit: 1,
    });
    expect(daily).toEqual(
      aggregateBars(
        minutes.map((b) => ({ ...b, n: b.n!, vw: b.vw! })),
        '1Day',
        continuousCalendar,
      )[0],
    );
  });

  it('is for admins only', async () => {
    expect((await post('/v1/market/import?symbol=ACME', YAHOO, t.as(USER))).statusCode).toBe(403);
    expect((await post('/v1/market/import?symbol=ACME', YAHOO, {})).statusCode).toBe(401);
  });

  it('rejects a symbol it cannot store and an empty file', async () => {
    expect((await post('/v1/market/import?symbol=A%24B', YAHOO, t.as(ADMIN))).json().code).toBe(
      'MARKET_DATA_INVALID_SYMBOL',
    );
    const empty = await post(
      '/v1/market/import?symbol=EMPTY',
      'Date,Open,High,Low,Close,Adj Close,Volume\n',
      t.as(ADMIN),
    );
    expect(empty.statusCode).toBe(400);
    expect(empty.json().errors[0]).toEqual({ line: 2, message: 'no data rows' });
  });
});
