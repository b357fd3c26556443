import type { AnyDB } from '@tradeplane/kit';

export async function getAllowlist(db: AnyDB): Promise<string[]> {
  const rows: { entry: string }[] = await db
    .selectFrom('webhook_allowlist')
    .select('entry')
    .orderBy('entry')
    .execute();
  return rows.map((r) => r.entry);
}

/** Replaces the whole list (the admin PUT). */
export async function replaceAllowlist(db: AnyDB, entries: string[]): Promise<void> {
  await db.deleteFrom('webhook_allowlist').execute();
  if (entries.length > 0)
    await db
      .insertInto('webhook_allowlist')
      .values(entries.map((entry) => ({ entry })))
      .execute();
}
