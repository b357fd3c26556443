import { MARKET_CHANNELS } from '@tradeplane/contracts';
import { createRedisBus } from '@tradeplane/kit';
import {
  benchUser,
  dur,
  json,
  latencySummary,
  withProcessStats,
  type BenchContext,
  type Scenario,
} from './scenarios.ts';

/**
 * The market-data scenarios: what the simulated market costs in CPU while it runs the whole
 * universe at its default quote rate, and how fast the bars API answers through the gateway.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function bearer(ctx: BenchContext): Promise<Record<string, string>> {
  const u = await benchUser(ctx);
  return { authorization: `Bearer ${u.token}` };
}

export const MARKET_SCENARIOS: Scenario[] = [
  {
    name: 'simulator-cpu',
    title: 'market-data CPU while simulating every symbol at the default quote rate',
    async run(ctx) {
      const headers = await bearer(ctx);
      const assets = await json('GET', `${ctx.gateway}/v1/market/assets`, undefined, headers);
      const symbols = (assets.data as { symbol: string }[]).length;
      // Count what the simulator actually publishes over the window, from the bus itself.
      const bus = createRedisBus({ url: ctx.redisUrl });
      let quotes = 0;
      const stop = bus.onBroadcast(MARKET_CHANNELS.quotes, (payload) => {
        quotes += ((payload as { quotes?: unknown[] }).quotes ?? []).length;
      });
      const seconds = dur(ctx, 20);
      try {
        await sleep(500); // the subscription is live
        const { services } = await withProcessStats(ctx, () => sleep(seconds * 1000));
        const market = services['market-data'];
        return {
          name: this.name,
          title: this.title,
          summary: {
            rps: Math.round(quotes / seconds),
            cpuPct: market?.cpuPct,
            rssMb: market?.rssMb,
            errors: 0,
          },
          detail: {
            symbols,
            quotesPerSecond: Math.round(quotes / seconds),
            quotesPerSymbolPerSecond: Math.round((quotes / seconds / symbols) * 10) / 10,
            services,
            note: 'rps column: quotes published per second; cpuPct: % of one core used by market-data',
          },
        };
      } finally {
        stop();
        await bus.close();
      }
    },
  },
  {
    name: 'bars-api',
    title: 'GET /v1/market/bars/:symbol (500 one-minute bars) through the gateway, 50 connections',
    async run(ctx) {
      const headers = await bearer(ctx);
      const { value: r, services } = await withProcessStats(ctx, () =>
        ctx.autocannon({
          url: `${ctx.gateway}/v1/market/bars/AAPL?timeframe=1Min&limit=500`,
          connections: 50,
          duration: dur(ctx, 10),
          headers,
        }),
      );
      return { name: this.name, title: this.title, summary: latencySummary(r), detail: { services } };
    },
  },
];
