import { dec, isDecimalString, type Dec as D } from '@tradeplane/kit';
import type { AssetInfo } from './asset-source.ts';
import { OrdersErrors } from './errors.ts';
import { nyMinuteOfDay, type MarketClockInfo } from './market-clock.ts';
import type { Quote } from './quote-source.ts';
import type { OrderClass, OrderSide, OrderType, TimeInForce } from './types.ts';

/**
 * Alpaca's order rules ("Orders at Alpaca", "Order types", "Time in force", "Bracket orders",
 * "Fractional trading"), checked before anything is priced or stored. Every refusal is a 422
 * ORDERS_INVALID_ORDER (or a more specific code) with Alpaca's wording where it has one.
 */

/** An order request as both APIs hand it over (decimal strings, names already in camelCase). */
export interface OrderRequest {
  symbol?: string | undefined;
  side?: string | undefined;
  type?: string | undefined;
  timeInForce?: string | undefined;
  orderClass?: string | undefined;
  qty?: string | undefined;
  notional?: string | undefined;
  limitPrice?: string | undefined;
  stopPrice?: string | undefined;
  trailPrice?: string | undefined;
  trailPercent?: string | undefined;
  extendedHours?: boolean | undefined;
  clientOrderId?: string | undefined;
  takeProfit?: { limitPrice?: string | undefined } | undefined;
  stopLoss?:
    | {
        stopPrice?: string | undefined;
        limitPrice?: string | undefined;
        trailPrice?: string | undefined;
        trailPercent?: string | undefined;
      }
    | undefined;
  positionIntent?: string | undefined;
}

export interface ExitLegSpec {
  role: 'take_profit' | 'stop_loss';
  type: OrderType;
  limitPrice: D | null;
  stopPrice: D | null;
  trailPrice: D | null;
  trailPercent: D | null;
}

/** A request that passed the shape rules. */
export interface ValidOrder {
  symbol: string;
  side: OrderSide;
  type: OrderType;
  timeInForce: TimeInForce;
  orderClass: OrderClass;
  qty: D | null;
  notional: D | null;
  limitPrice: D | null;
  stopPrice: D | null;
  trailPrice: D | null;
  trailPercent: D | null;
  extendedHours: boolean;
  clientOrderId: string | undefined;
  positionIntent: string | null;
  legs: ExitLegSpec[];
}

const SIDES = ['buy', 'sell'] as const;
const TYPES = ['market', 'limit', 'stop', 'stop_limit', 'trailing_stop'] as const;
const TIFS = ['day', 'gtc', 'ioc', 'fok', 'opg', 'cls'] as const;
const CLASSES = ['simple', 'bracket', 'oco', 'oto'] as const;
const INTENTS = ['buy_to_open', 'buy_to_close', 'sell_to_open', 'sell_to_close'] as const;
const SYMBOL_RE = /^[A-Z][A-Z0-9.\-/]{0,20}$/;
const MAX_QTY_DECIMALS = 9;

const invalid = (message: string) => OrdersErrors.invalidOrder(message);

function oneOf<T extends string>(value: string | undefined, allowed: readonly T[], field: string): T {
  if (value === undefined || value === '') throw invalid(`${field} is required`);
  if (!(allowed as readonly string[]).includes(value)) throw invalid(`invalid ${field}: ${value}`);
  return value as T;
}

function decimalField(value: string | undefined, field: string): D | null {
  if (value === undefined || value === null || value === '') return null;
  if (typeof value !== 'string' || !isDecimalString(value.trim()))
    throw invalid(`invalid ${field}: ${String(value)}`);
  return dec(value.trim());
}

function positive(value: D | null, field: string): D | null {
  if (value !== null && value.lte(0)) throw invalid(`${field} must be > 0`);
  return value;
}

/** SEC Rule 612 as Alpaca applies it: whole cents at $1.00 and above, $0.0001 below. */
export function assertPriceIncrement(price: D | null, field: string): void {
  if (price === null) return;
  const places = price.gte(1) ? 2 : 4;
  if (price.decimalPlaces() > places)
    throw invalid(`${field}: sub-penny increment does not fulfill minimum pricing criteria`);
}

export function validateShape(r: OrderRequest): ValidOrder {
  const symbol = (r.symbol ?? '').trim().toUpperCase();
  if (!symbol) throw invalid('symbol is required');
  if (!SYMBOL_RE.test(symbol)) throw invalid(`invalid symbol: ${r.symbol}`);
  const side = oneOf(r.side, SIDES, 'side');
  const type = oneOf(r.type, TYPES, 'order type');
  const timeInForce = oneOf(r.timeInForce, TIFS, 'time_in_force');
  const orderClass = oneOf(
    r.orderClass === '' || r.orderClass === undefined ? 'simple' : r.orderClass,
    CLASSES,
    'order_class',
  );
  const qty = positive(decimalField(r.qty, 'qty'), 'qty');
  const notional = positive(decimalField(r.notional, 'notional'), 'notional');
  const limitPrice = positive(decimalField(r.limitPrice, 'limit_price'), 'limit_price');
  const stopPrice = positive(decimalField(r.stopPrice, 'stop_price'), 'stop_price');
  const trailPrice = positive(decimalField(r.trailPrice, 'trail_price'), 'trail_price');
  const trailPercent = positive(decimalField(r.trailPercent, 'trail_percent'), 'trail_percent');
  const extendedHours = r.extendedHours === true;
  const positionIntent =
    r.positionIntent === undefined || r.positionIntent === ''
      ? null
      : oneOf(r.positionIntent, INTENTS, 'position_intent');

  if (r.clientOrderId !== undefined && (r.clientOrderId.length === 0 || r.clientOrderId.length > 48))
    throw invalid('client_order_id must be 1 to 48 characters');

  // Quantity: exactly one of qty and notional.
  if (qty === null && notional === null) throw invalid('qty or notional is required');
  if (qty !== null && notional !== null) throw invalid('only one of qty or notional can be specified');
  if (qty !== null && qty.decimalPlaces() > MAX_QTY_DECIMALS)
    throw invalid('qty supports at most 9 decimal places');
  if (notional !== null) {
    if (type !== 'market' || timeInForce !== 'day')
      throw invalid('notional orders must be market orders with time_in_force day');
    if (notional.lt(1)) throw invalid('notional must be at least $1');
    if (notional.decimalPlaces() > 2) throw invalid('notional supports at most 2 decimal places');
  }
  const fractional = notional !== null || (qty !== null && !qty.isInteger());
  if (fractional && timeInForce !== 'day') throw invalid('fractional orders must be day orders');
  if (fractional && orderClass !== 'simple') throw invalid('fractional orders must be simple orders');

  // Prices by type.
  const needsLimit = type === 'limit' || type === 'stop_limit';
  const needsStop = type === 'stop' || type === 'stop_limit';
  if (needsLimit && limitPrice === null && !(orderClass === 'oco'))
    throw invalid('limit_price is required for limit orders');
  if (!needsLimit && limitPrice !== null) throw invalid(`limit_price is not allowed for ${type} orders`);
  if (needsStop && stopPrice === null) throw invalid('stop_price is required for stop orders');
  if (!needsStop && stopPrice !== null) throw invalid(`stop_price is not allowed for ${type} orders`);
  if (type === 'trailing_stop') {
    if ((trailPrice === null) === (trailPercent === null))
      throw invalid('trailing stop orders need exactly one of trail_price or trail_percent');
    if (trailPercent !== null && trailPercent.gte(100)) throw invalid('trail_percent must be below 100');
    if (timeInForce !== 'day' && timeInForce !== 'gtc')
      throw invalid('trailing stop orders must be day or gtc');
  } else if (trailPrice !== null || trailPercent !== null) {
    throw invalid('trail_price and trail_percent are only for trailing_stop orders');
  }
  for (const [p, f] of [
    [limitPrice, 'limit_price'],
    [stopPrice, 'stop_price'],
    [trailPrice, 'trail_price'],
  ] as const)
    assertPriceIncrement(p, f);

  // Time in force.
  if ((timeInForce === 'ioc' || timeInForce === 'fok') && type !== 'market' && type !== 'limit')
    throw invalid(`${timeInForce} orders must be market or limit orders`);
  if ((timeInForce === 'opg' || timeInForce === 'cls') && type !== 'market' && type !== 'limit')
    throw invalid(`${timeInForce} orders must be market or limit orders`);
  if (extendedHours && (type !== 'limit' || timeInForce !== 'day'))
    throw invalid('extended hours order must be DAY limit orders');

  const legs = validateClass(orderClass, { side, type, timeInForce, limitPrice, extendedHours, qty }, r);
  // An OCO's parent is its take-profit: its limit is take_profit.limit_price.
  const parentLimit = orderClass === 'oco' && limitPrice === null ? takeProfitLeg(r).limitPrice : limitPrice;
  return {
    symbol,
    side,
    type,
    timeInForce,
    orderClass,
    qty,
    notional,
    limitPrice: parentLimit,
    stopPrice,
    trailPrice,
    trailPercent,
    extendedHours,
    clientOrderId: r.clientOrderId,
    positionIntent,
    legs,
  };
}

function stopLossLeg(r: OrderRequest): ExitLegSpec {
  const sl = r.stopLoss ?? {};
  const stopPrice = positive(decimalField(sl.stopPrice, 'stop_loss.stop_price'), 'stop_loss.stop_price');
  const limitPrice = positive(decimalField(sl.limitPrice, 'stop_loss.limit_price'), 'stop_loss.limit_price');
  const trailPrice = positive(decimalField(sl.trailPrice, 'stop_loss.trail_price'), 'stop_loss.trail_price');
  const trailPercent = positive(
    decimalField(sl.trailPercent, 'stop_loss.trail_percent'),
    'stop_loss.trail_percent',
  );
  assertPriceIncrement(stopPrice, 'stop_loss.stop_price');
  assertPriceIncrement(limitPrice, 'stop_loss.limit_price');
  assertPriceIncrement(trailPrice, 'stop_loss.trail_price');
  // Beyond Alpaca (docs/decisions/0003): a trailing stop may be a bracket's stop leg.
  if (trailPrice !== null || trailPercent !== null) {
    if (stopPrice !== null || limitPrice !== null)
      throw invalid(
        'stop_loss takes either stop_price (and limit_price) or one of trail_price / trail_percent',
      );
    if (trailPrice !== null && trailPercent !== null)
      throw invalid('stop_loss takes one of trail_price or trail_percent');
    if (trailPercent !== null && trailPercent.gte(100))
      throw invalid('stop_loss.trail_percent must be below 100');
    return {
      role: 'stop_loss',
      type: 'trailing_stop',
      limitPrice: null,
      stopPrice: null,
      trailPrice,
      trailPercent,
    };
  }
  if (stopPrice === null) throw invalid('stop_loss.stop_price is required');
  return {
    role: 'stop_loss',
    type: limitPrice === null ? 'stop' : 'stop_limit',
    limitPrice,
    stopPrice,
    trailPrice: null,
    trailPercent: null,
  };
}

function takeProfitLeg(r: OrderRequest): ExitLegSpec {
  const limitPrice = positive(
    decimalField(r.takeProfit?.limitPrice, 'take_profit.limit_price'),
    'take_profit.limit_price',
  );
  if (limitPrice === null) throw invalid('take_profit.limit_price is required');
  assertPriceIncrement(limitPrice, 'take_profit.limit_price');
  return {
    role: 'take_profit',
    type: 'limit',
    limitPrice,
    stopPrice: null,
    trailPrice: null,
    trailPercent: null,
  };
}

function validateClass(
  orderClass: OrderClass,
  o: {
    side: OrderSide;
    type: OrderType;
    timeInForce: TimeInForce;
    limitPrice: D | null;
    extendedHours: boolean;
    qty: D | null;
  },
  r: OrderRequest,
): ExitLegSpec[] {
  if (orderClass === 'simple') {
    if (r.takeProfit || r.stopLoss)
      throw invalid('take_profit and stop_loss need order_class bracket, oco or oto');
    return [];
  }
  if (o.extendedHours) throw invalid(`${orderClass} orders cannot be extended hours orders`);
  if (o.timeInForce !== 'day' && o.timeInForce !== 'gtc')
    throw invalid(`${orderClass} orders must be day or gtc`);
  if (o.qty === null || !o.qty.isInteger()) throw invalid(`${orderClass} orders need a whole-share qty`);
  if (o.type === 'trailing_stop') throw invalid(`${orderClass} orders cannot have a trailing_stop parent`);
  switch (orderClass) {
    case 'bracket': {
      if (!r.takeProfit || !r.stopLoss) throw invalid('bracket orders need both take_profit and stop_loss');
      const tp = takeProfitLeg(r);
      const sl = stopLossLeg(r);
      // Alpaca: for a buy, take_profit.limit_price must be above stop_loss.stop_price (below for a sell).
      if (sl.stopPrice !== null) {
        const ok = o.side === 'buy' ? tp.limitPrice!.gt(sl.stopPrice) : tp.limitPrice!.lt(sl.stopPrice);
        if (!ok)
          throw invalid(
            o.side === 'buy'
              ? 'take_profit.limit_price must be > stop_loss.stop_price'
              : 'take_profit.limit_price must be < stop_loss.stop_price',
          );
      }
      return [tp, sl];
    }
    case 'oco': {
      // Alpaca: OCO is for exits only; its type is limit and the take-profit is the parent order.
      if (o.type !== 'limit') throw invalid('oco orders must be limit orders');
      if (!r.takeProfit || !r.stopLoss) throw invalid('oco orders need both take_profit and stop_loss');
      const tp = takeProfitLeg(r);
      if (o.limitPrice !== null && !o.limitPrice.eq(tp.limitPrice!))
        throw invalid('oco limit_price must equal take_profit.limit_price');
      const sl = stopLossLeg(r);
      if (sl.type === 'trailing_stop') throw invalid('oco stop_loss cannot be a trailing stop');
      const ok = o.side === 'sell' ? tp.limitPrice!.gt(sl.stopPrice!) : tp.limitPrice!.lt(sl.stopPrice!);
      if (!ok)
        throw invalid(
          o.side === 'sell'
            ? 'take_profit.limit_price must be > stop_loss.stop_price'
            : 'take_profit.limit_price must be < stop_loss.stop_price',
        );
      return [sl];
    }
    case 'oto': {
      if (!!r.takeProfit === !!r.stopLoss)
        throw invalid('oto orders need exactly one of take_profit or stop_loss');
      return [r.takeProfit ? takeProfitLeg(r) : stopLossLeg(r)];
    }
  }
}

/** The rules that need the asset, the market or the clock. */
export function validateAgainstMarket(
  v: ValidOrder,
  asset: AssetInfo | null,
  quote: Quote,
  clock: MarketClockInfo,
): void {
  if (!asset) throw OrdersErrors.assetNotFound(v.symbol);
  if (!asset.tradable) throw OrdersErrors.assetNotTradable(v.symbol);
  const fractional = v.notional !== null || (v.qty !== null && !v.qty.isInteger());
  if (fractional && !asset.fractionable) throw OrdersErrors.notFractionable(v.symbol);

  // Alpaca: opg is rejected between 9:28am and 7:00pm ET, cls between 3:50pm and 7:00pm ET.
  if (clock.mode === 'exchange' && (v.timeInForce === 'opg' || v.timeInForce === 'cls')) {
    const m = nyMinuteOfDay(clock.timestamp);
    if (v.timeInForce === 'opg' && m >= 9 * 60 + 28 && m < 19 * 60)
      throw OrdersErrors.auctionWindowClosed('opg', '9:28am and 7:00pm');
    if (v.timeInForce === 'cls' && m >= 15 * 60 + 50 && m < 19 * 60)
      throw OrdersErrors.auctionWindowClosed('cls', '3:50pm and 7:00pm');
  }

  // Alpaca: a bracket's exits must be at least $0.01 away from the base price (the entry's limit,
  // or the market for a market entry).
  if (v.orderClass === 'bracket') {
    const base = v.limitPrice ?? (v.side === 'buy' ? quote.ask : quote.bid);
    const cent = dec('0.01');
    for (const leg of v.legs) {
      if (leg.role === 'take_profit') {
        const ok =
          v.side === 'buy' ? leg.limitPrice!.gte(base.plus(cent)) : leg.limitPrice!.lte(base.minus(cent));
        if (!ok)
          throw OrdersErrors.invalidOrder(
            `take_profit.limit_price must be ${v.side === 'buy' ? '>=' : '<='} base_price ${v.side === 'buy' ? '+' : '-'} 0.01`,
          );
      } else if (leg.stopPrice !== null) {
        const ok =
          v.side === 'buy' ? leg.stopPrice.lte(base.minus(cent)) : leg.stopPrice.gte(base.plus(cent));
        if (!ok)
          throw OrdersErrors.invalidOrder(
            `stop_loss.stop_price must be ${v.side === 'buy' ? '<=' : '>='} base_price ${v.side === 'buy' ? '-' : '+'} 0.01`,
          );
      }
    }
  }
}
