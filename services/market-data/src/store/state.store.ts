import { sql } from 'kysely';
import type { AnyDB, AnyTx } from '@tradeplane/kit';

/** The market_state key/value table: small JSON documents the market keeps across restarts. */
export async function readState<T>(db: AnyDB | AnyTx, key: string): Promise<T | undefined> {
  const row: { value: T } | undefined = await db
    .selectFrom('market_state')
    .select('value')
    .where('key', '=', key)
    .executeTakeFirst();
  return row?.value;
}

export async function writeState(db: AnyDB | AnyTx, key: string, value: unknown): Promise<void> {
  const json = JSON.stringify(value);
  await db
    .insertInto('market_state')
    .values({ key, value: sql`${json}::jsonb`, updated_at: sql`now()` })
    .onConflict((oc) => oc.column('key').doUpdateSet({ value: sql`${json}::jsonb`, updated_at: sql`now()` }))
    .execute();
}
