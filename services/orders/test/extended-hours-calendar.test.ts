import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger, RequestOptions, ServiceClient } from '@tradeplane/kit';
import { MarketDataClock, parseCalendar } from '../src/clients/market-data.client.ts';
import { promoteAccepted } from '../src/domain/expire-orders.ts';
import { clockAt, isExtendedHours, type MarketClockInfo } from '../src/domain/market-clock.ts';
import { getOrder, newSymbol, newUser, place, quote, startOrders, type OrdersHarness } from './helper.ts';

/**
 * Extended hours follow the NYSE calendar (Alpaca: pre-market 04:00–09:30, after-hours
 * 16:00–20:00 ET; on a half day the extended session ends at 17:00 ET; none on a day the market is
 * closed). An extended-hours order placed on a holiday is queued, as Alpaca queues an order sent
 * outside the extended session: it becomes eligible when the next session's pre-market opens.
 *
 * Thanksgiving 2026 is Thursday November 26 (closed); Friday the 27th closes early at 13:00 ET.
 */
const THANKSGIVING = '2026-11-26';
const BLACK_FRIDAY = '2026-11-27';
const at = (iso: string) => new Date(iso);

describe('isExtendedHours on the calendar', () => {
  const exceptions = { holidays: new Set([THANKSGIVING]), earlyCloses: new Set([BLACK_FRIDAY]) };
  const ext = (iso: string, withExceptions = true) =>
    isExtendedHours(clockAt(at(iso), 'exchange', withExceptions ? exceptions : {}), at(iso));

  it('is false all day on a holiday and on a weekend', () => {
    expect(ext('2026-11-26T09:30:00Z')).toBe(false); // 04:30 ET
    expect(ext('2026-11-26T15:00:00Z')).toBe(false); // 10:00 ET
    expect(ext('2026-11-26T22:00:00Z')).toBe(false); // 17:00 ET
    expect(ext('2026-11-28T15:00:00Z')).toBe(false); // Saturday
    // The same Thursday without the holiday is a trading day.
    expect(ext('2026-11-26T15:00:00Z', false)).toBe(true);
  });

  it('ends after-hours at 17:00 ET on a half day, at 20:00 ET on a full one', () => {
    expect(ext('2026-11-27T21:59:00Z')).toBe(true); // 16:59 ET
    expect(ext('2026-11-27T22:00:00Z')).toBe(false); // 17:00 ET
    expect(ext('2026-11-30T00:59:00Z')).toBe(false); // Sunday 19:59 ET
    expect(ext('2026-12-01T00:59:00Z')).toBe(true); // Monday 19:59 ET
    expect(ext('2026-12-01T01:00:00Z')).toBe(false); // Monday 20:00 ET
  });

  it('opens the pre-market at 04:00 ET on a trading day', () => {
    expect(ext('2026-11-27T08:59:00Z')).toBe(false); // 03:59 ET
    expect(ext('2026-11-27T09:00:00Z')).toBe(true); // 04:00 ET
  });

  it('is always true in the always mode, and follows the weekday rule when no calendar is known', () => {
    expect(isExtendedHours(clockAt(at('2026-11-26T15:00:00Z'), 'always'), at('2026-11-28T03:00:00Z'))).toBe(
      true,
    );
    const { calendar: _omitted, ...bare } = clockAt(at('2026-11-26T15:00:00Z'), 'exchange', exceptions);
    const noCalendar: MarketClockInfo = bare;
    expect(isExtendedHours(noCalendar, at('2026-11-30T15:00:00Z'))).toBe(true); // Monday
    expect(isExtendedHours(noCalendar, at('2026-11-29T15:00:00Z'))).toBe(false); // Sunday
  });

  it('skips the holiday for the next session', () => {
    const c = clockAt(at('2026-11-25T22:00:00Z'), 'exchange', exceptions); // Wednesday 17:00 ET
    expect([c.isOpen, c.nextOpen.toISOString(), c.nextClose.toISOString()]).toEqual([
      false,
      '2026-11-27T14:30:00.000Z',
      '2026-11-27T18:00:00.000Z',
    ]);
  });
});

describe("market-data's calendar", () => {
  const clockBody = {
    timestamp: '2026-11-26T15:00:00Z',
    isOpen: false,
    nextOpen: '2026-11-27T14:30:00Z',
    nextClose: '2026-11-27T18:00:00Z',
    sessionMode: 'exchange',
  };
  const sessions = [
    { date: '2026-11-25', open: '2026-11-25T14:30:00Z', close: '2026-11-25T21:00:00Z', earlyClose: false },
    { date: '2026-11-27', open: '2026-11-27T14:30:00Z', close: '2026-11-27T18:00:00Z', earlyClose: true },
  ];
  const silent = { warn: () => undefined } as unknown as Logger;
  function calendarClient(calendarStatus: number) {
    const asked: RequestOptions[] = [];
    const client = {
      request: (o: RequestOptions) => {
        asked.push(o);
        if (o.path === '/v1/market/clock')
          return Promise.resolve({ status: 200, headers: {}, body: clockBody });
        return Promise.resolve({
          status: calendarStatus,
          headers: {},
          body: calendarStatus === 200 ? { calendar: 'NYSE', sessions } : { code: 'DOWN' },
        });
      },
    } as unknown as ServiceClient;
    return { asked, client };
  }

  it('reads the sessions around the clock and tells the holiday from them', async () => {
    const { asked, client } = calendarClient(200);
    const info = await new MarketDataClock(client, undefined, silent).current();
    const calendarCall = asked.find((o) => o.path === '/v1/market/calendar');
    expect(calendarCall?.query).toEqual({ start: '2026-11-19', end: '2026-12-10' });
    expect(info.calendar?.sessions.map((s) => s.date)).toEqual(['2026-11-25', '2026-11-27']);
    expect(isExtendedHours(info, at('2026-11-26T15:00:00Z'))).toBe(false);
    expect(isExtendedHours(info, at('2026-11-27T21:30:00Z'))).toBe(true);
    expect(isExtendedHours(info, at('2026-11-27T22:30:00Z'))).toBe(false);
  });

  it('keeps the clock working when the calendar cannot be read', async () => {
    const { client } = calendarClient(503);
    const info = await new MarketDataClock(client, undefined, silent).current();
    expect([info.isOpen, info.calendar]).toEqual([false, undefined]);
  });

  it('refuses a malformed calendar', () => {
    expect(parseCalendar({ sessions: [{ date: 'soon', open: 'x', close: 'y' }] }, 'a', 'b')).toBeUndefined();
    expect(parseCalendar({ sessions: 'none' }, 'a', 'b')).toBeUndefined();
  });
});

describe('extended-hours orders on the paper exchange', () => {
  let h: OrdersHarness;
  const user = newUser();
  beforeAll(async () => {
    h = await startOrders({ mode: 'exchange' });
    h.clock.holidays.add(THANKSGIVING);
    h.clock.earlyCloses.add(BLACK_FRIDAY);
  });
  afterAll(async () => h?.close());

  const extLimit = (symbol: string) => ({
    symbol,
    side: 'buy',
    type: 'limit',
    timeInForce: 'day',
    qty: '1',
    limitPrice: '101',
    extendedHours: true,
  });

  it('an extended-hours order placed on a holiday does not fill that day; it is queued for the next pre-market', async () => {
    const s = newSymbol(h);
    const holiday = at('2026-11-26T15:00:00Z'); // Thanksgiving, 10:00 ET
    h.clock.set(holiday);
    const o = await place(h, user, extLimit(s));
    expect([o.status, o.filledQty]).toEqual(['accepted', '0']);
    // A day order: it works until the next session's after-hours end (17:00 ET on the half day).
    expect(o.expiresAt).toBe('2026-11-27T22:00:00.000Z');
    await quote(h, s, '100', '100.10', '1000', at('2026-11-26T21:00:00Z')); // 16:00 ET
    expect(await promoteAccepted(h.rt.deps, holiday)).not.toContain(o.id);
    expect((await getOrder(h, user, o.id)).filledQty).toBe('0');
    const preMarket = at('2026-11-27T09:30:00Z'); // Friday 04:30 ET
    h.clock.set(preMarket);
    expect(await promoteAccepted(h.rt.deps, preMarket)).toContain(o.id);
    expect((await getOrder(h, user, o.id)).status).toBe('new');
    await quote(h, s, '100', '100.10', '1000', preMarket);
    expect((await getOrder(h, user, o.id)).status).toBe('filled');
  });

  it('on a half day after-hours trading ends at 17:00 ET', async () => {
    const s = newSymbol(h);
    h.clock.set(at('2026-11-27T21:30:00Z')); // 16:30 ET
    expect((await place(h, user, extLimit(s))).status).toBe('filled');
    const late = at('2026-11-27T22:30:00Z'); // 17:30 ET
    h.clock.set(late);
    const o = await place(h, user, extLimit(s));
    expect(o.status).toBe('accepted');
    await quote(h, s, '100', '100.10', '1000', late);
    expect((await getOrder(h, user, o.id)).filledQty).toBe('0');
  });

  it('pre-market fills on a normal trading day still work, for extended-hours orders only', async () => {
    const s = newSymbol(h);
    h.clock.set(at('2026-03-04T13:00:00Z')); // Wednesday 08:00 ET
    const ext = await place(h, user, extLimit(s));
    expect([ext.status, ext.filledQty]).toEqual(['filled', '1']);
    const regular = await place(h, user, { ...extLimit(s), extendedHours: false });
    expect([regular.status, regular.filledQty]).toEqual(['accepted', '0']);
  });
});
