import { sql } from 'kysely';
import type { AnyDB } from '@tradeplane/kit';

/** The owner's explicit choices per rule; rules without one keep their default. */
export async function getRuleSettings(db: AnyDB, accountId: string): Promise<Map<string, boolean>> {
  const rows: { rule_id: string; enabled: boolean }[] = await db
    .selectFrom('compliance_settings')
    .select(['rule_id', 'enabled'])
    .where('account_id', '=', accountId)
    .execute();
  return new Map(rows.map((r) => [r.rule_id, r.enabled]));
}

export async function setRuleSetting(
  db: AnyDB,
  accountId: string,
  ruleId: string,
  enabled: boolean,
): Promise<void> {
  await db
    .insertInto('compliance_settings')
    .values({ account_id: accountId, rule_id: ruleId, enabled })
    .onConflict((oc) =>
      oc.columns(['account_id', 'rule_id']).doUpdateSet({ enabled, updated_at: sql`now()` }),
    )
    .execute();
}
