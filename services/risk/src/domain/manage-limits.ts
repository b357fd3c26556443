import type { RiskDeps } from './deps.ts';
import { RiskErrors } from './errors.ts';
import { defaultLimits, mergeLimits, type Limits, type LimitsPatch } from './limits.ts';
import { getOwnedAccount } from '../store/accounts.store.ts';
import { getOrCreateLimits, saveLimits } from '../store/limits.store.ts';

export async function getLimits(deps: RiskDeps, userId: string, accountId: string): Promise<Limits> {
  if (!(await getOwnedAccount(deps.db, userId, accountId))) throw RiskErrors.accountNotFound();
  return getOrCreateLimits(deps.db, accountId, defaultLimits(deps.config));
}

/** Changes some limits; the others keep their value. Takes effect on the next check. */
export async function updateLimits(
  deps: RiskDeps,
  userId: string,
  accountId: string,
  patch: LimitsPatch,
): Promise<Limits> {
  return deps.transaction(async (tx) => {
    if (!(await getOwnedAccount(tx, userId, accountId))) throw RiskErrors.accountNotFound();
    const { updatedAt: _, ...current } = await getOrCreateLimits(tx, accountId, defaultLimits(deps.config));
    deps.log.info({ accountId, changed: Object.keys(patch) }, 'risk limits changed');
    return saveLimits(tx, accountId, mergeLimits(current, patch));
  });
}
