import { sql } from 'kysely';
import { toWire, type AnyDB } from '@tradeplane/kit';
import { toPosition, type PositionRecord } from './positions.store.ts';

export interface LedgerAccount {
  accountId: string;
  userId: string;
  name: string;
  isDefault: boolean;
  marginEnabled: boolean;
  broker: string;
  opened: boolean;
  cash: string;
  realizedPnl: string;
  fees: string;
  createdAt: Date;
  closedAt: Date | null;
  resetAt: Date | null;
  /** YYYY-MM-DD (UTC) of the start-of-day equity. */
  sodDate: string | null;
  sodEquity: string | null;
  highWaterMark: string | null;
  lastEquity: string | null;
  valuedAt: Date | null;
  lastFillAt: Date | null;
}

interface Row {
  account_id: string;
  user_id: string;
  name: string;
  is_default: boolean;
  margin_enabled: boolean;
  broker: string;
  opened: boolean;
  cash: string;
  realized_pnl: string;
  fees: string;
  created_at: Date;
  closed_at: Date | null;
  reset_at: Date | null;
  sod_date: string | null;
  sod_equity: string | null;
  high_water_mark: string | null;
  last_equity: string | null;
  valued_at: Date | null;
  last_fill_at: Date | null;
}

const wire = (v: string | null) => (v === null ? null : toWire(v));

const toAccount = (r: Row): LedgerAccount => ({
  accountId: r.account_id,
  userId: r.user_id,
  name: r.name,
  isDefault: r.is_default,
  marginEnabled: r.margin_enabled,
  broker: r.broker,
  opened: r.opened,
  cash: toWire(r.cash),
  realizedPnl: toWire(r.realized_pnl),
  fees: toWire(r.fees),
  createdAt: r.created_at,
  closedAt: r.closed_at,
  resetAt: r.reset_at,
  sodDate: r.sod_date,
  sodEquity: wire(r.sod_equity),
  highWaterMark: wire(r.high_water_mark),
  lastEquity: wire(r.last_equity),
  valuedAt: r.valued_at,
  lastFillAt: r.last_fill_at,
});

// DATE is read as text: node-postgres would make it a local-midnight Date.
const select = (db: AnyDB) =>
  db
    .selectFrom('accounts')
    .select([
      'account_id',
      'user_id',
      'name',
      'is_default',
      'margin_enabled',
      'broker',
      'opened',
      'cash',
      'realized_pnl',
      'fees',
      'created_at',
      'closed_at',
      'reset_at',
      sql<string | null>`sod_date::text`.as('sod_date'),
      'sod_equity',
      'high_water_mark',
      'last_equity',
      'valued_at',
      'last_fill_at',
    ]);

export async function getAccount(
  db: AnyDB,
  accountId: string,
  lock = false,
): Promise<LedgerAccount | undefined> {
  let q = select(db).where('account_id', '=', accountId);
  if (lock) q = q.forUpdate();
  const row = (await q.executeTakeFirst()) as Row | undefined;
  return row && toAccount(row);
}

/**
 * The account and its open positions (qty ≠ 0, by symbol) in one round trip: the state risk reads
 * for every order. Undefined when the account is unknown.
 */
export async function getAccountWithPositions(
  db: AnyDB,
  accountId: string,
): Promise<{ account: LedgerAccount; positions: PositionRecord[] } | undefined> {
  const rows = (await db
    .selectFrom('accounts as a')
    .leftJoin('positions as p', (j) => j.onRef('p.account_id', '=', 'a.account_id').on('p.qty', '!=', '0'))
    .select([
      'a.account_id',
      'a.user_id',
      'a.name',
      'a.is_default',
      'a.margin_enabled',
      'a.broker',
      'a.opened',
      'a.cash',
      'a.realized_pnl',
      'a.fees',
      'a.created_at',
      'a.closed_at',
      'a.reset_at',
      sql<string | null>`a.sod_date::text`.as('sod_date'),
      'a.sod_equity',
      'a.high_water_mark',
      'a.last_equity',
      'a.valued_at',
      'a.last_fill_at',
      'p.symbol as p_symbol',
      'p.qty as p_qty',
      'p.cost_basis as p_cost_basis',
      'p.realized_pnl as p_realized_pnl',
      'p.commissions as p_commissions',
      'p.last_price as p_last_price',
      'p.lastday_price as p_lastday_price',
      'p.opened_at as p_opened_at',
      'p.updated_at as p_updated_at',
    ])
    .where('a.account_id', '=', accountId)
    .orderBy('p.symbol')
    .execute()) as (Row & Record<string, unknown>)[];
  const first = rows[0];
  if (!first) return undefined;
  const positions = rows
    .filter((r) => r.p_symbol !== null)
    .map((r) =>
      toPosition({
        account_id: r.account_id,
        symbol: r.p_symbol as string,
        qty: r.p_qty as string,
        cost_basis: r.p_cost_basis as string,
        realized_pnl: r.p_realized_pnl as string,
        commissions: r.p_commissions as string,
        last_price: r.p_last_price as string | null,
        lastday_price: r.p_lastday_price as string | null,
        opened_at: r.p_opened_at as Date | null,
        updated_at: r.p_updated_at as Date,
      }),
    );
  return { account: toAccount(first), positions };
}

/** The account if `userId` owns it and its opening is known: every owner-facing read starts here. */
export async function getOwnedAccount(
  db: AnyDB,
  userId: string,
  accountId: string,
): Promise<LedgerAccount | undefined> {
  const row = (await select(db)
    .where('account_id', '=', accountId)
    .where('user_id', '=', userId)
    .where('opened', '=', true)
    .executeTakeFirst()) as Row | undefined;
  return row && toAccount(row);
}

/** The account Alpaca API keys act on: the user's default, open account. */
export async function getDefaultAccount(db: AnyDB, userId: string): Promise<LedgerAccount | undefined> {
  const row = (await select(db)
    .where('user_id', '=', userId)
    .where('opened', '=', true)
    .where('closed_at', 'is', null)
    .orderBy('is_default', 'desc')
    .orderBy('created_at')
    .limit(1)
    .executeTakeFirst()) as Row | undefined;
  return row && row.is_default ? toAccount(row) : undefined;
}

export async function listOwnedAccounts(db: AnyDB, userId: string): Promise<LedgerAccount[]> {
  const rows = (await select(db)
    .where('user_id', '=', userId)
    .where('opened', '=', true)
    .orderBy('created_at')
    .execute()) as Row[];
  return rows.map(toAccount);
}

/** Accounts the valuation loop looks at: open ones. */
export async function listOpenAccounts(db: AnyDB): Promise<LedgerAccount[]> {
  const rows = (await select(db)
    .where('opened', '=', true)
    .where('closed_at', 'is', null)
    .execute()) as Row[];
  return rows.map(toAccount);
}

/** Makes sure a row exists to apply a fill to, even when the fill overtook account.opened. */
export async function ensureAccount(db: AnyDB, accountId: string, userId: string): Promise<void> {
  await db
    .insertInto('accounts')
    .values({ account_id: accountId, user_id: userId })
    .onConflict((oc) => oc.column('account_id').doNothing())
    .execute();
}

export async function recordOpened(
  db: AnyDB,
  a: {
    accountId: string;
    userId: string;
    name: string;
    cash: string;
    isDefault: boolean;
    broker: string;
    marginEnabled: boolean;
  },
  day: string,
  at: Date,
): Promise<void> {
  await ensureAccount(db, a.accountId, a.userId);
  // The starting cash adds to whatever fills already moved (they may have come first), unless a
  // reset later than the opening came first: the ledger starts at that reset, with its cash.
  await db
    .updateTable('accounts')
    .set({
      name: a.name,
      is_default: a.isDefault,
      broker: a.broker,
      margin_enabled: a.marginEnabled,
      cash: sql`case when opened or reset_at >= ${at}::timestamptz then cash else cash + ${a.cash}::numeric end`,
      // The opening balance is the day's starting equity and the first high-water mark.
      sod_date: sql`coalesce(sod_date, ${day}::date)`,
      sod_equity: sql`coalesce(sod_equity, ${a.cash}::numeric)`,
      high_water_mark: sql`coalesce(high_water_mark, ${a.cash}::numeric)`,
      opened: true,
    })
    .where('account_id', '=', a.accountId)
    .execute();
  if (a.isDefault)
    await db
      .updateTable('accounts')
      .set({ is_default: false })
      .where('user_id', '=', a.userId)
      .where('account_id', '!=', a.accountId)
      .execute();
}

export async function recordReset(
  db: AnyDB,
  accountId: string,
  cash: string,
  at: Date,
  day: string,
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({
      cash,
      realized_pnl: '0',
      fees: '0',
      reset_at: at,
      sod_date: sql`${day}::date`,
      sod_equity: cash,
      high_water_mark: cash,
      last_equity: cash,
      valued_at: at,
    })
    .where('account_id', '=', accountId)
    .execute();
}

export async function recordClosed(db: AnyDB, accountId: string): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ closed_at: sql`coalesce(closed_at, now())` })
    .where('account_id', '=', accountId)
    .execute();
}

export async function updateBalances(
  db: AnyDB,
  accountId: string,
  b: { cash: string; realizedPnl: string; fees: string; lastFillAt: Date },
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({ cash: b.cash, realized_pnl: b.realizedPnl, fees: b.fees, last_fill_at: b.lastFillAt })
    .where('account_id', '=', accountId)
    .execute();
}

export async function recordValuation(
  db: AnyDB,
  accountId: string,
  v: { sodDate: string; sodEquity: string; highWaterMark: string; lastEquity: string; valuedAt: Date },
): Promise<void> {
  await db
    .updateTable('accounts')
    .set({
      sod_date: sql`${v.sodDate}::date`,
      sod_equity: v.sodEquity,
      high_water_mark: v.highWaterMark,
      last_equity: v.lastEquity,
      valued_at: v.valuedAt,
    })
    .where('account_id', '=', accountId)
    .execute();
}
