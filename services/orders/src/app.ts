import {
  buildEvent,
  dec,
  defineService,
  loadSecretBox,
  outboxRow,
  type ServiceContext,
} from '@tradeplane/kit';
import { migrations } from '../migrations/index.ts';
import {
  MarketDataAssetSource,
  MarketDataClock,
  MarketDataQuoteSource,
} from './clients/market-data.client.ts';
import { httpPortfolioGate } from './clients/portfolio.client.ts';
import { httpRiskGate } from './clients/risk.client.ts';
import { OrdersConfig } from './config.ts';
import type { AssetSource } from './domain/asset-source.ts';
import { AlpacaBroker } from './domain/brokers/alpaca-broker.ts';
import type { OrdersDeps } from './domain/deps.ts';
import { housekeeping } from './domain/expire-orders.ts';
import type { MarketClock } from './domain/market-clock.ts';
import { PaperExchange } from './domain/paper-exchange/exchange.ts';
import type { QuoteSource } from './domain/quote-source.ts';
import type { PortfolioGate, RiskGate } from './domain/risk-gate.ts';
import { onUserRegistered, USER_REGISTERED } from './events/user-registered.subscriber.ts';
import { pruneKeys } from './store/idempotency.store.ts';
import { accountsRoutes } from './routes/accounts.routes.ts';
import { alpacaRoutes } from './routes/alpaca.routes.ts';
import { internalRoutes } from './routes/internal.routes.ts';
import { ordersRoutes } from './routes/orders.routes.ts';

/** Replaceable outside systems: tests hand in-memory ones so they never depend on another service. */
export interface OrdersAdapters {
  quotes?: QuoteSource;
  assets?: AssetSource;
  clock?: MarketClock;
  risk?: RiskGate;
  portfolio?: PortfolioGate;
}

export interface OrdersRuntime {
  deps: OrdersDeps;
  exchange: PaperExchange;
  alpaca: AlpacaBroker;
}

const ALPACA_LOOP_MS = 5_000;
const PRUNE_LOOP_MS = 60_000;

async function buildRuntime(
  ctx: ServiceContext<OrdersConfig>,
  adapters: OrdersAdapters,
): Promise<OrdersRuntime> {
  const cfg = ctx.config;
  const forced = cfg.ORDERS_SESSION_MODE === 'auto' ? undefined : cfg.ORDERS_SESSION_MODE;
  const marketData = ctx.client('market-data', { timeoutMs: cfg.MARKET_DATA_TIMEOUT_MS });
  let quotes = adapters.quotes;
  if (!quotes) {
    const feed = new MarketDataQuoteSource(marketData, ctx.bus, ctx.log);
    ctx.onClose(() => feed.close());
    quotes = feed;
  }
  // The brokers need deps and deps names the brokers: they are filled in right below.
  const brokers: { paper?: PaperExchange; alpaca?: AlpacaBroker } = {};
  const deps: OrdersDeps = {
    db: ctx.db,
    transaction: (fn) => ctx.transaction(fn),
    emit: (tx, events) => ctx.emit(tx, events),
    outboxRows: (events) => events.map((e) => outboxRow(buildEvent(ctx.name, e))),
    kickOutbox: () => ctx.outbox.kick(),
    config: cfg,
    log: ctx.log,
    quotes,
    assets: adapters.assets ?? new MarketDataAssetSource(marketData, ctx.cache, ctx.log),
    clock: adapters.clock ?? new MarketDataClock(marketData, forced, ctx.log),
    risk: adapters.risk ?? httpRiskGate(ctx.client('risk', { timeoutMs: cfg.RISK_TIMEOUT_MS }), ctx.log),
    portfolio:
      adapters.portfolio ??
      httpPortfolioGate(ctx.client('portfolio', { timeoutMs: cfg.PORTFOLIO_TIMEOUT_MS }), ctx.log),
    secrets: await loadSecretBox(ctx.db, cfg.ORDERS_SECRETS_KEY),
    broker: (kind) => (kind === 'paper' ? brokers.paper! : brokers.alpaca!),
    onOrdersChanged: (ids) => brokers.paper!.changed(ids),
  };
  const exchange = new PaperExchange({
    deps,
    locks: ctx.locks,
    bus: ctx.bus,
    log: ctx.log.child({ component: 'paper-exchange' }),
    seed: cfg.PAPER_SEED,
    leaseMs: cfg.ORDERS_MATCHER_LEASE_MS,
    model: {
      slippage: {
        model: cfg.PAPER_SLIPPAGE_MODEL,
        bps: dec(cfg.PAPER_SLIPPAGE_BPS),
        jitterBps: dec(cfg.PAPER_SLIPPAGE_JITTER_BPS),
        spreadImpact: dec(cfg.PAPER_SPREAD_IMPACT),
      },
      maxQuoteFraction: dec(cfg.PAPER_MAX_QUOTE_FRACTION),
      participationRate: dec(cfg.PAPER_PARTICIPATION_RATE),
    },
    commission: {
      perShare: cfg.PAPER_COMMISSION_PER_SHARE,
      perOrder: cfg.PAPER_COMMISSION_PER_ORDER,
      bps: cfg.PAPER_COMMISSION_BPS,
      min: cfg.PAPER_COMMISSION_MIN,
    },
  });
  const alpaca = new AlpacaBroker(deps, {
    timeoutMs: cfg.ALPACA_SUBMIT_TIMEOUT_MS,
    unconfirmedAfterMs: cfg.ALPACA_UNCONFIRMED_AFTER_MS,
    log: ctx.log.child({ component: 'alpaca-broker' }),
  });
  brokers.paper = exchange;
  brokers.alpaca = alpaca;
  return { deps, exchange, alpaca };
}

/**
 * Orders: order lifecycle in Alpaca's model, idempotent submission, accounts, and the brokers —
 * the paper exchange (default) and the Alpaca adapter. `createOrdersService` lets tests swap the
 * outside systems; `ordersService` is the production definition.
 */
export function createOrdersService(
  opts: { adapters?: OrdersAdapters; onRuntime?: (rt: OrdersRuntime) => void } = {},
) {
  const runtimes = new WeakMap<object, Promise<OrdersRuntime>>();
  const runtimeOf = (ctx: ServiceContext<OrdersConfig>): Promise<OrdersRuntime> => {
    let rt = runtimes.get(ctx);
    if (!rt) {
      rt = buildRuntime(ctx, opts.adapters ?? {}).then((built) => {
        opts.onRuntime?.(built);
        return built;
      });
      runtimes.set(ctx, rt);
    }
    return rt;
  };

  return defineService({
    name: 'orders',
    schema: 'orders',
    config: OrdersConfig,
    migrations,
    async routes(app, ctx) {
      const { deps } = await runtimeOf(ctx);
      await accountsRoutes(app, deps);
      await ordersRoutes(app, deps);
      await alpacaRoutes(app, deps);
      await internalRoutes(app, deps);
    },
    async start(ctx) {
      const { deps, exchange, alpaca } = await runtimeOf(ctx);
      const cfg = ctx.config;
      ctx.subscribe([USER_REGISTERED], (event, tx) => onUserRegistered(deps, event, tx));
      await deps.clock.current().catch(() => undefined);
      exchange.start();
      await exchange.maintainLease();
      ctx.every('orders-matcher-lease', Math.max(250, Math.floor(cfg.ORDERS_MATCHER_LEASE_MS / 3)), () =>
        exchange.maintainLease(),
      );
      ctx.every('orders-resync', cfg.ORDERS_RESYNC_MS, () => exchange.resync());
      ctx.every('orders-housekeeping', cfg.ORDERS_EXPIRY_CHECK_MS, async () => {
        if (!exchange.isLeader) return;
        await deps.clock.current().catch(() => undefined);
        const now = deps.clock.now();
        const changed = await exchange.run(async () => {
          await exchange.runAuctions(now);
          return housekeeping(deps, now);
        });
        exchange.changed(changed);
      });
      ctx.every('orders-alpaca', ALPACA_LOOP_MS, async () => {
        if (!exchange.isLeader) return;
        await alpaca.ensureStreams();
        await alpaca.reconcileUnconfirmed(new Date());
      });
      ctx.every('orders-prune-idempotency-keys', PRUNE_LOOP_MS, async () => {
        await pruneKeys(ctx.db);
      });
      ctx.onClose(async () => {
        await exchange.stop();
        await alpaca.closeStreams();
      });
    },
  });
}

export const ordersService = createOrdersService();
