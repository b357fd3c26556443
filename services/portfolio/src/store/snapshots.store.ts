import { toWire, type AnyDB } from '@tradeplane/kit';

export interface Snapshot {
  at: Date;
  equity: string;
  cash: string;
}

export async function saveSnapshot(db: AnyDB, accountId: string, s: Snapshot): Promise<void> {
  await db
    .insertInto('equity_snapshots')
    .values({ account_id: accountId, at: s.at, equity: s.equity, cash: s.cash })
    .onConflict((oc) => oc.columns(['account_id', 'at']).doUpdateSet({ equity: s.equity, cash: s.cash }))
    .execute();
}

/** Snapshots in [from, to], oldest first. */
export async function listSnapshots(db: AnyDB, accountId: string, from: Date, to: Date): Promise<Snapshot[]> {
  const rows = (await db
    .selectFrom('equity_snapshots')
    .select(['at', 'equity', 'cash'])
    .where('account_id', '=', accountId)
    .where('at', '>=', from)
    .where('at', '<=', to)
    .orderBy('at')
    .execute()) as { at: Date; equity: string; cash: string }[];
  return rows.map((r) => ({ at: r.at, equity: toWire(r.equity), cash: toWire(r.cash) }));
}
