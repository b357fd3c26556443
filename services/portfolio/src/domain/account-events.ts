import { dec, type AnyDB } from '@tradeplane/kit';
import type { PortfolioDeps } from './deps.ts';
import { floorTo, utcDate } from './calendar.ts';
import { SNAPSHOT_STEP_MS } from './snapshot-equity.ts';
import { nonTradeId } from './activities.ts';
import { replayFills } from './apply-trade.ts';
import {
  ensureAccount,
  getAccount,
  recordClosed,
  recordOpened,
  recordReset,
} from '../store/accounts.store.ts';
import { insertNonTrade } from '../store/activities.store.ts';
import { deletePositions } from '../store/positions.store.ts';
import { deleteExits } from '../store/exits.store.ts';
import { saveSnapshot } from '../store/snapshots.store.ts';

export async function accountOpened(
  _deps: PortfolioDeps,
  tx: AnyDB,
  a: {
    accountId: string;
    userId: string;
    name: string;
    cash: string;
    isDefault: boolean;
    broker: string;
    marginEnabled: boolean;
  },
  at: Date,
): Promise<void> {
  // The starting cash is added once: an opening seen again (another event id) moves nothing.
  const known = await getAccount(tx, a.accountId, true);
  await recordOpened(tx, a, utcDate(at), at);
  if (!known?.opened)
    await recordDeposit(tx, a.accountId, a.cash, at, `account.opened|${a.accountId}`, 'opening balance');
  // History starts with the opening balance, not five minutes later — unless a later reset came
  // first: history starts there (and its snapshot may share the opening's five minutes).
  if (!(known?.resetAt && known.resetAt >= at))
    await saveSnapshot(tx, a.accountId, { at: floorTo(at, SNAPSHOT_STEP_MS), equity: a.cash, cash: a.cash });
}

/**
 * The funding of a paper account, as Alpaca reports money coming into an account: a CSD (cash
 * deposit). Not a JNLC: Alpaca's journals move cash between two accounts, and this cash comes
 * from no other account of the platform.
 */
async function recordDeposit(
  tx: AnyDB,
  accountId: string,
  cash: string,
  at: Date,
  cause: string,
  what: string,
): Promise<void> {
  if (dec(cash).isZero()) return;
  await insertNonTrade(tx, {
    id: nonTradeId(cause),
    accountId,
    type: 'CSD',
    subType: null,
    netAmount: dec(cash).toFixed(),
    symbol: null,
    qty: null,
    perShareAmount: null,
    orderId: null,
    tradeId: null,
    description: `Cash deposit: ${what} of the paper account`,
    status: 'executed',
    at,
  });
}

/**
 * A paper account reset to a new cash amount: positions and exit levels go, the balance, fees,
 * realized P&L and the equity baselines restart from the new cash, funded by a new deposit. As an
 * Alpaca paper reset, it is a new start: activities and portfolio history show what happened
 * since (the rows from before stay stored).
 *
 * The ledger starts at the reset's time whatever the order events arrive in: fills executed at or
 * after it that were consumed first are applied again on top of the new cash (replayFills, the
 * same arithmetic as a fill as it arrives), fills executed before it that arrive late are ignored
 * (apply-trade.ts), and a reset not later than the one the ledger already starts from — the same
 * reset seen again under another event id, or an older one arriving late — changes nothing.
 */
export async function accountReset(
  deps: PortfolioDeps,
  tx: AnyDB,
  a: { accountId: string; userId: string; cash: string },
  at: Date,
): Promise<void> {
  await ensureAccount(tx, a.accountId, a.userId);
  const account = (await getAccount(tx, a.accountId, true))!;
  if (account.resetAt && at <= account.resetAt) {
    deps.log.info(
      { accountId: a.accountId, at: at.toISOString(), resetAt: account.resetAt.toISOString() },
      'account reset not later than the last one: nothing to do',
    );
    return;
  }
  await recordReset(tx, a.accountId, a.cash, at, utcDate(at));
  await deletePositions(tx, a.accountId);
  await deleteExits(tx, a.accountId);
  await recordDeposit(
    tx,
    a.accountId,
    a.cash,
    at,
    `account.reset|${a.accountId}|${at.toISOString()}`,
    'reset balance',
  );
  await saveSnapshot(tx, a.accountId, { at: floorTo(at, SNAPSHOT_STEP_MS), equity: a.cash, cash: a.cash });
  await replayFills(deps, tx, a.accountId, at);
}

export async function accountClosed(
  _deps: PortfolioDeps,
  tx: AnyDB,
  a: { accountId: string; userId: string },
): Promise<void> {
  await ensureAccount(tx, a.accountId, a.userId);
  await recordClosed(tx, a.accountId);
}
