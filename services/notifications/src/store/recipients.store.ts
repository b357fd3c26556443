import { sql } from 'kysely';
import type { AnyDB } from '@tradeplane/kit';

export interface Recipient {
  userId: string;
  /** The address identity knows (user.registered or a lookup). */
  email: string | null;
  /** The owner's own choice of address, which wins. */
  emailOverride: string | null;
  phone: string | null;
}

interface Row {
  user_id: string;
  email: string | null;
  email_override: string | null;
  phone: string | null;
}

export async function getRecipient(db: AnyDB, userId: string): Promise<Recipient | undefined> {
  const row: Row | undefined = await db
    .selectFrom('recipients')
    .select(['user_id', 'email', 'email_override', 'phone'])
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return (
    row && { userId: row.user_id, email: row.email, emailOverride: row.email_override, phone: row.phone }
  );
}

/** Records the address identity knows for the user. */
export async function setKnownEmail(db: AnyDB, userId: string, email: string): Promise<void> {
  await db
    .insertInto('recipients')
    .values({ user_id: userId, email })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ email, updated_at: sql`now()` }))
    .execute();
}

/** The owner's contact choices; a field left undefined keeps its value, null clears it. */
export async function setContact(
  db: AnyDB,
  userId: string,
  c: { emailOverride?: string | null | undefined; phone?: string | null | undefined },
): Promise<void> {
  const set: Record<string, unknown> = {};
  if (c.emailOverride !== undefined) set.email_override = c.emailOverride;
  if (c.phone !== undefined) set.phone = c.phone;
  if (Object.keys(set).length === 0) return;
  await db
    .insertInto('recipients')
    .values({ user_id: userId, ...set })
    .onConflict((oc) => oc.column('user_id').doUpdateSet({ ...set, updated_at: sql`now()` }))
    .execute();
}
