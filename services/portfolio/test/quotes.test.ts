import { describe, expect, it } from 'vitest';
import {
  createMemoryBus,
  createLogger,
  type RequestOptions,
  type ServiceClient,
  type UpstreamResponse,
} from '@tradeplane/kit';
import { MARKET_CHANNELS } from '@tradeplane/contracts';
import { marketQuoteSource } from '../src/clients/market-data.client.ts';
import { markPrice } from '../src/domain/quotes.ts';

/** market-data's REST answers, recorded calls. */
function fakeMarket(answers: Record<string, { status: number; body: unknown }>) {
  const calls: RequestOptions[] = [];
  const client = {
    target: 'market-data',
    async request<T>(o: RequestOptions): Promise<UpstreamResponse<T>> {
      calls.push(o);
      const a = answers[`${o.path}?${String(o.query?.symbols)}`] ?? {
        status: 404,
        body: { code: 'MARKET_DATA_UNKNOWN_SYMBOL' },
      };
      return { status: a.status, headers: {}, body: a.body as T };
    },
    call: () => Promise.reject(new Error('unused')),
    breakerState: () => 'closed' as const,
    close: () => Promise.resolve(),
  } satisfies ServiceClient;
  return { client, calls };
}

describe('market quote source', () => {
  const log = createLogger('silent');

  it('keeps the latest broadcast quote and trade per symbol, exactly as decimals, and tells listeners', async () => {
    const bus = createMemoryBus();
    const { client, calls } = fakeMarket({});
    const q = marketQuoteSource({ bus, client, log, maxAgeMs: 60_000 });
    const seen: string[][] = [];
    q.onUpdate((s) => seen.push(s));
    await bus.broadcast(MARKET_CHANNELS.quotes, {
      quotes: [
        {
          S: 'AAPL',
          bp: 187.1,
          bs: 100,
          ap: 187.3,
          as: 200,
          bx: 'V',
          ax: 'V',
          t: '2026-03-10T15:00:00.000Z',
        },
      ],
    });
    await bus.broadcast(MARKET_CHANNELS.trades, {
      trades: [{ S: 'AAPL', p: 187.23, s: 10, x: 'V', i: 1, t: '2026-03-10T15:00:00.100Z' }],
    });
    const got = (await q.latest(['AAPL'])).get('AAPL')!;
    expect([got.bid.toFixed(), got.ask.toFixed(), got.last.toFixed()]).toEqual(['187.1', '187.3', '187.23']);
    expect(markPrice(got)?.toFixed()).toBe('187.23');
    expect(seen).toEqual([['AAPL'], ['AAPL']]);
    expect(calls).toHaveLength(0);
    q.stop();
    await bus.close();
  });

  it('asks market-data over HTTP for a symbol the feed has not priced, one by one when a batch fails', async () => {
    const bus = createMemoryBus();
    const { client, calls } = fakeMarket({
      '/v1/market/quotes?MSFT': {
        status: 200,
        body: { quotes: { MSFT: { bidPrice: '410.5', askPrice: '410.7', timestamp: 't' } } },
      },
      '/v1/market/trades/latest?MSFT': {
        status: 200,
        body: { trades: { MSFT: { price: '410.6', timestamp: 't' } } },
      },
    });
    const q = marketQuoteSource({ bus, client, log, maxAgeMs: 60_000 });
    const got = await q.latest(['MSFT', 'NOPE']);
    expect(got.get('MSFT')?.last.toFixed()).toBe('410.6');
    expect(got.has('NOPE')).toBe(false);
    // The batch (404 for NOPE) then each symbol alone.
    expect(calls.filter((c) => c.path === '/v1/market/quotes').map((c) => c.query?.symbols)).toEqual([
      'MSFT,NOPE',
      'MSFT',
      'NOPE',
    ]);
    q.stop();
    await bus.close();
  });
});
