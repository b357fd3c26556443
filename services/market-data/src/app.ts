import { defineService, type ServiceContext } from '@tradeplane/kit';
import { migrations } from '../migrations/index.ts';
import { MarketDataConfig } from './config.ts';
import { selectUniverse } from './domain/catalog.ts';
import { MarketRuntime } from './domain/market-runtime.ts';
import { selectProviders } from './providers/index.ts';
import { alpacaDataRoutes } from './routes/alpaca-data.routes.ts';
import { alpacaTradingReferenceRoutes } from './routes/alpaca-trading-reference.routes.ts';
import { importRoutes } from './routes/import.routes.ts';
import { marketRoutes } from './routes/market.routes.ts';

type Ctx = ServiceContext<MarketDataConfig>;

// One runtime per built service (tests build several in one process), found again by its context.
const runtimes = new WeakMap<object, MarketRuntime>();

/** The market runtime of a built service: tests drive its live market and await its preparation. */
export function marketRuntime(ctx: ServiceContext | Ctx): MarketRuntime {
  const rt = runtimes.get(ctx);
  if (!rt) throw new Error(`${ctx.name} has no market runtime`);
  return rt;
}

/** Resolves once this instance has loaded SPX, written the backfill and started the live market. */
export function whenBackfilled(ctx: ServiceContext | Ctx): Promise<void> {
  return marketRuntime(ctx).whenPrepared();
}

/**
 * Assets, clock and calendar, the simulated market (or a real provider's feed), history with
 * backfill and CSV import, indicators, news, and Alpaca's market data API.
 */
export const marketDataService = defineService({
  name: 'market-data',
  schema: 'market',
  config: MarketDataConfig,
  migrations,
  eventRetentionDays: (c) => c.MARKET_EVENT_RETENTION_DAYS,
  async routes(app, ctx) {
    const providers = selectProviders(ctx.config, { logger: ctx.log });
    const rt = new MarketRuntime(ctx as Ctx, selectUniverse(ctx.config.MARKET_SYMBOLS), providers);
    runtimes.set(ctx, rt);
    ctx.addReadinessCheck({ name: 'market-state', check: () => rt.ready() });
    await marketRoutes(app, rt);
    await importRoutes(app, rt);
    await alpacaDataRoutes(app, rt);
    await alpacaTradingReferenceRoutes(app, rt);
  },
  async start(ctx) {
    await marketRuntime(ctx).start();
  },
});
