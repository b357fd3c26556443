import {
  findRefreshTokenForUpdate,
  markRefreshTokenUsed,
  revokeFamily,
} from '../store/refresh-tokens.store.ts';
import { findUserById, type User } from '../store/users.store.ts';
import type { IdentityDeps } from './deps.ts';
import { IdentityErrors } from './errors.ts';
import { sha256Hex } from './secrets.ts';
import { addRefreshToken, tokenPair, type TokenPair } from './sessions.ts';

type Outcome =
  | { kind: 'rotated'; user: User; refreshToken: string }
  | { kind: 'reused'; userId: string; familyId: string }
  | { kind: 'invalid' };

/**
 * Rotates a refresh token (OAuth 2.0 Security BCP, RFC 9700 §4.14.2): the presented token is
 * spent and a new one of the same family is issued. Presenting a spent token means it was copied,
 * so the whole family is revoked: the thief's and the owner's newer tokens alike.
 */
export async function refreshSession(deps: IdentityDeps, presented: string): Promise<TokenPair> {
  const outcome = await deps.db.transaction().execute(async (tx): Promise<Outcome> => {
    const token = await findRefreshTokenForUpdate(tx, sha256Hex(presented));
    if (!token) return { kind: 'invalid' };
    if (token.usedAt) {
      await revokeFamily(tx, token.familyId);
      return { kind: 'reused', userId: token.userId, familyId: token.familyId };
    }
    if (token.revokedAt || token.expiresAt.getTime() <= Date.now()) return { kind: 'invalid' };
    const user = await findUserById(tx, token.userId);
    if (!user) return { kind: 'invalid' };
    await markRefreshTokenUsed(tx, token.id);
    const refreshToken = await addRefreshToken(tx, deps, user.id, token.familyId);
    return { kind: 'rotated', user, refreshToken };
  });
  // Thrown after commit: the revocation of a reused family must not roll back with the error.
  switch (outcome.kind) {
    case 'invalid':
      throw IdentityErrors.invalidRefreshToken();
    case 'reused':
      deps.log.warn(
        { userId: outcome.userId, familyId: outcome.familyId },
        'spent refresh token presented; session family revoked',
      );
      throw IdentityErrors.refreshReused();
    case 'rotated':
      return tokenPair(deps, outcome.user, outcome.refreshToken);
  }
}
