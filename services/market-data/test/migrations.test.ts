import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import type { TestService } from '@tradeplane/kit/testing';
import { migrations } from '../migrations/index.ts';
import { continuousCalendar } from '../src/domain/calendar.ts';
import { readBars, writeBars } from '../src/store/bars.store.ts';
import { ADMIN, startMarket } from './helper.ts';

/**
 * Migrations 007 and 008 on bars imported before them: imported bars are marked 'import' so
 * provider history never overwrites them. A minute import also re-derives (writes) its days' daily
 * bars; 007 marks rows by import_runs' own timeframe only, so 008 marks those daily bars too, as
 * the same import made after the migrations does (import-bars.ts rederiveDailyBars).
 */
let t: TestService;
beforeAll(async () => {
  t = await startMarket({ MARKET_LOAD_SPX: 'false', MARKET_BACKFILL: 'false' });
});
afterAll(async () => {
  await t?.close();
});

describe('007_provider_history and 008_import_daily_bars on bars imported before them', () => {
  it('protects the daily bars a minute import derived, as an import after the migration does', async () => {
    const ms = Date.parse('2024-03-04T14:30:00Z');
    const rows = [0, 1].map((k) => `${new Date(ms + k * 60_000).toISOString()},100,101,99,100.5,500,7,100.2`);
    const res = await t.service.app.inject({
      method: 'POST',
      url: '/v1/market/import?symbol=MIGR',
      payload: ['timestamp,open,high,low,close,volume,trade_count,vwap', ...rows].join('\n'),
      headers: { 'content-type': 'text/csv', ...t.as(ADMIN) },
    });
    expect(res.statusCode).toBe(201);
    const db = t.service.ctx.db;
    const day = continuousCalendar.dayStart(continuousCalendar.dateOf(new Date(ms)));
    const daily = async () => (await readBars(db, 'MIGR', '1Day', { from: day, to: day, limit: 1 }))[0];
    const imported = await daily();
    expect(imported).toBeDefined();
    const providerBar = { ...imported!, o: 1, h: 2, l: 0.5, c: 1.5 };
    // Imported after 007: the provider's bar does not replace it.
    await writeBars(
      db,
      [{ symbol: 'MIGR', timeframe: '1Day', bar: providerBar }],
      'replace-except-imports',
      'polygon',
    );
    expect(await daily()).toEqual(imported);

    // The same rows as they were before 007 (no source column, no coverage table), then 007 and
    // 008 run (007 is never changed once applied: 008 fixes forward).
    await sql`alter table market.bars drop column source`.execute(db);
    await sql`drop table market.provider_coverage`.execute(db);
    await migrations['007_provider_history']!.up(db);
    const minuteSources = await db
      .selectFrom('bars')
      .select('source')
      .where('symbol', '=', 'MIGR')
      .where('timeframe', '=', '1Min')
      .execute();
    expect(minuteSources).toEqual([{ source: 'import' }, { source: 'import' }]);
    await migrations['008_import_daily_bars']!.up(db);

    // A provider's daily bar for that day arrives (provider-history.ts writes with replace-except-imports).
    await writeBars(
      db,
      [{ symbol: 'MIGR', timeframe: '1Day', bar: providerBar }],
      'replace-except-imports',
      'polygon',
    );
    expect(await daily()).toEqual(imported);
  });
});
