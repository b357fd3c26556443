import { isUniqueViolation, uuidv7 } from '@tradeplane/kit';
import { insertApiKey, type ApiKey } from '../store/api-keys.store.ts';
import { findUserById } from '../store/users.store.ts';
import { apiKeyCreated } from '../events/identity.events.ts';
import type { IdentityDeps } from './deps.ts';
import { IdentityErrors } from './errors.ts';
import { newApiKeyId, newApiKeySecret, sha256Hex } from './secrets.ts';

export interface CreatedApiKey extends ApiKey {
  /** Returned this once; only its hash is kept. */
  secret: string;
}

const KEY_ID_ATTEMPTS = 3;

/** Creates an API key pair for the user and stages `apikey.created` with it. */
export async function createApiKey(deps: IdentityDeps, userId: string, name: string): Promise<CreatedApiKey> {
  for (let attempt = 1; ; attempt++) {
    const secret = newApiKeySecret();
    try {
      const key = await deps.db.transaction().execute(async (tx) => {
        if (!(await findUserById(tx, userId))) throw IdentityErrors.userNotFound();
        const created = await insertApiKey(tx, {
          id: uuidv7(),
          userId,
          name,
          keyId: newApiKeyId(),
          secretHash: sha256Hex(secret),
        });
        await deps.emit(
          tx,
          apiKeyCreated({ userId, apiKeyId: created.id, keyId: created.keyId, name: created.name }),
        );
        return created;
      });
      return { ...key, secret };
    } catch (err) {
      // 36^18 key ids make a collision all but impossible; if one happens, draw again.
      if (attempt < KEY_ID_ATTEMPTS && isUniqueViolation(err, 'api_keys_key_id_key')) continue;
      throw err;
    }
  }
}
