import { defineService, type ServiceContext } from '@tradeplane/kit';
import { migrations } from '../migrations/index.ts';
import { RiskConfig } from './config.ts';
import type { RiskDeps } from './domain/deps.ts';
import { COMPLIANCE_RULES, createComplianceRegistry } from './domain/compliance/registry.ts';
import { portfolioStateSource, type AccountStateSource } from './clients/portfolio.client.ts';
import { RISK_EVENT_TYPES, riskSubscriber } from './events/risk.subscribers.ts';
import { riskRoutes } from './routes/risk.routes.ts';
import { internalRoutes } from './routes/internal.routes.ts';

export interface RiskServiceOptions {
  /** Replaces portfolio over HTTP (tests). */
  portfolio?: AccountStateSource;
  /** The clock the rules read (tests). */
  now?: () => Date;
}

/** The deps every entry point of risk hands its use cases. */
export function riskDeps(ctx: ServiceContext<RiskConfig>, opts: RiskServiceOptions = {}): RiskDeps {
  return {
    db: ctx.db,
    config: ctx.config,
    log: ctx.log,
    transaction: (fn) => ctx.transaction(fn),
    emit: (tx, events) => ctx.emit(tx, events),
    portfolio:
      opts.portfolio ??
      portfolioStateSource(
        ctx.client('portfolio', { timeoutMs: ctx.config.RISK_PORTFOLIO_TIMEOUT_MS }),
        ctx.config.RISK_PORTFOLIO_TIMEOUT_MS,
      ),
    compliance: createComplianceRegistry(
      COMPLIANCE_RULES,
      ctx.config.RISK_COMPLIANCE_DEFAULT_RULES.split(',')
        .map((s) => s.trim())
        .filter(Boolean),
    ),
    now: opts.now ?? (() => new Date()),
  };
}

/** Pre-trade checks, trading state and breakers, limits, compliance rules (ARCHITECTURE §2). */
export function createRiskService(opts: RiskServiceOptions = {}) {
  return defineService({
    name: 'risk',
    schema: 'risk',
    config: RiskConfig,
    migrations,
    // Without portfolio no order can be priced, so risk is not ready without it.
    hardDependencies: ['portfolio'],
    async routes(app, ctx) {
      const deps = riskDeps(ctx as unknown as ServiceContext<RiskConfig>, opts);
      await riskRoutes(app, deps);
      await internalRoutes(app, deps);
    },
    async start(ctx) {
      const deps = riskDeps(ctx as unknown as ServiceContext<RiskConfig>, opts);
      ctx.subscribe(RISK_EVENT_TYPES, riskSubscriber(deps));
    },
  });
}

export const riskService = createRiskService();
