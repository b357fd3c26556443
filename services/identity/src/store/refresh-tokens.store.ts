import type { AnyDB } from '@tradeplane/kit';

export interface RefreshToken {
  id: string;
  userId: string;
  familyId: string;
  expiresAt: Date;
  usedAt: Date | null;
  revokedAt: Date | null;
}

interface RefreshTokenRow {
  id: string;
  user_id: string;
  family_id: string;
  expires_at: Date;
  used_at: Date | null;
  revoked_at: Date | null;
}

export async function insertRefreshToken(
  db: AnyDB,
  t: { id: string; userId: string; familyId: string; tokenHash: string; expiresAt: Date },
): Promise<void> {
  await db
    .insertInto('refresh_tokens')
    .values({
      id: t.id,
      user_id: t.userId,
      family_id: t.familyId,
      token_hash: t.tokenHash,
      expires_at: t.expiresAt,
    })
    .execute();
}

/** The token with this hash, row-locked so two concurrent refreshes of one token serialize. */
export async function findRefreshTokenForUpdate(
  db: AnyDB,
  tokenHash: string,
): Promise<RefreshToken | undefined> {
  const row: RefreshTokenRow | undefined = await db
    .selectFrom('refresh_tokens')
    .select(['id', 'user_id', 'family_id', 'expires_at', 'used_at', 'revoked_at'])
    .where('token_hash', '=', tokenHash)
    .forUpdate()
    .executeTakeFirst();
  return (
    row && {
      id: row.id,
      userId: row.user_id,
      familyId: row.family_id,
      expiresAt: row.expires_at,
      usedAt: row.used_at,
      revokedAt: row.revoked_at,
    }
  );
}

export async function markRefreshTokenUsed(db: AnyDB, id: string): Promise<void> {
  await db.updateTable('refresh_tokens').set({ used_at: new Date() }).where('id', '=', id).execute();
}

export async function revokeFamily(db: AnyDB, familyId: string): Promise<void> {
  await db
    .updateTable('refresh_tokens')
    .set({ revoked_at: new Date() })
    .where('family_id', '=', familyId)
    .where('revoked_at', 'is', null)
    .execute();
}

/** Revokes the family of the token with this hash; false when no token has it. */
export async function revokeFamilyOfToken(db: AnyDB, tokenHash: string): Promise<boolean> {
  const token: { family_id: string } | undefined = await db
    .selectFrom('refresh_tokens')
    .select('family_id')
    .where('token_hash', '=', tokenHash)
    .executeTakeFirst();
  if (!token) return false;
  await revokeFamily(db, token.family_id);
  return true;
}

export async function deleteRefreshTokensExpiredBefore(db: AnyDB, before: Date): Promise<void> {
  await db.deleteFrom('refresh_tokens').where('expires_at', '<', before).execute();
}
