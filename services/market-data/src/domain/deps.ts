import type { AnyDB, Logger } from '@tradeplane/kit';
import type { MarketDataConfig } from '../config.ts';
import type { MarketDataProvider } from '../providers/index.ts';
import type { AssetDirectory } from './asset-directory.ts';
import type { MarketCache } from './cached.ts';
import type { MarketCalendar } from './calendar.ts';
import type { LiveView } from './live-view.ts';
import type { ProviderHistory } from './provider-history.ts';

/** What market-data's read use cases need; routes, loops and tests hand the same. */
export interface MarketDeps {
  db: AnyDB;
  config: Readonly<MarketDataConfig>;
  log: Logger;
  /** The calendar of the session mode: NYSE (exchange) or continuous (always). */
  calendar: MarketCalendar;
  assets: AssetDirectory;
  cache: MarketCache;
  live: LiveView;
  /** The real market provider when one is configured. */
  provider: MarketDataProvider | undefined;
  /** With a real provider: fetches the history a read needs and the store lacks, and stores it. */
  history: ProviderHistory | undefined;
  /** True once the stored history stops changing under readers (backfill finished): only then is history cached. */
  historySettled(): Promise<boolean>;
  now(): Date;
}
