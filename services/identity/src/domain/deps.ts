import type { AnyDB, Logger, ServiceContext } from '@tradeplane/kit';
import type { IdentityConfig } from '../config.ts';
import type { AccessTokenSigner } from './access-tokens.ts';

/** What identity's use cases need from the runtime; routes, loops and tests hand the same. */
export interface IdentityDeps {
  db: AnyDB;
  config: Readonly<IdentityConfig>;
  emit: ServiceContext['emit'];
  signer: AccessTokenSigner;
  log: Logger;
}
