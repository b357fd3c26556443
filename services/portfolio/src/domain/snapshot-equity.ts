import type { PortfolioDeps } from './deps.ts';
import { valueNow } from './account-value.ts';
import { floorTo } from './calendar.ts';
import { listOpenAccounts } from '../store/accounts.store.ts';
import { saveSnapshot } from '../store/snapshots.store.ts';

/** The finest step of portfolio history; coarser timeframes are served by downsampling. */
export const SNAPSHOT_STEP_MS = 5 * 60_000;

/** Records every open account's equity in the current 5-minute bucket (a later run overwrites it). */
export async function snapshotEquity(deps: PortfolioDeps): Promise<number> {
  const now = deps.now();
  const at = floorTo(now, SNAPSHOT_STEP_MS);
  const accounts = await listOpenAccounts(deps.db);
  for (const account of accounts) {
    const f = await valueNow(deps, deps.db, account, now);
    await saveSnapshot(deps.db, account.accountId, {
      at,
      equity: f.valuation.equity.toFixed(),
      cash: f.valuation.cash.toFixed(),
    });
  }
  return accounts.length;
}
