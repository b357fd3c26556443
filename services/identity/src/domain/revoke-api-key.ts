import { isUuid } from '@tradeplane/kit';
import { revokeApiKey as revokeKey } from '../store/api-keys.store.ts';
import type { IdentityDeps } from './deps.ts';
import { IdentityErrors } from './errors.ts';

/**
 * Revokes one of the user's keys. Another user's key and an unknown id get the same 404, so ids
 * of other users' keys can't be probed.
 */
export async function revokeApiKey(deps: IdentityDeps, userId: string, apiKeyId: string): Promise<void> {
  if (!isUuid(apiKeyId) || !(await revokeKey(deps.db, userId, apiKeyId)))
    throw IdentityErrors.apiKeyNotFound();
}
