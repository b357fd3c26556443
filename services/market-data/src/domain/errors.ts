import { AppError, badRequest, notFound } from '@tradeplane/kit';
import type { CsvLineError } from './csv-import.ts';

/** Market data's error codes (docs/errors.md). */
export const MarketErrors = {
  unknownSymbol: (symbols: string[]) =>
    new AppError(
      'MARKET_DATA_UNKNOWN_SYMBOL',
      404,
      symbols.length === 1 ? `unknown symbol ${symbols[0]}` : `unknown symbols ${symbols.join(', ')}`,
      { details: { symbols } },
    ),
  invalidSymbol: (symbol: string) =>
    badRequest('MARKET_DATA_INVALID_SYMBOL', `invalid symbol: ${JSON.stringify(symbol)}`, { symbol }),
  invalidTimeframe: (timeframe: string) =>
    badRequest(
      'MARKET_DATA_INVALID_TIMEFRAME',
      `invalid timeframe ${JSON.stringify(timeframe)}; expected 1Min, 5Min, 15Min, 1Hour or 1Day`,
      { timeframe },
    ),
  invalidTime: (param: string, value: string) =>
    badRequest(
      'MARKET_DATA_INVALID_TIME',
      `invalid ${param}: ${JSON.stringify(value)} is not an RFC 3339 time or a date`,
      {
        param,
      },
    ),
  invalidRange: (message: string) => badRequest('MARKET_DATA_INVALID_RANGE', message),
  invalidCursor: () => badRequest('MARKET_DATA_INVALID_CURSOR', 'invalid page token or cursor'),
  csvInvalid: (errors: CsvLineError[]) =>
    badRequest(
      'MARKET_DATA_CSV_INVALID',
      errors.length === 1
        ? `the CSV has an error at line ${errors[0]!.line}: ${errors[0]!.message}; nothing was imported`
        : `the CSV has ${errors.length} errors (first at line ${errors[0]?.line ?? 1}); nothing was imported`,
      { errors },
    ),
  noData: (message: string) => notFound('MARKET_DATA_NOT_FOUND', message),
  assetNotFound: (symbolOrId: string) =>
    notFound('MARKET_DATA_ASSET_NOT_FOUND', `asset not found: ${symbolOrId}`),
} as const;
