import { dec, toWire, type AnyDB } from '@tradeplane/kit';
import { PositionChanged, type TradeExecuted } from '@tradeplane/contracts';
import type { PortfolioDeps } from './deps.ts';
import { applyExecution, averageEntry, flat, type PositionLedger } from './ledger.ts';
import { ensureAccount, getAccount, updateBalances } from '../store/accounts.store.ts';
import { getPosition, savePosition, setPrices } from '../store/positions.store.ts';
import { filledSoFar, insertFill } from '../store/fills.store.ts';
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
  const held = await getPosition(tx, t.accountId, symbol, true);
  const before: PositionLedger = held
    ? {
        qty: dec(held.qty),
        costBasis: dec(held.costBasis),
        realizedPnl: dec(held.realizedPnl),
        commissions: dec(held.commissions),
      }
    : flat();
  const effect = applyExecution(before, {
    side: t.side,
    qty: dec(t.qty),
    price: dec(t.price),
    commission: dec(t.commission),
  });
  const cash = dec(account.cash).plus(effect.cashDelta);
  const after = effect.position;
  const inserted = await insertFill(tx, {
    tradeId: t.tradeId,
    accountId: t.accountId,
    orderId: t.orderId,
    symbol,
    side: t.side,
    qty: toWire(t.qty),
    price: toWire(t.price),
    commission: toWire(t.commission),
    realizedPnl: effect.realized.toFixed(),
    positionQty: after.qty.toFixed(),
    cumQty: dec(await filledSoFar(tx, t.accountId, t.orderId))
      .plus(t.qty)
      .toFixed(),
    cashAfter: cash.toFixed(),
    at,
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

  const openedFresh =
    before.qty.isZero() || (!after.qty.isZero() && after.qty.isNeg() !== before.qty.isNeg());
  await savePosition(tx, {
    accountId: t.accountId,
    symbol,
    qty: after.qty.toFixed(),
    costBasis: after.costBasis.toFixed(),
    realizedPnl: after.realizedPnl.toFixed(),
    commissions: after.commissions.toFixed(),
    openedAt: after.qty.isZero() ? null : openedFresh ? at : (held?.openedAt ?? at),
    lastPrice: toWire(t.price),
  });
  // No close yet to compare with: a position opened today moves from its entry price.
  if (openedFresh && !after.qty.isZero())
    await setPrices(tx, t.accountId, symbol, { lastdayPrice: toWire(t.price) });
  // Levels were set for the position that is gone (closed, or flipped to the other side).
  if (after.qty.isZero() || openedFresh) await deleteExit(tx, t.accountId, symbol);
  await updateBalances(tx, t.accountId, {
    cash: cash.toFixed(),
    realizedPnl: dec(account.realizedPnl).plus(effect.realized).toFixed(),
    fees: dec(account.fees).plus(t.commission).toFixed(),
    lastFillAt: at,
  });
  await deps.emit(tx, {
    type: PositionChanged.type,
    subject: t.accountId,
    userId: t.userId,
    data: {
      accountId: t.accountId,
      userId: t.userId,
      symbol,
      qty: after.qty.toFixed(),
      avgEntryPrice: averageEntry(after).abs().toFixed(),
      costBasis: after.costBasis.toFixed(),
      realizedPnl: after.realizedPnl.toFixed(),
      tradeId: t.tradeId,
    },
  });
  return 'applied';
}
