/**
 * The simulated market, the platform's default feed. `step(now)` advances every symbol to `now`
 * and returns the quotes and trades that happened in between, in Alpaca's v2 stream shapes; the
 * caller ticks it at the quote rate it wants. Given a seed, the same sequence of `step` instants
 * always yields the same market.
 *
 * In "exchange" mode events happen only inside calendar sessions and the night's variance arrives
 * as a gap at the open; in "always" mode the continuous calendar makes every instant tradable.
 * Only the last `maxEventWindowMs` of a step produce events: after a long pause (a restart, a
 * weekend) prices move on silently by the right amount instead of replaying hours of ticks.
 */
import { calendarFor, type MarketCalendar, type Session, type SessionMode } from './calendar.ts';
import { quoteAround, tradePrice, tradeSize, type Nbbo } from './microstructure.ts';
import {
  DEFAULT_TRADES_PER_MINUTE,
  NEWS_SHOCK_SIZE,
  OVERNIGHT_VARIANCE_SHARE,
  diffusionSd,
  marketMove,
  symbolModel,
  symbolMove,
  varianceShare,
  volumeShare,
  type SymbolModel,
} from './price-model.ts';
import { createRng, type Rng, type Seed } from './rng.ts';
import { roundToTick } from './ticks.ts';
import { DEFAULT_UNIVERSE, type AssetDefinition, type Exchange } from './universe.ts';

export interface Quote {
  symbol: string;
  /** RFC 3339 UTC with milliseconds. */
  t: string;
  bp: number;
  bs: number;
  ap: number;
  as: number;
  bx: string;
  ax: string;
  c: string[];
  z: string;
}

export interface Trade {
  symbol: string;
  t: string;
  p: number;
  s: number;
  x: string;
  /** Trade id, increasing per symbol. */
  i: number;
  c: string[];
  z: string;
}

export interface StepResult {
  quotes: Quote[];
  trades: Trade[];
}

export interface SimulatorOptions {
  seed: Seed;
  universe?: readonly AssetDefinition[];
  mode?: SessionMode;
  /** Defaults to the NYSE calendar in exchange mode and the continuous one in always mode. */
  calendar?: MarketCalendar;
  /** Prices to start from, e.g. the last closes of the backfill; else each asset's start price. */
  startPrices?: Readonly<Record<string, number>>;
  /** Average trades per symbol per session minute (volume is kept at each asset's average). */
  tradesPerMinute?: number;
  maxEventWindowMs?: number;
  maxTradesPerStep?: number;
}

const DEFAULT_EVENT_WINDOW_MS = 60_000;
const DEFAULT_MAX_TRADES_PER_STEP = 200;
const MINUTE_MS = 60_000;

/** Alpaca exchange and tape codes of the listing market (a simplification: one venue per symbol). */
const VENUE: Record<Exchange, { x: string; z: string }> = {
  NYSE: { x: 'N', z: 'A' },
  ARCA: { x: 'P', z: 'B' },
  NASDAQ: { x: 'Q', z: 'C' },
};
/** Condition codes: 'R' regular quote, '@' regular sale (CTA/UTP specifications). */
const REGULAR_QUOTE = 'R';
const REGULAR_TRADE = '@';

interface SymbolState {
  asset: AssetDefinition;
  model: SymbolModel;
  rng: Rng;
  venue: { x: string; z: string };
  logMid: number;
  pendingShock: number;
  nextTradeId: number;
  quote: Quote | undefined;
  trade: Trade | undefined;
}

interface TimedEvent<T> {
  ms: number;
  event: T;
}

export class MarketSimulator {
  readonly mode: SessionMode;
  readonly calendar: MarketCalendar;
  readonly #states = new Map<string, SymbolState>();
  readonly #marketRng: Rng;
  readonly #intradayShare: number;
  readonly #tradesPerMinute: number;
  readonly #eventWindowMs: number;
  readonly #maxTradesPerStep: number;
  #pendingMarketShock = 0;
  #time: number | undefined;

  constructor(options: SimulatorOptions) {
    this.mode = options.mode ?? 'exchange';
    this.calendar = options.calendar ?? calendarFor(this.mode);
    this.#intradayShare = this.mode === 'exchange' ? 1 - OVERNIGHT_VARIANCE_SHARE : 1;
    this.#tradesPerMinute = options.tradesPerMinute ?? DEFAULT_TRADES_PER_MINUTE;
    this.#eventWindowMs = options.maxEventWindowMs ?? DEFAULT_EVENT_WINDOW_MS;
    this.#maxTradesPerStep = options.maxTradesPerStep ?? DEFAULT_MAX_TRADES_PER_STEP;
    if (!(this.#tradesPerMinute > 0)) throw new RangeError('tradesPerMinute must be positive');
    const root = createRng(options.seed).fork('live');
    this.#marketRng = root.fork('market');
    for (const asset of options.universe ?? DEFAULT_UNIVERSE) {
      const start = options.startPrices?.[asset.symbol] ?? asset.sim.startPrice;
      if (!(start > 0)) throw new RangeError(`start price of ${asset.symbol} must be positive`);
      this.#states.set(asset.symbol, {
        asset,
        model: symbolModel(asset, this.#tradesPerMinute),
        rng: root.fork(asset.symbol),
        venue: VENUE[asset.exchange],
        logMid: Math.log(start),
        pendingShock: 0,
        nextTradeId: 1,
        quote: undefined,
        trade: undefined,
      });
    }
  }

  get symbols(): string[] {
    return [...this.#states.keys()];
  }

  /** The instant the market has been simulated up to, once the first step has run. */
  get time(): Date | undefined {
    return this.#time === undefined ? undefined : new Date(this.#time);
  }

  latestQuote(symbol: string): Quote | undefined {
    const q = this.#states.get(symbol)?.quote;
    return q && { ...q, c: [...q.c] };
  }

  latestTrade(symbol: string): Trade | undefined {
    const t = this.#states.get(symbol)?.trade;
    return t && { ...t, c: [...t.c] };
  }

  /** Current (unrounded) mid price. */
  mid(symbol: string): number | undefined {
    const s = this.#states.get(symbol);
    return s && Math.exp(s.logMid);
  }

  /**
   * A news item moves its symbol at the next simulated instant by `sentiment` × NEWS_SHOCK_SIZE in
   * log price (about 1.2 % for a sentiment of ±1); in exchange mode outside a session it shows up
   * in the next opening gap.
   */
  applyNewsShock(symbol: string, sentiment: number): void {
    const state = this.#states.get(symbol);
    if (!state) throw new RangeError(`unknown symbol ${symbol}`);
    state.pendingShock += NEWS_SHOCK_SIZE * checkedSentiment(sentiment);
  }

  /** Macro news: moves the market factor, so every symbol moves by its beta. */
  applyMarketShock(sentiment: number): void {
    this.#pendingMarketShock += NEWS_SHOCK_SIZE * checkedSentiment(sentiment);
  }

  /**
   * Advances the market to `now` and returns what happened since the previous step, each list in
   * time order. The first call only sets the starting instant; a `now` not after the previous one
   * returns nothing (simulated time never runs backwards).
   */
  step(now: Date): StepResult {
    const end = now.getTime();
    if (!Number.isFinite(end)) throw new RangeError('step() needs a valid Date');
    if (this.#time === undefined) {
      this.#initialize(end);
      return { quotes: [], trades: [] };
    }
    const quotes: TimedEvent<Quote>[] = [];
    const trades: TimedEvent<Trade>[] = [];
    const eventsFrom = end - this.#eventWindowMs;
    let t = this.#time;
    while (t < end) {
      const session = this.calendar.sessionAt(new Date(t));
      if (!session) {
        const next = this.calendar.nextSession(new Date(t));
        if (next.open.getTime() > end) break;
        this.#advanceOvernight();
        t = next.open.getTime();
        continue;
      }
      const segmentEnd = Math.min(end, session.close.getTime());
      if (t < eventsFrom) {
        const silentEnd = Math.min(segmentEnd, eventsFrom);
        this.#advance(session, t, silentEnd, undefined);
        t = silentEnd;
      }
      if (t < segmentEnd) {
        this.#advance(session, t, segmentEnd, { quotes, trades });
        t = segmentEnd;
      }
    }
    this.#time = Math.max(this.#time, end);
    return { quotes: inTimeOrder(quotes), trades: inTimeOrder(trades) };
  }

  #initialize(ms: number): void {
    this.#time = ms;
    const instant = new Date(ms);
    const session = this.calendar.sessionAt(instant) ?? this.calendar.previousSession(instant);
    // Outside a session the latest quote and trade are the closing ones of the last session.
    const at = Math.min(ms, session.close.getTime() - 1);
    for (const state of this.#states.values()) {
      const nbbo = this.#nbbo(state, session, at, state.logMid);
      state.quote = this.#quote(state, at, nbbo);
      const price = Math.min(nbbo.ap, Math.max(nbbo.bp, roundToTick(Math.exp(state.logMid))));
      state.trade = this.#trade(state, at, price, 100);
    }
  }

  #advanceOvernight(): void {
    const days = 1 - this.#intradayShare;
    if (days <= 0) return;
    const market = marketMove(this.#marketRng, days) + this.#takeMarketShock();
    for (const state of this.#states.values()) {
      state.logMid += symbolMove(state.model, state.rng, days, market) + takeShock(state);
    }
  }

  #advance(
    session: Session,
    from: number,
    to: number,
    sink: { quotes: TimedEvent<Quote>[]; trades: TimedEvent<Trade>[] } | undefined,
  ): void {
    const open = session.open.getTime();
    const length = session.close.getTime() - open;
    const x0 = (from - open) / length;
    const x1 = (to - open) / length;
    const days = this.#intradayShare * varianceShare(x0, x1);
    const market = marketMove(this.#marketRng, days) + this.#takeMarketShock();
    for (const state of this.#states.values()) {
      const start = state.logMid;
      const finish = start + symbolMove(state.model, state.rng, days, market) + takeShock(state);
      if (sink)
        this.#emit(
          state,
          session,
          from,
          to,
          start,
          finish,
          days,
          (length / MINUTE_MS) * volumeShare(x0, x1),
          sink,
        );
      state.logMid = finish;
    }
  }

  /**
   * Trades at Poisson times in [from, to), each preceded by the quote it traded against, on a
   * Brownian bridge from the segment's start to its end price; then the quote at the segment end.
   */
  #emit(
    state: SymbolState,
    session: Session,
    from: number,
    to: number,
    startLog: number,
    endLog: number,
    days: number,
    sessionMinutes: number,
    sink: { quotes: TimedEvent<Quote>[]; trades: TimedEvent<Trade>[] },
  ): void {
    const { rng } = state;
    const count = Math.min(this.#maxTradesPerStep, rng.poisson(this.#tradesPerMinute * sessionMinutes));
    const times: number[] = [];
    for (let k = 0; k < count; k++) times.push(Math.floor(rng.uniform(from, to)));
    times.sort((a, b) => a - b);
    const variancePerMs = diffusionSd(state.model, days) ** 2 / (to - from);
    let prevT = from;
    let prevX = startLog;
    for (const ms of times) {
      const remaining = to - prevT;
      const mean = prevX + ((endLog - prevX) * (ms - prevT)) / remaining;
      const variance = (variancePerMs * (ms - prevT) * (to - ms)) / remaining;
      const x = mean + Math.sqrt(Math.max(0, variance)) * rng.normal();
      const nbbo = this.#nbbo(state, session, ms, x);
      const quote = this.#quote(state, ms, nbbo);
      const trade = this.#trade(state, ms, tradePrice(nbbo, rng), tradeSize(state.model, rng));
      sink.quotes.push({ ms, event: quote });
      sink.trades.push({ ms, event: trade });
      state.quote = quote;
      state.trade = trade;
      prevT = ms;
      prevX = x;
    }
    // A session's close is exclusive, so a segment ending there is quoted a millisecond before.
    const at = Math.min(to, session.close.getTime() - 1);
    const last = this.#quote(state, at, this.#nbbo(state, session, at, endLog));
    sink.quotes.push({ ms: at, event: last });
    state.quote = last;
  }

  #nbbo(state: SymbolState, session: Session, ms: number, logMid: number): Nbbo {
    const fromOpen = (ms - session.open.getTime()) / MINUTE_MS;
    const toClose = (session.close.getTime() - ms) / MINUTE_MS;
    return quoteAround(Math.exp(logMid), state.model, fromOpen, toClose, state.rng);
  }

  #quote(state: SymbolState, ms: number, nbbo: Nbbo): Quote {
    const { x, z } = state.venue;
    return {
      symbol: state.asset.symbol,
      t: new Date(ms).toISOString(),
      ...nbbo,
      bx: x,
      ax: x,
      c: [REGULAR_QUOTE],
      z,
    };
  }

  #trade(state: SymbolState, ms: number, price: number, size: number): Trade {
    const { x, z } = state.venue;
    const id = state.nextTradeId++;
    return {
      symbol: state.asset.symbol,
      t: new Date(ms).toISOString(),
      p: price,
      s: size,
      x,
      i: id,
      c: [REGULAR_TRADE],
      z,
    };
  }

  #takeMarketShock(): number {
    const shock = this.#pendingMarketShock;
    this.#pendingMarketShock = 0;
    return shock;
  }
}

function takeShock(state: SymbolState): number {
  const shock = state.pendingShock;
  state.pendingShock = 0;
  return shock;
}

function checkedSentiment(sentiment: number): number {
  if (!Number.isFinite(sentiment) || sentiment < -1 || sentiment > 1) {
    throw new RangeError(`sentiment must be within [-1, 1], got ${sentiment}`);
  }
  return sentiment;
}

function inTimeOrder<T>(events: TimedEvent<T>[]): T[] {
  // Array.prototype.sort is stable, so same-millisecond events keep symbol order.
  return events.sort((a, b) => a.ms - b.ms).map((e) => e.event);
}
