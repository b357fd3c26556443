import type { AnyDB, Logger, ServiceContext } from '@tradeplane/kit';
import type { RiskConfig } from '../config.ts';
import type { AccountStateSource } from '../clients/portfolio.client.ts';
import type { ComplianceRegistry } from './compliance/registry.ts';

/** What risk's use cases need from the runtime; routes, subscribers and tests hand the same. */
export interface RiskDeps {
  db: AnyDB;
  config: Readonly<RiskConfig>;
  log: Logger;
  transaction: ServiceContext['transaction'];
  emit: ServiceContext['emit'];
  portfolio: AccountStateSource;
  compliance: ComplianceRegistry;
  now: () => Date;
}
