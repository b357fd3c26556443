export { marketDataService, marketRuntime, whenBackfilled } from './app.ts';
export { advanceMarket, type LiveMarket, type AdvanceResult } from './domain/live-market.ts';
export { importBars, type ImportResult } from './domain/import-bars.ts';
