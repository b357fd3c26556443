import type { ServiceClient } from '@tradeplane/kit';
import type { AccountStateResponse } from '@tradeplane/contracts';
import { RiskErrors } from '../domain/errors.ts';

/** Where risk gets an account's cash, equity and positions from: portfolio (tests hand a fake). */
export interface AccountStateSource {
  /** The account as portfolio values it now; undefined when portfolio does not know it. */
  get(accountId: string, userId: string): Promise<AccountStateResponse | undefined>;
}

/**
 * Portfolio over HTTP. Anything but an answer (a 200, or a 404 for an unknown account) is
 * RISK_PORTFOLIO_UNAVAILABLE (503): without the account's state an order is refused, never let through.
 */
export function portfolioStateSource(client: ServiceClient, timeoutMs: number): AccountStateSource {
  return {
    async get(accountId, userId) {
      let res;
      try {
        res = await client.request<AccountStateResponse>({
          method: 'GET',
          path: `/internal/portfolio/accounts/${encodeURIComponent(accountId)}/state`,
          as: { userId, roles: ['user'], plan: 'free', scopes: [], via: 'service' },
          timeoutMs,
        });
      } catch (err) {
        throw RiskErrors.portfolioUnavailable(err);
      }
      if (res.status === 404) return undefined;
      if (res.status !== 200 || typeof res.body !== 'object' || res.body === null)
        throw RiskErrors.portfolioUnavailable(new Error(`portfolio answered ${res.status}`));
      return res.body;
    },
  };
}
