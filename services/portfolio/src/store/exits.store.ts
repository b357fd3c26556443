import { sql } from 'kysely';
import { toWire, type AnyDB } from '@tradeplane/kit';

export type ExitState = 'armed' | 'triggered' | 'placed' | 'failed';
export type ExitKind = 'stop_loss' | 'take_profit';

export interface ExitRecord {
  accountId: string;
  symbol: string;
  userId: string;
  stopLoss: string | null;
  takeProfit: string | null;
  version: number;
  state: ExitState;
  kind: ExitKind | null;
  side: 'buy' | 'sell' | null;
  qty: string | null;
  triggerPrice: string | null;
  clientOrderId: string | null;
  orderId: string | null;
  error: string | null;
  attempts: number;
  triggeredAt: Date | null;
}

interface Row {
  account_id: string;
  symbol: string;
  user_id: string;
  stop_loss: string | null;
  take_profit: string | null;
  version: number;
  state: ExitState;
  kind: ExitKind | null;
  side: 'buy' | 'sell' | null;
  qty: string | null;
  trigger_price: string | null;
  client_order_id: string | null;
  order_id: string | null;
  error: string | null;
  attempts: number;
  triggered_at: Date | null;
}

const wire = (v: string | null) => (v === null ? null : toWire(v));
const toExit = (r: Row): ExitRecord => ({
  accountId: r.account_id,
  symbol: r.symbol,
  userId: r.user_id,
  stopLoss: wire(r.stop_loss),
  takeProfit: wire(r.take_profit),
  version: r.version,
  state: r.state,
  kind: r.kind,
  side: r.side,
  qty: wire(r.qty),
  triggerPrice: wire(r.trigger_price),
  clientOrderId: r.client_order_id,
  orderId: r.order_id,
  error: r.error,
  attempts: r.attempts,
  triggeredAt: r.triggered_at,
});

export async function getExit(db: AnyDB, accountId: string, symbol: string): Promise<ExitRecord | undefined> {
  const row = (await db
    .selectFrom('position_exits')
    .selectAll()
    .where('account_id', '=', accountId)
    .where('symbol', '=', symbol)
    .executeTakeFirst()) as Row | undefined;
  return row && toExit(row);
}

export async function listExits(db: AnyDB, accountId: string): Promise<ExitRecord[]> {
  const rows = (await db
    .selectFrom('position_exits')
    .selectAll()
    .where('account_id', '=', accountId)
    .execute()) as Row[];
  return rows.map(toExit);
}

/** New levels re-arm the exit under a new version (so a new trigger gets a new clientOrderId). */
export async function setLevels(
  db: AnyDB,
  e: {
    accountId: string;
    symbol: string;
    userId: string;
    stopLoss: string | null;
    takeProfit: string | null;
  },
): Promise<ExitRecord> {
  const reset = {
    stop_loss: e.stopLoss,
    take_profit: e.takeProfit,
    state: 'armed',
    kind: null,
    side: null,
    qty: null,
    trigger_price: null,
    client_order_id: null,
    order_id: null,
    error: null,
    attempts: 0,
    triggered_at: null,
    updated_at: sql`now()`,
  };
  const row = (await db
    .insertInto('position_exits')
    .values({ account_id: e.accountId, symbol: e.symbol, user_id: e.userId, ...reset })
    .onConflict((oc) =>
      oc
        .columns(['account_id', 'symbol'])
        .doUpdateSet({ ...reset, version: sql`position_exits.version + 1` }),
    )
    .returningAll()
    .executeTakeFirstOrThrow()) as Row;
  return toExit(row);
}

export async function deleteExit(db: AnyDB, accountId: string, symbol: string): Promise<void> {
  await db
    .deleteFrom('position_exits')
    .where('account_id', '=', accountId)
    .where('symbol', '=', symbol)
    .execute();
}

export async function deleteExits(db: AnyDB, accountId: string): Promise<void> {
  await db.deleteFrom('position_exits').where('account_id', '=', accountId).execute();
}

/** Armed exits, optionally only of some symbols. */
export async function listArmed(db: AnyDB, symbols?: readonly string[]): Promise<ExitRecord[]> {
  let q = db.selectFrom('position_exits').selectAll().where('state', '=', 'armed');
  if (symbols) {
    if (symbols.length === 0) return [];
    q = q.where('symbol', 'in', [...symbols]);
  }
  return ((await q.execute()) as Row[]).map(toExit);
}

/** Triggered exits whose order has not been confirmed placed: to (re)send with their clientOrderId. */
export async function listUnplaced(db: AnyDB): Promise<ExitRecord[]> {
  const rows = (await db
    .selectFrom('position_exits')
    .selectAll()
    .where('state', '=', 'triggered')
    .execute()) as Row[];
  return rows.map(toExit);
}

/**
 * Arms → triggered, only if still armed at the same version: of any number of concurrent
 * watchers (instances, the sweep and the live feed), exactly one wins the exit.
 */
export async function claimTrigger(
  db: AnyDB,
  e: {
    accountId: string;
    symbol: string;
    version: number;
    kind: ExitKind;
    side: 'buy' | 'sell';
    qty: string;
    triggerPrice: string;
    clientOrderId: string;
  },
): Promise<boolean> {
  const row = await db
    .updateTable('position_exits')
    .set({
      state: 'triggered',
      kind: e.kind,
      side: e.side,
      qty: e.qty,
      trigger_price: e.triggerPrice,
      client_order_id: e.clientOrderId,
      triggered_at: sql`now()`,
      updated_at: sql`now()`,
    })
    .where('account_id', '=', e.accountId)
    .where('symbol', '=', e.symbol)
    .where('version', '=', e.version)
    .where('state', '=', 'armed')
    .returning('account_id')
    .executeTakeFirst();
  return row !== undefined;
}

export async function finishExit(
  db: AnyDB,
  e: { accountId: string; symbol: string; version: number },
  outcome:
    | { state: 'placed'; orderId: string | null }
    | { state: 'failed'; error: string }
    | { state: 'triggered'; error: string },
): Promise<void> {
  await db
    .updateTable('position_exits')
    .set({
      state: outcome.state,
      ...(outcome.state === 'placed' ? { order_id: outcome.orderId, error: null } : { error: outcome.error }),
      attempts: sql`attempts + 1`,
      updated_at: sql`now()`,
    })
    .where('account_id', '=', e.accountId)
    .where('symbol', '=', e.symbol)
    .where('version', '=', e.version)
    .execute();
}
