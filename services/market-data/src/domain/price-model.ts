/**
 * The price dynamics shared by the live simulator and the backfill, so history and live ticks
 * come from one model. Log prices follow a one-factor jump-diffusion:
 *
 *   d log S_i = (μ_i − σ_i²/2) dt + β_i · dM + σ_idio,i dW_i + jumps_i
 *   dM        = σ_M dW_M + market jumps
 *
 * so symbols co-move through the common factor M (return_i = β_i · market + idio_i) and prices
 * stay positive. Time is measured in trading days: one session plus the night before it carries
 * one day of variance (1/252 of a year). Within a session variance and volume follow U-shaped
 * curves over the fraction of the session elapsed, x ∈ [0, 1] — busy at the open and the close,
 * quiet at midday — normalised so the session total is unchanged.
 */
import type { Rng } from './rng.ts';
import type { AssetDefinition } from './universe.ts';

export const TRADING_DAYS_PER_YEAR = 252;
export const MINUTES_PER_FULL_SESSION = 390;
/** Simulated prints per symbol per session minute; sizes scale so volume matches the asset's average. */
export const DEFAULT_TRADES_PER_MINUTE = 20;

export const MARKET_FACTOR = Object.freeze({
  volatility: 0.17,
  jumpsPerYear: 1,
  jumpMean: -0.015,
  jumpSd: 0.025,
});
/** Company-specific jumps (earnings, news): a few a year, either direction. */
export const SYMBOL_JUMPS = Object.freeze({ perYear: 4, sd: 0.035 });
/** Share of a day's variance that arrives between the close and the next open (exchange mode). */
export const OVERNIGHT_VARIANCE_SHARE = 0.2;
/** Log-price move of a news item with sentiment ±1. */
export const NEWS_SHOCK_SIZE = 0.012;

export interface SymbolModel {
  symbol: string;
  beta: number;
  /** Annualised volatility of the idiosyncratic part. */
  idioVol: number;
  /** Annualised total diffusive volatility, β²σ_M² + σ_idio². */
  totalVol: number;
  /** Log drift per trading day, (μ − σ²/2) / 252. */
  logDriftPerDay: number;
  avgDailyVolume: number;
  /** Average trade size implied by the volume and the trade rate. */
  avgTradeSize: number;
}

export function symbolModel(asset: AssetDefinition, tradesPerMinute: number): SymbolModel {
  const { volatility, beta, drift, avgDailyVolume } = asset.sim;
  const systematic = (beta * MARKET_FACTOR.volatility) ** 2;
  // A floor keeps a little tracking noise even for an index ETF whose beta explains it all.
  const idioVar = Math.max(volatility ** 2 - systematic, (0.1 * volatility) ** 2);
  const totalVar = systematic + idioVar;
  return {
    symbol: asset.symbol,
    beta,
    idioVol: Math.sqrt(idioVar),
    totalVol: Math.sqrt(totalVar),
    logDriftPerDay: (drift - totalVar / 2) / TRADING_DAYS_PER_YEAR,
    avgDailyVolume,
    avgTradeSize: Math.max(1, avgDailyVolume / (tradesPerMinute * MINUTES_PER_FULL_SESSION)),
  };
}

/**
 * ∫ w(x) dx over [x0, x1] with w(x) = 0.4 + 1.8 (2x − 1)²: 2.2× the average variance at the open
 * and the close, 0.4× at midday, integrating to 1 over the session.
 */
export function varianceShare(x0: number, x1: number): number {
  return cumulativeVariance(x1) - cumulativeVariance(x0);
}

function cumulativeVariance(x: number): number {
  return 0.4 * x + (1.8 * ((2 * x - 1) ** 3 + 1)) / 6;
}

/**
 * ∫ v(x) dx over [x0, x1] with v(x) = 0.55 + 1.35 (2x − 1)² + 0.25 (2x − 1): the usual volume
 * smile, heavier into the close (2.15×) than at the open (1.65×), integrating to 1.
 */
export function volumeShare(x0: number, x1: number): number {
  return cumulativeVolume(x1) - cumulativeVolume(x0);
}

function cumulativeVolume(x: number): number {
  return 0.55 * x + (1.35 * ((2 * x - 1) ** 3 + 1)) / 6 + 0.25 * (x * x - x);
}

/** Jump sizes summed over a Poisson number of jumps. */
function jumps(rng: Rng, perYear: number, days: number, mean: number, sd: number): number {
  const count = rng.poisson((perYear * days) / TRADING_DAYS_PER_YEAR);
  let total = 0;
  for (let i = 0; i < count; i++) total += rng.normal(mean, sd);
  return total;
}

/** Log move of the market factor over `days` trading days of variance (zero drift: drift is per symbol). */
export function marketMove(rng: Rng, days: number): number {
  const sd = MARKET_FACTOR.volatility * Math.sqrt(days / TRADING_DAYS_PER_YEAR);
  return (
    sd * rng.normal() +
    jumps(rng, MARKET_FACTOR.jumpsPerYear, days, MARKET_FACTOR.jumpMean, MARKET_FACTOR.jumpSd)
  );
}

/** Idiosyncratic diffusion plus company jumps over `days`. */
export function idiosyncraticMove(model: SymbolModel, rng: Rng, days: number): number {
  const sd = model.idioVol * Math.sqrt(days / TRADING_DAYS_PER_YEAR);
  return sd * rng.normal() + jumps(rng, SYMBOL_JUMPS.perYear, days, 0, SYMBOL_JUMPS.sd);
}

/** A symbol's log move given the market factor's move over the same interval. */
export function symbolMove(model: SymbolModel, rng: Rng, days: number, market: number): number {
  return model.logDriftPerDay * days + model.beta * market + idiosyncraticMove(model, rng, days);
}

/** Standard deviation of a symbol's diffusive log move over `days` (for bridges and extremes). */
export function diffusionSd(model: SymbolModel, days: number): number {
  return model.totalVol * Math.sqrt(days / TRADING_DAYS_PER_YEAR);
}
