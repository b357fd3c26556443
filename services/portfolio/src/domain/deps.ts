import type { AnyDB, Logger, ServiceContext } from '@tradeplane/kit';
import type { PortfolioConfig } from '../config.ts';
import type { OrderPlacer } from '../clients/orders.client.ts';
import type { RiskSummarySource } from '../clients/risk.client.ts';
import type { QuoteSource } from './quotes.ts';
import type { MarketReference } from './market-reference.ts';

/** What portfolio's use cases need from the runtime; routes, subscribers, loops and tests hand the same. */
export interface PortfolioDeps {
  db: AnyDB;
  config: Readonly<PortfolioConfig>;
  log: Logger;
  transaction: ServiceContext['transaction'];
  emit: ServiceContext['emit'];
  quotes: QuoteSource;
  /** Assets, previous closes and the session clock (market-data). */
  market: MarketReference;
  orders: OrderPlacer;
  risk: RiskSummarySource;
  now: () => Date;
}
