import type { AnyDB } from '@tradeplane/kit';
import { PortfolioErrors } from './errors.ts';
import { getDefaultAccount, getOwnedAccount, type LedgerAccount } from '../store/accounts.store.ts';

/** The user's account by id; someone else's (or an unknown id) is the same 404. */
export async function ownedAccount(db: AnyDB, userId: string, accountId: string): Promise<LedgerAccount> {
  const account = await getOwnedAccount(db, userId, accountId);
  if (!account) throw PortfolioErrors.accountNotFound();
  return account;
}

/** The account Alpaca API keys act on (the account.opened with isDefault). */
export async function defaultAccount(db: AnyDB, userId: string): Promise<LedgerAccount> {
  const account = await getDefaultAccount(db, userId);
  if (!account) throw PortfolioErrors.noDefaultAccount();
  return account;
}
