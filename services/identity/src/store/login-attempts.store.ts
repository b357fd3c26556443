import { sql } from 'kysely';
import type { AnyDB } from '@tradeplane/kit';

export interface AttemptCount {
  /** Attempts in the current window, this one included. */
  count: number;
  /** Seconds until the current window ends. */
  retryAfterSeconds: number;
}

/**
 * Counts one attempt for `key` in a fixed window that opens at the key's first attempt. One
 * atomic upsert, so concurrent attempts on several instances never lose a count.
 */
export async function countAttempt(db: AnyDB, key: string, windowSeconds: number): Promise<AttemptCount> {
  // In ON CONFLICT DO UPDATE, `login_attempts.*` is the row before the update.
  const windowOpen = sql<boolean>`${sql.ref('login_attempts.window_start')} > now() - make_interval(secs => ${windowSeconds})`;
  const row: { count: number; retry_after: number } = await db
    .insertInto('login_attempts')
    .values({ key, window_start: sql`now()`, count: 1 })
    .onConflict((oc) =>
      oc.column('key').doUpdateSet({
        count: sql`case when ${windowOpen} then ${sql.ref('login_attempts.count')} + 1 else 1 end`,
        window_start: sql`case when ${windowOpen} then ${sql.ref('login_attempts.window_start')} else now() end`,
      }),
    )
    .returning([
      'count',
      sql<number>`greatest(1, ceil(extract(epoch from (window_start + make_interval(secs => ${windowSeconds}) - now()))))::integer`.as(
        'retry_after',
      ),
    ])
    .executeTakeFirstOrThrow();
  return { count: row.count, retryAfterSeconds: row.retry_after };
}

export async function clearAttempts(db: AnyDB, key: string): Promise<void> {
  await db.deleteFrom('login_attempts').where('key', '=', key).execute();
}

export async function deleteClosedWindows(db: AnyDB, windowSeconds: number): Promise<void> {
  await db
    .deleteFrom('login_attempts')
    .where('window_start', '<=', sql<Date>`now() - make_interval(secs => ${windowSeconds})`)
    .execute();
}
