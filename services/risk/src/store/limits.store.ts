import { sql } from 'kysely';
import { toWire, type AnyDB } from '@tradeplane/kit';
import type { Limits } from '../domain/limits.ts';

export interface LimitsRow {
  account_id: string;
  max_order_notional: string | null;
  max_position_pct: string | null;
  max_open_orders: number | null;
  allow_symbols: string[] | string;
  deny_symbols: string[] | string;
  price_collar_pct: string | null;
  daily_loss_limit_pct: string | null;
  max_drawdown_pct: string | null;
  daily_loss_action: 'REDUCING' | 'HALTED';
  drawdown_action: 'REDUCING' | 'HALTED';
  shorting_enabled: boolean;
  updated_at: Date;
}

const wire = (v: string | null) => (v === null ? null : toWire(v));
const list = (v: string[] | string): string[] => (typeof v === 'string' ? (JSON.parse(v) as string[]) : v);

export const toLimits = (r: LimitsRow): Limits => ({
  maxOrderNotional: wire(r.max_order_notional),
  maxPositionPct: wire(r.max_position_pct),
  maxOpenOrders: r.max_open_orders,
  allowSymbols: list(r.allow_symbols),
  denySymbols: list(r.deny_symbols),
  priceCollarPct: wire(r.price_collar_pct),
  dailyLossLimitPct: wire(r.daily_loss_limit_pct),
  maxDrawdownPct: wire(r.max_drawdown_pct),
  dailyLossAction: r.daily_loss_action,
  drawdownAction: r.drawdown_action,
  shortingEnabled: r.shorting_enabled,
  updatedAt: r.updated_at.toISOString(),
});

const toRow = (l: Omit<Limits, 'updatedAt'>) => ({
  max_order_notional: l.maxOrderNotional,
  max_position_pct: l.maxPositionPct,
  max_open_orders: l.maxOpenOrders,
  allow_symbols: JSON.stringify(l.allowSymbols),
  deny_symbols: JSON.stringify(l.denySymbols),
  price_collar_pct: l.priceCollarPct,
  daily_loss_limit_pct: l.dailyLossLimitPct,
  max_drawdown_pct: l.maxDrawdownPct,
  daily_loss_action: l.dailyLossAction,
  drawdown_action: l.drawdownAction,
  shorting_enabled: l.shortingEnabled,
});

/** The account's limits, or undefined before they were first needed (a read: creates nothing). */
export async function getLimits(db: AnyDB, accountId: string): Promise<Limits | undefined> {
  const row = (await db
    .selectFrom('limits')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirst()) as LimitsRow | undefined;
  return row && toLimits(row);
}

/** The account's limits, created from `defaults` the first time they are needed. */
export async function getOrCreateLimits(
  db: AnyDB,
  accountId: string,
  defaults: Omit<Limits, 'updatedAt'>,
): Promise<Limits> {
  // Read first: the row exists on every check but an account's first, and the insert is a write.
  const existing = await getLimits(db, accountId);
  if (existing) return existing;
  await db
    .insertInto('limits')
    .values({ account_id: accountId, ...toRow(defaults) })
    .onConflict((oc) => oc.column('account_id').doNothing())
    .execute();
  const row = (await db
    .selectFrom('limits')
    .selectAll()
    .where('account_id', '=', accountId)
    .executeTakeFirstOrThrow()) as LimitsRow;
  return toLimits(row);
}

export async function saveLimits(
  db: AnyDB,
  accountId: string,
  limits: Omit<Limits, 'updatedAt'>,
): Promise<Limits> {
  const row = (await db
    .updateTable('limits')
    .set({ ...toRow(limits), updated_at: sql`now()` })
    .where('account_id', '=', accountId)
    .returningAll()
    .executeTakeFirstOrThrow()) as LimitsRow;
  return toLimits(row);
}
