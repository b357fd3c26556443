import { AccountStateResponse as AccountStateSchema, type AccountStateResponse } from '@tradeplane/contracts';
import type { Logger, ServiceClient } from '@tradeplane/kit';
import { Value } from 'typebox/value';
import { OrdersErrors } from '../domain/errors.ts';
import type { PortfolioGate } from '../domain/risk-gate.ts';
import type { Actor } from '../domain/types.ts';

/** portfolio's `GET /internal/portfolio/accounts/:accountId/state`; anything but a state is "unavailable". */
export function httpPortfolioGate(client: ServiceClient, log: Logger): PortfolioGate {
  return {
    async accountState(accountId: string, as: Actor): Promise<AccountStateResponse> {
      try {
        const res = await client.request<unknown>({
          method: 'GET',
          path: `/internal/portfolio/accounts/${encodeURIComponent(accountId)}/state`,
          as: { userId: as.userId, roles: as.roles, plan: as.plan, scopes: [], via: 'service' },
        });
        if (res.status === 200 && Value.Check(AccountStateSchema, res.body)) return res.body;
        log.warn({ status: res.status, accountId }, 'portfolio account state unusable');
      } catch (err) {
        log.warn({ err, accountId }, 'portfolio account state failed');
      }
      throw OrdersErrors.portfolioUnavailable();
    },
  };
}
