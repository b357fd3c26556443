import type { AccountStateResponse, RiskCheckRequest, RiskCheckResponse } from '@tradeplane/contracts';
import type { Actor } from './types.ts';

/**
 * The pre-trade check (ARCHITECTURE §7): every order is checked by risk before it is accepted.
 * `check` answers risk's decision, or throws ORDERS_RISK_UNAVAILABLE when no decision could be
 * had — and then the order is refused, never let through.
 */
export interface RiskGate {
  check(req: RiskCheckRequest, as: Actor): Promise<RiskCheckResponse>;
}

/** Portfolio's view of an account (positions), used to refuse closing an account that holds any. */
export interface PortfolioGate {
  accountState(accountId: string, as: Actor): Promise<AccountStateResponse>;
}
