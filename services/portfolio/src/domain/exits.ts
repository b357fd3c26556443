import { createHash } from 'node:crypto';
import { dec, type Dec as Decimal } from '@tradeplane/kit';
import type { PortfolioDeps } from './deps.ts';
import { PortfolioErrors } from './errors.ts';
import { markPrice } from './quotes.ts';
import { ownedAccount } from './owned.ts';
import { getPosition } from '../store/positions.store.ts';
import {
  claimTrigger,
  deleteExit,
  finishExit,
  getExit,
  listArmed,
  listUnplaced,
  setLevels,
  type ExitKind,
  type ExitRecord,
} from '../store/exits.store.ts';

/**
 * Stop-loss and take-profit levels on a position. When the live price crosses one, one market
 * order closes the position through orders' `POST /internal/orders`: the exit is claimed in the
 * database first (armed → triggered, guarded by its version, so of any number of watchers exactly
 * one wins) with a clientOrderId derived from the account, symbol, level version and kind; a
 * retry after a lost answer re-sends that same id, which orders accepts only once.
 */
export interface ExitLevels {
  stopLoss?: string | null | undefined;
  takeProfit?: string | null | undefined;
}

/** Which level a price crosses for a long (qty > 0) or short position, if any. */
export function crossedLevel(
  qty: Decimal,
  price: Decimal,
  e: Pick<ExitRecord, 'stopLoss' | 'takeProfit'>,
): ExitKind | undefined {
  const sl = e.stopLoss === null ? undefined : dec(e.stopLoss);
  const tp = e.takeProfit === null ? undefined : dec(e.takeProfit);
  if (qty.gt(0)) {
    if (sl && price.lte(sl)) return 'stop_loss';
    if (tp && price.gte(tp)) return 'take_profit';
  } else if (qty.lt(0)) {
    if (sl && price.gte(sl)) return 'stop_loss';
    if (tp && price.lte(tp)) return 'take_profit';
  }
  return undefined;
}

/** At most 48 characters (Alpaca's limit), the same for every retry of one trigger. */
export function exitClientOrderId(
  accountId: string,
  symbol: string,
  version: number,
  kind: ExitKind,
): string {
  const digest = createHash('sha256')
    .update(`${accountId}|${symbol}|${version}|${kind}`)
    .digest('base64url')
    .slice(0, 40);
  return `${kind === 'stop_loss' ? 'sl' : 'tp'}-${digest}`;
}

export async function setExits(
  deps: PortfolioDeps,
  userId: string,
  accountId: string,
  symbol: string,
  levels: ExitLevels,
): Promise<ExitRecord | undefined> {
  // Priced before the transaction: no call to another service while holding row locks.
  const q = (await deps.quotes.latest([symbol])).get(symbol);
  const price = q && markPrice(q);
  return deps.transaction(async (tx) => {
    await ownedAccount(tx, userId, accountId);
    const position = await getPosition(tx, accountId, symbol);
    if (!position || dec(position.qty).isZero()) throw PortfolioErrors.positionNotFound(symbol);
    const current = await getExit(tx, accountId, symbol);
    const stopLoss = levels.stopLoss === undefined ? (current?.stopLoss ?? null) : levels.stopLoss;
    const takeProfit = levels.takeProfit === undefined ? (current?.takeProfit ?? null) : levels.takeProfit;
    if (stopLoss === null && takeProfit === null) {
      await deleteExit(tx, accountId, symbol);
      return undefined;
    }
    const qty = dec(position.qty);
    for (const [name, v] of [
      ['stopLoss', stopLoss],
      ['takeProfit', takeProfit],
    ] as const)
      if (v !== null && !dec(v).gt(0)) throw PortfolioErrors.invalidExits(`${name} must be greater than 0`);
    if (stopLoss !== null && takeProfit !== null) {
      const ok = qty.gt(0) ? dec(stopLoss).lt(takeProfit) : dec(stopLoss).gt(takeProfit);
      if (!ok)
        throw PortfolioErrors.invalidExits(
          qty.gt(0)
            ? 'for a long position the stop-loss must be below the take-profit'
            : 'for a short position the stop-loss must be above the take-profit',
        );
    }
    // A level already crossed would fire at once: most likely the wrong side of the market.
    if (price) {
      const crossed = crossedLevel(qty, price, { stopLoss, takeProfit });
      if (crossed)
        throw PortfolioErrors.invalidExits(
          `${crossed === 'stop_loss' ? 'stopLoss' : 'takeProfit'} is already crossed at the current price ${price.toFixed()}`,
        );
    }
    return setLevels(tx, { accountId, symbol, userId, stopLoss, takeProfit });
  });
}

/**
 * Checks armed levels against the latest prices (of `symbols`, or all) and fires the ones
 * crossed. Returns how many exits this call triggered.
 */
export async function checkExits(deps: PortfolioDeps, symbols?: readonly string[]): Promise<number> {
  const armed = await listArmed(deps.db, symbols);
  if (armed.length === 0) return 0;
  const quotes = await deps.quotes.latest([...new Set(armed.map((e) => e.symbol))]);
  let fired = 0;
  for (const exit of armed) {
    const q = quotes.get(exit.symbol);
    const price = q && markPrice(q);
    if (!price) continue;
    const position = await getPosition(deps.db, exit.accountId, exit.symbol);
    if (!position) continue;
    const qty = dec(position.qty);
    const kind = crossedLevel(qty, price, exit);
    if (!kind) continue;
    const claim = {
      accountId: exit.accountId,
      symbol: exit.symbol,
      version: exit.version,
      kind,
      side: qty.gt(0) ? ('sell' as const) : ('buy' as const),
      qty: qty.abs().toFixed(),
      triggerPrice: price.toFixed(),
      clientOrderId: exitClientOrderId(exit.accountId, exit.symbol, exit.version, kind),
    };
    if (!(await claimTrigger(deps.db, claim))) continue;
    fired += 1;
    deps.log.info(
      { accountId: exit.accountId, symbol: exit.symbol, kind, price: claim.triggerPrice },
      'exit level crossed',
    );
    await placeExit(deps, { ...exit, ...claim, state: 'triggered' });
  }
  return fired;
}

/** Sends a triggered exit's order; a transport failure leaves it triggered for the next sweep. */
export async function placeExit(deps: PortfolioDeps, exit: ExitRecord): Promise<void> {
  if (!exit.clientOrderId || !exit.side || !exit.qty) return;
  const key = { accountId: exit.accountId, symbol: exit.symbol, version: exit.version };
  try {
    const result = await deps.orders.place({
      accountId: exit.accountId,
      userId: exit.userId,
      symbol: exit.symbol,
      side: exit.side,
      type: 'market',
      timeInForce: 'day',
      qty: exit.qty,
      clientOrderId: exit.clientOrderId,
    });
    switch (result.status) {
      case 'placed':
        await finishExit(deps.db, key, { state: 'placed', orderId: result.order.id });
        return;
      case 'duplicate':
        await finishExit(deps.db, key, { state: 'placed', orderId: exit.orderId });
        return;
      case 'rejected':
        deps.log.warn({ ...key, code: result.code }, 'exit order rejected');
        await finishExit(deps.db, key, { state: 'failed', error: `${result.code}: ${result.message}` });
        return;
    }
  } catch (err) {
    deps.log.warn({ ...key, err }, 'exit order not placed yet; will retry');
    await finishExit(deps.db, key, { state: 'triggered', error: (err as Error).message });
  }
}

/** Re-sends exits whose order placement has not been confirmed. */
export async function retryUnplacedExits(deps: PortfolioDeps): Promise<number> {
  const pending = await listUnplaced(deps.db);
  for (const exit of pending) await placeExit(deps, exit);
  return pending.length;
}
