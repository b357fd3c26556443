import { Counter, type Registry } from 'prom-client';
import type { Cache } from '@tradeplane/kit';

/** The seeds' cache lifetimes: quotes 1 s, history 1 h (settled ranges only), news 5 min. */
export const CACHE_TTL_MS = { quotes: 1_000, bars: 3_600_000, news: 300_000 } as const;
export type CacheName = keyof typeof CACHE_TTL_MS;

export interface MarketCache {
  /** The kit's cache (memory embedded, Redis in cluster); keys are prefixed `market:`. */
  cache: Cache;
  requests: Counter<'cache' | 'result'>;
}

export function createMarketCache(cache: Cache, registry: Registry): MarketCache {
  return {
    cache,
    requests: new Counter({
      name: 'market_cache_requests_total',
      help: 'Market data cache lookups by cache (quotes, bars, news) and result (hit, miss)',
      labelNames: ['cache', 'result'],
      registers: [registry],
    }),
  };
}

/** Returns the cached value or computes and stores it, counting the hit or miss. */
export async function cached<T>(
  c: MarketCache,
  name: CacheName,
  key: string,
  compute: () => Promise<T>,
): Promise<T> {
  let missed = false;
  const value = await c.cache.wrap(`market:${name}:${key}`, CACHE_TTL_MS[name], async () => {
    missed = true;
    return compute();
  });
  c.requests.inc({ cache: name, result: missed ? 'miss' : 'hit' });
  return value;
}
