export { marketDataService, marketRuntime, whenBackfilled } from './app.ts';
export { advanceMarket, type LiveMarket, type AdvanceResult } from './domain/live-market.ts';
export { importBars, type ImportResult } from './domain/import-bars.ts';
export { parseBarsCsv, type CsvImportResult, type CsvLineError } from './domain/csv-import.ts';
