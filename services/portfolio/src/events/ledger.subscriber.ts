import type { AnyTx } from '@tradeplane/kit';
import {
  AccountClosed,
  AccountOpened,
  AccountReset,
  TradeExecuted,
  type CloudEvent,
} from '@tradeplane/contracts';
import type { Static } from 'typebox';
import type { PortfolioDeps } from '../domain/deps.ts';
import { applyTrade } from '../domain/apply-trade.ts';
import { accountClosed, accountOpened, accountReset } from '../domain/account-events.ts';

export const LEDGER_EVENT_TYPES = [
  AccountOpened.type,
  AccountReset.type,
  AccountClosed.type,
  TradeExecuted.type,
] as const;

/**
 * The ledger's consumer. ctx.subscribe runs it in one transaction with the inbox record of the
 * event id, so a redelivered event changes nothing; its effects' events (position.changed) are
 * staged in that same transaction.
 */
export function ledgerSubscriber(deps: PortfolioDeps) {
  return async (event: CloudEvent, tx: AnyTx): Promise<void> => {
    switch (event.type) {
      case AccountOpened.type:
        await accountOpened(deps, tx, event.data as Static<typeof AccountOpened.data>, new Date(event.time));
        return;
      case AccountReset.type:
        await accountReset(deps, tx, event.data as Static<typeof AccountReset.data>, new Date(event.time));
        return;
      case AccountClosed.type:
        await accountClosed(deps, tx, event.data as Static<typeof AccountClosed.data>);
        return;
      case TradeExecuted.type:
        await applyTrade(deps, tx, event.data as TradeExecuted);
        return;
      default:
        deps.log.debug({ type: event.type }, 'portfolio ignores this event type');
    }
  };
}
