import { dec, isUuid, uuidv7, type AnyTx, type NewEvent } from '@tradeplane/kit';
import { accountClosed, accountOpened, accountReset } from '../events/account-events.ts';
import { orderEvent } from '../events/order-events.ts';
import {
  closeAccountRow,
  getAccount,
  getDefaultAccount,
  insertAccount,
  listAccounts,
  lockAccount,
  publicAccount,
  setAccountCash,
  type AccountWithSecret,
} from '../store/accounts.store.ts';
import { openOrders, updateOrder } from '../store/orders.store.ts';
import { verifyAlpacaCredentials } from './brokers/alpaca-api.ts';
import type { OrdersDeps } from './deps.ts';
import { OrdersErrors } from './errors.ts';
import { isOpen } from './order-state.ts';
import type { Account, Actor, CommissionModel, OrderStatus } from './types.ts';

/**
 * Accounts: several per user, each routed to a broker (the paper exchange by default, or Alpaca
 * with the user's keys). Every read and write by id is scoped by the owner: another user's
 * account answers 404 ORDERS_ACCOUNT_NOT_FOUND, exactly like one that does not exist.
 */
export const DEFAULT_ACCOUNT_NAME = 'Paper';

export async function findAccount(
  deps: Pick<OrdersDeps, 'db'>,
  userId: string,
  id: string,
): Promise<AccountWithSecret> {
  if (!isUuid(id)) throw OrdersErrors.accountNotFound();
  const account = await getAccount(deps.db, userId, id);
  if (!account) throw OrdersErrors.accountNotFound();
  return account;
}

/** The account an order goes to: the one named (owned by the user), else the user's default. */
export async function resolveAccount(
  deps: Pick<OrdersDeps, 'db' | 'transaction' | 'emit' | 'config'>,
  userId: string,
  accountId: string | undefined,
): Promise<AccountWithSecret> {
  if (accountId !== undefined) return findAccount(deps, userId, accountId);
  return ensureDefaultAccount(deps, userId);
}

/**
 * Opens the default paper account inside `tx` unless the user has one; `account.opened` is
 * staged in the same transaction. Used by the user.registered subscriber and lazily by the
 * first request, whichever comes first (the unique index keeps one).
 */
export async function openDefaultAccount(
  deps: Pick<OrdersDeps, 'emit' | 'config'>,
  tx: AnyTx,
  userId: string,
): Promise<Account | undefined> {
  const account = await insertAccount(tx, {
    id: uuidv7(),
    userId,
    name: DEFAULT_ACCOUNT_NAME,
    isDefault: true,
    broker: 'paper',
    initialCash: dec(deps.config.ORDERS_DEFAULT_CASH).toFixed(),
    marginEnabled: false,
  });
  if (!account) return undefined;
  const pub = publicAccount(account);
  await deps.emit(tx, accountOpened(pub));
  return pub;
}

export async function ensureDefaultAccount(
  deps: Pick<OrdersDeps, 'db' | 'transaction' | 'emit' | 'config'>,
  userId: string,
): Promise<AccountWithSecret> {
  const existing = await getDefaultAccount(deps.db, userId);
  if (existing) return existing;
  await deps.transaction((tx) => openDefaultAccount(deps, tx, userId));
  const made = await getDefaultAccount(deps.db, userId);
  if (!made) throw OrdersErrors.accountNotFound();
  return made;
}

export async function listUserAccounts(deps: OrdersDeps, userId: string): Promise<Account[]> {
  await ensureDefaultAccount(deps, userId);
  return (await listAccounts(deps.db, userId)).map(publicAccount);
}

export interface CreateAccountInput {
  name: string;
  cash?: string | undefined;
  broker?: 'paper' | 'alpaca' | undefined;
  marginEnabled?: boolean | undefined;
  commission?: CommissionModel | undefined;
  alpaca?:
    | { keyId: string; secretKey: string; paper?: boolean | undefined; baseUrl?: string | undefined }
    | undefined;
}

export const ALPACA_PAPER_URL = 'https://paper-api.alpaca.markets';
export const ALPACA_LIVE_URL = 'https://api.alpaca.markets';

export async function createAccount(
  deps: OrdersDeps,
  userId: string,
  input: CreateAccountInput,
): Promise<Account> {
  // The default account comes first, whatever the user does first.
  await ensureDefaultAccount(deps, userId);
  const broker = input.broker ?? (input.alpaca ? 'alpaca' : 'paper');
  let cash = dec(input.cash ?? deps.config.ORDERS_DEFAULT_CASH);
  let alpaca: { keyId: string; secretEnc: string; baseUrl: string; paper: boolean } | undefined;
  if (broker === 'alpaca') {
    if (!input.alpaca)
      throw OrdersErrors.invalidOrder('alpaca accounts need alpaca.keyId and alpaca.secretKey');
    const paper = input.alpaca.paper ?? true;
    const official = paper ? ALPACA_PAPER_URL : ALPACA_LIVE_URL;
    const baseUrl = (input.alpaca.baseUrl ?? official).replace(/\/+$/, '');
    // A user-chosen URL would let anyone make this service call into the private network.
    if (baseUrl !== official && !deps.config.ORDERS_ALPACA_ALLOW_CUSTOM_URL)
      throw OrdersErrors.brokerUrlNotAllowed();
    const state = await verifyAlpacaCredentials(
      {
        baseUrl,
        keyId: input.alpaca.keyId,
        secret: input.alpaca.secretKey,
        timeoutMs: deps.config.ALPACA_SUBMIT_TIMEOUT_MS,
      },
      deps.log,
    );
    // The broker holds the real cash: the ledger starts from it.
    cash = dec(state.cash);
    alpaca = {
      keyId: input.alpaca.keyId,
      secretEnc: deps.secrets.seal(input.alpaca.secretKey),
      baseUrl,
      paper,
    };
  } else if (input.alpaca) {
    throw OrdersErrors.invalidOrder('alpaca credentials need broker "alpaca"');
  }
  return deps.transaction(async (tx) => {
    const account = await insertAccount(tx, {
      id: uuidv7(),
      userId,
      name: input.name,
      isDefault: false,
      broker,
      initialCash: cash.toFixed(),
      marginEnabled: input.marginEnabled ?? false,
      alpaca,
      commission: input.commission ?? null,
    });
    if (!account) throw new Error('account insert skipped');
    const pub = publicAccount(account);
    await deps.emit(tx, accountOpened(pub));
    return pub;
  });
}

/**
 * Resets a paper account to a cash amount (Alpaca paper: "reset to any amount"): its open
 * orders are canceled and `account.reset` tells portfolio to start the ledger over, all in one
 * transaction with the account row locked.
 */
export async function resetAccount(
  deps: OrdersDeps,
  userId: string,
  id: string,
  cash: string,
): Promise<Account> {
  await findAccount(deps, userId, id);
  const { account, canceled } = await deps.transaction(async (tx) => {
    const locked = await lockAccount(tx, userId, id);
    if (!locked) throw OrdersErrors.accountNotFound();
    if (locked.status !== 'active') throw OrdersErrors.accountClosed();
    if (locked.broker !== 'paper') throw OrdersErrors.accountNotPaper();
    const canceledIds = await cancelAllInTx(deps, tx, id, 'the account was reset', 'ORDERS_ACCOUNT_RESET');
    await setAccountCash(tx, id, dec(cash).toFixed());
    const after = { ...publicAccount(locked), initialCash: dec(cash).toFixed() };
    await deps.emit(tx, accountReset(after, after.initialCash));
    return { account: after, canceled: canceledIds };
  });
  deps.onOrdersChanged(canceled);
  return account;
}

/**
 * Closes an account. Refused for the default account (Alpaca API keys trade on it) and while
 * portfolio shows open positions (their cash and shares would be stranded); open orders are
 * canceled first. If portfolio cannot be asked, the account stays open (503).
 */
export async function closeAccount(deps: OrdersDeps, actor: Actor, id: string): Promise<Account> {
  const account = await findAccount(deps, actor.userId, id);
  if (account.status === 'closed') return publicAccount(account);
  if (account.isDefault) throw OrdersErrors.defaultAccountClose();
  const state = await deps.portfolio.accountState(id, actor);
  const holding = state.positions.filter((p) => !dec(p.qty).isZero()).map((p) => p.symbol);
  if (holding.length > 0) throw OrdersErrors.accountHasPositions(holding);
  if (account.broker === 'alpaca') await settleAtBroker(deps, account);
  const { closed, canceled } = await deps.transaction(async (tx) => {
    const locked = await lockAccount(tx, actor.userId, id);
    if (!locked) throw OrdersErrors.accountNotFound();
    const canceledIds = await cancelAllInTx(deps, tx, id, 'the account was closed', 'ORDERS_ACCOUNT_CLOSED');
    const row = await closeAccountRow(tx, id);
    await deps.emit(tx, accountClosed(publicAccount(row)));
    return { closed: publicAccount(row), canceled: canceledIds };
  });
  deps.onOrdersChanged(canceled);
  return closed;
}

/**
 * Before an Alpaca account is closed (and its stream no longer listened to), Alpaca must have
 * finished every open order: each is asked to cancel, then read back, so a fill that beat the
 * cancel is recorded rather than lost behind a local `canceled`. An order Alpaca has not finished
 * yet keeps the account open (409, retry shortly); one that filled meanwhile left a position, and
 * the account stays open for it to be closed first.
 */
async function settleAtBroker(deps: OrdersDeps, account: AccountWithSecret): Promise<void> {
  const broker = deps.broker('alpaca');
  const open = await openOrders(deps.db, account.id);
  for (const o of open) {
    if (o.parentId === null) await broker.cancel(publicAccount(account), o);
  }
  const filled = new Set<string>();
  for (const o of open) {
    const now = broker.reconcile ? await broker.reconcile(o.id) : undefined;
    if (now && dec(now.filledQty).gt(o.filledQty)) filled.add(now.symbol);
  }
  if (filled.size > 0) throw OrdersErrors.accountHasPositions([...filled].sort());
  const left = await openOrders(deps.db, account.id);
  if (left.length > 0) throw OrdersErrors.brokerCancelPending(left.length);
}

async function cancelAllInTx(
  deps: Pick<OrdersDeps, 'emit'>,
  tx: AnyTx,
  accountId: string,
  reason: string,
  code: string,
): Promise<string[]> {
  const events: NewEvent[] = [];
  const ids: string[] = [];
  // The account row lock keeps new orders out; each open order is locked as it is canceled.
  for (const o of await openOrders(tx, accountId)) {
    const locked = await tx
      .selectFrom('orders')
      .select('status')
      .where('id', '=', o.id)
      .forUpdate()
      .executeTakeFirst();
    if (!locked || !isOpen(locked.status as OrderStatus)) continue;
    const c = await updateOrder(tx, o.id, { status: 'canceled', canceledAt: new Date() });
    events.push(orderEvent('order.canceled', c, reason, code));
    ids.push(c.id);
  }
  await deps.emit(tx, events);
  return ids;
}
