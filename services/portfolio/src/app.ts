import { defineService, type Lease, type ServiceContext } from '@tradeplane/kit';
import { migrations } from '../migrations/index.ts';
import { PortfolioConfig } from './config.ts';
import type { PortfolioDeps } from './domain/deps.ts';
import type { QuoteSource } from './domain/quotes.ts';
import { checkExits, retryUnplacedExits } from './domain/exits.ts';
import { valueAccounts } from './domain/value-accounts.ts';
import { snapshotEquity } from './domain/snapshot-equity.ts';
import { httpOrderPlacer, type OrderPlacer } from './clients/orders.client.ts';
import { httpRiskSummary, type RiskSummarySource } from './clients/risk.client.ts';
import { marketQuoteSource, marketReference } from './clients/market-data.client.ts';
import type { MarketReference } from './domain/market-reference.ts';
import { LEDGER_EVENT_TYPES, ledgerSubscriber } from './events/ledger.subscriber.ts';
import { portfolioRoutes } from './routes/portfolio.routes.ts';
import { journalRoutes } from './routes/journal.routes.ts';
import { internalRoutes } from './routes/internal.routes.ts';
import { alpacaRoutes } from './routes/alpaca.routes.ts';
import { watchlistRoutes } from './routes/watchlists.routes.ts';

export interface PortfolioServiceOptions {
  /** Replaces the live market feed (tests, demos). */
  quotes?: QuoteSource;
  /** Replaces market-data's assets, previous closes and clock (tests, demos). */
  market?: MarketReference;
  /** Replaces orders over HTTP (tests). */
  orders?: OrderPlacer;
  /** Replaces risk over HTTP (tests). */
  risk?: RiskSummarySource;
  now?: () => Date;
}

type Ctx = ServiceContext<PortfolioConfig>;

/**
 * The deps of every entry point. One quote source per service instance (its cache is fed by the
 * market broadcast), made on first use and stopped at shutdown.
 */
function depsFactory(opts: PortfolioServiceOptions) {
  let deps: PortfolioDeps | undefined;
  return (ctx: Ctx): PortfolioDeps => {
    deps ??= portfolioDeps(ctx, opts);
    return deps;
  };
}

/** Portfolio's deps on a service context: the live market, market-data, orders and risk over HTTP unless given. */
export function portfolioDeps(ctx: Ctx, opts: PortfolioServiceOptions = {}): PortfolioDeps {
  let quotes = opts.quotes;
  if (!quotes) {
    const live = marketQuoteSource({
      bus: ctx.bus,
      client: ctx.client('market-data', { timeoutMs: ctx.config.PORTFOLIO_MARKET_TIMEOUT_MS }),
      log: ctx.log,
      maxAgeMs: ctx.config.PORTFOLIO_QUOTE_MAX_AGE_MS,
    });
    ctx.onClose(() => live.stop());
    quotes = live;
  }
  return {
    db: ctx.db,
    config: ctx.config,
    log: ctx.log,
    transaction: (fn) => ctx.transaction(fn),
    emit: (tx, events) => ctx.emit(tx, events),
    quotes,
    market:
      opts.market ??
      marketReference({
        client: ctx.client('market-data', { timeoutMs: ctx.config.PORTFOLIO_MARKET_TIMEOUT_MS }),
        log: ctx.log,
      }),
    orders: opts.orders ?? httpOrderPlacer(ctx.client('orders'), ctx.config.PORTFOLIO_ORDERS_TIMEOUT_MS),
    risk: opts.risk ?? httpRiskSummary(ctx.client('risk'), ctx.config.PORTFOLIO_RISK_TIMEOUT_MS),
    now: opts.now ?? (() => new Date()),
  };
}

/**
 * A loop that one instance runs at a time (a lease in the lock manager), so a cluster of
 * portfolio instances values and snapshots each account once per tick.
 */
function singleton(ctx: Ctx, name: string, everyMs: number, fn: () => Promise<unknown>): void {
  const ttl = Math.max(everyMs * 3, 5_000);
  let lease: Lease | undefined;
  ctx.every(name, everyMs, async () => {
    if (lease && !(await lease.extend(ttl))) lease = undefined;
    lease ??= await ctx.locks.tryAcquire(`portfolio:${name}`, ttl);
    if (lease) await fn();
  });
  ctx.onClose(async () => {
    await lease?.release();
  });
}

/** Positions, cash, P&L, valuation, history, SL/TP exits, journal, Alpaca's account surface. */
export function createPortfolioService(opts: PortfolioServiceOptions = {}) {
  const depsOf = depsFactory(opts);
  return defineService({
    name: 'portfolio',
    schema: 'portfolio',
    config: PortfolioConfig,
    migrations,
    async routes(app, ctx) {
      const deps = depsOf(ctx as unknown as Ctx);
      await portfolioRoutes(app, deps);
      await journalRoutes(app, deps);
      await internalRoutes(app, deps);
      await alpacaRoutes(app, deps);
      await watchlistRoutes(app, deps);
    },
    async start(ctx) {
      const c = ctx as unknown as Ctx;
      const deps = depsOf(c);
      ctx.subscribe(LEDGER_EVENT_TYPES, ledgerSubscriber(deps));
      singleton(c, 'valuation', ctx.config.PORTFOLIO_VALUATION_MS, () => valueAccounts(deps));
      singleton(c, 'snapshots', ctx.config.PORTFOLIO_SNAPSHOT_MS, () => snapshotEquity(deps));
      // Every instance watches prices; the claim in the database lets one of them place each exit.
      ctx.every('exit-sweep', ctx.config.PORTFOLIO_EXIT_SWEEP_MS, async () => {
        await retryUnplacedExits(deps);
        await checkExits(deps);
      });
      let running: Promise<unknown> = Promise.resolve();
      const stop = deps.quotes.onUpdate((symbols) => {
        // One check at a time: a burst of ticks queues behind the running check instead of piling up.
        running = running
          .then(() => checkExits(deps, symbols))
          .catch((err: unknown) => ctx.log.error({ err }, 'exit check failed'));
      });
      ctx.onClose(async () => {
        stop();
        await running;
      });
    },
  });
}

export const portfolioService = createPortfolioService();
