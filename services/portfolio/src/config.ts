import { Type, type Static } from 'typebox';

export const PortfolioConfig = Type.Object({
  /** How often accounts with positions or new fills are valued and portfolio.valued is emitted. */
  PORTFOLIO_VALUATION_MS: Type.Integer({ minimum: 1_000, maximum: 3_600_000, default: 60_000 }),
  /** Equity snapshots for portfolio history: every 5 minutes (the finest timeframe served). */
  PORTFOLIO_SNAPSHOT_MS: Type.Integer({ minimum: 1_000, maximum: 3_600_000, default: 300_000 }),
  /** Sweep of stop-loss/take-profit levels and retry of exit orders whose placement failed. */
  PORTFOLIO_EXIT_SWEEP_MS: Type.Integer({ minimum: 200, maximum: 600_000, default: 5_000 }),
  /** A streamed quote older than this is refreshed from market-data before it values anything. */
  PORTFOLIO_QUOTE_MAX_AGE_MS: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 15_000 }),
  /** Deadlines of calls to orders (placing exits and closes), market-data and risk. */
  PORTFOLIO_ORDERS_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 5_000 }),
  PORTFOLIO_MARKET_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 1_500 }),
  PORTFOLIO_RISK_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 800 }),
});

export type PortfolioConfig = Static<typeof PortfolioConfig>;
