import type { RiskDeps } from './deps.ts';
import { RiskErrors } from './errors.ts';
import { getOwnedAccount } from '../store/accounts.store.ts';
import { listDecisions as list, type Decision } from '../store/decisions.store.ts';

export async function listDecisions(
  deps: RiskDeps,
  userId: string,
  accountId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ data: Decision[]; nextCursor: string | null }> {
  if (!(await getOwnedAccount(deps.db, userId, accountId))) throw RiskErrors.accountNotFound();
  const rows = await list(deps.db, accountId, { limit: page.limit + 1, before: page.cursor });
  const data = rows.slice(0, page.limit);
  return { data, nextCursor: rows.length > page.limit ? data[data.length - 1]!.id : null };
}
