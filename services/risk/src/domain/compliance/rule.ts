import type { AnyDB, Dec } from '@tradeplane/kit';
import type { AccountStateResponse, RiskCheckRequest, TradeExecuted } from '@tradeplane/contracts';
import type { RiskConfig } from '../../config.ts';

/** A compliance rule lets the order through ('ok') or blocks it with a stable code and a message. */
export type ComplianceVerdict = 'ok' | { code: string; message: string };

export interface ComplianceContext {
  /** The check's transaction. */
  db: AnyDB;
  request: RiskCheckRequest;
  account: AccountStateResponse;
  /** The order's symbol, upper case, and its size in shares (estimated for a notional order). */
  symbol: string;
  qty: Dec;
  now: Date;
  config: Readonly<RiskConfig>;
}

/**
 * A pre-trade compliance rule. Rules are plug-ins because regulation changes (FINRA replaced the
 * pattern-day-trader rule in 2026): each can be switched per account, and a new one is a new file
 * in this folder plus a line in the registry.
 */
export interface ComplianceRule {
  readonly id: string;
  readonly description: string;
  evaluate(ctx: ComplianceContext): Promise<ComplianceVerdict>;
  /**
   * What an approval by this rule relies on that orders placed at the same moment could change
   * (RiskCheckResponse.headroom): orders stores the order only if it still holds.
   */
  headroom?(ctx: ComplianceContext): { crossingOrders?: number };
  /** Keeps what the rule counts up to date; runs for every execution whether the rule is on or not. */
  onTrade?(db: AnyDB, trade: TradeExecuted): Promise<void>;
  /** A paper account reset to a fresh start. */
  onAccountReset?(db: AnyDB, accountId: string): Promise<void>;
}
