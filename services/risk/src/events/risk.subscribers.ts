import type { AnyTx } from '@tradeplane/kit';
import type { CloudEvent } from '@tradeplane/contracts';
import {
  AccountClosed,
  AccountOpened,
  AccountReset,
  PortfolioValued,
  TradeExecuted,
} from '@tradeplane/contracts';
import type { Static } from 'typebox';
import type { RiskDeps } from '../domain/deps.ts';
import { observeValuation, resetAccountState } from '../domain/trading-state.ts';
import { closeAccount, getAccount, upsertAccount } from '../store/accounts.store.ts';

export const RISK_EVENT_TYPES = [
  AccountOpened.type,
  AccountClosed.type,
  AccountReset.type,
  TradeExecuted.type,
  PortfolioValued.type,
] as const;

/**
 * Risk's consumer: a copy of accounts, the compliance rules' counters from executions, and the
 * breakers on every valuation. Runs inside the inbox transaction (ctx.subscribe), so a
 * redelivered event changes nothing.
 */
export function riskSubscriber(deps: RiskDeps) {
  return async (event: CloudEvent, tx: AnyTx): Promise<void> => {
    switch (event.type) {
      case AccountOpened.type: {
        const d = event.data as Static<typeof AccountOpened.data>;
        await upsertAccount(tx, {
          accountId: d.accountId,
          userId: d.userId,
          name: d.name,
          marginEnabled: d.marginEnabled,
          isDefault: d.isDefault,
        });
        return;
      }
      case AccountClosed.type: {
        const d = event.data as Static<typeof AccountClosed.data>;
        await closeAccount(tx, d.accountId, d.userId);
        return;
      }
      case AccountReset.type: {
        const d = event.data as Static<typeof AccountReset.data>;
        for (const rule of deps.compliance.rules) await rule.onAccountReset?.(tx, d.accountId);
        await resetAccountState(deps, tx, d, d.cash, new Date(event.time));
        return;
      }
      case TradeExecuted.type: {
        const d = event.data as TradeExecuted;
        for (const rule of deps.compliance.rules) await rule.onTrade?.(tx, d);
        return;
      }
      case PortfolioValued.type: {
        const d = event.data as Static<typeof PortfolioValued.data>;
        const account = await getAccount(tx, d.accountId);
        if (!account || account.closedAt) return;
        await observeValuation(deps, tx, account, {
          equity: d.equity,
          startOfDayEquity: d.startOfDayEquity,
          highWaterMark: d.highWaterMark,
          at: new Date(d.at),
        });
        return;
      }
      default:
        deps.log.debug({ type: event.type }, 'risk ignores this event type');
    }
  };
}
