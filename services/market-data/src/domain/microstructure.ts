/**
 * Quotes and trade prints around a simulated mid price: how wide the spread is, how many shares
 * sit on each side, where a trade prints and how big it is. Everything is in whole ticks so
 * that bid < ask and trades at or between them hold exactly after rounding.
 */
import type { Rng } from './rng.ts';
import type { SymbolModel } from './price-model.ts';
import { roundTo, tickDecimals, tickSize } from './ticks.ts';

export interface Nbbo {
  bp: number;
  ap: number;
  bs: number;
  as: number;
}

const ROUND_LOT = 100;
/** Relative spread = BASE + PER_VOL · σ_annual: ~1–2 ¢ on a $200 large cap, wider for volatile names. */
const SPREAD_BASE = 0.00001;
const SPREAD_PER_VOL = 0.0002;
/** Spreads are wider just after the open (price discovery) and a little before the close. */
const OPEN_WIDENING = 2;
const CLOSE_WIDENING = 0.5;
const WIDENING_DECAY_MINUTES = 5;

export function quoteAround(
  mid: number,
  model: SymbolModel,
  minutesFromOpen: number,
  minutesToClose: number,
  rng: Rng,
): Nbbo {
  const tick = tickSize(mid);
  const decimals = tickDecimals(mid);
  const widening =
    1 +
    OPEN_WIDENING * Math.exp(-minutesFromOpen / WIDENING_DECAY_MINUTES) +
    CLOSE_WIDENING * Math.exp(-minutesToClose / WIDENING_DECAY_MINUTES);
  const spread = mid * (SPREAD_BASE + SPREAD_PER_VOL * model.totalVol) * widening * rng.uniform(0.75, 1.25);
  const spreadTicks = Math.max(1, Math.round(spread / tick));
  // Lowest bid is one tick so the ask stays above it; log prices never reach zero anyway.
  const bidTicks = Math.max(1, Math.floor(mid / tick - spreadTicks / 2 + 1e-9));
  // Displayed depth grows with the name's liquidity: round lots, 1 to ~30 lots deep.
  const depthLots = Math.min(30, Math.max(1, model.avgDailyVolume / 2_000_000));
  return {
    bp: roundTo(bidTicks * tick, decimals),
    ap: roundTo((bidTicks + spreadTicks) * tick, decimals),
    bs: ROUND_LOT * (1 + rng.poisson(depthLots)),
    as: ROUND_LOT * (1 + rng.poisson(depthLots)),
  };
}

/** A print at the bid or ask (most marketable orders) or at a tick between (midpoint and hidden liquidity). */
export function tradePrice(q: Nbbo, rng: Rng): number {
  const u = rng.next();
  if (u < 0.42) return q.bp;
  if (u < 0.84) return q.ap;
  const tick = tickSize(q.bp);
  const decimals = tickDecimals(q.bp);
  const spreadTicks = Math.round((q.ap - q.bp) / tick);
  return roundTo(q.bp + rng.int(spreadTicks + 1) * tick, decimals);
}

/** Lognormal sizes around the model's average, mostly round lots, some odd lots. */
export function tradeSize(model: SymbolModel, rng: Rng): number {
  // exp(σZ − σ²/2) has mean 1, so the average size (and so daily volume) is preserved.
  const raw = model.avgTradeSize * Math.exp(0.9 * rng.normal() - 0.405);
  if (raw < ROUND_LOT && rng.bernoulli(0.6)) return Math.max(1, Math.round(raw));
  return ROUND_LOT * Math.max(1, Math.round(raw / ROUND_LOT));
}
