import { sql } from 'kysely';
import type { AnyDB, AnyTx } from '@tradeplane/kit';

const LEADER = 'leader';

export interface FenceState {
  token: number;
  holder: string | null;
  updatedAt: Date;
}

/**
 * Raises the fence to `token` unless a higher token was already used, and locks the row for the
 * rest of the transaction. Returns the fence's token afterwards: equal to `token` when accepted,
 * higher when `token` is stale.
 */
export async function claimFence(tx: AnyTx | AnyDB, token: number, holder: string): Promise<number> {
  const moved = await tx
    .updateTable('fence')
    .set({ token, holder, updated_at: sql`now()` })
    .where('name', '=', LEADER)
    .where('token', '<=', token)
    .returning('token')
    .executeTakeFirst();
  if (moved) return Number(moved.token);
  const row = await tx
    .selectFrom('fence')
    .select('token')
    .where('name', '=', LEADER)
    .executeTakeFirstOrThrow();
  return Number(row.token);
}

export async function readFence(db: AnyDB | AnyTx): Promise<FenceState> {
  const r = await db
    .selectFrom('fence')
    .select(['token', 'holder', 'updated_at'])
    .where('name', '=', LEADER)
    .executeTakeFirstOrThrow();
  return { token: Number(r.token), holder: r.holder as string | null, updatedAt: r.updated_at as Date };
}
