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
 * What the placements of an account have reserved, ever (migration 006): a placement reads them
 * with its open-orders summary and compares them when it stores its order (place-order.ts).
 */
export interface PlacementCounters {
  placedSeq: bigint;
  placedBuyNotional: string;
  /** Per symbol. */
  placedSellQty: Record<string, string>;
  resetSeq: number;
}

/** The counters after a placement recorded itself; `placedSellQty` is of the placement's symbol. */
export interface RecordedPlacement {
  placedSeq: bigint;
  placedBuyNotional: string;
  placedSellQty: string;
  resetSeq: number;
}

/**
 * Adds a placement's reservation to its account's counters and returns them as they are now,
 * with every placement committed before it included (the row is updated in its latest version).
 * Undefined when the account is not active. The account row stays locked until the transaction
 * ends, so callers make this their last statement. A reset or close waits for it, or it sees them.
 */
export async function recordPlacement(
  tx: AnyDB,
  accountId: string,
  mine: { symbol: string; buyNotional: string; sellQty: string },
): Promise<RecordedPlacement | undefined> {
  const sellSymbol = sql`array[${mine.symbol}::text]`;
  const sellNow = sql`coalesce((placed_sell_qty->>${mine.symbol}::text)::numeric, 0)`;
  const row: Row | undefined = await tx
    .updateTable('accounts')
    .set({
      placed_seq: sql`placed_seq + 1`,
      placed_buy_notional: sql`placed_buy_notional + ${mine.buyNotional}::numeric`,
      placed_sell_qty: sql`case when ${mine.sellQty}::numeric = 0 then placed_sell_qty
        else jsonb_set(placed_sell_qty, ${sellSymbol}, to_jsonb((${sellNow} + ${mine.sellQty}::numeric)::text)) end`,
    })
    .where('id', '=', accountId)
    .where('status', '=', 'active')
    .returning([
      'placed_seq',
      'placed_buy_notional',
      'reset_seq',
      sql<string | null>`placed_sell_qty->>${mine.symbol}::text`.as('placed_sell'),
    ])
    .executeTakeFirst();
  if (!row) return undefined;
  return {
    placedSeq: BigInt(row.placed_seq),
    placedBuyNotional: String(row.placed_buy_notional),
    placedSellQty: row.placed_sell ?? '0',
    resetSeq: Number(row.reset_seq),
  };
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
