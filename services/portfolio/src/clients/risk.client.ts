import type { ServiceClient } from '@tradeplane/kit';
import type { RiskAccountSummary } from '@tradeplane/contracts';

/** Risk's view of an account for the Alpaca account fields (trading_blocked, daytrade_count). */
export interface RiskSummarySource {
  /** undefined when risk can't be asked: the account still answers, with those fields at their defaults. */
  get(accountId: string, userId: string): Promise<RiskAccountSummary | undefined>;
}

export function httpRiskSummary(client: ServiceClient, timeoutMs: number): RiskSummarySource {
  return {
    async get(accountId, userId) {
      try {
        const res = await client.request<RiskAccountSummary>({
          method: 'GET',
          path: `/internal/risk/accounts/${encodeURIComponent(accountId)}/summary`,
          as: { userId, roles: ['user'], plan: 'free', scopes: [], via: 'service' },
          timeoutMs,
        });
        return res.status === 200 ? res.body : undefined;
      } catch {
        return undefined;
      }
    },
  };
}
