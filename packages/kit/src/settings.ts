import type { AnyDB } from './db.ts';

/**
 * A service's own key-value settings (a `settings (key text primary key, value text)` table its
 * migrations create): values the service makes once and every instance must agree on, such as a
 * generated encryption key.
 */
export async function getSetting(db: AnyDB, key: string): Promise<string | undefined> {
  const row = await db.selectFrom('settings').select('value').where('key', '=', key).executeTakeFirst();
  return row ? (row.value as string) : undefined;
}

/** Sets a value unless one exists; returns the value that is stored afterwards. */
export async function setSettingOnce(db: AnyDB, key: string, value: string): Promise<string> {
  await db
    .insertInto('settings')
    .values({ key, value })
    .onConflict((oc) => oc.column('key').doNothing())
    .execute();
  return (await getSetting(db, key))!;
}
