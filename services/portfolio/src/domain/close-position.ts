import { createHash } from 'node:crypto';
import { AppError, dec, Dec, uuidv7, type Dec as Decimal } from '@tradeplane/kit';
import type { InternalOrderRequest, InternalOrderResponse } from '@tradeplane/contracts';
import type { PortfolioDeps } from './deps.ts';
import { PortfolioErrors } from './errors.ts';
import type { PlaceResult } from '../clients/orders.client.ts';
import type { LedgerAccount } from '../store/accounts.store.ts';
import { getPosition, listOpenPositions } from '../store/positions.store.ts';
import { claimCloseKey, releaseCloseKey } from '../store/close-requests.store.ts';

/** Fractional shares go to 9 decimal places (Alpaca's precision), rounded down: never more than held. */
const QTY_PLACES = 9;

export interface CloseRequest {
  qty?: string | undefined;
  percentage?: string | undefined;
  /** Makes a retry of the same close answer the same order (see closePosition). */
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

export interface CloseResult {
  order: InternalOrderResponse;
  /** A retry under an Idempotency-Key already used: the first close's order, as orders knows it now. */
  replayed: boolean;
}

/**
 * Closes all or part of a position with a market order placed through orders.
 *
 * Under an Idempotency-Key the close is placed once: the key's first request is recorded (with a
 * hash of what it asked), and the order's clientOrderId is derived from the account, the symbol
 * and the key. A retry with the same request answers that order — looked up in orders by its
 * clientOrderId, so it is found (filled by then, or canceled) even once the position is gone; the
 * same key with another request is refused (422 IDEMPOTENCY_KEY_REUSED, as orders' native API
 * does). A key whose first request was refused before reaching orders (no such position, bad
 * quantity) is freed again; a retry refused so keeps the key, as the first request's order may exist.
 */
export async function closePosition(
  deps: PortfolioDeps,
  account: LedgerAccount,
  symbol: string,
  r: CloseRequest,
): Promise<CloseResult> {
  const key = r.idempotencyKey;
  if (!key)
    return { order: await placeClose(deps, account, symbol, r, `close-${uuidv7()}`), replayed: false };
  const claim = {
    accountId: account.accountId,
    idempotencyKey: key,
    symbol,
    requestHash: requestHash(symbol, r),
    clientOrderId: `close-${createHash('sha256').update(`${account.accountId}|${symbol}|${key}`).digest('base64url').slice(0, 40)}`,
  };
  const claimed = await claimCloseKey(deps.db, claim);
  if (!claimed.claimed) {
    if (claimed.existing.requestHash !== claim.requestHash) throw PortfolioErrors.idempotencyKeyReused();
    const earlier = await firstOrder(deps, account, claim.clientOrderId);
    if (earlier) return { order: earlier, replayed: true };
    // The first attempt never reached orders (orders was down): this one places it.
  }
  let qty: Decimal;
  try {
    qty = await closingQty(deps, account, symbol, r);
  } catch (err) {
    if (claimed.claimed) {
      // This request holds the key and placed nothing: orders cannot have an order under it.
      await releaseCloseKey(deps.db, claim);
      throw err;
    }
    // A retry: the first request may have placed its order since we looked (its fill can be why
    // the position is gone). Answer that order; else keep the key (the first request may still be
    // placing it) and refuse — a later retry looks again.
    const earlier = await firstOrder(deps, account, claim.clientOrderId);
    if (earlier) return { order: earlier, replayed: true };
    throw err;
  }
  const result = await deps.orders.place(closeOrder(account, symbol, qty, claim.clientOrderId));
  if (result.status === 'duplicate') {
    // Orders has this clientOrderId already: a close under this key running at the same time.
    const earlier = await firstOrder(deps, account, claim.clientOrderId);
    if (!earlier) throw PortfolioErrors.closeInProgress();
    return { order: earlier, replayed: true };
  }
  return { order: answer(deps, account, symbol, qty, result), replayed: false };
}

/** What a request asks for, hashed: the symbol and the exact qty or percentage ("10" and "10.0" alike). */
function requestHash(symbol: string, r: Pick<CloseRequest, 'qty' | 'percentage'>): string {
  const norm = (v: string | undefined) => (v === undefined ? '' : dec(v).toFixed());
  return createHash('sha256')
    .update(`${symbol}|qty=${norm(r.qty)}|percentage=${norm(r.percentage)}`)
    .digest('hex');
}

/** The order a key's first close placed, answered as that close was (a refusal stays one). */
async function firstOrder(
  deps: PortfolioDeps,
  account: LedgerAccount,
  clientOrderId: string,
): Promise<InternalOrderResponse | undefined> {
  const order = await deps.orders.byClientOrderId(account.accountId, account.userId, clientOrderId);
  if (order?.status === 'rejected') throw PortfolioErrors.orderRejected(REJECTED.code, REJECTED.message, 422);
  return order;
}

const REJECTED = { code: 'ORDER_REJECTED', message: 'orders rejected the order' };

async function closingQty(
  deps: PortfolioDeps,
  account: LedgerAccount,
  symbol: string,
  r: CloseRequest,
): Promise<Decimal> {
  const position = await getPosition(deps.db, account.accountId, symbol);
  const held = position ? dec(position.qty) : new Dec(0);
  if (held.isZero()) throw PortfolioErrors.positionNotFound(symbol);
  const qty = closeQty(held.abs(), r);
  return held.gt(0) ? qty : qty.neg();
}

/** A market order on the other side of the position; `signedQty` is negative for a short. */
function closeOrder(
  account: LedgerAccount,
  symbol: string,
  signedQty: Decimal,
  clientOrderId: string,
): InternalOrderRequest {
  return {
    accountId: account.accountId,
    userId: account.userId,
    symbol,
    side: signedQty.gt(0) ? 'sell' : 'buy',
    type: 'market',
    timeInForce: 'day',
    qty: signedQty.abs().toFixed(),
    clientOrderId,
  };
}

async function placeClose(
  deps: PortfolioDeps,
  account: LedgerAccount,
  symbol: string,
  r: CloseRequest,
  clientOrderId: string,
): Promise<InternalOrderResponse> {
  const qty = await closingQty(deps, account, symbol, r);
  const result = await deps.orders.place(closeOrder(account, symbol, qty, clientOrderId));
  if (result.status === 'duplicate')
    // A fresh clientOrderId that orders already holds: only a retry of this very call can do that.
    throw PortfolioErrors.closeInProgress();
  return answer(deps, account, symbol, qty, result);
}

function answer(
  deps: PortfolioDeps,
  account: LedgerAccount,
  symbol: string,
  qty: Decimal,
  result: Exclude<PlaceResult, { status: 'duplicate' }>,
): InternalOrderResponse {
  switch (result.status) {
    case 'placed':
      deps.log.info(
        { accountId: account.accountId, symbol, qty: qty.abs().toFixed(), orderId: result.order.id },
        'close order placed',
      );
      return result.order;
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
      out.push({
        symbol: p.symbol,
        status: 200,
        order: (await closePosition(deps, account, p.symbol, {})).order,
      });
    } catch (err) {
      const e = err instanceof AppError ? err : new AppError('INTERNAL', 500, 'the close failed');
      out.push({ symbol: p.symbol, status: e.status, error: { code: e.code, message: e.message } });
    }
  }
  return out;
}
