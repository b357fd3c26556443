import { sql } from 'kysely';
import { toWire, type AnyDB } from '@tradeplane/kit';
import type { Account, CommissionModel } from '../domain/types.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

/** An account with what is needed to reach its broker: the encrypted Alpaca secret stays in here. */
export interface AccountWithSecret extends Account {
  alpacaSecretEnc: string | null;
}

const toAccount = (r: Row): AccountWithSecret => ({
  id: r.id,
  userId: r.user_id,
  name: r.name,
  isDefault: r.is_default,
  broker: r.broker,
  status: r.status,
  initialCash: toWire(String(r.initial_cash)),
  marginEnabled: r.margin_enabled,
  alpaca:
    r.broker === 'alpaca'
      ? { keyId: r.alpaca_key_id ?? '', baseUrl: r.alpaca_base_url ?? '', paper: r.alpaca_paper ?? true }
      : null,
  commission: (typeof r.commission === 'string'
    ? JSON.parse(r.commission)
    : r.commission) as CommissionModel | null,
  createdAt: new Date(r.created_at),
  updatedAt: new Date(r.updated_at),
  closedAt: r.closed_at ? new Date(r.closed_at) : null,
  alpacaSecretEnc: r.alpaca_secret_enc ?? null,
});

/** Strips what must never leave the service. */
export const publicAccount = (a: AccountWithSecret): Account => {
  const { alpacaSecretEnc: _secret, ...rest } = a;
  return rest;
};

export interface NewAccount {
  id: string;
  userId: string;
  name: string;
  isDefault: boolean;
  broker: 'paper' | 'alpaca';
  initialCash: string;
  marginEnabled: boolean;
  alpaca?: { keyId: string; secretEnc: string; baseUrl: string; paper: boolean } | undefined;
  commission?: CommissionModel | null | undefined;
}

/** Inserts an account; a second default account for a user is skipped (returns undefined). */
export async function insertAccount(db: AnyDB, a: NewAccount): Promise<AccountWithSecret | undefined> {
  const row: Row | undefined = await db
    .insertInto('accounts')
    .values({
      id: a.id,
      user_id: a.userId,
      name: a.name,
      is_default: a.isDefault,
      broker: a.broker,
      initial_cash: a.initialCash,
      margin_enabled: a.marginEnabled,
      alpaca_key_id: a.alpaca?.keyId ?? null,
      alpaca_secret_enc: a.alpaca?.secretEnc ?? null,
      alpaca_base_url: a.alpaca?.baseUrl ?? null,
      alpaca_paper: a.alpaca?.paper ?? null,
      commission: a.commission ? JSON.stringify(a.commission) : null,
    })
    // Without a conflict target DO NOTHING covers the partial unique index of default accounts.
    .onConflict((oc) => oc.doNothing())
    .returningAll()
    .executeTakeFirst();
  return row ? toAccount(row) : undefined;
}

export async function getAccount(
  db: AnyDB,
  userId: string,
  id: string,
): Promise<AccountWithSecret | undefined> {
  const row: Row | undefined = await db
    .selectFrom('accounts')
    .selectAll()
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toAccount(row) : undefined;
}

/** For the brokers' background work only (no owner at hand): an account by id. */
export async function getAccountById(db: AnyDB, id: string): Promise<AccountWithSecret | undefined> {
  const row: Row | undefined = await db
    .selectFrom('accounts')
    .selectAll()
    .where('id', '=', id)
    .executeTakeFirst();
  return row ? toAccount(row) : undefined;
}

export async function getDefaultAccount(db: AnyDB, userId: string): Promise<AccountWithSecret | undefined> {
  const row: Row | undefined = await db
    .selectFrom('accounts')
    .selectAll()
    .where('user_id', '=', userId)
    .where('is_default', '=', true)
    .executeTakeFirst();
  return row ? toAccount(row) : undefined;
}

export async function listAccounts(db: AnyDB, userId: string): Promise<AccountWithSecret[]> {
  const rows: Row[] = await db
    .selectFrom('accounts')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
  return rows.map(toAccount);
}

export async function activeBrokerAccounts(db: AnyDB, broker: 'alpaca'): Promise<AccountWithSecret[]> {
  const rows: Row[] = await db
    .selectFrom('accounts')
    .selectAll()
    .where('broker', '=', broker)
    .where('status', '=', 'active')
    .orderBy('id')
    .execute();
  return rows.map(toAccount);
}

/** Locks the account row: resets, closes and order placement on it take turns. */
export async function lockAccount(
  tx: AnyDB,
  userId: string,
  id: string,
): Promise<AccountWithSecret | undefined> {
  const row: Row | undefined = await tx
    .selectFrom('accounts')
    .selectAll()
    .where('user_id', '=', userId)
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row ? toAccount(row) : undefined;
}

/** A reset's new cash; a risk check made before it priced the old cash (reset_seq, recordPlacement). */
export async function setAccountCash(tx: AnyDB, id: string, cash: string): Promise<void> {
  await tx
    .updateTable('accounts')
    .set({ initial_cash: cash, reset_seq: sql`reset_seq + 1`, updated_at: sql`now()` })
    .where('id', '=', id)
    .execute();
}

/**
 * What the placements of an account have reserved, ever (migrations 006, 008): a placement reads
 * them with its open-orders summary and compares them when it stores its order (place-order.ts).
 */
export interface PlacementCounters {
  placedSeq: bigint;
  placedBuyNotional: string;
  /** Per symbol. */
  placedSellQty: Record<string, string>;
  /** Orders placed per symbol and side, `AAPL:buy` → 3: the wash-trade guard's measure. */
  placedSides: Record<string, number>;
  /** Value of the sells placed, ever (only grows): a margin account's short sales hold buying power. */
  placedSellNotional: string;
  resetSeq: number;
}

/** What one placement adds to its account's counters. */
export interface PlacementReservation {
  symbol: string;
  side: 'buy' | 'sell';
  buyNotional: string;
  sellQty: string;
  /** A sell's value (qty × its limit or stop, else the last price); '0' for a buy. */
  sellNotional: string;
}

/**
 * The condition a placement's approval holds under (place-order.ts, replace-order.ts): the
 * account's counters as its summary saw them and the headroom risk stated. null headroom: no
 * limit on that measure.
 */
export interface PlacementGuard {
  before: PlacementCounters;
  openOrders: number | null;
  buyNotional: string | null;
  sellQty: string | null;
  /** Orders on the other side of the symbol that may appear meanwhile (the wash-trade guard). */
  crossingOrders: number | null;
  /** Buys' cash plus sells' value placed meanwhile, together (margin accounts that may short). */
  spendNotional: string | null;
}

const sideKey = (symbol: string, side: 'buy' | 'sell') => `${symbol}:${side}`;

/** Reads the counters from an accounts row (its jsonb columns may come back as text). */
export function countersOf(r: Row): PlacementCounters {
  const json = (v: unknown) => (typeof v === 'string' ? JSON.parse(v) : (v ?? {})) as Record<string, never>;
  return {
    placedSeq: BigInt(r.placed_seq ?? 0),
    placedBuyNotional: String(r.placed_buy_notional ?? '0'),
    placedSellQty: json(r.placed_sell_qty),
    placedSides: json(r.placed_sides),
    placedSellNotional: String(r.placed_sell_notional ?? '0'),
    resetSeq: Number(r.reset_seq ?? 0),
  };
}

/** The SET list adding `mine` (and `orders` orders) to the account's counters. */
export function placementSets(mine: PlacementReservation, orders: number) {
  const sellNow = sql`coalesce((placed_sell_qty->>${mine.symbol}::text)::numeric, 0)`;
  const key = sideKey(mine.symbol, mine.side);
  return sql`placed_seq = placed_seq + ${orders}::bigint,
    placed_buy_notional = placed_buy_notional + ${mine.buyNotional}::numeric,
    placed_sell_qty = case when ${mine.sellQty}::numeric = 0 then placed_sell_qty
      else jsonb_set(placed_sell_qty, array[${mine.symbol}::text],
        to_jsonb((${sellNow} + ${mine.sellQty}::numeric)::text)) end,
    placed_sides = jsonb_set(placed_sides, array[${key}::text],
      to_jsonb(coalesce((placed_sides->>${key}::text)::bigint, 0) + 1)),
    placed_sell_notional = placed_sell_notional + ${mine.sellNotional}::numeric`;
}

/**
 * The WHERE condition under which a guarded placement may add itself: no reset since the
 * summary, and what the placements committed since it reserved fits the approval's headroom.
 */
export function placementFits(guard: PlacementGuard | undefined, mine: PlacementReservation) {
  if (!guard) return sql``;
  const b = guard.before;
  const since = sql`${String(b.placedSeq)}::bigint`;
  const sellNow = sql`coalesce((placed_sell_qty->>${mine.symbol}::text)::numeric, 0)`;
  const opposite = sideKey(mine.symbol, mine.side === 'buy' ? 'sell' : 'buy');
  const oppositeNow = sql`coalesce((placed_sides->>${opposite}::text)::bigint, 0)`;
  return sql`and reset_seq = ${b.resetSeq}::int and (
    placed_seq <= ${since} or (
      (${guard.openOrders}::bigint is null or placed_seq - ${since} <= ${guard.openOrders}::bigint)
      and (${guard.buyNotional}::numeric is null
           or placed_buy_notional - ${b.placedBuyNotional}::numeric <= ${guard.buyNotional}::numeric)
      and (${guard.sellQty}::numeric is null
           or ${sellNow} - ${b.placedSellQty[mine.symbol] ?? '0'}::numeric <= ${guard.sellQty}::numeric)
      and (${guard.crossingOrders}::bigint is null
           or ${oppositeNow} - ${b.placedSides[opposite] ?? 0}::bigint <= ${guard.crossingOrders}::bigint)
      and (${guard.spendNotional}::numeric is null
           or (placed_buy_notional - ${b.placedBuyNotional}::numeric)
              + (placed_sell_notional - ${b.placedSellNotional}::numeric) <= ${guard.spendNotional}::numeric)))`;
}

/**
 * Adds a placement's reservation to its account's counters, with the row in its latest version
 * (every placement committed before it included). With a guard, only if the approval still holds
 * (placementFits): 'conflict' otherwise, and nothing changed. Undefined when the account is not
 * active. The account row stays locked until the transaction ends, so callers make this their
 * last statement. A reset or close waits for it, or it sees them.
 */
export async function recordPlacement(
  tx: AnyDB,
  accountId: string,
  mine: PlacementReservation,
  guard?: PlacementGuard,
): Promise<'recorded' | 'conflict' | undefined> {
  const accounts = sql.id('orders', 'accounts');
  const { rows } = await sql<{ status: string; recorded: boolean }>`
    with acct as (
      update ${accounts} set ${placementSets(mine, 1)}
       where id = ${accountId} and status = 'active' ${placementFits(guard, mine)}
       returning id
    )
    select status, exists (select 1 from acct) as recorded from ${accounts} where id = ${accountId}`.execute(
    tx,
  );
  const row = rows[0];
  if (!row || row.status !== 'active') return undefined;
  return row.recorded ? 'recorded' : 'conflict';
}

export async function closeAccountRow(tx: AnyDB, id: string): Promise<AccountWithSecret> {
  const row: Row = await tx
    .updateTable('accounts')
    .set({ status: 'closed', closed_at: sql`now()`, updated_at: sql`now()` })
    .where('id', '=', id)
    .returningAll()
    .executeTakeFirstOrThrow();
  return toAccount(row);
}
