/**
 * Where live prices come from. The simulator (the default feed) and a real provider's stream
 * both hand the live loop the same batch: quotes and trades in Alpaca's stream shapes, and the
 * minute bars that closed. The simulator builds its bars from its own trades; a provider's bars
 * come from the upstream, which sees every trade (a trade subscription may be filtered).
 */
import type { StreamQuote, StreamTrade } from '@tradeplane/contracts';
import type { Logger } from '@tradeplane/kit';
import type { MarketDataProvider, ProviderStream } from '../providers/index.ts';
import { BarAggregator, barTime, type SymbolBar } from './bars.ts';
import type { MarketCalendar, SessionMode } from './calendar.ts';
import type { NewsCategory } from './news-generator.ts';
import type { Seed } from './rng.ts';
import { MarketSimulator, type Quote, type Trade } from './simulator.ts';
import type { AssetDefinition } from './universe.ts';

export interface FeedBatch {
  quotes: StreamQuote[];
  trades: StreamTrade[];
  /** Closed minute bars, in time order. */
  bars: SymbolBar[];
}

export interface FeedSource {
  /** 'simulator', 'polygon', 'alpaca'. */
  readonly name: string;
  /** What happened up to `now` since the previous call. */
  collect(now: Date): FeedBatch;
  /** The price effect of a news item (the simulator moves; a real market moved by itself). */
  applyNews(item: {
    symbols: readonly string[];
    sentiment: number;
    category: NewsCategory | string | null;
  }): void;
  /** Current prices, for news text (analyst targets near the market). */
  prices(): Record<string, number>;
  close(): Promise<void>;
}

const empty = (): FeedBatch => ({ quotes: [], trades: [], bars: [] });

export function toStreamQuote(q: Quote): StreamQuote {
  return { S: q.symbol, bp: q.bp, bs: q.bs, ap: q.ap, as: q.as, bx: q.bx, ax: q.ax, t: q.t, c: q.c, z: q.z };
}

export function toStreamTrade(t: Trade): StreamTrade {
  return { S: t.symbol, p: t.p, s: t.s, x: t.x, i: t.i, t: t.t, c: t.c, z: t.z };
}

/** Slices a catch-up longer than this many steps into one step: the simulator moves prices on silently. */
const MAX_SLICES_PER_COLLECT = 100;

export interface SimulatorSourceOptions {
  seed: Seed;
  universe: readonly AssetDefinition[];
  mode: SessionMode;
  calendar: MarketCalendar;
  startPrices: Readonly<Record<string, number>>;
  /** Quote updates per symbol per second: each collect steps the simulator in slices of 1000 / this ms. */
  quotesPerSecond: number;
}

export class SimulatorSource implements FeedSource {
  readonly name = 'simulator';
  readonly #sim: MarketSimulator;
  readonly #bars = new BarAggregator();
  readonly #sliceMs: number;
  #last: number | undefined;

  constructor(opts: SimulatorSourceOptions) {
    this.#sim = new MarketSimulator({
      seed: opts.seed,
      universe: opts.universe,
      mode: opts.mode,
      calendar: opts.calendar,
      startPrices: opts.startPrices,
    });
    this.#sliceMs = 1000 / opts.quotesPerSecond;
  }

  collect(now: Date): FeedBatch {
    const nowMs = now.getTime();
    if (this.#last === undefined) {
      this.#sim.step(now);
      this.#last = nowMs;
      // The first step only places the market; what it holds are the opening (or last closing) quotes.
      const symbols = this.#sim.symbols;
      return {
        quotes: symbols.flatMap((s) => {
          const q = this.#sim.latestQuote(s);
          return q ? [toStreamQuote(q)] : [];
        }),
        trades: symbols.flatMap((s) => {
          const t = this.#sim.latestTrade(s);
          return t ? [toStreamTrade(t)] : [];
        }),
        bars: [],
      };
    }
    if (nowMs <= this.#last) return empty();
    const quotes: Quote[] = [];
    const trades: Trade[] = [];
    const step = (at: number) => {
      const r = this.#sim.step(new Date(at));
      quotes.push(...r.quotes);
      trades.push(...r.trades);
    };
    if ((nowMs - this.#last) / this.#sliceMs <= MAX_SLICES_PER_COLLECT) {
      for (let t = this.#last + this.#sliceMs; t < nowMs; t += this.#sliceMs) step(Math.floor(t));
    }
    step(nowMs);
    this.#last = nowMs;
    const bars: SymbolBar[] = [];
    for (const t of trades) bars.push(...this.#bars.add({ symbol: t.symbol, t: t.t, p: t.p, s: t.s }));
    bars.push(...this.#bars.closeUpTo(now));
    return { quotes: quotes.map(toStreamQuote), trades: trades.map(toStreamTrade), bars: inBarOrder(bars) };
  }

  applyNews(item: { symbols: readonly string[]; sentiment: number; category: string | null }): void {
    if (item.category === 'macro') {
      this.#sim.applyMarketShock(item.sentiment);
      return;
    }
    const known = new Set(this.#sim.symbols);
    for (const s of item.symbols) if (known.has(s)) this.#sim.applyNewsShock(s, item.sentiment);
  }

  prices(): Record<string, number> {
    const out: Record<string, number> = {};
    for (const s of this.#sim.symbols) {
      const mid = this.#sim.mid(s);
      if (mid !== undefined) out[s] = mid;
    }
    return out;
  }

  close(): Promise<void> {
    return Promise.resolve();
  }
}

function inBarOrder(bars: SymbolBar[]): SymbolBar[] {
  return bars.sort((a, b) =>
    a.bar.t === b.bar.t ? a.symbol.localeCompare(b.symbol) : a.bar.t < b.bar.t ? -1 : 1,
  );
}

/** Messages kept between two collects at most; beyond it the oldest quotes are dropped (the path is lossy by design). */
const MAX_QUEUED = 100_000;

/** A real provider's stream (Polygon, Alpaca) as the live feed. */
export class ProviderSource implements FeedSource {
  readonly name: string;
  readonly #provider: MarketDataProvider;
  readonly #symbols: string[];
  readonly #stream: ProviderStream;
  readonly #log: Logger;
  #quotes: StreamQuote[] = [];
  #trades: StreamTrade[] = [];
  #bars: SymbolBar[] = [];
  readonly #last = new Map<string, number>();

  constructor(provider: MarketDataProvider, symbols: readonly string[], log: Logger) {
    this.name = provider.name;
    this.#provider = provider;
    this.#symbols = [...symbols];
    this.#log = log;
    this.#stream = provider.stream({
      onQuote: (q) => {
        this.#quotes.push({
          S: q.symbol,
          bp: q.bp,
          bs: q.bs,
          ap: q.ap,
          as: q.as,
          bx: q.bx ?? '',
          ax: q.ax ?? '',
          t: q.t,
        });
        if (this.#quotes.length > MAX_QUEUED) this.#quotes.splice(0, this.#quotes.length - MAX_QUEUED);
      },
      onTrade: (t) => {
        this.#trades.push({ S: t.symbol, p: t.p, s: t.s, x: t.x ?? '', i: t.i ?? 0, t: t.t });
        this.#last.set(t.symbol, t.p);
        if (this.#trades.length > MAX_QUEUED) this.#trades.splice(0, this.#trades.length - MAX_QUEUED);
      },
      onBar: (b) => {
        this.#bars.push({
          symbol: b.symbol,
          bar: {
            t: barTime(Date.parse(b.t)),
            o: b.o,
            h: b.h,
            l: b.l,
            c: b.c,
            v: b.v,
            n: b.n ?? 0,
            vw: b.vw ?? b.c,
          },
        });
      },
      onError: (err) => this.#log.warn({ err: err.message, provider: this.name }, 'market data stream error'),
      onStatus: (status) => this.#log.info({ status, provider: this.name }, 'market data stream status'),
    });
    this.#stream.subscribe({ trades: this.#symbols, quotes: this.#symbols, bars: this.#symbols });
  }

  /** Latest quotes and trades over REST, so the view is filled before the first stream message. */
  async prime(): Promise<void> {
    try {
      const [quotes, trades] = await Promise.all([
        this.#provider.latestQuotes(this.#symbols),
        this.#provider.latestTrades(this.#symbols),
      ]);
      for (const q of quotes)
        this.#quotes.unshift({
          S: q.symbol,
          bp: q.bp,
          bs: q.bs,
          ap: q.ap,
          as: q.as,
          bx: q.bx ?? '',
          ax: q.ax ?? '',
          t: q.t,
        });
      for (const t of trades) {
        this.#trades.unshift({ S: t.symbol, p: t.p, s: t.s, x: t.x ?? '', i: t.i ?? 0, t: t.t });
        if (!this.#last.has(t.symbol)) this.#last.set(t.symbol, t.p);
      }
    } catch (err) {
      this.#log.warn({ err: (err as Error).message, provider: this.name }, 'could not prime latest quotes');
    }
  }

  collect(): FeedBatch {
    const batch = { quotes: this.#quotes, trades: this.#trades, bars: inBarOrder(this.#bars) };
    this.#quotes = [];
    this.#trades = [];
    this.#bars = [];
    return batch;
  }

  applyNews(): void {}

  prices(): Record<string, number> {
    return Object.fromEntries(this.#last);
  }

  close(): Promise<void> {
    return this.#stream.close();
  }
}
