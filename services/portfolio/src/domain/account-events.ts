import type { AnyDB } from '@tradeplane/kit';
import type { PortfolioDeps } from './deps.ts';
import { floorTo, utcDate } from './calendar.ts';
import { SNAPSHOT_STEP_MS } from './snapshot-equity.ts';
import { ensureAccount, recordClosed, recordOpened, recordReset } from '../store/accounts.store.ts';
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
  await recordOpened(tx, a, utcDate(at));
  // History starts with the opening balance, not five minutes later.
  await saveSnapshot(tx, a.accountId, { at: floorTo(at, SNAPSHOT_STEP_MS), equity: a.cash, cash: a.cash });
}

/**
 * A paper account reset to a new cash amount: positions and exit levels go, the balance, fees,
 * realized P&L and the equity baselines restart from the new cash. Fills and activities stay as
 * history; fills executed before the reset that arrive late are ignored (apply-trade.ts).
 */
export async function accountReset(
  _deps: PortfolioDeps,
  tx: AnyDB,
  a: { accountId: string; userId: string; cash: string },
  at: Date,
): Promise<void> {
  await ensureAccount(tx, a.accountId, a.userId);
  await recordReset(tx, a.accountId, a.cash, at, utcDate(at));
  await deletePositions(tx, a.accountId);
  await deleteExits(tx, a.accountId);
  await saveSnapshot(tx, a.accountId, { at: floorTo(at, SNAPSHOT_STEP_MS), equity: a.cash, cash: a.cash });
}

export async function accountClosed(
  _deps: PortfolioDeps,
  tx: AnyDB,
  a: { accountId: string; userId: string },
): Promise<void> {
  await ensureAccount(tx, a.accountId, a.userId);
  await recordClosed(tx, a.accountId);
}
