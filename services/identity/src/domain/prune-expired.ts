import { deleteClosedWindows } from '../store/login-attempts.store.ts';
import { deleteRefreshTokensExpiredBefore } from '../store/refresh-tokens.store.ts';
import type { IdentityDeps } from './deps.ts';

/** Spent tokens are kept a day past expiry, so a replay of one soon after still revokes its family. */
const EXPIRED_TOKEN_GRACE_MS = 86_400_000;

/** Deletes login counters of closed windows and refresh tokens long expired. Safe on several instances at once. */
export async function pruneExpired(deps: Pick<IdentityDeps, 'db' | 'config'>): Promise<void> {
  await deleteClosedWindows(deps.db, deps.config.LOGIN_WINDOW_SECONDS);
  await deleteRefreshTokensExpiredBefore(deps.db, new Date(Date.now() - EXPIRED_TOKEN_GRACE_MS));
}
