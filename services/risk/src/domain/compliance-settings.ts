import type { RiskDeps } from './deps.ts';
import { RiskErrors } from './errors.ts';
import { getOwnedAccount } from '../store/accounts.store.ts';
import { setRuleSetting } from '../store/compliance.store.ts';

export interface RuleView {
  id: string;
  description: string;
  enabled: boolean;
}

export async function getCompliance(deps: RiskDeps, userId: string, accountId: string): Promise<RuleView[]> {
  if (!(await getOwnedAccount(deps.db, userId, accountId))) throw RiskErrors.accountNotFound();
  const rules = await deps.compliance.forAccount(deps.db, accountId);
  return rules.map(({ rule, enabled }) => ({ id: rule.id, description: rule.description, enabled }));
}

/** Switches rules on or off for one account; rules not named keep their setting. */
export async function setCompliance(
  deps: RiskDeps,
  userId: string,
  accountId: string,
  changes: { id: string; enabled: boolean }[],
): Promise<RuleView[]> {
  for (const c of changes) if (!deps.compliance.get(c.id)) throw RiskErrors.unknownRule(c.id);
  await deps.transaction(async (tx) => {
    if (!(await getOwnedAccount(tx, userId, accountId))) throw RiskErrors.accountNotFound();
    for (const c of changes) await setRuleSetting(tx, accountId, c.id, c.enabled);
  });
  deps.log.info({ accountId, changes }, 'compliance rules switched');
  return getCompliance(deps, userId, accountId);
}
