/**
 * History for a fresh install: `dailyYears` of daily bars and the last `minuteSessions` sessions
 * of 1-minute bars for every asset, from the same price model as the live simulator.
 *
 * Older days are generated directly at daily resolution (fast); the last sessions are generated
 * minute by minute and their daily bars are then *derived* from those minute bars with
 * `aggregateBars`, so a day's daily bar is exactly the aggregate of its minute bars. Both parts
 * continue one log-price path. Start the live simulator from `lastPrices(result)`.
 */
import { addDays, assertIsoDate, isoDateOfUtcMs, utcMidnightMs } from './ny-time.ts';
import { aggregateBars, barTime, type Bar } from './bars.ts';
import { calendarFor, type MarketCalendar, type Session, type SessionMode } from './calendar.ts';
import {
  OVERNIGHT_VARIANCE_SHARE,
  diffusionSd,
  marketMove,
  symbolModel,
  symbolMove,
  varianceShare,
  volumeShare,
  DEFAULT_TRADES_PER_MINUTE,
  MINUTES_PER_FULL_SESSION,
  type SymbolModel,
} from './price-model.ts';
import { createRng, type Rng, type Seed } from './rng.ts';
import { roundTo, roundToTick } from './ticks.ts';
import { DEFAULT_UNIVERSE, type AssetDefinition } from './universe.ts';

export interface BackfillOptions {
  seed: Seed;
  universe?: readonly AssetDefinition[];
  /** Last trading date to include ('YYYY-MM-DD'); pass the last *completed* session's date. */
  endDate: string;
  dailyYears?: number;
  minuteSessions?: number;
  mode?: SessionMode;
  calendar?: MarketCalendar;
  tradesPerMinute?: number;
}

export interface SymbolHistory {
  symbol: string;
  /** One bar per session, oldest first. */
  daily: Bar[];
  /** Minute bars of the last `minuteSessions` sessions, oldest first. */
  minute: Bar[];
}

export interface BackfillResult {
  sessions: Session[];
  minuteSessions: Session[];
  symbols: Record<string, SymbolHistory>;
}

/** Sub-ticks per simulated minute, from which a minute's open, high, low, close and VWAP come. */
const TICKS_PER_MINUTE = 6;
const MINUTE_MS = 60_000;

interface MarketPath {
  /** Per daily-resolution session: the overnight and intraday market moves. */
  days: Array<{ overnight: number; intraday: number }>;
  /** Per minute-resolution session: the overnight move and one move per minute. */
  minuteDays: Array<{ overnight: number; minutes: Float64Array }>;
}

export function backfill(options: BackfillOptions): BackfillResult {
  const mode = options.mode ?? 'exchange';
  const cal = options.calendar ?? calendarFor(mode);
  const dailyYears = options.dailyYears ?? 2;
  const minuteCount = options.minuteSessions ?? 10;
  const tradesPerMinute = options.tradesPerMinute ?? DEFAULT_TRADES_PER_MINUTE;
  assertIsoDate(options.endDate);
  if (!Number.isInteger(dailyYears) || dailyYears < 1)
    throw new RangeError('dailyYears must be a positive integer');
  if (!Number.isInteger(minuteCount) || minuteCount < 0)
    throw new RangeError('minuteSessions must be a non-negative integer');

  const sessions = cal.sessions(yearsBefore(options.endDate, dailyYears), options.endDate);
  if (sessions.length < minuteCount) throw new RangeError('fewer sessions in the range than minuteSessions');
  const split = sessions.length - minuteCount;
  const daySessions = sessions.slice(0, split);
  const minuteSessions = sessions.slice(split);
  const intradayShare = mode === 'exchange' ? 1 - OVERNIGHT_VARIANCE_SHARE : 1;

  const root = createRng(options.seed).fork('backfill');
  const market = marketPath(root.fork('market'), daySessions, minuteSessions, intradayShare);
  const symbols: Record<string, SymbolHistory> = {};
  for (const asset of options.universe ?? DEFAULT_UNIVERSE) {
    const generator = new PathGenerator(
      symbolModel(asset, tradesPerMinute),
      root.fork(asset.symbol),
      asset.sim.startPrice,
      intradayShare,
      cal,
    );
    const daily = daySessions.map((s, i) => generator.day(s, market.days[i]!));
    const minute: Bar[] = [];
    for (const [i, s] of minuteSessions.entries()) {
      const bars = generator.minutes(s, market.minuteDays[i]!);
      minute.push(...bars);
      daily.push(...aggregateBars(bars, '1Day', cal));
    }
    symbols[asset.symbol] = { symbol: asset.symbol, daily, minute };
  }
  return { sessions, minuteSessions, symbols };
}

/** The last close of each symbol, to start the live simulator where the history ends. */
export function lastPrices(result: BackfillResult): Record<string, number> {
  const prices: Record<string, number> = {};
  for (const [symbol, h] of Object.entries(result.symbols)) {
    const last = h.daily.at(-1);
    if (last) prices[symbol] = last.c;
  }
  return prices;
}

/** The day after the same date `years` earlier (Feb 29 rolls to Mar 1). */
function yearsBefore(date: string, years: number): string {
  const d = new Date(utcMidnightMs(date));
  d.setUTCFullYear(d.getUTCFullYear() - years);
  return addDays(isoDateOfUtcMs(d.getTime()), 1);
}

function marketPath(rng: Rng, days: Session[], minuteDays: Session[], intradayShare: number): MarketPath {
  const overnightShare = 1 - intradayShare;
  return {
    days: days.map(() => ({
      overnight: marketMove(rng, overnightShare),
      intraday: marketMove(rng, intradayShare),
    })),
    minuteDays: minuteDays.map((s) => {
      const n = sessionMinutes(s);
      const minutes = new Float64Array(n);
      const overnight = marketMove(rng, overnightShare);
      for (let k = 0; k < n; k++)
        minutes[k] = marketMove(rng, intradayShare * varianceShare(k / n, (k + 1) / n));
      return { overnight, minutes };
    }),
  };
}

function sessionMinutes(s: Session): number {
  return Math.round((s.close.getTime() - s.open.getTime()) / MINUTE_MS);
}

/** exp(σZ − σ²/2): a lognormal factor with mean 1. */
function unitLognormal(rng: Rng, sigma: number): number {
  return Math.exp(sigma * rng.normal() - (sigma * sigma) / 2);
}

/** One symbol's log-price path, carried from day to day. */
class PathGenerator {
  readonly model: SymbolModel;
  readonly rng: Rng;
  readonly intradayShare: number;
  readonly cal: MarketCalendar;
  #logPrice: number;

  constructor(model: SymbolModel, rng: Rng, startPrice: number, intradayShare: number, cal: MarketCalendar) {
    this.model = model;
    this.rng = rng;
    this.intradayShare = intradayShare;
    this.cal = cal;
    this.#logPrice = Math.log(startPrice);
  }

  /**
   * A daily bar straight from the day's open-to-close move. High and low are drawn from the
   * distribution of a Brownian bridge's maximum and minimum: for a bridge to r with variance s²,
   * P(max > m) = exp(−2 m (m − r) / s²), which inverts to m = (r + √(r² − 2 s² ln U)) / 2.
   */
  day(session: Session, market: { overnight: number; intraday: number }): Bar {
    const { model, rng } = this;
    this.#logPrice += symbolMove(model, rng, 1 - this.intradayShare, market.overnight);
    const open = this.#logPrice;
    const r = symbolMove(model, rng, this.intradayShare, market.intraday);
    const s2 = diffusionSd(model, this.intradayShare) ** 2;
    const up = (r + Math.sqrt(r * r - 2 * s2 * Math.log(1 - rng.next()))) / 2;
    const down = (r - Math.sqrt(r * r - 2 * s2 * Math.log(1 - rng.next()))) / 2;
    this.#logPrice = open + r;
    const vwLog = Math.min(up, Math.max(down, r / 2 + 0.25 * Math.sqrt(s2) * rng.normal()));
    // Busier on big-move days: E|Z| ≈ 0.8, so the activity factor averages ~1.
    const activity = 0.6 + 0.5 * Math.min(4, Math.abs(r) / Math.sqrt(s2));
    const v = Math.max(1, Math.round(this.#sessionVolume(session) * unitLognormal(rng, 0.35) * activity));
    return this.#bar(
      this.cal.dayStart(session.date).getTime(),
      open,
      open + up,
      open + down,
      open + r,
      v,
      open + vwLog,
    );
  }

  /** The session's minute bars, each from a short Brownian path of sub-ticks. */
  minutes(session: Session, market: { overnight: number; minutes: Float64Array }): Bar[] {
    const { model, rng } = this;
    this.#logPrice += symbolMove(model, rng, 1 - this.intradayShare, market.overnight);
    const n = sessionMinutes(session);
    const dayVolume = this.#sessionVolume(session) * unitLognormal(rng, 0.35);
    const bars: Bar[] = [];
    const path = new Float64Array(TICKS_PER_MINUTE);
    for (let k = 0; k < n; k++) {
      const days = this.intradayShare * varianceShare(k / n, (k + 1) / n);
      const r = symbolMove(model, rng, days, market.minutes[k]!);
      const stepSd = diffusionSd(model, days) / Math.sqrt(TICKS_PER_MINUTE);
      let walk = 0;
      for (let j = 0; j < TICKS_PER_MINUTE; j++) path[j] = walk += stepSd * rng.normal();
      // Pin the walk's end to r (Brownian bridge), keeping its shape.
      const gap = r - walk;
      let hi = -Infinity;
      let lo = Infinity;
      let weighted = 0;
      let weights = 0;
      for (let j = 0; j < TICKS_PER_MINUTE; j++) {
        const p = path[j]! + (gap * (j + 1)) / TICKS_PER_MINUTE;
        path[j] = p;
        if (p > hi) hi = p;
        if (p < lo) lo = p;
        const w = rng.uniform(0.5, 1.5);
        weighted += w * Math.exp(p);
        weights += w;
      }
      const base = this.#logPrice;
      const v = Math.max(
        1,
        Math.round(dayVolume * volumeShare(k / n, (k + 1) / n) * unitLognormal(rng, 0.4)),
      );
      const vw = base + Math.log(weighted / weights);
      const start = session.open.getTime() + k * MINUTE_MS;
      bars.push(this.#bar(start, base + path[0]!, base + hi, base + lo, base + r, v, vw));
      this.#logPrice = base + r;
    }
    return bars;
  }

  #sessionVolume(session: Session): number {
    return (this.model.avgDailyVolume * sessionMinutes(session)) / MINUTES_PER_FULL_SESSION;
  }

  #bar(startMs: number, o: number, h: number, l: number, c: number, v: number, vwLog: number): Bar {
    const low = roundToTick(Math.exp(l));
    const high = roundToTick(Math.exp(h));
    const trades = Math.min(
      v,
      Math.max(1, Math.round((v / this.model.avgTradeSize) * unitLognormal(this.rng, 0.3))),
    );
    return {
      t: barTime(startMs),
      o: roundToTick(Math.exp(o)),
      h: high,
      l: low,
      c: roundToTick(Math.exp(c)),
      v,
      n: trades,
      vw: Math.min(high, Math.max(low, roundTo(Math.exp(vwLog), 4))),
    };
  }
}
