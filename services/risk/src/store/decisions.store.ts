import type { AnyDB } from '@tradeplane/kit';
import type { TradingState } from '@tradeplane/contracts';

export interface Decision {
  id: string;
  accountId: string;
  userId: string;
  approved: boolean;
  code: string | null;
  message: string | null;
  state: TradingState;
  symbol: string;
  side: string;
  inputs: unknown;
  createdAt: Date;
}

interface Row {
  id: string;
  account_id: string;
  user_id: string;
  approved: boolean;
  code: string | null;
  message: string | null;
  state: TradingState;
  symbol: string;
  side: string;
  inputs: unknown;
  created_at: Date;
}

const toDecision = (r: Row): Decision => ({
  id: r.id,
  accountId: r.account_id,
  userId: r.user_id,
  approved: r.approved,
  code: r.code,
  message: r.message,
  state: r.state,
  symbol: r.symbol,
  side: r.side,
  inputs: typeof r.inputs === 'string' ? (JSON.parse(r.inputs) as unknown) : r.inputs,
  createdAt: r.created_at,
});

export async function insertDecision(db: AnyDB, d: Omit<Decision, 'createdAt'>): Promise<void> {
  await db
    .insertInto('decisions')
    .values({
      id: d.id,
      account_id: d.accountId,
      user_id: d.userId,
      approved: d.approved,
      code: d.code,
      message: d.message,
      state: d.state,
      symbol: d.symbol,
      side: d.side,
      inputs: JSON.stringify(d.inputs),
    })
    .execute();
}

/** An account's decisions, newest first; `before` is the last id of the previous page (ids are UUIDv7). */
export async function listDecisions(
  db: AnyDB,
  accountId: string,
  page: { limit: number; before?: string | undefined },
): Promise<Decision[]> {
  let q = db.selectFrom('decisions').selectAll().where('account_id', '=', accountId);
  if (page.before) q = q.where('id', '<', page.before);
  const rows = (await q.orderBy('id', 'desc').limit(page.limit).execute()) as Row[];
  return rows.map(toDecision);
}
