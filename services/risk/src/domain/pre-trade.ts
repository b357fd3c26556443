import { dec, Dec, type Dec as Decimal } from '@tradeplane/kit';
import type { AccountStateResponse, RiskCheckRequest, TradingState } from '@tradeplane/contracts';
import { REJECTION } from './errors.ts';
import type { Limits } from './limits.ts';
import { pct, qty as fmtQty, usd } from './format.ts';

/**
 * The pre-trade rules (issue #4, Risk): pure functions of the order, the account as portfolio
 * values it, the account's limits and trading state. They run in a fixed order and the first
 * failing rule decides; compliance plug-ins run after these (check-order.ts).
 */
export interface PreTradeInput {
  request: RiskCheckRequest;
  account: AccountStateResponse;
  marginEnabled: boolean;
  limits: Limits;
  state: TradingState;
}

export type Verdict = { approved: true } | { approved: false; code: string; message: string };

const reject = (code: string, message: string): Verdict => ({ approved: false, code, message });
const ZERO = new Dec(0);

/** What risk knows of the order in numbers, worked out once for every rule. */
export interface PricedOrder {
  symbol: string;
  side: 'buy' | 'sell';
  /** Shares (estimated from notional at the market for a notional order). */
  qty: Decimal;
  /** Signed change of the position: + for a buy. */
  delta: Decimal;
  /** Current signed position in the symbol. */
  position: Decimal;
  /** Last trade price, or the mid when no trade is known; 0 when there is no market. */
  mark: Decimal;
  /** The most a buy can cost / the value a sell is worth, per the order's prices. */
  value: Decimal;
  /** Price the order was valued at; 0 when it could not be priced. */
  price: Decimal;
}

const positive = (v: string | null | undefined) =>
  v !== null && v !== undefined && dec(v).gt(0) ? dec(v) : undefined;

export function priceOrder(request: RiskCheckRequest, account: AccountStateResponse): PricedOrder {
  const { order, quote } = request;
  const symbol = order.symbol.toUpperCase();
  const bid = dec(quote.bid);
  const ask = dec(quote.ask);
  const last = dec(quote.last);
  const mid = bid.gt(0) && ask.gt(0) ? bid.plus(ask).div(2) : Dec.max(bid, ask);
  const mark = last.gt(0) ? last : mid;
  const limit = positive(order.limitPrice);
  const stop = positive(order.stopPrice);
  let price: Decimal;
  if (order.side === 'buy') {
    // The cost of a buy is bounded by the worst of the ask and its own limit or stop (issue #4).
    const market = ask.gt(0) ? ask : mark;
    price = Dec.max(
      market,
      limit ?? ZERO,
      order.type === 'stop' || order.type === 'stop_limit' ? (stop ?? ZERO) : ZERO,
    );
  } else {
    const market = bid.gt(0) ? bid : mark;
    price = limit ?? stop ?? market;
  }
  let qty: Decimal;
  let value: Decimal;
  if (order.qty !== null) {
    qty = dec(order.qty);
    value = qty.times(price);
  } else {
    value = dec(order.notional ?? '0');
    qty = price.gt(0) ? value.div(price) : ZERO;
  }
  const held = account.positions.find((p) => p.symbol.toUpperCase() === symbol);
  return {
    symbol,
    side: order.side,
    qty,
    delta: order.side === 'buy' ? qty : qty.neg(),
    position: held ? dec(held.qty) : ZERO,
    mark,
    value,
    price,
  };
}

/**
 * Buying power held by the account's resting short sales (Alpaca: "your available buying power is
 * reduced by your existing open buy long and sell short orders"): per symbol, the shares its
 * working sells would sell beyond the shares held, at the highest working sell price, else the
 * last price known (the position's, or the order's quote for the order's own symbol). A symbol
 * with no price known at all is counted at nothing.
 */
export function restingShortValue(
  input: Pick<PreTradeInput, 'request' | 'account'>,
  o: PricedOrder,
): Decimal {
  const { request, account } = input;
  let total = ZERO;
  for (const [raw, qty] of Object.entries(request.openOrders.pendingSellQty)) {
    const symbol = raw.toUpperCase();
    const held = account.positions.find((p) => p.symbol.toUpperCase() === symbol);
    const short = dec(qty).minus(Dec.max(held ? dec(held.qty) : ZERO, ZERO));
    if (!short.gt(0)) continue;
    const sells = request.workingSummary?.find((w) => w.symbol.toUpperCase() === symbol && w.side === 'sell');
    const price =
      sells?.maxLimitPrice != null
        ? dec(sells.maxLimitPrice)
        : held && dec(held.lastPrice).gt(0)
          ? dec(held.lastPrice)
          : symbol === o.symbol
            ? o.mark
            : ZERO;
    total = total.plus(short.times(price));
  }
  return total;
}

/** What buys and short sales may still use: buying power (or cash) less what working orders hold. */
function spendableOf(input: PreTradeInput, o: PricedOrder): Decimal {
  const { request, account, marginEnabled } = input;
  const pendingBuy = dec(request.openOrders.pendingBuyNotional);
  if (!marginEnabled) return dec(account.cash).minus(pendingBuy);
  return dec(account.buyingPower).minus(pendingBuy).minus(restingShortValue(input, o));
}

/** An order that only makes the existing position smaller (REDUCING lets nothing else through). */
export function shrinksPosition(o: PricedOrder, pendingSell: Decimal): boolean {
  if (o.side === 'sell') return o.position.gt(0) && o.qty.lte(o.position.minus(pendingSell));
  return o.position.lt(0) && o.qty.lte(o.position.abs());
}

export function evaluatePreTrade(
  input: PreTradeInput,
  o: PricedOrder = priceOrder(input.request, input.account),
): Verdict {
  const { request, account, limits, state, marginEnabled } = input;
  const { order, openOrders } = request;
  const pendingSell = dec(
    openOrders.pendingSellQty[o.symbol] ?? openOrders.pendingSellQty[order.symbol] ?? '0',
  );

  // Trading state.
  if (state === 'HALTED') return reject(REJECTION.halted, 'trading is halted on this account');
  if (state === 'REDUCING' && !shrinksPosition(o, pendingSell))
    return reject(
      REJECTION.reducingOnly,
      `the account is reducing only: orders may only shrink an existing position, and this ${o.side} of ${fmtQty(o.qty)} ${o.symbol} does not`,
    );

  // Symbol lists.
  if (limits.denySymbols.includes(o.symbol))
    return reject(REJECTION.symbolNotAllowed, `${o.symbol} is on this account's deny list`);
  if (limits.allowSymbols.length > 0 && !limits.allowSymbols.includes(o.symbol))
    return reject(REJECTION.symbolNotAllowed, `${o.symbol} is not on this account's allow list`);

  // Open orders: the new one would be one more.
  if (limits.maxOpenOrders !== null && openOrders.count + 1 > limits.maxOpenOrders)
    return reject(
      REJECTION.tooManyOpenOrders,
      `too many open orders: ${openOrders.count} open, limit ${limits.maxOpenOrders}`,
    );

  if (!o.price.gt(0) || !o.qty.gt(0))
    return reject(REJECTION.noMarketPrice, `no market price for ${o.symbol}: the order cannot be valued`);

  // Order size.
  if (limits.maxOrderNotional !== null && o.value.gt(limits.maxOrderNotional))
    return reject(
      REJECTION.notionalExceeded,
      `order value ${usd(o.value)} exceeds the limit of ${usd(limits.maxOrderNotional)} per order`,
    );

  // Price collar: a limit far through the market (a buy well above it, a sell well below it) is
  // most often a typo that would trade at once; a passive limit far away only rests, so it passes.
  // A stop-limit trades once its stop is reached, so its limit is measured from the stop price.
  const collarRef = order.type === 'stop_limit' ? (positive(order.stopPrice) ?? o.mark) : o.mark;
  if (
    (order.type === 'limit' || order.type === 'stop_limit') &&
    limits.priceCollarPct !== null &&
    collarRef.gt(0)
  ) {
    const limit = dec(order.limitPrice ?? '0');
    const through = (o.side === 'buy' ? limit.minus(collarRef) : collarRef.minus(limit))
      .div(collarRef)
      .times(100);
    if (through.gt(limits.priceCollarPct))
      return reject(
        REJECTION.priceCollar,
        `limit price ${usd(limit)} is ${pct(through)} ${o.side === 'buy' ? 'above' : 'below'} ${
          order.type === 'stop_limit' ? 'the stop price' : 'the market'
        } (${usd(collarRef)}); the collar is ${pct(limits.priceCollarPct)}`,
      );
  }

  const spendable = spendableOf(input, o);
  const canShort = marginEnabled && limits.shortingEnabled;

  if (o.side === 'buy') {
    // Buying back a short is paid from the short sale's proceeds already in cash; only the rest needs buying power.
    const covering = Dec.min(o.qty, Dec.max(o.position.neg(), ZERO));
    const needed = o.qty.gt(0) ? o.value.times(o.qty.minus(covering)).div(o.qty) : ZERO;
    if (needed.gt(spendable))
      return reject(
        REJECTION.buyingPower,
        `insufficient buying power: order needs ${usd(needed)}, available ${usd(Dec.max(spendable, ZERO))}`,
      );
  } else {
    const available = Dec.max(o.position, ZERO).minus(pendingSell);
    if (o.qty.gt(available)) {
      const short = o.qty.minus(Dec.max(available, ZERO));
      if (!canShort) {
        if (o.position.lte(0) && pendingSell.isZero())
          return reject(
            REJECTION.shortingNotAllowed,
            marginEnabled
              ? `short selling is disabled on this account, and it holds no ${o.symbol} to sell`
              : `short selling needs a margin account, and this account holds no ${o.symbol} to sell`,
          );
        return reject(
          REJECTION.insufficientQty,
          `insufficient qty: order sells ${fmtQty(o.qty)} ${o.symbol}, available ${fmtQty(Dec.max(available, ZERO))}`,
        );
      }
      const needed = short.times(o.price);
      if (needed.gt(spendable))
        return reject(
          REJECTION.buyingPower,
          `insufficient buying power: short sale needs ${usd(needed)}, available ${usd(Dec.max(spendable, ZERO))}`,
        );
    }
  }

  // Concentration after the order, for orders that grow the position (reducing is always fine).
  if (limits.maxPositionPct !== null) {
    const after = o.position.plus(o.delta);
    const flips = !after.isZero() && !o.position.isZero() && after.isNeg() !== o.position.isNeg();
    const grows = flips || after.abs().gt(o.position.abs());
    if (grows) {
      const equity = dec(account.equity);
      const value = after.abs().times(o.mark.gt(0) ? o.mark : o.price);
      if (!equity.gt(0))
        return reject(
          REJECTION.positionLimit,
          `position limit: the account has no equity to grow ${o.symbol} against`,
        );
      const share = value.div(equity).times(100);
      if (share.gt(limits.maxPositionPct))
        return reject(
          REJECTION.positionLimit,
          `position limit: ${o.symbol} would be ${pct(share)} of equity (${usd(value)} of ${usd(equity)}); the limit is ${pct(limits.maxPositionPct)}`,
        );
    }
  }

  return { approved: true };
}

/** How far an approval holds: see RiskCheckResponse.headroom. null: no limit on that measure. */
export interface Headroom {
  openOrders: number | null;
  buyNotional: Decimal | null;
  sellQty: Decimal | null;
  /** Set by compliance rules (the wash-trade guard); absent: no limit. */
  crossingOrders?: number;
  /** Margin accounts that may short: buys plus sells placed meanwhile, together; absent: no limit. */
  spendNotional?: Decimal;
}

/**
 * For an approved order, how much more the account's working orders could reserve (orders placed
 * at the same moment, which `openOrders` could not show) with every rule above still passing: the
 * slack of the open-orders limit, of buying power (buys and short sales), and of the shares a
 * sell may sell (covered sells, and REDUCING). Mirrors evaluatePreTrade's arithmetic.
 */
export function headroomOf(input: PreTradeInput, o: PricedOrder): Headroom {
  const { request, limits, state } = input;
  const { order, openOrders } = request;
  const pendingSell = dec(
    openOrders.pendingSellQty[o.symbol] ?? openOrders.pendingSellQty[order.symbol] ?? '0',
  );
  const spendable = spendableOf(input, o);
  const slack = (v: Decimal) => Dec.max(v, ZERO);
  const openOrdersLeft =
    limits.maxOpenOrders === null ? null : Math.max(0, limits.maxOpenOrders - (openOrders.count + 1));
  let buyNotional: Decimal | null = null;
  let sellQty: Decimal | null = null;
  if (o.side === 'buy') {
    const covering = Dec.min(o.qty, Dec.max(o.position.neg(), ZERO));
    const needed = o.qty.gt(0) ? o.value.times(o.qty.minus(covering)).div(o.qty) : ZERO;
    buyNotional = slack(spendable.minus(needed));
  } else {
    const available = Dec.max(o.position, ZERO).minus(pendingSell);
    if (o.qty.gt(available)) {
      // A short sale: every share another sell reserves makes it bigger, so none may.
      const short = o.qty.minus(Dec.max(available, ZERO));
      buyNotional = slack(spendable.minus(short.times(o.price)));
      sellQty = ZERO;
    } else {
      sellQty = slack(available.minus(o.qty));
    }
    if (state === 'REDUCING') sellQty = Dec.min(sellQty, slack(o.position.minus(pendingSell).minus(o.qty)));
  }
  // Where shorting is on, a sell placed meanwhile may be a short sale holding buying power too:
  // the buys and the sells placed since the summary share the slack this approval relies on.
  const mayShort = input.marginEnabled && limits.shortingEnabled;
  return {
    openOrders: openOrdersLeft,
    buyNotional,
    sellQty,
    ...(mayShort && buyNotional !== null ? { spendNotional: buyNotional } : {}),
  };
}
