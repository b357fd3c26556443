import { revokeFamilyOfToken } from '../store/refresh-tokens.store.ts';
import type { IdentityDeps } from './deps.ts';
import { sha256Hex } from './secrets.ts';

/**
 * Ends the session the refresh token belongs to by revoking its family. Idempotent: an unknown or
 * already revoked token changes nothing and is not an error, so logout can always be retried.
 */
export async function logOut(deps: IdentityDeps, refreshToken: string): Promise<void> {
  await revokeFamilyOfToken(deps.db, sha256Hex(refreshToken));
}
