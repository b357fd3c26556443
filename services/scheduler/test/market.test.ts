import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ServiceDefinition } from '@tradeplane/kit';
import { startTestService, type TestService } from '@tradeplane/kit/testing';
import { marketDataService } from '@tradeplane/market-data';
import { marketDataCalendar } from '../src/clients/market-data.client.ts';
import { cachedCalendar, fixedCalendar, type CalendarSource } from '../src/domain/calendar.ts';
import { marketSchedule } from '../src/domain/time-schedule.ts';
import {
  firedEvents,
  problem,
  runRows,
  startScheduler,
  TestClock,
  uniqueUser,
  type Harness,
} from './helper.ts';

/**
 * Market triggers against the real NYSE calendar: market-data itself, listening on a loopback
 * port, called over HTTP by the scheduler as in production. Its market is never started (no
 * backfill, no live loop): the calendar route needs none of it.
 */
describe('market triggers on the real calendar (market-data over HTTP)', () => {
  let md: TestService;
  let h: Harness;
  const clock = new TestClock();
  beforeAll(async () => {
    md = await startTestService(marketDataService as unknown as ServiceDefinition, {
      startBackground: false,
      env: {
        MARKET_BACKFILL: 'false',
        MARKET_LOAD_SPX: 'false',
        MARKET_SYMBOLS: 'AAPL',
        MARKET_NEWS_PER_HOUR: '0',
      },
    });
    const url = await md.service.app.listen({ port: 0, host: '127.0.0.1' });
    h = await startScheduler({ clock, env: { MARKET_DATA_URL: url } });
  });
  afterAll(async () => {
    await h?.close();
    await md?.close();
  });

  const create = async (schedule: Record<string, unknown>, user = uniqueUser()) => {
    const res = await h.api('POST', '/v1/triggers', user, {
      name: 'market',
      kind: 'market',
      schedule,
      target: { type: 'notification' },
    });
    expect(res.statusCode, res.body).toBe(201);
    return { user, t: res.json() as { id: string; nextFireAt: string } };
  };

  it('reads sessions from GET /v1/market/calendar as a service: no session on Thanksgiving, 13:00 ET close the day after', async () => {
    const source = marketDataCalendar(h.t.service.ctx.client('market-data'), 2_000);
    const sessions = await source.sessions('2026-11-23', '2026-11-30');
    expect(sessions.map((s) => s.date)).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-27',
      '2026-11-30',
    ]);
    const friday = sessions.find((s) => s.date === '2026-11-27')!;
    expect(friday).toEqual({
      date: '2026-11-27',
      open: new Date('2026-11-27T14:30:00Z'),
      close: new Date('2026-11-27T18:00:00Z'),
      earlyClose: true,
    });
  });

  it('skips Thanksgiving: the open after Wednesday’s close is Friday 09:30 ET', async () => {
    clock.set('2026-11-25T22:00:00Z'); // Wednesday 17:00 EST
    const { t } = await create({ event: 'open', offsetMinutes: 0 });
    expect(t.nextFireAt).toBe('2026-11-27T14:30:00.000Z');
  });

  it('puts an hour before the open on Friday when created on Thanksgiving itself', async () => {
    clock.set('2026-11-26T12:00:00Z');
    const { t } = await create({ event: 'open', offsetMinutes: -60 });
    expect(t.nextFireAt).toBe('2026-11-27T13:30:00.000Z');
  });

  it('counts a close offset from the 13:00 early close, fires there, then moves to Monday’s 16:00 close', async () => {
    clock.set('2026-11-25T22:00:00Z');
    const { user, t } = await create({ event: 'close', offsetMinutes: -30 });
    expect(t.nextFireAt).toBe('2026-11-27T17:30:00.000Z'); // 12:30 EST

    clock.set('2026-11-27T17:30:00.100Z');
    await h.rt.tick();
    const runs = await runRows(h.t, t.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.reason).toBe(
      'Fired 30 minutes before the market close of 2026-11-27 (13:00 ET, early close)',
    );
    expect(runs[0]!.context).toEqual({
      event: 'close',
      offsetMinutes: -30,
      session: {
        date: '2026-11-27',
        open: '2026-11-27T14:30:00.000Z',
        close: '2026-11-27T18:00:00.000Z',
        earlyClose: true,
      },
    });
    expect((await firedEvents(h.t, t.id))[0]!.data.kind).toBe('market');
    const after = (await h.api('GET', `/v1/triggers/${t.id}`, user)).json();
    expect(after.nextFireAt).toBe('2026-11-30T20:30:00.000Z'); // Monday 15:30 EST
  });

  it('places a positive close offset after the close of the same day', async () => {
    clock.set('2026-11-25T20:00:00Z'); // Wednesday 15:00 EST
    const { t } = await create({ event: 'close', offsetMinutes: 15 });
    expect(t.nextFireAt).toBe('2026-11-25T21:15:00.000Z');
  });

  it("a market trigger missed over the holiday weekend fires once under 'fire_once'", async () => {
    clock.set('2026-11-25T12:00:00Z');
    const { t } = await create({ event: 'open', offsetMinutes: 0 });
    expect(t.nextFireAt).toBe('2026-11-25T14:30:00.000Z');
    clock.set('2026-11-30T15:00:00Z'); // down from Wednesday to Monday: 25th, 27th, 30th missed
    await h.rt.tick();
    const runs = await runRows(h.t, t.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ misfire: true, status: 'fired' });
    expect(runs[0]!.reason).toMatch(/missed 3 occurrences/);
  });
});

describe('market triggers on a fixture calendar', () => {
  const sessions = [
    { date: '2026-07-02', open: '2026-07-02T13:30:00Z', close: '2026-07-02T20:00:00Z', earlyClose: false },
    // 2026-07-03: Independence Day observed, no session.
    { date: '2026-07-06', open: '2026-07-06T13:30:00Z', close: '2026-07-06T20:00:00Z', earlyClose: false },
  ].map((s) => ({ ...s, open: new Date(s.open), close: new Date(s.close) }));

  it('computes next open and close with offsets from the sessions it is given', async () => {
    const open = marketSchedule({ event: 'open', offsetMinutes: 240 }, fixedCalendar(sessions));
    expect((await open.next(new Date('2026-07-02T17:30:00Z')))?.at.toISOString()).toBe(
      '2026-07-06T17:30:00.000Z',
    );
    const close = marketSchedule({ event: 'close', offsetMinutes: -240 }, fixedCalendar(sessions));
    expect((await close.next(new Date('2026-07-02T16:00:00Z')))?.at.toISOString()).toBe(
      '2026-07-06T16:00:00.000Z',
    );
    expect((await close.next(new Date('2026-07-02T15:59:00Z')))?.description).toBe(
      '240 minutes before the market close of 2026-07-02 (16:00 ET)',
    );
  });

  it('caches weeks of sessions: one call to the source for many lookups, again after the refresh age', async () => {
    let calls = 0;
    let now = 0;
    const source: CalendarSource = {
      sessions: (start, end) => {
        calls += 1;
        return fixedCalendar(sessions).sessions(start, end);
      },
    };
    const cal = cachedCalendar(source, { days: 42, refreshMs: 60_000, now: () => now });
    const s = marketSchedule({ event: 'close', offsetMinutes: 0 }, cal);
    await s.next(new Date('2026-07-01T12:00:00Z'));
    await s.next(new Date('2026-07-02T21:00:00Z'));
    await s.window(new Date('2026-07-02T00:00:00Z'), new Date('2026-07-07T00:00:00Z'));
    expect(calls).toBe(1);
    now = 61_000;
    await s.next(new Date('2026-07-02T21:00:00Z'));
    expect(calls).toBe(2);
  });

  it('answers from a stale cache when the source fails, and fails only without one', async () => {
    let down = false;
    let now = 0;
    const source: CalendarSource = {
      sessions: (start, end) =>
        down ? Promise.reject(new Error('down')) : fixedCalendar(sessions).sessions(start, end),
    };
    const cal = cachedCalendar(source, { days: 42, refreshMs: 1_000, now: () => now });
    expect(await cal.sessions('2026-07-01', '2026-07-10')).toHaveLength(2);
    down = true;
    now = 10_000;
    expect(await cal.sessions('2026-07-01', '2026-07-10')).toHaveLength(2);
    await expect(cal.sessions('2027-01-01', '2027-01-10')).rejects.toThrow('down');
  });
});

describe('market triggers when market-data is unreachable', () => {
  let h: Harness;
  beforeAll(async () => {
    // Port 9 (discard) on loopback: nothing listens, the connection is refused.
    h = await startScheduler({
      env: { MARKET_DATA_URL: 'http://127.0.0.1:9', SCHEDULER_CALENDAR_TIMEOUT_MS: '300' },
    });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('answers 503 problem+json, not 500, and creates nothing', async () => {
    const user = uniqueUser();
    const res = await h.api('POST', '/v1/triggers', user, {
      name: 'open',
      kind: 'market',
      schedule: { event: 'open' },
      target: { type: 'notification' },
    });
    expect(res.statusCode).toBe(503);
    expect(problem(res).code).toBe('SCHEDULER_CALENDAR_UNAVAILABLE');
    expect((await h.api('GET', '/v1/triggers', user)).json().items).toEqual([]);
  });
});
