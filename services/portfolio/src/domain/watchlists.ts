import { isUuid, uuidv7 } from '@tradeplane/kit';
import type { PortfolioDeps } from './deps.ts';
import { PortfolioErrors } from './errors.ts';
import type { LedgerAccount } from '../store/accounts.store.ts';
import {
  deleteWatchlist,
  getWatchlist,
  insertWatchlist,
  listWatchlists,
  updateWatchlist,
  type Watchlist,
} from '../store/watchlists.store.ts';

/** Alpaca's watchlists, per account (the Alpaca surface acts on the user's default account). */
const normalize = (symbols: string[]) => [
  ...new Set(symbols.map((s) => s.trim().toUpperCase()).filter(Boolean)),
];

export async function createWatchlist(
  deps: PortfolioDeps,
  account: LedgerAccount,
  name: string,
  symbols: string[],
): Promise<Watchlist> {
  const w = await insertWatchlist(deps.db, {
    id: uuidv7(),
    userId: account.userId,
    accountId: account.accountId,
    name,
    symbols: normalize(symbols),
  });
  if (!w) throw PortfolioErrors.watchlistExists(name);
  return w;
}

export const allWatchlists = (deps: PortfolioDeps, account: LedgerAccount) =>
  listWatchlists(deps.db, account.accountId);

export async function findWatchlist(
  deps: PortfolioDeps,
  account: LedgerAccount,
  by: { id?: string; name?: string },
): Promise<Watchlist> {
  if (by.id !== undefined && !isUuid(by.id)) throw PortfolioErrors.watchlistNotFound();
  const w = await getWatchlist(deps.db, account.accountId, by);
  if (!w) throw PortfolioErrors.watchlistNotFound();
  return w;
}

export async function replaceWatchlist(
  deps: PortfolioDeps,
  account: LedgerAccount,
  id: string,
  patch: { name?: string | undefined; symbols?: string[] | undefined },
): Promise<Watchlist> {
  const current = await findWatchlist(deps, account, { id });
  const result = await updateWatchlist(deps.db, account.accountId, current.id, {
    name: patch.name,
    symbols: patch.symbols && normalize(patch.symbols),
  });
  if (result === 'conflict') throw PortfolioErrors.watchlistExists(patch.name ?? current.name);
  if (!result) throw PortfolioErrors.watchlistNotFound();
  return result;
}

export async function addSymbol(
  deps: PortfolioDeps,
  account: LedgerAccount,
  id: string,
  symbol: string,
): Promise<Watchlist> {
  const w = await findWatchlist(deps, account, { id });
  return replaceWatchlist(deps, account, w.id, { symbols: [...w.symbols, symbol] });
}

export async function removeSymbol(
  deps: PortfolioDeps,
  account: LedgerAccount,
  id: string,
  symbol: string,
): Promise<Watchlist> {
  const w = await findWatchlist(deps, account, { id });
  const upper = symbol.toUpperCase();
  if (!w.symbols.includes(upper)) throw PortfolioErrors.watchlistNotFound();
  return replaceWatchlist(deps, account, w.id, { symbols: w.symbols.filter((s) => s !== upper) });
}

export async function removeWatchlist(
  deps: PortfolioDeps,
  account: LedgerAccount,
  id: string,
): Promise<void> {
  if (!isUuid(id) || !(await deleteWatchlist(deps.db, account.accountId, id)))
    throw PortfolioErrors.watchlistNotFound();
}
