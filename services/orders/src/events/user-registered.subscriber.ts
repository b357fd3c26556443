import type { AnyTx } from '@tradeplane/kit';
import type { CloudEvent } from '@tradeplane/contracts';
import { openDefaultAccount } from '../domain/accounts.ts';
import type { OrdersDeps } from '../domain/deps.ts';

export const USER_REGISTERED = 'user.registered';

/**
 * user.registered → the user's default paper account with ORDERS_DEFAULT_CASH ($100,000). Runs in
 * the inbox transaction, so a redelivered event opens nothing twice; the unique default index
 * makes it a no-op when a first request already opened the account.
 */
export async function onUserRegistered(
  deps: Pick<OrdersDeps, 'emit' | 'config' | 'log'>,
  event: CloudEvent,
  tx: AnyTx,
): Promise<void> {
  const data = event.data as { userId?: unknown } | null;
  if (typeof data?.userId !== 'string' || data.userId.length === 0) {
    deps.log.warn({ eventId: event.id }, 'user.registered without a userId; ignored');
    return;
  }
  await openDefaultAccount(deps, tx, data.userId);
}
