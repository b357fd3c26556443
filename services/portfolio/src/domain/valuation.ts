import { Dec, type Dec as Decimal } from '@tradeplane/kit';
import { averageEntry } from './ledger.ts';

/**
 * Valuing an account at the market. Equity = cash + long market value − |short market value|
 * (a short's proceeds sit in cash). Buying power: a cash account spends its cash; a margin account
 * follows Reg T's 50 % initial margin, buying power = 2 × equity − gross exposure (long + |short|),
 * never below 0. Initial margin = 50 % and maintenance margin = 25 % of gross exposure, both
 * simplifications of a broker's house rules, stated here so nobody mistakes them for more.
 */
export const RATIO_PLACES = 6;
const ZERO = new Dec(0);

export interface HeldPosition {
  symbol: string;
  qty: Decimal;
  costBasis: Decimal;
  /** Price at the start of the day (for intraday P&L and change today); null when unknown. */
  lastdayPrice: Decimal | null;
  /**
   * What the position's own day is measured from when not the day's start price: the average
   * entry of a position opened today (it did not exist at the previous close).
   */
  dayBase?: Decimal | null | undefined;
}

export interface ValuedPosition extends HeldPosition {
  side: 'long' | 'short';
  avgEntryPrice: Decimal;
  price: Decimal;
  lastday: Decimal;
  marketValue: Decimal;
  unrealizedPnl: Decimal;
  unrealizedPnlPct: Decimal;
  unrealizedIntradayPnl: Decimal;
  unrealizedIntradayPnlPct: Decimal;
  changeToday: Decimal;
}

const ratio = (num: Decimal, den: Decimal) =>
  den.isZero() ? ZERO : num.div(den).toDecimalPlaces(RATIO_PLACES, Dec.ROUND_HALF_EVEN);

export function valuePosition(p: HeldPosition, price: Decimal): ValuedPosition {
  const marketValue = p.qty.times(price);
  const unrealizedPnl = marketValue.minus(p.costBasis);
  const lastday = p.lastdayPrice ?? price;
  // The asset's change today is from the day's start price; the position's P&L today from what it
  // was worth at the day's start, or from its entry when it was opened today.
  const base = p.dayBase ?? lastday;
  const intraday = price.minus(base).times(p.qty);
  return {
    ...p,
    side: p.qty.isNeg() ? 'short' : 'long',
    avgEntryPrice: averageEntry(p).abs(),
    price,
    lastday,
    marketValue,
    unrealizedPnl,
    unrealizedPnlPct: ratio(unrealizedPnl, p.costBasis.abs()),
    unrealizedIntradayPnl: intraday,
    unrealizedIntradayPnlPct: ratio(intraday, base.times(p.qty).abs()),
    changeToday: ratio(price.minus(lastday), lastday),
  };
}

export interface AccountValuation {
  cash: Decimal;
  longMarketValue: Decimal;
  /** Negative (or 0), as Alpaca reports it. */
  shortMarketValue: Decimal;
  equity: Decimal;
  buyingPower: Decimal;
  regtBuyingPower: Decimal;
  daytradingBuyingPower: Decimal;
  nonMarginableBuyingPower: Decimal;
  initialMargin: Decimal;
  maintenanceMargin: Decimal;
  multiplier: number;
  unrealizedPnl: Decimal;
  positions: ValuedPosition[];
}

export function valueAccount(
  cash: Decimal,
  positions: ValuedPosition[],
  marginEnabled: boolean,
): AccountValuation {
  let long = ZERO;
  let short = ZERO;
  let unrealized = ZERO;
  for (const p of positions) {
    if (p.qty.isNeg()) short = short.plus(p.marketValue);
    else long = long.plus(p.marketValue);
    unrealized = unrealized.plus(p.unrealizedPnl);
  }
  const equity = cash.plus(long).plus(short);
  const gross = long.plus(short.abs());
  const cashBp = Dec.max(cash, ZERO);
  const regt = Dec.max(equity.times(2).minus(gross), ZERO);
  return {
    cash,
    longMarketValue: long,
    shortMarketValue: short,
    equity,
    buyingPower: marginEnabled ? regt : cashBp,
    regtBuyingPower: marginEnabled ? regt : cashBp,
    daytradingBuyingPower: marginEnabled ? regt : ZERO,
    nonMarginableBuyingPower: cashBp,
    initialMargin: gross.times('0.5'),
    maintenanceMargin: gross.times('0.25'),
    multiplier: marginEnabled ? 2 : 1,
    unrealizedPnl: unrealized,
    positions,
  };
}
