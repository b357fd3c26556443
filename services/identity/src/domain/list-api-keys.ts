import { listApiKeys as listKeys, type ApiKey } from '../store/api-keys.store.ts';
import type { IdentityDeps } from './deps.ts';

export interface ApiKeyPage {
  data: ApiKey[];
  /** Pass as `cursor` for the next page; null on the last page. */
  nextCursor: string | null;
}

/** The user's keys (revoked ones too, with revokedAt), newest first, never with a secret. */
export async function listApiKeys(
  deps: IdentityDeps,
  userId: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<ApiKeyPage> {
  const rows = await listKeys(deps.db, userId, { limit: page.limit + 1, before: page.cursor });
  const data = rows.slice(0, page.limit);
  return { data, nextCursor: rows.length > page.limit ? (data.at(-1)?.id ?? null) : null };
}
