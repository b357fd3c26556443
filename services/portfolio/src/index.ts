export {
  portfolioService,
  createPortfolioService,
  portfolioDeps,
  type PortfolioServiceOptions,
} from './app.ts';
export { InMemoryQuoteSource, type Quote, type QuoteSource } from './domain/quotes.ts';
export {
  InMemoryMarketReference,
  type AssetInfo,
  type MarketReference,
  type SessionState,
} from './domain/market-reference.ts';
export type { OrderPlacer, PlaceResult } from './clients/orders.client.ts';
export type { RiskSummarySource } from './clients/risk.client.ts';
