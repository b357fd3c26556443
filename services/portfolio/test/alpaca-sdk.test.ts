import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trading } from '@alpacahq/alpaca-trade-api';
import { snapshotEquity } from '../src/domain/snapshot-equity.ts';
import { openAccount, startPortfolio, trade, type Acct, type PortfolioHarness } from './helper.ts';

/**
 * The official SDK (@alpacahq/alpaca-trade-api) reading portfolio's Alpaca routes: its requests go
 * to the service through a fetch that injects them (the gateway's part — turning the API key into
 * the user — is done by the test's internal token).
 */
let h: PortfolioHarness;
let a: Acct;
let config: trading.Configuration;
beforeAll(async () => {
  h = await startPortfolio();
  h.clock.set('2026-06-10T14:00:00Z');
  a = await openAccount(h, { cash: '5000' });
  await h.deliver(
    trade(a, {
      symbol: 'AAPL',
      side: 'buy',
      qty: '10',
      price: '100',
      commission: '1',
      at: '2026-06-10T14:01:00Z',
    }),
  );
  h.quotes.set('AAPL', { last: '104' }, false);
  h.market.setAsset('AAPL', { exchange: 'NASDAQ', marginable: true });
  h.market.setPreviousClose('AAPL', '102');
  h.clock.set('2026-06-10T14:05:00Z');
  await snapshotEquity(h.deps);
  h.clock.set('2026-06-10T14:12:00Z');
  const fetchApi = async (input: string | URL | Request, init?: RequestInit): Promise<Response> => {
    const u = new URL(typeof input === 'string' || input instanceof URL ? input : input.url);
    const res = await h.t.service.app.inject({
      method: (init?.method ?? 'GET') as 'GET',
      url: `${u.pathname}${u.search}`,
      headers: h.t.as({ userId: a.userId, via: 'apikey' }),
    });
    return new Response(res.statusCode === 204 ? null : res.body, {
      status: res.statusCode,
      headers: { 'content-type': String(res.headers['content-type'] ?? 'application/json') },
    });
  };
  config = new trading.Configuration({
    basePath: 'http://portfolio.test/alpaca',
    keyId: 'PKTEST',
    secret: 'secret',
    fetchApi: fetchApi as never,
  });
});
afterAll(async () => {
  await h.close();
});

describe('the Alpaca SDK on portfolio', () => {
  it('lists the deposit, the fee and the fill, and filters by type', async () => {
    const api = new trading.AccountActivitiesApi(config);
    const all = await api.getAccountActivities({ direction: 'asc' } as never);
    expect(all.map((x) => x.activityType).sort()).toEqual(['CSD', 'FEE', 'FILL']);
    expect(all[0]).toMatchObject({ activityType: 'CSD', netAmount: '5000', status: 'executed' });
    const fees = await api.getAccountActivitiesByActivityType({ activityType: 'FEE' } as never);
    expect(fees).toEqual([expect.objectContaining({ activityType: 'FEE', netAmount: '-1', symbol: 'AAPL' })]);
    const trans = await api.getAccountActivities({ activityTypes: ['TRANS'] } as never);
    expect(trans.map((x) => x.activityType)).toEqual(['CSD']);
  });

  it('reads the position with its exchange, lastday price the previous close and, opened today, its day from its entry', async () => {
    const [p] = await new trading.PositionsApi(config).getAllOpenPositions();
    expect(p).toMatchObject({
      symbol: 'AAPL',
      exchange: 'NASDAQ',
      lastdayPrice: '102',
      currentPrice: '104',
      // Bought today at 100: 10 × (104 − 100), not from the previous close of 102.
      unrealizedIntradayPl: '40',
    });
  });

  it('reads portfolio history ending with the equity now', async () => {
    const hist = await new trading.PortfolioHistoryApi(config).getAccountPortfolioHistory({
      period: '1D',
      timeframe: '5Min',
      intradayReporting: 'continuous',
    } as never);
    expect(hist.equity).toEqual([5000, 5039, 5039]);
    expect(hist.timestamp?.at(-1)).toBe(Date.parse('2026-06-10T14:10:00Z') / 1000);
    expect(hist.baseValue).toBe(5000);
  });
});
