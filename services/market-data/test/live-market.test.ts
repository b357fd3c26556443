import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TestService } from '@tradeplane/kit/testing';
import { MARKET_CHANNELS } from '@tradeplane/contracts';
import { advanceMarket, type AdvanceResult } from '../src/domain/live-market.ts';
import { aggregateBars } from '../src/domain/bars.ts';
import { continuousCalendar } from '../src/domain/calendar.ts';
import { readBars } from '../src/store/bars.store.ts';
import { get, liveMarket, qs, startMarket } from './helper.ts';

const MINUTE = 60_000;

interface OutboxRow {
  type: string;
  subject: string | null;
  payload: { data: Record<string, unknown> };
}

async function outbox(t: TestService, type: string): Promise<OutboxRow[]> {
  return t.service.ctx.db
    .selectFrom('outbox')
    .select(['type', 'subject', 'payload'])
    .where('type', '=', type)
    .orderBy('id')
    .execute();
}

/** Drives the live market from `from` to `to` in 10-second steps, as the loop would at its tick rate. */
async function drive(t: TestService, from: number, to: number): Promise<AdvanceResult[]> {
  const results: AdvanceResult[] = [];
  for (let at = from; at <= to; at += 10_000) results.push(await advanceMarket(liveMarket(t), new Date(at)));
  return results;
}

describe('the live market (always mode)', () => {
  let t: TestService;
  let start: number;
  let results: AdvanceResult[];
  const broadcasts: Record<string, unknown[]> = {};

  beforeAll(async () => {
    t = await startMarket({ MARKET_NEWS_PER_HOUR: '240' });
    for (const channel of Object.values(MARKET_CHANNELS)) {
      broadcasts[channel] = [];
      t.platform.bus.onBroadcast(channel, (p) => broadcasts[channel]!.push(p));
    }
    // The market was placed at start-up (real time); continue from the next whole minute.
    start = Math.ceil((Date.now() + 1_000) / MINUTE) * MINUTE;
    results = await drive(t, start, start + 6 * MINUTE);
  });
  afterAll(async () => {
    await t?.close();
  });

  it('closes a minute bar per symbol per minute and stores it', async () => {
    const closed = results.flatMap((r) => r.bars);
    const perSymbol = (s: string) => closed.filter((b) => b.symbol === s).map((b) => b.bar.t);
    expect(perSymbol('AAPL').length).toBeGreaterThanOrEqual(5);
    expect(perSymbol('AAPL')).toEqual([...perSymbol('AAPL')].sort());
    // The first step closes the minute the market was placed in, before `start`.
    const stored = await readBars(t.service.ctx.db, 'AAPL', '1Min', {
      from: new Date(start - MINUTE),
      to: new Date(start + 10 * MINUTE),
      limit: 100,
    });
    expect(stored.map((b) => b.t)).toEqual(perSymbol('AAPL'));
    for (const b of stored) expect(b.h >= Math.max(b.o, b.c) && b.l <= Math.min(b.o, b.c)).toBe(true);
  });

  it("keeps each day's bar equal to the aggregate of that day's stored minute bars", async () => {
    const date = continuousCalendar.dateOf(new Date(start));
    const dayStart = continuousCalendar.dayStart(date);
    for (const symbol of ['AAPL', 'MSFT', 'SPY']) {
      const minutes = await readBars(t.service.ctx.db, symbol, '1Min', {
        from: dayStart,
        to: new Date(dayStart.getTime() + 86_400_000 - 1),
        limit: 2_000,
      });
      const [daily] = await readBars(t.service.ctx.db, symbol, '1Day', {
        from: dayStart,
        to: dayStart,
        limit: 1,
      });
      const expected = aggregateBars(
        minutes.map((b) => ({ ...b, n: b.n!, vw: b.vw! })),
        '1Day',
        continuousCalendar,
      )[0];
      expect(daily).toEqual(expected);
      expect(daily!.v).toBe(minutes.reduce((sum, b) => sum + b.v, 0));
    }
  });

  it('emits a durable bar.closed for every closed bar, in the outbox', async () => {
    const closed = results.flatMap((r) => r.bars);
    const events = await outbox(t, 'bar.closed');
    expect(events).toHaveLength(closed.length);
    const first = closed[0]!;
    expect(events[0]!.subject).toBe(first.symbol);
    expect(events[0]!.payload.data).toEqual({
      symbol: first.symbol,
      timeframe: '1Min',
      t: first.bar.t,
      o: String(first.bar.o),
      h: String(first.bar.h),
      l: String(first.bar.l),
      c: String(first.bar.c),
      v: first.bar.v,
      n: first.bar.n,
      vw: String(first.bar.vw),
    });
  });

  it('broadcasts quotes, trades, bars and daily bars in Alpaca stream fields, and keeps the latest quote', async () => {
    const quotes = broadcasts[MARKET_CHANNELS.quotes]!.flatMap((p) => (p as { quotes: unknown[] }).quotes);
    // Ten quote updates per symbol per second (MARKET_QUOTES_PER_SECOND) over six minutes.
    expect(quotes.length).toBeGreaterThan(3 * 10 * 300);
    expect(quotes[0]).toMatchObject({
      S: expect.any(String),
      bp: expect.any(Number),
      ap: expect.any(Number),
      bx: expect.any(String),
      t: expect.any(String),
    });
    const bars = broadcasts[MARKET_CHANNELS.bars]!.flatMap((p) => (p as { bars: unknown[] }).bars);
    expect(bars[0]).toEqual({
      S: expect.any(String),
      o: expect.any(Number),
      h: expect.any(Number),
      l: expect.any(Number),
      c: expect.any(Number),
      v: expect.any(Number),
      n: expect.any(Number),
      vw: expect.any(Number),
      t: expect.any(String),
    });
    expect(broadcasts[MARKET_CHANNELS.dailyBars]!.length).toBeGreaterThan(0);
    expect(broadcasts[MARKET_CHANNELS.trades]!.length).toBeGreaterThan(0);
    const latest = (await get(t, '/v1/market/quotes?symbols=SPY')).json().quotes.SPY;
    expect(Date.parse(latest.timestamp)).toBeGreaterThanOrEqual(start + 5 * MINUTE);
  });

  it('updates the streaming indicators on every bar close, equal to the batch value over the same bars', async () => {
    const latest = liveMarket(t).latestIndicators.get('AAPL')!;
    const lastBar = results
      .flatMap((r) => r.bars)
      .filter((b) => b.symbol === 'AAPL')
      .at(-1)!;
    expect(latest.sma!.t).toBe(lastBar.bar.t);
    const res = (
      await get(t, `/v1/market/indicators/AAPL?${qs({ name: 'sma', timeframe: '1Min', limit: 1 })}`)
    ).json();
    expect(res.latest).toEqual({ t: lastBar.bar.t, value: latest.sma!.value });
    expect(res.values[0].value).toBeCloseTo(latest.sma!.value as number, 9);
  });

  it('publishes simulated news: stored, announced with news.published, filtered by symbol', async () => {
    const published = results.flatMap((r) => r.news);
    expect(published.length).toBeGreaterThan(3);
    expect((await outbox(t, 'news.published')).length).toBe(published.length);
    const all = (await get(t, `/v1/market/news?${qs({ limit: 50 })}`)).json().news;
    expect(all.length).toBe(Math.min(50, published.length));
    expect(Date.parse(all[0].createdAt)).toBeGreaterThanOrEqual(Date.parse(all.at(-1).createdAt));
    const symbol = published.find((n) => n.symbols.length === 1)!.symbols[0]!;
    const about = (await get(t, `/v1/market/news?${qs({ symbols: symbol, limit: 50 })}`)).json().news;
    expect(about.length).toBe(published.filter((n) => n.symbols.includes(symbol)).length);
    for (const n of about) expect(n.symbols).toContain(symbol);
    expect(typeof about[0].sentiment).toBe('number');
  });

  it('does nothing new when asked for an instant it has already passed', async () => {
    const again = await advanceMarket(liveMarket(t), new Date(start));
    expect(again).toMatchObject({ quotes: 0, trades: 0, bars: [], news: [] });
  });
});

describe('the live market (exchange mode)', () => {
  it('emits market.opened and market.closed on NYSE session changes, durably', async () => {
    const t = await startMarket({
      MARKET_SESSION_MODE: 'exchange',
      MARKET_SYMBOLS: 'SPY',
      MARKET_BACKFILL: 'false',
      MARKET_LOAD_SPX: 'false',
    });
    try {
      // Tuesday 2030-01-08: NYSE opens 09:30 and closes 16:00 New York time (EST, UTC−5).
      const open = Date.parse('2030-01-08T14:30:00Z');
      const close = Date.parse('2030-01-08T21:00:00Z');
      const live = liveMarket(t);
      expect((await advanceMarket(live, new Date(open - MINUTE))).sessionEvents).toEqual([]);
      expect((await advanceMarket(live, new Date(open + MINUTE))).sessionEvents).toEqual(['market.opened']);
      expect((await advanceMarket(live, new Date(open + 2 * MINUTE))).sessionEvents).toEqual([]);
      expect((await advanceMarket(live, new Date(close + MINUTE))).sessionEvents).toEqual(['market.closed']);
      const opened = await outbox(t, 'market.opened');
      const closed = await outbox(t, 'market.closed');
      expect(opened.at(-1)!.payload.data).toMatchObject({
        date: '2030-01-08',
        calendar: 'NYSE',
        at: '2030-01-08T14:30:00.000Z',
      });
      expect(closed.at(-1)!.payload.data).toMatchObject({
        date: '2030-01-08',
        at: '2030-01-08T21:00:00.000Z',
        nextOpen: '2030-01-09T14:30:00.000Z',
      });
      const status = (await get(t, '/v1/market/status')).json();
      expect(status.backfill.status).toBe('disabled');
    } finally {
      await t.close();
    }
  });
});
