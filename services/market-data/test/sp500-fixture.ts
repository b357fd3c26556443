import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

/** Real S&P 500 daily OHLCV, 2000-01-03 … 2020-04-17, shipped by vega-datasets. */
export function sp500CsvPath(): string {
  const entry = createRequire(import.meta.url).resolve('vega-datasets');
  return join(dirname(entry), '..', 'data', 'sp500-2000.csv');
}

export function readSp500Csv(): string {
  return readFileSync(sp500CsvPath(), 'utf8');
}
