import { sql } from 'kysely';
import type { AnyDB } from '@tradeplane/kit';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

export interface IdempotencyRecord {
  userId: string;
  key: string;
  requestHash: string;
  state: 'in_flight' | 'completed';
  responseStatus: number | null;
  responseBody: unknown;
  createdAt: Date;
  updatedAt: Date;
  expiresAt: Date;
}

const toRecord = (r: Row): IdempotencyRecord => ({
  userId: r.user_id,
  key: r.key,
  requestHash: r.request_hash,
  state: r.state,
  responseStatus: r.response_status ?? null,
  responseBody: typeof r.response_body === 'string' ? JSON.parse(r.response_body) : r.response_body,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
  expiresAt: new Date(r.expires_at),
});

/** Claims a key for a new request; undefined when the key is already taken (and not expired). */
export async function claimKey(
  db: AnyDB,
  k: { userId: string; key: string; requestHash: string; ttlHours: number },
): Promise<boolean> {
  // An expired key is free again; deleting it first keeps the claim a single insert.
  await db
    .deleteFrom('idempotency_keys')
    .where('user_id', '=', k.userId)
    .where('key', '=', k.key)
    .where('expires_at', '<=', sql<Date>`now()`)
    .execute();
  const row = await db
    .insertInto('idempotency_keys')
    .values({
      user_id: k.userId,
      key: k.key,
      request_hash: k.requestHash,
      state: 'in_flight',
      expires_at: sql`now() + (${k.ttlHours}::int * interval '1 hour')`,
    })
    .onConflict((oc) => oc.columns(['user_id', 'key']).doNothing())
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

export async function getKey(db: AnyDB, userId: string, key: string): Promise<IdempotencyRecord | undefined> {
  const row: Row | undefined = await db
    .selectFrom('idempotency_keys')
    .selectAll()
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .executeTakeFirst();
  return row ? toRecord(row) : undefined;
}

export async function completeKey(
  db: AnyDB,
  userId: string,
  key: string,
  status: number,
  body: unknown,
): Promise<void> {
  await db
    .updateTable('idempotency_keys')
    .set({
      state: 'completed',
      response_status: status,
      response_body: JSON.stringify(body ?? null),
      updated_at: sql`now()`,
    })
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .execute();
}

/** Frees a key whose request failed without an answer worth repeating (5xx: nothing happened). */
export async function releaseKey(db: AnyDB, userId: string, key: string): Promise<void> {
  await db
    .deleteFrom('idempotency_keys')
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .where('state', '=', 'in_flight')
    .execute();
}

/** Takes over an in-flight key abandoned since `staleBefore` (its process died); true if taken. */
export async function takeOverStale(
  db: AnyDB,
  userId: string,
  key: string,
  staleBefore: Date,
): Promise<boolean> {
  const row = await db
    .updateTable('idempotency_keys')
    .set({ updated_at: sql`now()` })
    .where('user_id', '=', userId)
    .where('key', '=', key)
    .where('state', '=', 'in_flight')
    .where('updated_at', '<', staleBefore)
    .returning('key')
    .executeTakeFirst();
  return row !== undefined;
}

export async function pruneKeys(db: AnyDB): Promise<number> {
  const res = await db
    .deleteFrom('idempotency_keys')
    .where('expires_at', '<=', sql<Date>`now()`)
    .executeTakeFirst();
  return Number(res.numDeletedRows);
}
