/**
 * The database side of a leader lease's fencing token (Kleppmann, "How to do distributed
 * locking"). A lease can run out while its holder still believes it holds it (a GC pause, a frozen
 * VM); the next holder's token is higher. Each service keeps a one-row `fence` table in its own
 * schema (`name` 'leader', `token`, `holder`, `updated_at`, created by its own migration), and
 * every write done as the leader runs in a transaction that first raises that row to its token
 * (`checkFence`): once a newer leader has written, the older one's writes are refused with
 * StaleLeaderError and nothing of them is stored.
 */
import { sql } from 'kysely';
import type { AnyDB, AnyTx } from './db.ts';
import type { Logger } from './logger.ts';
import type { ServiceMigration } from './migrate.ts';
import type { Lease, LockManager } from './ports.ts';

const LEADER = 'leader';

/**
 * A lock store whose counter restarted (Redis flushed; embedded mode after a restart, where locks
 * live in memory) hands out tokens at or below one the database has already seen. Each
 * acquisition raises the counter by one, so re-acquiring catches it up; past this many the
 * instance gives up this round and logs why.
 */
export const FENCE_MAX_CATCH_UP = 10_000;

/** The migration creating a service's `fence` table with its one 'leader' row at token 0. */
export const fenceTableMigration: ServiceMigration = {
  async up(db) {
    await db.schema
      .createTable('fence')
      .addColumn('name', 'text', (c) => c.primaryKey())
      .addColumn('token', 'bigint', (c) => c.notNull())
      .addColumn('holder', 'text')
      .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
      .execute();
    await db.insertInto('fence').values({ name: LEADER, token: 0 }).execute();
  },
};

export interface FenceState {
  token: number;
  holder: string | null;
  updatedAt: Date;
}

/** The leader's right to write: its lease's fencing token, and who it is (recorded with the fence). */
export interface Fence {
  token: number;
  holder: string;
}

/** A write with a fencing token lower than one already used: this instance is no longer the leader. */
export class StaleLeaderError extends Error {
  constructor(
    readonly token: number,
    readonly current: number | undefined,
  ) {
    super(`fencing token ${token} is stale (the database has seen ${current ?? 'a newer one'})`);
    this.name = 'StaleLeaderError';
  }
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

/** Inside a leader's write transaction: refuses it when a newer leader has already written. */
export async function checkFence(tx: AnyTx, fence: Fence): Promise<void> {
  const current = await claimFence(tx, fence.token, fence.holder);
  if (current !== fence.token) throw new StaleLeaderError(fence.token, current);
}

export interface FenceLeaseOptions {
  locks: LockManager;
  /** The service's own database (its schema holds the `fence` table). */
  db: AnyDB;
  log: Logger;
  /** The lock `lease` was taken on (re-acquired under the same name while catching up). */
  lock: string;
  ttlMs: number;
  /** Recorded as the fence's holder. */
  holder: string;
}

export interface FencedLease {
  lease: Lease;
  /** When the lease finally kept was acquired, if it is not the one passed in (its TTL runs from then). */
  acquiredAt: number | undefined;
}

/**
 * Makes a freshly acquired `lease`'s token higher than every token the database has seen
 * (releasing and re-acquiring while the lock store's counter is behind, after it restarted),
 * then raises the fence to it, so the new leader's writes are accepted and its predecessor's
 * refused from now on. Undefined, with the lease released, when that fails: another instance
 * took the lock meanwhile, a higher token is already in the fence, or the counter is too far behind.
 */
export async function fenceLease(o: FenceLeaseOptions, first: Lease): Promise<FencedLease | undefined> {
  let lease = first;
  let acquiredAt: number | undefined;
  try {
    const seen = (await readFence(o.db)).token;
    for (let i = 0; lease.fencingToken <= seen; i++) {
      await lease.release();
      if (i >= FENCE_MAX_CATCH_UP) {
        o.log.error(
          { lock: o.lock, token: lease.fencingToken, seen },
          'the lock store hands out fencing tokens far below the database fence; not leading',
        );
        return undefined;
      }
      acquiredAt = Date.now();
      const again = await o.locks.tryAcquire(o.lock, o.ttlMs);
      if (!again) return undefined;
      lease = again;
    }
    if ((await claimFence(o.db, lease.fencingToken, o.holder)) !== lease.fencingToken) {
      await lease.release();
      return undefined;
    }
    return { lease, acquiredAt };
  } catch (err) {
    await lease.release().catch(() => undefined);
    throw err;
  }
}
