import { sql } from 'kysely';
import type { AnyDB } from '@tradeplane/kit';
import type { Role } from './users.store.ts';

export interface ApiKey {
  id: string;
  name: string;
  keyId: string;
  createdAt: Date;
  lastUsedAt: Date | null;
  revokedAt: Date | null;
}

interface ApiKeyRow {
  id: string;
  name: string;
  key_id: string;
  created_at: Date;
  last_used_at: Date | null;
  revoked_at: Date | null;
}

const COLUMNS = ['id', 'name', 'key_id', 'created_at', 'last_used_at', 'revoked_at'] as const;

const toApiKey = (r: ApiKeyRow): ApiKey => ({
  id: r.id,
  name: r.name,
  keyId: r.key_id,
  createdAt: r.created_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

export async function insertApiKey(
  db: AnyDB,
  k: { id: string; userId: string; name: string; keyId: string; secretHash: string },
): Promise<ApiKey> {
  const row: ApiKeyRow = await db
    .insertInto('api_keys')
    .values({ id: k.id, user_id: k.userId, name: k.name, key_id: k.keyId, secret_hash: k.secretHash })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toApiKey(row);
}

/** A user's keys, newest first; `before` is the id of the last key of the previous page. */
export async function listApiKeys(
  db: AnyDB,
  userId: string,
  page: { limit: number; before?: string | undefined },
): Promise<ApiKey[]> {
  let q = db.selectFrom('api_keys').select(COLUMNS).where('user_id', '=', userId);
  if (page.before) q = q.where('id', '<', page.before);
  const rows: ApiKeyRow[] = await q.orderBy('id', 'desc').limit(page.limit).execute();
  return rows.map(toApiKey);
}

/** Revokes the user's key (idempotently); false when the user has no key with this id. */
export async function revokeApiKey(db: AnyDB, userId: string, id: string): Promise<boolean> {
  const row: unknown = await db
    .updateTable('api_keys')
    .set({ revoked_at: sql`coalesce(revoked_at, now())` })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .returning('id')
    .executeTakeFirst();
  return row !== undefined;
}

export interface ApiKeyCredential {
  apiKeyId: string;
  secretHash: string;
  revoked: boolean;
  userId: string;
  email: string;
  role: Role;
  plan: string;
}

/** What is needed to check a key pair, looked up by its public key id. */
export async function findCredentialByKeyId(db: AnyDB, keyId: string): Promise<ApiKeyCredential | undefined> {
  const row:
    | {
        id: string;
        secret_hash: string;
        revoked_at: Date | null;
        user_id: string;
        email: string;
        role: Role;
        plan: string;
      }
    | undefined = await db
    .selectFrom('api_keys as k')
    .innerJoin('users as u', 'u.id', 'k.user_id')
    .select(['k.id', 'k.secret_hash', 'k.revoked_at', 'k.user_id', 'u.email', 'u.role', 'u.plan'])
    .where('k.key_id', '=', keyId)
    .executeTakeFirst();
  return (
    row && {
      apiKeyId: row.id,
      secretHash: row.secret_hash,
      revoked: row.revoked_at !== null,
      userId: row.user_id,
      email: row.email,
      role: row.role,
      plan: row.plan,
    }
  );
}

/** Records use of a key, writing at most once per minute per key so busy keys don't write on every call. */
export async function touchApiKey(db: AnyDB, id: string): Promise<void> {
  await db
    .updateTable('api_keys')
    .set({ last_used_at: sql`now()` })
    .where('id', '=', id)
    .where((eb) =>
      eb.or([
        eb('last_used_at', 'is', null),
        eb('last_used_at', '<', sql<Date>`now() - interval '1 minute'`),
      ]),
    )
    .execute();
}
