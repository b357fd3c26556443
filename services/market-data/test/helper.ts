import type { LightMyRequestResponse } from 'fastify';
import type { ServiceDefinition } from '@tradeplane/kit';
import { startTestService, type TestService } from '@tradeplane/kit/testing';
import { marketDataService, marketRuntime, whenBackfilled } from '../src/index.ts';
import type { LiveMarket } from '../src/domain/live-market.ts';

/**
 * A market-data service on a fresh PGlite with a small, fast history: three symbols, one year of
 * daily bars and one session of minute bars, in the continuous calendar. The live loop is parked
 * (an hour between ticks) so tests drive the market with `advanceMarket` at chosen instants.
 */
export const SMALL_MARKET: Record<string, string> = {
  MARKET_SESSION_MODE: 'always',
  MARKET_SYMBOLS: 'AAPL,MSFT,SPY',
  MARKET_BACKFILL_DAILY_YEARS: '1',
  MARKET_BACKFILL_MINUTE_SESSIONS: '1',
  MARKET_TICK_MS: '3600000',
  MARKET_NEWS_PER_HOUR: '0',
};

export async function startMarket(env: Record<string, string> = {}): Promise<TestService> {
  const t = await startTestService(marketDataService as unknown as ServiceDefinition, {
    env: { ...SMALL_MARKET, ...env },
  });
  await whenBackfilled(t.service.ctx);
  return t;
}

export function liveMarket(t: TestService): LiveMarket {
  const live = marketRuntime(t.service.ctx).live;
  if (!live) throw new Error('the market is not running');
  return live;
}

export const USER = { userId: '00000000-0000-7000-8000-000000000001' };
export const ADMIN = { userId: '00000000-0000-7000-8000-000000000002', roles: ['user', 'admin'] };

export async function get(
  t: TestService,
  url: string,
  headers: Record<string, string> = t.as(USER),
): Promise<LightMyRequestResponse> {
  return t.service.app.inject({ method: 'GET', url, headers });
}

export const qs = (params: Record<string, string | number | undefined>) =>
  new URLSearchParams(
    Object.entries(params).flatMap(([k, v]): [string, string][] => (v === undefined ? [] : [[k, String(v)]])),
  ).toString();
