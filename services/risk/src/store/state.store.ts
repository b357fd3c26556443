import { sql } from 'kysely';
import { toWire, type AnyDB } from '@tradeplane/kit';
import type { TradingState } from '@tradeplane/contracts';

export interface StateRecord {
  accountId: string;
  state: TradingState;
  reason: string;
  changedBy: string;
  changedAt: Date;
  killSwitch: boolean;
  /** YYYY-MM-DD (UTC) on which the owner resumed after a breaker, or null. */
  resumedOn: string | null;
  sodDate: string | null;
  sodEquity: string | null;
  highWaterMark: string | null;
  lastEquity: string | null;
  valuedAt: Date | null;
}

export interface StateRow {
  account_id: string;
  state: TradingState;
  reason: string;
  changed_by: string;
  changed_at: Date;
  kill_switch: boolean;
  resumed_on: string | null;
  sod_date: string | null;
  sod_equity: string | null;
  high_water_mark: string | null;
  last_equity: string | null;
  valued_at: Date | null;
}

const wire = (v: string | null) => (v === null ? null : toWire(v));

export const toStateRecord = (r: StateRow): StateRecord => ({
  accountId: r.account_id,
  state: r.state,
  reason: r.reason,
  changedBy: r.changed_by,
  changedAt: r.changed_at,
  killSwitch: r.kill_switch,
  resumedOn: r.resumed_on,
  sodDate: r.sod_date,
  sodEquity: wire(r.sod_equity),
  highWaterMark: wire(r.high_water_mark),
  lastEquity: wire(r.last_equity),
  valuedAt: r.valued_at,
});

// DATE columns are read as text: node-postgres would turn them into local-midnight Dates.
const select = (db: AnyDB) =>
  db
    .selectFrom('trading_states')
    .select([
      'account_id',
      'state',
      'reason',
      'changed_by',
      'changed_at',
      'kill_switch',
      sql<string | null>`resumed_on::text`.as('resumed_on'),
      sql<string | null>`sod_date::text`.as('sod_date'),
      'sod_equity',
      'high_water_mark',
      'last_equity',
      'valued_at',
    ]);

/** The account's state row (ACTIVE the first time); `lock` holds it for the transaction. */
export async function getOrCreateState(db: AnyDB, accountId: string, lock = false): Promise<StateRecord> {
  const read = async () => {
    let q = select(db).where('account_id', '=', accountId);
    if (lock) q = q.forUpdate();
    return (await q.executeTakeFirst()) as StateRow | undefined;
  };
  // Read (and lock) first: the row exists on every call but an account's first.
  let row = await read();
  if (!row) {
    await db
      .insertInto('trading_states')
      .values({ account_id: accountId, state: 'ACTIVE', reason: 'initial state', changed_by: 'default' })
      .onConflict((oc) => oc.column('account_id').doNothing())
      .execute();
    row = await read();
    if (!row) throw new Error(`trading state of ${accountId} vanished`);
  }
  return toStateRecord(row);
}

/**
 * Writes a valuation's figures unless a later one is recorded already; the high-water mark only
 * goes up, whatever another writer recorded since the row was read. No row lock is taken before
 * the statement, so a check holds the row only while this one statement commits. `skipIfBusy`
 * (a refresh of unchanged figures) leaves the row alone when another writer holds it: that one
 * records the same figures.
 */
export async function recordValuation(
  db: AnyDB,
  accountId: string,
  v: { sodDate: string; sodEquity: string; highWaterMark: string; lastEquity: string; valuedAt: Date },
  skipIfBusy = false,
): Promise<void> {
  let q = db
    .updateTable('trading_states')
    .set({
      sod_date: v.sodDate,
      sod_equity: v.sodEquity,
      high_water_mark: sql`greatest(coalesce(high_water_mark, 0), ${v.highWaterMark}::numeric)`,
      last_equity: v.lastEquity,
      valued_at: v.valuedAt,
    })
    .where('account_id', '=', accountId)
    .where((eb) => eb.or([eb('valued_at', 'is', null), eb('valued_at', '<=', v.valuedAt)]));
  if (skipIfBusy)
    q = q.where(
      'account_id',
      'in',
      db
        .selectFrom('trading_states')
        .select('account_id')
        .where('account_id', '=', accountId)
        .forUpdate()
        .skipLocked(),
    );
  await q.execute();
}

export interface StatePatch {
  state?: TradingState;
  reason?: string;
  changedBy?: string;
  killSwitch?: boolean;
  resumedOn?: string | null;
  sodDate?: string | null;
  sodEquity?: string | null;
  highWaterMark?: string | null;
  lastEquity?: string | null;
  valuedAt?: Date | null;
}

export async function updateState(db: AnyDB, accountId: string, p: StatePatch): Promise<void> {
  const set: Record<string, unknown> = {};
  if (p.state !== undefined) {
    set.state = p.state;
    set.changed_at = sql`now()`;
  }
  if (p.reason !== undefined) set.reason = p.reason;
  if (p.changedBy !== undefined) set.changed_by = p.changedBy;
  if (p.killSwitch !== undefined) set.kill_switch = p.killSwitch;
  if (p.resumedOn !== undefined) set.resumed_on = p.resumedOn;
  if (p.sodDate !== undefined) set.sod_date = p.sodDate;
  if (p.sodEquity !== undefined) set.sod_equity = p.sodEquity;
  if (p.highWaterMark !== undefined) set.high_water_mark = p.highWaterMark;
  if (p.lastEquity !== undefined) set.last_equity = p.lastEquity;
  if (p.valuedAt !== undefined) set.valued_at = p.valuedAt;
  if (Object.keys(set).length === 0) return;
  await db.updateTable('trading_states').set(set).where('account_id', '=', accountId).execute();
}
