import { sql } from 'kysely';
import type { AnyDB } from '@tradeplane/kit';

export interface RiskAccount {
  accountId: string;
  userId: string;
  name: string;
  marginEnabled: boolean;
  isDefault: boolean;
  closedAt: Date | null;
}

export interface AccountRow {
  account_id: string;
  user_id: string;
  name: string;
  margin_enabled: boolean;
  is_default: boolean;
  closed_at: Date | null;
}

const COLUMNS = ['account_id', 'user_id', 'name', 'margin_enabled', 'is_default', 'closed_at'] as const;

export const toAccount = (r: AccountRow): RiskAccount => ({
  accountId: r.account_id,
  userId: r.user_id,
  name: r.name,
  marginEnabled: r.margin_enabled,
  isDefault: r.is_default,
  closedAt: r.closed_at,
});

export async function upsertAccount(
  db: AnyDB,
  a: { accountId: string; userId: string; name: string; marginEnabled: boolean; isDefault: boolean },
): Promise<void> {
  await db
    .insertInto('accounts')
    .values({
      account_id: a.accountId,
      user_id: a.userId,
      name: a.name,
      margin_enabled: a.marginEnabled,
      is_default: a.isDefault,
    })
    .onConflict((oc) =>
      oc.column('account_id').doUpdateSet({
        name: a.name,
        margin_enabled: a.marginEnabled,
        is_default: a.isDefault,
      }),
    )
    .execute();
}

/** Records a closed account; a close that overtook the open still leaves a closed row. */
export async function closeAccount(db: AnyDB, accountId: string, userId: string): Promise<void> {
  await db
    .insertInto('accounts')
    .values({ account_id: accountId, user_id: userId, closed_at: sql`now()` })
    .onConflict((oc) =>
      oc.column('account_id').doUpdateSet({ closed_at: sql`coalesce(accounts.closed_at, now())` }),
    )
    .execute();
}

export async function getAccount(db: AnyDB, accountId: string): Promise<RiskAccount | undefined> {
  const row: AccountRow | undefined = await db
    .selectFrom('accounts')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .executeTakeFirst();
  return row && toAccount(row);
}

/** The account if `userId` owns it: every owner-facing read goes through here. */
export async function getOwnedAccount(
  db: AnyDB,
  userId: string,
  accountId: string,
): Promise<RiskAccount | undefined> {
  const row: AccountRow | undefined = await db
    .selectFrom('accounts')
    .select(COLUMNS)
    .where('account_id', '=', accountId)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row && toAccount(row);
}
