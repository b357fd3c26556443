import { dec, toWire, type AnyDB, type Dec as Decimal } from '@tradeplane/kit';
import { PositionChanged, type TradeExecuted } from '@tradeplane/contracts';
import type { PortfolioDeps } from './deps.ts';
import { applyExecution, averageEntry, flat, type ExecutionEffect, type PositionLedger } from './ledger.ts';
import { ensureAccount, getAccount, updateBalances, type LedgerAccount } from '../store/accounts.store.ts';
import { getPosition, savePosition, setPrices, type PositionRecord } from '../store/positions.store.ts';
import {
  filledSoFar,
  fillsSince,
  insertFill,
  updateFillEffect,
  type FillRecord,
} from '../store/fills.store.ts';
import { deleteExit } from '../store/exits.store.ts';
import { insertNonTrade } from '../store/activities.store.ts';
import { nonTradeId } from './activities.ts';

/**
 * One execution into the ledger (ARCHITECTURE §7, path 1): the fill is recorded (an Alpaca FILL
 * activity), the position and cash move by the fill, and position.changed is staged — all in the
 * caller's transaction, the inbox's, so a redelivered trade.executed changes nothing. The trade id
 * is unique too, so the same execution replayed under another event id changes nothing either.
 */
export async function applyTrade(
  deps: PortfolioDeps,
  tx: AnyDB,
  t: TradeExecuted,
): Promise<'applied' | 'duplicate' | 'stale'> {
  const symbol = t.symbol.toUpperCase();
  const at = new Date(t.at);
  await ensureAccount(tx, t.accountId, t.userId);
  const account = (await getAccount(tx, t.accountId, true))!;
  // A fill naming another owner would move someone else's money: fail loudly (the bus dead-letters it).
  if (account.userId !== t.userId)
    throw new Error(`trade ${t.tradeId} names user ${t.userId}, not the account's owner`);
  if (account.resetAt && at < account.resetAt) {
    deps.log.warn(
      { accountId: t.accountId, tradeId: t.tradeId },
      'fill from before the account reset ignored',
    );
    return 'stale';
  }
  const fill: LedgerFill = {
    tradeId: t.tradeId,
    orderId: t.orderId,
    symbol,
    side: t.side,
    qty: toWire(t.qty),
    price: toWire(t.price),
    commission: toWire(t.commission),
    at,
  };
  const move = await measureFill(tx, account, fill);
  const inserted = await insertFill(tx, {
    ...fill,
    accountId: t.accountId,
    realizedPnl: move.effect.realized.toFixed(),
    positionQty: move.effect.position.qty.toFixed(),
    cumQty: dec(await filledSoFar(tx, t.accountId, t.orderId))
      .plus(t.qty)
      .toFixed(),
    cashAfter: move.cash.toFixed(),
  });
  if (!inserted) return 'duplicate';
  // Alpaca reports a commission apart from the FILL (a FEE activity, sub-type COM); the FILL keeps
  // qty × price. The cash moved once, above: this records the fee's share of that movement.
  const commission = dec(t.commission);
  if (!commission.isZero())
    await insertNonTrade(tx, {
      id: nonTradeId(`fee|${t.tradeId}`),
      accountId: t.accountId,
      type: 'FEE',
      subType: 'COM',
      netAmount: commission.neg().toFixed(),
      symbol,
      qty: null,
      perShareAmount: null,
      orderId: t.orderId,
      tradeId: t.tradeId,
      description: `Commission on the ${t.side} of ${toWire(t.qty)} ${symbol}`,
      status: 'executed',
      at,
    });
  await commitFill(deps, tx, account, fill, move);
  return 'applied';
}

/** One stored execution, as the ledger applies it. */
export type LedgerFill = Pick<
  FillRecord,
  'tradeId' | 'orderId' | 'symbol' | 'side' | 'qty' | 'price' | 'commission' | 'at'
>;

interface FillMove {
  held: PositionRecord | undefined;
  before: PositionLedger;
  effect: ExecutionEffect;
  /** The account's cash after the fill (and its commission). */
  cash: Decimal;
}

/** What one execution does to the account's position in its symbol and to its cash. */
async function measureFill(tx: AnyDB, account: LedgerAccount, f: LedgerFill): Promise<FillMove> {
  const held = await getPosition(tx, account.accountId, f.symbol, true);
  const before: PositionLedger = held
    ? {
        qty: dec(held.qty),
        costBasis: dec(held.costBasis),
        realizedPnl: dec(held.realizedPnl),
        commissions: dec(held.commissions),
      }
    : flat();
  const effect = applyExecution(before, {
    side: f.side,
    qty: dec(f.qty),
    price: dec(f.price),
    commission: dec(f.commission),
  });
  return { held, before, effect, cash: dec(account.cash).plus(effect.cashDelta) };
}

/** Moves the position, exit levels and balances by a measured execution and stages position.changed. */
async function commitFill(
  deps: PortfolioDeps,
  tx: AnyDB,
  account: LedgerAccount,
  f: LedgerFill,
  { held, before, effect, cash }: FillMove,
): Promise<void> {
  const after = effect.position;
  const openedFresh =
    before.qty.isZero() || (!after.qty.isZero() && after.qty.isNeg() !== before.qty.isNeg());
  await savePosition(tx, {
    accountId: account.accountId,
    symbol: f.symbol,
    qty: after.qty.toFixed(),
    costBasis: after.costBasis.toFixed(),
    realizedPnl: after.realizedPnl.toFixed(),
    commissions: after.commissions.toFixed(),
    openedAt: after.qty.isZero() ? null : openedFresh ? f.at : (held?.openedAt ?? f.at),
    lastPrice: f.price,
  });
  // No close yet to compare with: a position opened today moves from its entry price.
  if (openedFresh && !after.qty.isZero())
    await setPrices(tx, account.accountId, f.symbol, { lastdayPrice: f.price });
  // Levels were set for the position that is gone (closed, or flipped to the other side).
  if (after.qty.isZero() || openedFresh) await deleteExit(tx, account.accountId, f.symbol);
  await updateBalances(tx, account.accountId, {
    cash: cash.toFixed(),
    realizedPnl: dec(account.realizedPnl).plus(effect.realized).toFixed(),
    fees: dec(account.fees).plus(f.commission).toFixed(),
    lastFillAt: f.at,
  });
  await deps.emit(tx, {
    type: PositionChanged.type,
    subject: account.accountId,
    userId: account.userId,
    data: {
      accountId: account.accountId,
      userId: account.userId,
      symbol: f.symbol,
      qty: after.qty.toFixed(),
      avgEntryPrice: averageEntry(after).abs().toFixed(),
      costBasis: after.costBasis.toFixed(),
      realizedPnl: after.realizedPnl.toFixed(),
      tradeId: f.tradeId,
    },
  });
}

/**
 * Rebuilds the ledger from its stored fills executed at or after `since`, in time order, on top of
 * what the account holds now (a reset's fresh start): the same arithmetic as a fill as it arrives,
 * with each fill's recorded effect (position after, realized, cash after) brought up to date.
 */
export async function replayFills(
  deps: PortfolioDeps,
  tx: AnyDB,
  accountId: string,
  since: Date,
): Promise<void> {
  for (const f of await fillsSince(tx, accountId, since)) {
    const account = (await getAccount(tx, accountId, true))!;
    const move = await measureFill(tx, account, f);
    await updateFillEffect(tx, f.tradeId, {
      realizedPnl: move.effect.realized.toFixed(),
      positionQty: move.effect.position.qty.toFixed(),
      cashAfter: move.cash.toFixed(),
    });
    await commitFill(deps, tx, account, f, move);
  }
}
