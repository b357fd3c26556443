import { Dec, dec, type Dec as D } from '@tradeplane/kit';
import type { CommissionModel, Order } from '../types.ts';
import type { Quote, Trade } from '../quote-source.ts';
import type { SeededRandom } from './rng.ts';

/**
 * The paper exchange's pricing rules, free of I/O so they can be tested and reasoned about alone.
 *
 * - Buys take the ask and sells the bid (Alpaca paper: fills from the real-time quote), plus a
 *   slippage model against the taker, rounded to the tick against the taker.
 * - One quote fills at most its displayed size at the touch (× PAPER_MAX_QUOTE_FRACTION); a size
 *   of 0 means the feed sent none and the size is not limited.
 * - A resting limit order fills on a print at or through its price, at its limit, for at most
 *   PAPER_PARTICIPATION_RATE of the print's size (the volume-participation cap).
 * - Stops trigger on trades (a print at or through the stop), then execute as market (stop,
 *   trailing_stop) or limit (stop_limit) orders.
 * - Orders for whole shares fill whole shares; fractional orders fill to 9 decimals (Alpaca's
 *   fractional precision).
 */
export interface SlippageModel {
  model: 'none' | 'fixed_bps' | 'spread';
  bps: D;
  jitterBps: D;
  spreadImpact: D;
}

export interface PaperModel {
  slippage: SlippageModel;
  maxQuoteFraction: D;
  participationRate: D;
}

const BPS = dec(10_000);
const JITTER_STEPS = 10_000;

export const tickOf = (price: D): D => (price.gte(1) ? dec('0.01') : dec('0.0001'));

/** Rounds a price to the tick: up (against a buyer) or down (against a seller). */
export function roundToTick(price: D, direction: 'up' | 'down'): D {
  const tick = tickOf(price);
  const steps = price.div(tick);
  const whole =
    direction === 'up' ? steps.toDecimalPlaces(0, Dec.ROUND_CEIL) : steps.toDecimalPlaces(0, Dec.ROUND_FLOOR);
  return whole.times(tick);
}

export const roundToNearestTick = (price: D): D => {
  const tick = tickOf(price);
  return price.div(tick).toDecimalPlaces(0, Dec.ROUND_HALF_EVEN).times(tick);
};

/** The taker's price: the touch moved against the taker by the slippage model. */
export function takerPrice(
  side: 'buy' | 'sell',
  q: Quote,
  qty: D,
  model: SlippageModel,
  rng: SeededRandom,
): D {
  const touch = side === 'buy' ? q.ask : q.bid;
  const size = side === 'buy' ? q.askSize : q.bidSize;
  let adj = dec(0);
  switch (model.model) {
    case 'none':
      break;
    case 'fixed_bps':
      adj = touch.times(model.bps).div(BPS);
      break;
    case 'spread': {
      const spread = Dec.max(q.ask.minus(q.bid), 0);
      const share = size.gt(0) ? Dec.min(qty.div(size), 1) : dec(1);
      adj = spread.times(model.spreadImpact).times(share);
      break;
    }
  }
  if (model.jitterBps.gt(0)) {
    const draw = dec(rng.below(JITTER_STEPS)).div(JITTER_STEPS);
    adj = adj.plus(touch.times(model.jitterBps).times(draw).div(BPS));
  }
  if (side === 'buy') return roundToTick(touch.plus(adj), 'up');
  const down = roundToTick(touch.minus(adj), 'down');
  return down.gt(0) ? down : tickOf(touch);
}

/** Shares still to fill (for a notional order: the notional converted at `price`, to 9 decimals). */
export function remainingQty(o: Order, price: D): D {
  if (o.qty !== null) return dec(o.qty).minus(o.filledQty);
  if (dec(o.filledQty).gt(0)) return dec(0);
  return dec(o.notional ?? 0)
    .div(price)
    .toDecimalPlaces(9, Dec.ROUND_DOWN);
}

/** Whole-share orders fill whole shares; fractional ones to 9 decimals. */
export function lotRound(o: Order, qty: D): D {
  const fractional = o.qty === null || !dec(o.qty).isInteger() || !dec(o.filledQty).isInteger();
  return fractional ? qty.toDecimalPlaces(9, Dec.ROUND_DOWN) : qty.toDecimalPlaces(0, Dec.ROUND_DOWN);
}

export const isMarketLike = (o: Order): boolean =>
  o.type === 'market' || ((o.type === 'stop' || o.type === 'trailing_stop') && o.triggeredAt !== null);

export const isLimitLike = (o: Order): boolean =>
  o.type === 'limit' || (o.type === 'stop_limit' && o.triggeredAt !== null);

export interface FillDecision {
  qty: D;
  price: D;
}

/**
 * What one quote does to a working order (auction orders aside): a fill, or nothing. `available`
 * is the displayed size still untaken on this quote (earlier orders took the rest); undefined
 * means unlimited.
 */
export function onQuote(
  o: Order,
  q: Quote,
  available: D | undefined,
  model: PaperModel,
  rng: SeededRandom,
): FillDecision | undefined {
  if (!isMarketLike(o) && !isLimitLike(o)) return undefined;
  const touch = o.side === 'buy' ? q.ask : q.bid;
  if (isLimitLike(o)) {
    const limit = dec(o.limitPrice!);
    const marketable = o.side === 'buy' ? touch.lte(limit) : touch.gte(limit);
    if (!marketable) return undefined;
  }
  let qty = remainingQty(o, touch);
  // Notional orders are small and fill at once at the touch (documented); others are size-bound.
  if (available !== undefined && o.qty !== null) qty = Dec.min(qty, available);
  qty = lotRound(o, qty);
  if (qty.lte(0)) return undefined;
  let price = takerPrice(o.side, q, qty, model.slippage, rng);
  // A limit order never fills worse than its limit, slippage or not.
  if (isLimitLike(o)) {
    const limit = dec(o.limitPrice!);
    price = o.side === 'buy' ? Dec.min(price, limit) : Dec.max(price, limit);
  }
  if (o.notional !== null) qty = remainingQty(o, price);
  return qty.gt(0) ? { qty, price } : undefined;
}

/** The size a quote offers to one side, capped by the configured share of it; undefined = no limit. */
export function displayedSize(side: 'buy' | 'sell', q: Quote, model: PaperModel): D | undefined {
  const size = side === 'buy' ? q.askSize : q.bidSize;
  if (size.lte(0)) return undefined;
  return size.times(model.maxQuoteFraction);
}

/** A resting limit order hit by a print at or through its price: fills at the limit, participation-capped. */
export function onTradeForLimit(o: Order, t: Trade, model: PaperModel): FillDecision | undefined {
  if (!isLimitLike(o) || o.qty === null) return undefined;
  const limit = dec(o.limitPrice!);
  const through = o.side === 'buy' ? t.price.lte(limit) : t.price.gte(limit);
  if (!through) return undefined;
  const cap = t.size.gt(0) ? t.size.times(model.participationRate) : remainingQty(o, limit);
  const qty = lotRound(o, Dec.min(remainingQty(o, limit), cap));
  return qty.gt(0) ? { qty, price: limit } : undefined;
}

/** The stop level of a trailing stop for a high-water mark (Alpaca: hwm ∓ trail_price, or × (1 ∓ trail_percent/100)). */
export function trailingStopPrice(o: Pick<Order, 'side' | 'trailPrice' | 'trailPercent'>, hwm: D): D {
  const offset = o.trailPrice !== null ? dec(o.trailPrice) : hwm.times(dec(o.trailPercent ?? 0)).div(100);
  const stop = o.side === 'sell' ? hwm.minus(offset) : hwm.plus(offset);
  return roundToNearestTick(Dec.max(stop, tickOf(hwm)));
}

/** A sell trailing stop tracks the highest price, a buy one the lowest. */
export function nextHwm(o: Pick<Order, 'side' | 'hwm'>, price: D): D | undefined {
  if (o.hwm === null) return price;
  const hwm = dec(o.hwm);
  if (o.side === 'sell' ? price.gt(hwm) : price.lt(hwm)) return price;
  return undefined;
}

/** Whether a print triggers a stop, stop_limit or trailing_stop (Alpaca: stops trigger on trades). */
export function triggers(o: Order, t: Trade): boolean {
  if (o.triggeredAt !== null) return false;
  if (o.type !== 'stop' && o.type !== 'stop_limit' && o.type !== 'trailing_stop') return false;
  if (o.stopPrice === null) return false;
  const stop = dec(o.stopPrice);
  return o.side === 'buy' ? t.price.gte(stop) : t.price.lte(stop);
}

const ZERO_COMMISSION: CommissionModel = { perShare: '0', perOrder: '0', bps: '0', min: '0' };

/** Commission of one fill: per share + basis points of value + per order on the first fill, at least `min`, in cents. */
export function commissionFor(model: CommissionModel | null, qty: D, price: D, firstFill: boolean): D {
  const m = model ?? ZERO_COMMISSION;
  let c = qty.times(m.perShare).plus(qty.times(price).times(m.bps).div(BPS));
  if (firstFill) c = c.plus(m.perOrder);
  c = Dec.max(c, m.min);
  return c.toDecimalPlaces(2, Dec.ROUND_HALF_UP);
}
