import { describe, expect, it } from 'vitest';
import {
  createLogger,
  type RequestOptions,
  type ServiceClient,
  type UpstreamResponse,
} from '@tradeplane/kit';
import { marketReference } from '../src/clients/market-data.client.ts';

type Answer = { status: number; body: unknown } | (() => never);

/** market-data's REST answers by path and query, calls recorded. */
function fakeMarket(answers: Record<string, Answer>) {
  const calls: string[] = [];
  const client = {
    target: 'market-data',
    async request<T>(o: RequestOptions): Promise<UpstreamResponse<T>> {
      const q = o.query ? `?${new URLSearchParams(o.query as Record<string, string>).toString()}` : '';
      const key = `${o.path}${q}`;
      calls.push(key);
      const a = answers[key] ?? { status: 404, body: { code: 'MARKET_DATA_UNKNOWN_SYMBOL' } };
      if (typeof a === 'function') a();
      const r = a as { status: number; body: unknown };
      return { status: r.status, headers: {}, body: r.body as T };
    },
    call: () => Promise.reject(new Error('unused')),
    breakerState: () => 'closed' as const,
    close: () => Promise.resolve(),
  } satisfies ServiceClient;
  return { client, calls, answers };
}

const log = createLogger('silent');
const bar = (t: string, c: string) => ({ t, o: c, h: c, l: c, c, v: 100, n: 1, vw: c });

describe("market-data's reference data for portfolio", () => {
  it('reads the exchange of an asset once, and remembers a symbol market-data does not list', async () => {
    const { client, calls } = fakeMarket({
      '/v1/market/assets/AAPL': {
        status: 200,
        body: { symbol: 'AAPL', exchange: 'NASDAQ', marginable: true },
      },
      '/v1/market/assets/OTCX': { status: 200, body: { symbol: 'OTCX', exchange: 'OTC', marginable: false } },
    });
    const ref = marketReference({ client, log });
    const first = await ref.assets(['AAPL', 'OTCX', 'NOPE']);
    expect(Object.fromEntries(first)).toEqual({
      AAPL: { exchange: 'NASDAQ', marginable: true },
      OTCX: { exchange: 'OTC', marginable: false },
    });
    await ref.assets(['AAPL', 'NOPE']);
    expect(calls).toEqual(['/v1/market/assets/AAPL', '/v1/market/assets/OTCX', '/v1/market/assets/NOPE']);
  });

  it('asks again after a failure instead of caching it', async () => {
    let down = true;
    const { client, calls } = fakeMarket({});
    const wrapped = {
      ...client,
      async request<T>(_o: RequestOptions): Promise<UpstreamResponse<T>> {
        if (down) {
          calls.push('down');
          throw new Error('connect ECONNREFUSED');
        }
        return { status: 200, headers: {}, body: { exchange: 'NYSE', marginable: true } as T };
      },
    } satisfies ServiceClient;
    const ref = marketReference({ client: wrapped, log });
    expect((await ref.assets(['IBM'])).size).toBe(0);
    down = false;
    expect((await ref.assets(['IBM'])).get('IBM')).toEqual({ exchange: 'NYSE', marginable: true });
    expect(calls).toEqual(['down']);
  });

  it("takes the previous session's close: the bar before today's, or the last one when no session runs today", async () => {
    const { client, calls, answers } = fakeMarket({
      '/v1/market/snapshots?symbols=AAPL%2CMSFT': {
        status: 200,
        body: {
          snapshots: {
            // Daily bars start at midnight New York (04:00Z in summer time).
            AAPL: {
              dailyBar: bar('2026-06-10T04:00:00Z', '201.5'),
              prevDailyBar: bar('2026-06-09T04:00:00Z', '199.25'),
            },
            MSFT: {
              dailyBar: bar('2026-06-09T04:00:00Z', '410'),
              prevDailyBar: bar('2026-06-08T04:00:00Z', '400'),
            },
          },
        },
      },
    });
    let t = Date.parse('2026-06-10T15:00:00Z');
    const ref = marketReference({ client, log, clock: () => t });
    const closes = await ref.previousCloses(['AAPL', 'MSFT'], new Date(t));
    // AAPL trades today (its bar of the 10th): yesterday's close. MSFT has no bar today yet: its last close.
    expect(closes.get('AAPL')?.toFixed()).toBe('199.25');
    expect(closes.get('MSFT')?.toFixed()).toBe('410');
    // Within the minute: from the cache.
    await ref.previousCloses(['AAPL'], new Date(t));
    expect(calls).toHaveLength(1);
    // The next day, before its first bar: the 10th is the previous session.
    t = Date.parse('2026-06-11T12:00:00Z');
    answers['/v1/market/snapshots?symbols=AAPL'] = {
      status: 200,
      body: {
        snapshots: {
          AAPL: {
            dailyBar: bar('2026-06-10T04:00:00Z', '201.5'),
            prevDailyBar: bar('2026-06-09T04:00:00Z', '199.25'),
          },
        },
      },
    };
    expect((await ref.previousCloses(['AAPL'], new Date(t))).get('AAPL')?.toFixed()).toBe('201.5');
  });

  it('asks symbol by symbol when one unknown symbol fails the batch, and has no close for a symbol without bars', async () => {
    const { client, calls } = fakeMarket({
      '/v1/market/snapshots?symbols=AAPL': {
        status: 200,
        body: {
          snapshots: {
            AAPL: { dailyBar: bar('2026-06-09T04:00:00Z', '10'), prevDailyBar: null },
          },
        },
      },
      '/v1/market/snapshots?symbols=NEW': {
        status: 200,
        body: { snapshots: { NEW: { dailyBar: null, prevDailyBar: null } } },
      },
    });
    const ref = marketReference({ client, log, clock: () => Date.parse('2026-06-10T15:00:00Z') });
    const closes = await ref.previousCloses(['AAPL', 'NOPE', 'NEW'], new Date('2026-06-10T15:00:00Z'));
    expect(Object.fromEntries([...closes].map(([k, v]) => [k, v.toFixed()]))).toEqual({ AAPL: '10' });
    expect(calls).toEqual([
      '/v1/market/snapshots?symbols=AAPL%2CNOPE%2CNEW',
      '/v1/market/snapshots?symbols=AAPL',
      '/v1/market/snapshots?symbols=NOPE',
      '/v1/market/snapshots?symbols=NEW',
    ]);
  });

  it("tells whether the regular and extended sessions are open from market-data's clock and calendar", async () => {
    const { client, calls } = fakeMarket({
      '/v1/market/clock': { status: 200, body: { isOpen: false, sessionMode: 'exchange' } },
      // 9:30 to 16:00 New York (EDT) on a Wednesday.
      '/v1/market/calendar?start=2026-06-10&end=2026-06-10': {
        status: 200,
        body: {
          calendar: 'NYSE',
          sessions: [
            {
              date: '2026-06-10',
              open: '2026-06-10T13:30:00Z',
              close: '2026-06-10T20:00:00Z',
              earlyClose: false,
            },
          ],
        },
      },
      '/v1/market/calendar?start=2026-06-13&end=2026-06-13': {
        status: 200,
        body: { calendar: 'NYSE', sessions: [] },
      },
    });
    const ref = marketReference({ client, log });
    const at = async (iso: string) => ref.session(new Date(iso));
    expect(await at('2026-06-10T09:00:00Z')).toEqual({ open: false, extended: true }); // 05:00 ET
    expect(await at('2026-06-10T07:59:00Z')).toEqual({ open: false, extended: false }); // 03:59 ET
    expect(await at('2026-06-10T15:00:00Z')).toEqual({ open: true, extended: true });
    expect(await at('2026-06-10T23:59:00Z')).toEqual({ open: false, extended: true }); // 19:59 ET
    expect(await at('2026-06-11T00:00:00Z')).toEqual({ open: false, extended: false }); // 20:00 ET
    expect(await at('2026-06-13T15:00:00Z')).toEqual({ open: false, extended: false }); // a Saturday
    // The clock once (its session mode), each date's calendar once.
    expect(calls.filter((c) => c === '/v1/market/clock')).toHaveLength(1);
    expect(calls.filter((c) => c.startsWith('/v1/market/calendar'))).toHaveLength(2);
  });

  it('a market that never closes is always open; an unreachable one is unknown', async () => {
    const always = marketReference({
      client: fakeMarket({
        '/v1/market/clock': { status: 200, body: { isOpen: true, sessionMode: 'always' } },
      }).client,
      log,
    });
    expect(await always.session(new Date('2026-06-13T03:00:00Z'))).toEqual({ open: true, extended: true });
    const down = marketReference({
      client: fakeMarket({
        '/v1/market/clock': () => {
          throw new Error('timeout');
        },
      }).client,
      log,
    });
    expect(await down.session(new Date())).toBeUndefined();
  });
});
