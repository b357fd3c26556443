import { findCredentialByKeyId, touchApiKey } from '../store/api-keys.store.ts';
import { rolesOf } from './accounts.ts';
import type { IdentityDeps } from './deps.ts';
import { IdentityErrors } from './errors.ts';
import { digestsEqual, sha256Hex } from './secrets.ts';

export interface VerifiedApiKey {
  userId: string;
  email: string;
  roles: string[];
  plan: string;
  /** The key's id (as in /v1/api-keys), not its public key id. */
  apiKeyId: string;
}

// Compared against when the key id is unknown, so that path does the same work as a wrong secret.
const NO_KEY_DIGEST = sha256Hex('no such key');

/** Checks an API key pair for the gateway. Unknown id, wrong secret and revoked key fail alike. */
export async function verifyApiKey(
  deps: IdentityDeps,
  input: { keyId: string; secret: string },
): Promise<VerifiedApiKey> {
  const credential = await findCredentialByKeyId(deps.db, input.keyId);
  const matches = digestsEqual(sha256Hex(input.secret), credential?.secretHash ?? NO_KEY_DIGEST);
  if (!credential || !matches || credential.revoked) throw IdentityErrors.invalidApiKey();
  await touchApiKey(deps.db, credential.apiKeyId);
  return {
    userId: credential.userId,
    email: credential.email,
    roles: rolesOf(credential.role),
    plan: credential.plan,
    apiKeyId: credential.apiKeyId,
  };
}
