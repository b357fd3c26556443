/**
 * The live market, advanced by `advanceMarket(market, now)`: the one step the service's loop runs
 * every MARKET_TICK_MS on the instance that holds the market lease, and that tests call directly
 * with chosen instants. One step:
 *
 * 1. collects what the feed (simulator or provider stream) produced up to `now`;
 * 2. for each minute bar that closed: stores it, re-derives its day's bar from the day's stored
 *    minute bars (so the daily bar always equals their aggregate; a daily bar an admin imported
 *    is kept), folds it into the streaming indicators and emits a durable `bar.closed` — bars,
 *    daily bars and events in one fenced transaction;
 * 3. then, and only while the lease is known valid, updates the latest quote/trade view and
 *    broadcasts quotes, trades and bars (the lossy high-rate path of ARCHITECTURE §4), each
 *    batch carrying the lease's fencing token: a leader whose write was refused, or whose lease
 *    may have lapsed, publishes nothing, and followers ignore batches of an older token;
 * 4. emits `market.opened` / `market.closed` when the exchange session changes (exchange mode);
 * 5. publishes simulated news at MARKET_NEWS_PER_HOUR and lets it move the simulated prices.
 */
import {
  BarClosed,
  MARKET_CHANNELS,
  MarketClosed,
  MarketOpened,
  type StreamBar,
  type StreamQuote,
  type StreamTrade,
} from '@tradeplane/contracts';
import { uuidv7, type AnyDB, type AnyTx, type Logger, type NewEvent } from '@tradeplane/kit';
import {
  latestBars,
  minuteBarsBetween,
  writeBars,
  type BarRow,
  type StoredBar,
} from '../store/bars.store.ts';
import { readState, writeState } from '../store/state.store.ts';
import type { NewsItem } from '../store/news.store.ts';
import { aggregateBars, type Bar, type SymbolBar } from './bars.ts';
import { clock, type MarketCalendar, type SessionMode } from './calendar.ts';
import type { FeedSource } from './feed-sources.ts';
import { decimalString } from './format.ts';
import {
  createIndicatorState,
  INDICATOR_NAMES,
  type IndicatorName,
  type IndicatorPoint,
  type IndicatorState,
} from './indicators.ts';
import type { LiveView } from './live-view.ts';
import { generateNews, newsArrivals } from './news-generator.ts';
import { publishNews, type PublishDeps } from './news.ts';
import { addDays } from './ny-time.ts';
import type { Rng } from './rng.ts';
import type { AssetDefinition } from './universe.ts';

/**
 * `transaction` (from PublishDeps) is the market leader's fenced transaction (market-runtime.ts):
 * each one first checks the lease's fencing token, so a deposed leader's step stores nothing.
 */
export interface LiveMarketDeps extends PublishDeps {
  db: AnyDB;
  /**
   * The market lease this market runs under: its fencing token (carried in every broadcast) and
   * whether it is known valid now (its last successful acquire or renewal began less than a TTL
   * ago). While it is not, a step does nothing: no feed collected, nothing written or broadcast.
   */
  lease: { readonly fencingToken: number; valid(): boolean };
  broadcast(channel: string, payload: unknown): Promise<void>;
  log: Logger;
  calendar: MarketCalendar;
  mode: SessionMode;
  view: LiveView;
}

export interface SimulatedNews {
  rng: Rng;
  perHour: number;
  universe: readonly AssetDefinition[];
}

/** Minute bars fed to each symbol's indicators when the market starts, so they are warm at once. */
const INDICATOR_WARMUP_BARS = 300;
/** A gap longer than this (a paused loop, a test jumping ahead) produces at most this much news. */
const MAX_NEWS_WINDOW_MS = 3_600_000;

interface SessionState {
  state: 'open' | 'closed';
  date: string;
}

export interface LiveMarket {
  readonly deps: LiveMarketDeps;
  readonly source: FeedSource;
  readonly symbols: readonly string[];
  /** Per symbol, the minute bars of the trading date being built, as stored. */
  readonly days: Map<string, { date: string; minutes: Bar[] }>;
  readonly indicators: Map<string, IndicatorState[]>;
  /** Latest value of each indicator (default parameters, 1Min bars) per symbol, updated on every bar close. */
  readonly latestIndicators: Map<string, Partial<Record<IndicatorName, IndicatorPoint>>>;
  readonly news: (SimulatedNews & { lastAt: number | undefined }) | undefined;
  session: SessionState | undefined;
  /** Start of the latest minute bar closed by this market. */
  lastBarAt: string | undefined;
  /** Steps run one after the other, whoever calls. */
  chain: Promise<unknown>;
}

export interface CreateLiveMarketOptions {
  source: FeedSource;
  symbols: readonly string[];
  news?: SimulatedNews;
}

export async function createLiveMarket(
  deps: LiveMarketDeps,
  opts: CreateLiveMarketOptions,
): Promise<LiveMarket> {
  const market: LiveMarket = {
    deps,
    source: opts.source,
    symbols: [...opts.symbols],
    days: new Map(),
    indicators: new Map(),
    latestIndicators: new Map(),
    news: opts.news ? { ...opts.news, lastAt: undefined } : undefined,
    session: undefined,
    lastBarAt: undefined,
    chain: Promise.resolve(),
  };
  await loadIndicators(market);
  return market;
}

/** Fresh indicator states fed with each symbol's latest stored minute bars. */
async function loadIndicators(market: LiveMarket): Promise<void> {
  const { deps } = market;
  const history = await latestBars(deps.db, market.symbols, '1Min', INDICATOR_WARMUP_BARS);
  for (const symbol of market.symbols) {
    const states = INDICATOR_NAMES.map((name) => createIndicatorState(name, {}, { calendar: deps.calendar }));
    const latest: Partial<Record<IndicatorName, IndicatorPoint>> = {};
    for (const bar of (history.get(symbol) ?? []).reverse()) foldIndicators(states, latest, complete(bar));
    market.indicators.set(symbol, states);
    market.latestIndicators.set(symbol, latest);
  }
}

/**
 * Warms the streaming indicators again from the stored bars: on a fresh install the market starts
 * before the backfill has written the history they need. Runs between two steps.
 */
export function rewarmIndicators(market: LiveMarket): Promise<void> {
  const run = market.chain.then(() => loadIndicators(market));
  market.chain = run.catch(() => undefined);
  return run;
}

export interface AdvanceResult {
  quotes: number;
  trades: number;
  /** Minute bars closed (and stored) in this step. */
  bars: SymbolBar[];
  /** Daily bars re-derived in this step, one per symbol that closed a bar. */
  dailyBars: SymbolBar[];
  sessionEvents: string[];
  news: NewsItem[];
}

/** Advances the market to `now`. Calls are serialized; `now` before an earlier call's does nothing new. */
export function advanceMarket(market: LiveMarket, now: Date): Promise<AdvanceResult> {
  const run = market.chain.then(() => step(market, now));
  market.chain = run.catch(() => undefined);
  return run;
}

async function step(market: LiveMarket, now: Date): Promise<AdvanceResult> {
  const { deps } = market;
  if (!deps.lease.valid())
    return { quotes: 0, trades: 0, bars: [], dailyBars: [], sessionEvents: [], news: [] };
  const batch = market.source.collect(now);
  // The fenced write comes first: a deposed leader's step is refused here and publishes nothing.
  const closed = batch.bars.length > 0 ? await closeBars(market, batch.bars) : { bars: [], dailyBars: [] };
  if (deps.lease.valid()) await publish(market, batch.quotes, batch.trades, closed);
  const sessionEvents = await trackSession(market, now);
  const news = await simulateNews(market, now);
  return { quotes: batch.quotes.length, trades: batch.trades.length, ...closed, sessionEvents, news };
}

/** Updates this instance's view and broadcasts the step's output with the lease's fencing token. */
async function publish(
  market: LiveMarket,
  quotes: readonly StreamQuote[],
  trades: readonly StreamTrade[],
  closed: { bars: SymbolBar[]; dailyBars: SymbolBar[] },
): Promise<void> {
  const { deps } = market;
  const fencingToken = deps.lease.fencingToken;
  deps.view.applyQuotes(quotes, fencingToken);
  deps.view.applyTrades(trades, fencingToken);
  if (quotes.length > 0) await deps.broadcast(MARKET_CHANNELS.quotes, { quotes, fencingToken });
  if (trades.length > 0) await deps.broadcast(MARKET_CHANNELS.trades, { trades, fencingToken });
  if (closed.bars.length > 0) {
    await deps.broadcast(MARKET_CHANNELS.bars, { bars: closed.bars.map(toStreamBar), fencingToken });
    await deps.broadcast(MARKET_CHANNELS.dailyBars, {
      bars: closed.dailyBars.map(toStreamBar),
      fencingToken,
    });
  }
}

function complete(b: StoredBar): Bar {
  return { t: b.t, o: b.o, h: b.h, l: b.l, c: b.c, v: b.v, n: b.n ?? 0, vw: b.vw ?? b.c };
}

function foldIndicators(
  states: IndicatorState[],
  latest: Partial<Record<IndicatorName, IndicatorPoint>>,
  bar: Bar,
): void {
  for (const state of states) {
    const point = state.update(bar);
    if (point) latest[state.name] = point;
  }
}

const toStreamBar = ({ symbol, bar }: SymbolBar): StreamBar => ({
  S: symbol,
  o: bar.o,
  h: bar.h,
  l: bar.l,
  c: bar.c,
  v: bar.v,
  n: bar.n,
  vw: bar.vw,
  t: bar.t,
});

/** Loads the day's stored minute bars for every symbol whose held day is not the bar's day. */
async function ensureDays(market: LiveMarket, bars: readonly SymbolBar[]): Promise<void> {
  const cal = market.deps.calendar;
  const wanted = new Map<string, string[]>();
  for (const { symbol, bar } of bars) {
    const date = cal.dateOf(new Date(bar.t));
    if (market.days.get(symbol)?.date === date) continue;
    const list = wanted.get(date) ?? [];
    if (!list.includes(symbol)) list.push(symbol);
    wanted.set(date, list);
  }
  for (const [date, symbols] of wanted) {
    const stored = await minuteBarsBetween(
      market.deps.db,
      symbols,
      cal.dayStart(date),
      cal.dayStart(addDays(date, 1)),
    );
    for (const symbol of symbols)
      market.days.set(symbol, { date, minutes: (stored.get(symbol) ?? []).map(complete) });
  }
}

async function closeBars(
  market: LiveMarket,
  bars: readonly SymbolBar[],
): Promise<{ bars: SymbolBar[]; dailyBars: SymbolBar[] }> {
  const { deps } = market;
  const cal = deps.calendar;
  await ensureDays(market, bars);
  const fresh: SymbolBar[] = [];
  const daily = new Map<string, SymbolBar>();
  for (const sb of bars) {
    const date = cal.dateOf(new Date(sb.bar.t));
    // The days map may hold another date for this symbol if one batch spans midnight.
    if (market.days.get(sb.symbol)?.date !== date) await ensureDays(market, [sb]);
    const day = market.days.get(sb.symbol)!;
    const last = day.minutes.at(-1);
    // Already stored (a restart within the minute, a provider resending): published bars are immutable.
    if (last && last.t >= sb.bar.t) continue;
    day.minutes.push(sb.bar);
    const dayBar = aggregateBars(day.minutes, '1Day', cal)[0]!;
    daily.set(sb.symbol, { symbol: sb.symbol, bar: dayBar });
    fresh.push(sb);
    const states = market.indicators.get(sb.symbol);
    if (states) {
      const latest = market.latestIndicators.get(sb.symbol) ?? {};
      foldIndicators(states, latest, sb.bar);
      market.latestIndicators.set(sb.symbol, latest);
    }
  }
  if (fresh.length === 0) return { bars: [], dailyBars: [] };
  const minuteRows: BarRow[] = fresh.map(({ symbol, bar }) => ({ symbol, timeframe: '1Min', bar }));
  const dailyBars = [...daily.values()];
  const dailyRows: BarRow[] = dailyBars.map(({ symbol, bar }) => ({ symbol, timeframe: '1Day', bar }));
  const events: NewEvent[] = fresh.map(({ symbol, bar }) => ({
    type: BarClosed.type,
    subject: symbol,
    data: {
      symbol,
      timeframe: '1Min',
      t: bar.t,
      o: decimalString(bar.o),
      h: decimalString(bar.h),
      l: decimalString(bar.l),
      c: decimalString(bar.c),
      v: bar.v,
      n: bar.n,
      vw: decimalString(bar.vw),
    },
  }));
  await deps.transaction(async (tx) => {
    await writeBars(tx, minuteRows, 'ignore', market.source.name);
    // A daily bar an admin imported is real data they chose: the live market's aggregate never
    // replaces it.
    await writeBars(tx, dailyRows, 'replace-except-imports', market.source.name);
    await deps.emit(tx, events);
  });
  market.lastBarAt = fresh.at(-1)!.bar.t;
  return { bars: fresh, dailyBars };
}

/** Exchange mode: a durable market.opened / market.closed when the NYSE session changes. */
async function trackSession(market: LiveMarket, now: Date): Promise<string[]> {
  const { deps } = market;
  if (deps.mode !== 'exchange') return [];
  market.session ??= (await readState<SessionState>(deps.db, 'session')) ?? { state: 'closed', date: '' };
  const current = deps.calendar.sessionAt(now);
  const held = market.session;
  const payload = (date: string, at: Date) => {
    const c = clock(now, deps.calendar);
    return {
      date,
      calendar: deps.calendar.name,
      at: at.toISOString(),
      nextOpen: c.next_open.toISOString(),
      nextClose: c.next_close.toISOString(),
    };
  };
  const events: NewEvent[] = [];
  let next = held;
  if (held.state === 'open' && (!current || current.date !== held.date)) {
    const closedSession = deps.calendar.session(held.date);
    events.push({
      type: MarketClosed.type,
      subject: held.date,
      data: payload(held.date, closedSession?.close ?? now),
    });
    next = { state: 'closed', date: held.date };
  }
  if (current && !(held.state === 'open' && held.date === current.date)) {
    events.push({
      type: MarketOpened.type,
      subject: current.date,
      data: payload(current.date, current.open),
    });
    next = { state: 'open', date: current.date };
  }
  if (events.length === 0) return [];
  await deps.transaction(async (tx: AnyTx) => {
    await writeState(tx, 'session', next);
    await deps.emit(tx, events);
  });
  market.session = next;
  return events.map((e) => e.type);
}

async function simulateNews(market: LiveMarket, now: Date): Promise<NewsItem[]> {
  const news = market.news;
  if (!news || news.perHour <= 0) return [];
  const nowMs = now.getTime();
  const from = Math.max(news.lastAt ?? nowMs, nowMs - MAX_NEWS_WINDOW_MS);
  news.lastAt = Math.max(news.lastAt ?? nowMs, nowMs);
  if (nowMs <= from) return [];
  const arrivals = newsArrivals(news.rng, news.perHour, new Date(from), now);
  if (arrivals.length === 0) return [];
  const prices = market.source.prices();
  const articles = arrivals.map((at) => generateNews(news.rng, news.universe, at, { prices }));
  const published = await publishNews(
    market.deps,
    articles.map((a) => ({
      provider: 'simulator',
      providerId: uuidv7(),
      headline: a.headline,
      summary: a.summary,
      content: a.content,
      author: a.author,
      source: a.source,
      url: a.url,
      symbols: a.symbols,
      category: a.category,
      sentiment: a.sentiment,
      createdAt: a.created_at,
      updatedAt: a.updated_at,
    })),
  );
  for (const a of articles) market.source.applyNews(a);
  return published;
}
