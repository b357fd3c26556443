import { uuidv7, type AnyDB } from '@tradeplane/kit';
import { insertRefreshToken } from '../store/refresh-tokens.store.ts';
import type { User } from '../store/users.store.ts';
import { rolesOf } from './accounts.ts';
import type { IdentityDeps } from './deps.ts';
import { newRefreshToken, sha256Hex } from './secrets.ts';

export interface TokenPair {
  accessToken: string;
  refreshToken: string;
  /** Lifetime of the access token, in seconds (RFC 6749 §5.1). */
  expiresIn: number;
  tokenType: 'Bearer';
}

/** Stores a new refresh token of `familyId` (hash only) and returns the token itself. */
export async function addRefreshToken(
  db: AnyDB,
  deps: Pick<IdentityDeps, 'config'>,
  userId: string,
  familyId: string,
): Promise<string> {
  const token = newRefreshToken();
  await insertRefreshToken(db, {
    id: uuidv7(),
    userId,
    familyId,
    tokenHash: sha256Hex(token),
    expiresAt: new Date(Date.now() + deps.config.REFRESH_TOKEN_TTL_DAYS * 86_400_000),
  });
  return token;
}

export async function tokenPair(deps: IdentityDeps, user: User, refreshToken: string): Promise<TokenPair> {
  const ttl = deps.config.ACCESS_TOKEN_TTL_SECONDS;
  const accessToken = await deps.signer.sign(
    { userId: user.id, email: user.email, roles: rolesOf(user.role), plan: user.plan },
    ttl,
  );
  return { accessToken, refreshToken, expiresIn: ttl, tokenType: 'Bearer' };
}

/** A new session: a new refresh token family and an access token. */
export async function startSession(deps: IdentityDeps, user: User): Promise<TokenPair> {
  const refreshToken = await addRefreshToken(deps.db, deps, user.id, uuidv7());
  return tokenPair(deps, user, refreshToken);
}
