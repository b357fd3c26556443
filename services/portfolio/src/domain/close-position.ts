import { createHash } from 'node:crypto';
import { dec, Dec, uuidv7, type Dec as Decimal } from '@tradeplane/kit';
import { AppError } from '@tradeplane/kit';
import type { InternalOrderResponse } from '@tradeplane/contracts';
import type { PortfolioDeps } from './deps.ts';
import { PortfolioErrors } from './errors.ts';
import type { LedgerAccount } from '../store/accounts.store.ts';
import { getPosition, listOpenPositions } from '../store/positions.store.ts';

/** Fractional shares go to 9 decimal places (Alpaca's precision), rounded down: never more than held. */
const QTY_PLACES = 9;

export interface CloseRequest {
  qty?: string | undefined;
  percentage?: string | undefined;
  /** Makes a retry of the same close send the same clientOrderId (orders accepts it once). */
  idempotencyKey?: string | undefined;
}

export function closeQty(held: Decimal, r: Pick<CloseRequest, 'qty' | 'percentage'>): Decimal {
  if (r.qty !== undefined && r.percentage !== undefined)
    throw PortfolioErrors.invalidClose('give qty or percentage, not both');
  let qty = held;
  if (r.qty !== undefined) {
    qty = dec(r.qty);
    if (!qty.gt(0)) throw PortfolioErrors.invalidClose('qty must be greater than 0');
    if (qty.gt(held))
      throw PortfolioErrors.insufficientQty(
        `insufficient qty available for order (requested: ${qty.toFixed()}, available: ${held.toFixed()})`,
      );
  } else if (r.percentage !== undefined) {
    const pct = dec(r.percentage);
    if (!pct.gt(0) || pct.gt(100))
      throw PortfolioErrors.invalidClose('percentage must be greater than 0 and at most 100');
    qty = held.times(pct).div(100).toDecimalPlaces(QTY_PLACES, Dec.ROUND_DOWN);
    if (qty.isZero())
      throw PortfolioErrors.invalidClose(
        'that percentage of the position is less than the smallest tradable quantity',
      );
  }
  return qty;
}

/** Closes all or part of a position with a market order placed through orders; returns that order. */
export async function closePosition(
  deps: PortfolioDeps,
  account: LedgerAccount,
  symbol: string,
  r: CloseRequest,
): Promise<InternalOrderResponse> {
  const position = await getPosition(deps.db, account.accountId, symbol);
  const held = position ? dec(position.qty) : new Dec(0);
  if (held.isZero()) throw PortfolioErrors.positionNotFound(symbol);
  const qty = closeQty(held.abs(), r);
  const clientOrderId = r.idempotencyKey
    ? `close-${createHash('sha256').update(`${account.accountId}|${symbol}|${r.idempotencyKey}`).digest('base64url').slice(0, 40)}`
    : `close-${uuidv7()}`;
  const result = await deps.orders.place({
    accountId: account.accountId,
    userId: account.userId,
    symbol,
    side: held.gt(0) ? 'sell' : 'buy',
    type: 'market',
    timeInForce: 'day',
    qty: qty.toFixed(),
    clientOrderId,
  });
  switch (result.status) {
    case 'placed':
      deps.log.info(
        { accountId: account.accountId, symbol, qty: qty.toFixed(), orderId: result.order.id },
        'close order placed',
      );
      return result.order;
    case 'duplicate':
      throw new AppError(
        'PORTFOLIO_CLOSE_ALREADY_PLACED',
        409,
        'An order for this Idempotency-Key was already placed',
      );
    case 'rejected':
      throw PortfolioErrors.orderRejected(result.code, result.message, result.httpStatus);
  }
}

export interface CloseOutcome {
  symbol: string;
  status: number;
  order?: InternalOrderResponse;
  error?: { code: string; message: string };
}

/** Closes every open position, each on its own: one failing doesn't stop the others (Alpaca answers 207). */
export async function closeAllPositions(
  deps: PortfolioDeps,
  account: LedgerAccount,
): Promise<CloseOutcome[]> {
  const positions = await listOpenPositions(deps.db, account.accountId);
  const out: CloseOutcome[] = [];
  for (const p of positions) {
    try {
      out.push({ symbol: p.symbol, status: 200, order: await closePosition(deps, account, p.symbol, {}) });
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError('INTERNAL', 500, 'the close failed');
      out.push({ symbol: p.symbol, status: e.status, error: { code: e.code, message: e.message } });
    }
  }
  return out;
}
