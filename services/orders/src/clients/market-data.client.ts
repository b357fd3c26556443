import {
  dec,
  isAppError,
  type Cache,
  type Dec,
  type EventBus,
  type Logger,
  type ServiceClient,
} from '@tradeplane/kit';
import { OrdersErrors } from '../domain/errors.ts';
import type { AssetInfo, AssetSource } from '../domain/asset-source.ts';
import {
  clockAt,
  nyDate,
  type MarketClock,
  type MarketClockInfo,
  type SessionMode,
  type TradingCalendar,
} from '../domain/market-clock.ts';
import { QuoteMissingError, type Quote, type QuoteSource, type Trade } from '../domain/quote-source.ts';
import type { Actor } from '../domain/types.ts';

/**
 * market-data as orders uses it: the latest quote (`GET /v1/market/quotes?symbols=`), assets
 * (`GET /v1/market/assets/:symbol`), the clock (`GET /v1/market/clock`) and the live feed on the
 * bus broadcast channels 'market.quotes' ({S, bp, bs, ap, as, t}) and 'market.trades'
 * ({S, p, s, t}), Alpaca's market-data field names. The readers accept Alpaca's snake_case and
 * the native camelCase, numbers or decimal strings, because market-data is built alongside.
 */
export const QUOTES_CHANNEL = 'market.quotes';
export const TRADES_CHANNEL = 'market.trades';

/** A quote from the feed younger than this prices an order without an HTTP call. */
const FRESH_QUOTE_MS = 2_000;
const ASSET_TTL_MS = 5 * 60_000;
const MISSING_ASSET_TTL_MS = 30_000;
/** How long an asset is held in process in front of the shared cache. */
const LOCAL_ASSET_TTL_MS = 5_000;
const LOCAL_ASSETS_MAX = 10_000;
const CLOCK_TTL_MS = 1_000;
/** How long a clock reading may stand in for market-data while it is unreachable. */
const CLOCK_STALE_OK_MS = 60_000;
/** The calendar is read once per New York day (again after a failure, at most this often). */
const CALENDAR_RETRY_MS = 60_000;
const CALENDAR_DAYS_BEFORE = 7;
const CALENDAR_DAYS_AFTER = 14;

type Json = Record<string, unknown>;
const isObj = (v: unknown): v is Json => typeof v === 'object' && v !== null && !Array.isArray(v);

/** A decimal from a JSON value: a decimal string, or a number the upstream sent (never parsed from text here). */
export function decimalOf(v: unknown): Dec | undefined {
  if (typeof v === 'string' && /^-?\d+(\.\d+)?(e[-+]?\d+)?$/i.test(v.trim())) return dec(v.trim());
  if (typeof v === 'number' && Number.isFinite(v)) return dec(String(v));
  return undefined;
}

const pick = (o: Json, ...keys: string[]): unknown => {
  for (const k of keys) if (o[k] !== undefined && o[k] !== null) return o[k];
  return undefined;
};

const dateOf = (v: unknown): Date | undefined => {
  if (typeof v !== 'string' && typeof v !== 'number') return undefined;
  const d = new Date(v);
  return Number.isNaN(d.getTime()) ? undefined : d;
};

/** A quote object in either naming (Alpaca's {bp, ap, bs, as, t} or {bid, ask, bidSize, askSize, at}). */
export function parseQuote(raw: unknown, symbolHint?: string): Quote | undefined {
  if (!isObj(raw)) return undefined;
  const inner = isObj(raw.quote) ? { ...raw, ...raw.quote } : raw;
  const symbol = pick(inner, 'S', 'symbol') ?? symbolHint;
  const bid = decimalOf(pick(inner, 'bp', 'bid', 'bidPrice', 'bid_price'));
  const ask = decimalOf(pick(inner, 'ap', 'ask', 'askPrice', 'ask_price'));
  if (typeof symbol !== 'string' || !bid || !ask || bid.lte(0) || ask.lte(0)) return undefined;
  const trade = isObj(inner.trade) ? inner.trade : isObj(inner.latestTrade) ? inner.latestTrade : undefined;
  const last =
    decimalOf(pick(inner, 'last', 'lastPrice', 'last_price', 'p')) ??
    (trade ? decimalOf(pick(trade, 'p', 'price')) : undefined) ??
    bid.plus(ask).div(2);
  return {
    symbol: symbol.toUpperCase(),
    bid,
    ask,
    bidSize: decimalOf(pick(inner, 'bs', 'bidSize', 'bid_size')) ?? dec(0),
    askSize: decimalOf(pick(inner, 'as', 'askSize', 'ask_size')) ?? dec(0),
    last,
    at: dateOf(pick(inner, 't', 'timestamp', 'at', 'time')) ?? new Date(),
  };
}

export function parseTrade(raw: unknown): Trade | undefined {
  if (!isObj(raw)) return undefined;
  const symbol = pick(raw, 'S', 'symbol');
  const price = decimalOf(pick(raw, 'p', 'price'));
  if (typeof symbol !== 'string' || !price || price.lte(0)) return undefined;
  return {
    symbol: symbol.toUpperCase(),
    price,
    size: decimalOf(pick(raw, 's', 'size')) ?? dec(0),
    at: dateOf(pick(raw, 't', 'timestamp', 'at', 'time')) ?? new Date(),
  };
}

/** Finds one symbol's quote in the answer of /v1/market/quotes, whatever envelope it uses. */
export function extractQuote(body: unknown, symbol: string): Quote | undefined {
  const want = symbol.toUpperCase();
  const candidates: unknown[] = [];
  const visit = (v: unknown) => {
    if (Array.isArray(v)) candidates.push(...v);
    else if (isObj(v)) {
      if (isObj(v[want])) candidates.push({ symbol: want, ...v[want] });
      else candidates.push(v);
    }
  };
  if (isObj(body)) {
    for (const k of ['quotes', 'data']) if (body[k] !== undefined) visit(body[k]);
    visit(body);
  } else visit(body);
  for (const c of candidates) {
    const q = parseQuote(c, isObj(c) && c.S === undefined && c.symbol === undefined ? want : undefined);
    if (q && q.symbol === want) return q;
  }
  return undefined;
}

/** One symbol's latest trade in the answer of /v1/market/trades/latest ({trades: {SYM: {...}}}). */
export function extractTrade(body: unknown, symbol: string): Trade | undefined {
  if (!isObj(body)) return undefined;
  const trades = isObj(body.trades) ? body.trades : body;
  const raw = trades[symbol.toUpperCase()];
  return isObj(raw) ? parseTrade({ symbol: symbol.toUpperCase(), ...raw }) : undefined;
}

export function parseAsset(body: unknown): AssetInfo | undefined {
  const raw = isObj(body) && isObj(body.data) ? body.data : body;
  if (!isObj(raw) || typeof raw.symbol !== 'string') return undefined;
  const bool = (v: unknown, dflt: boolean) => (typeof v === 'boolean' ? v : dflt);
  const status = pick(raw, 'status');
  return {
    id: String(pick(raw, 'id', 'assetId', 'asset_id') ?? raw.symbol),
    symbol: raw.symbol.toUpperCase(),
    assetClass: String(pick(raw, 'class', 'assetClass', 'asset_class') ?? 'us_equity'),
    tradable: bool(raw.tradable, true) && (status === undefined || status === 'active'),
    fractionable: bool(raw.fractionable, false),
    shortable: bool(raw.shortable, false),
  };
}

export function parseClock(body: unknown, forced: SessionMode | undefined): MarketClockInfo | undefined {
  if (!isObj(body)) return undefined;
  const raw = isObj(body.data) ? body.data : body;
  const isOpen = pick(raw, 'is_open', 'isOpen');
  const nextOpen = dateOf(pick(raw, 'next_open', 'nextOpen'));
  const nextClose = dateOf(pick(raw, 'next_close', 'nextClose'));
  if (typeof isOpen !== 'boolean' || !nextOpen || !nextClose) return undefined;
  const said = pick(raw, 'session_mode', 'sessionMode', 'mode');
  // The 24/7 market opens the next session the instant this one closes.
  const inferred: SessionMode =
    said === 'always' || said === 'exchange'
      ? said
      : isOpen && nextOpen.getTime() === nextClose.getTime()
        ? 'always'
        : 'exchange';
  return {
    timestamp: dateOf(pick(raw, 'timestamp', 'now')) ?? new Date(),
    isOpen,
    nextOpen,
    nextClose,
    mode: forced ?? inferred,
  };
}

/**
 * market-data's calendar (`GET /v1/market/calendar`: {sessions: [{date, open, close}]}) for the
 * dates asked; undefined when the body is not one.
 */
export function parseCalendar(body: unknown, from: string, to: string): TradingCalendar | undefined {
  if (!isObj(body)) return undefined;
  const raw = isObj(body.data) ? body.data : body;
  if (!Array.isArray(raw.sessions)) return undefined;
  const sessions = [];
  for (const s of raw.sessions as unknown[]) {
    if (!isObj(s)) return undefined;
    const open = dateOf(s.open);
    const close = dateOf(s.close);
    if (typeof s.date !== 'string' || !/^\d{4}-\d{2}-\d{2}$/.test(s.date) || !open || !close)
      return undefined;
    sessions.push({ date: s.date, open, close });
  }
  return { from, to, sessions };
}

const addDays = (date: string, n: number) =>
  new Date(Date.parse(`${date}T12:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** A broadcast carries one market step: `{quotes: [...]}` / `{trades: [...]}` (contracts/market.ts). */
function batch(payload: unknown, key: 'quotes' | 'trades'): unknown[] {
  if (Array.isArray(payload)) return payload;
  if (isObj(payload) && Array.isArray(payload[key])) return payload[key];
  return [payload];
}

const asUser = (as: Actor | undefined) =>
  as ? { userId: as.userId, roles: as.roles, plan: as.plan, scopes: [], via: 'service' } : undefined;

/** The production QuoteSource: the bus feed, with HTTP for a quote the feed has not brought lately. */
export class MarketDataQuoteSource implements QuoteSource {
  readonly #latest = new Map<string, Quote>();
  readonly #quoteListeners = new Set<(q: Quote) => void>();
  readonly #tradeListeners = new Set<(t: Trade) => void>();
  readonly #unsubscribe: (() => void)[] = [];

  constructor(
    private readonly client: ServiceClient,
    bus: EventBus,
    private readonly log: Logger,
  ) {
    this.#unsubscribe.push(
      bus.onBroadcast(QUOTES_CHANNEL, (payload) => {
        for (const item of batch(payload, 'quotes')) {
          const q = parseQuote(item);
          if (!q) continue;
          this.#latest.set(q.symbol, q);
          for (const l of this.#quoteListeners) l(q);
        }
      }),
      bus.onBroadcast(TRADES_CHANNEL, (payload) => {
        for (const item of batch(payload, 'trades')) {
          const t = parseTrade(item);
          if (!t) continue;
          const q = this.#latest.get(t.symbol);
          if (q) this.#latest.set(t.symbol, { ...q, last: t.price });
          for (const l of this.#tradeListeners) l(t);
        }
      }),
    );
  }

  async latest(symbol: string, as?: Actor): Promise<Quote> {
    const want = symbol.toUpperCase();
    const local = this.#latest.get(want);
    if (local && Date.now() - local.at.getTime() < FRESH_QUOTE_MS) return local;
    let body: unknown;
    let tradeBody: unknown;
    try {
      const [res, trade] = await Promise.all([
        this.client.request({
          method: 'GET',
          path: '/v1/market/quotes',
          query: { symbols: want },
          as: asUser(as),
        }),
        // The last trade prices trailing stops and the risk check; a quote without it uses the midpoint.
        this.client
          .request({
            method: 'GET',
            path: '/v1/market/trades/latest',
            query: { symbols: want },
            as: asUser(as),
          })
          .catch(() => undefined),
      ]);
      if (res.status === 404) throw new QuoteMissingError(want);
      if (res.status !== 200) throw new Error(`market-data answered ${res.status}`);
      body = res.body;
      tradeBody = trade?.status === 200 ? trade.body : undefined;
    } catch (err) {
      if (err instanceof QuoteMissingError) throw err;
      this.log.warn({ err: isAppError(err) ? err.code : err, symbol: want }, 'latest quote unavailable');
      throw OrdersErrors.marketDataUnavailable();
    }
    let q = extractQuote(body, want);
    if (!q) throw new QuoteMissingError(want);
    const lastTrade = extractTrade(tradeBody, want);
    if (lastTrade) q = { ...q, last: lastTrade.price };
    const known = this.#latest.get(want);
    if (!known || known.at <= q.at) this.#latest.set(want, q);
    return q;
  }

  peek(symbol: string): Quote | undefined {
    return this.#latest.get(symbol.toUpperCase());
  }

  onQuote(listener: (q: Quote) => void): () => void {
    this.#quoteListeners.add(listener);
    return () => this.#quoteListeners.delete(listener);
  }

  onTrade(listener: (t: Trade) => void): () => void {
    this.#tradeListeners.add(listener);
    return () => this.#tradeListeners.delete(listener);
  }

  close(): void {
    for (const u of this.#unsubscribe.splice(0)) u();
  }
}

/**
 * Assets from market-data, cached (flags change rarely); an unknown symbol is cached briefly. The
 * shared cache (Redis in cluster mode) is fronted by a few seconds in process, so placing an
 * order costs no round trip for its asset.
 */
export class MarketDataAssetSource implements AssetSource {
  readonly #local = new Map<string, { asset: AssetInfo | null; until: number }>();

  constructor(
    private readonly client: ServiceClient,
    private readonly cache: Cache,
    private readonly log: Logger,
  ) {}

  async get(symbol: string, as?: Actor): Promise<AssetInfo | null> {
    const want = symbol.toUpperCase();
    const near = this.#local.get(want);
    if (near && near.until > Date.now()) return near.asset;
    const asset = await this.#get(want, as);
    if (this.#local.size >= LOCAL_ASSETS_MAX) this.#local.clear();
    this.#local.set(want, { asset, until: Date.now() + LOCAL_ASSET_TTL_MS });
    return asset;
  }

  async #get(want: string, as?: Actor): Promise<AssetInfo | null> {
    const key = `orders:asset:${want}`;
    const hit = await this.cache.get<{ asset: AssetInfo | null }>(key);
    if (hit) return hit.asset;
    let res;
    try {
      res = await this.client.request({
        method: 'GET',
        path: `/v1/market/assets/${encodeURIComponent(want)}`,
        as: asUser(as),
      });
    } catch (err) {
      this.log.warn({ err: isAppError(err) ? err.code : err, symbol: want }, 'asset lookup failed');
      throw OrdersErrors.marketDataUnavailable();
    }
    if (res.status === 404) {
      await this.cache.set(key, { asset: null }, MISSING_ASSET_TTL_MS);
      return null;
    }
    const asset = res.status === 200 ? parseAsset(res.body) : undefined;
    if (!asset) {
      this.log.warn({ status: res.status, symbol: want }, 'asset lookup unusable');
      throw OrdersErrors.marketDataUnavailable();
    }
    await this.cache.set(key, { asset }, ASSET_TTL_MS);
    return asset;
  }
}

/**
 * market-data's clock, cached for a second, with the calendar's sessions around it in exchange
 * mode (holidays and early closes: market-clock.ts isExtendedHours), read once per New York day.
 * In a forced 'always' mode the clock is computed by rule (UTC days) when market-data cannot be
 * reached, since nothing about it is unknown.
 */
export class MarketDataClock implements MarketClock {
  #cached: MarketClockInfo | undefined;
  #fetchedAt = 0;
  #inflight: Promise<MarketClockInfo> | undefined;
  #calendar: TradingCalendar | undefined;
  #calendarDay: string | undefined;
  #calendarTriedAt = 0;

  constructor(
    private readonly client: ServiceClient,
    private readonly forced: SessionMode | undefined,
    private readonly log: Logger,
  ) {}

  now(): Date {
    return new Date();
  }

  cached(): MarketClockInfo | undefined {
    if (!this.#cached && this.forced === 'always') return clockAt(new Date(), 'always');
    return this.#cached;
  }

  current(): Promise<MarketClockInfo> {
    if (this.#cached && Date.now() - this.#fetchedAt < CLOCK_TTL_MS) return Promise.resolve(this.#cached);
    this.#inflight ??= this.#fetch().finally(() => {
      this.#inflight = undefined;
    });
    return this.#inflight;
  }

  async #fetch(): Promise<MarketClockInfo> {
    try {
      const res = await this.client.request({ method: 'GET', path: '/v1/market/clock' });
      const read = res.status === 200 ? parseClock(res.body, this.forced) : undefined;
      if (!read) throw new Error(`market-data clock answered ${res.status}`);
      const info = read.mode === 'exchange' ? { ...read, calendar: await this.#calendarFor(read) } : read;
      this.#cached = info;
      this.#fetchedAt = Date.now();
      return info;
    } catch (err) {
      if (this.forced === 'always') return clockAt(new Date(), 'always');
      if (this.#cached && Date.now() - this.#fetchedAt < CLOCK_STALE_OK_MS) return this.#cached;
      this.log.warn({ err: isAppError(err) ? err.code : err }, 'market clock unavailable');
      throw OrdersErrors.marketDataUnavailable();
    }
  }

  /** The calendar around the clock's day: read when the day changed; the last one kept on failure. */
  async #calendarFor(info: MarketClockInfo): Promise<TradingCalendar | undefined> {
    const today = nyDate(info.timestamp);
    if (this.#calendarDay === today || Date.now() - this.#calendarTriedAt < CALENDAR_RETRY_MS)
      return this.#calendar;
    this.#calendarTriedAt = Date.now();
    const from = addDays(today, -CALENDAR_DAYS_BEFORE);
    const to = addDays(today, CALENDAR_DAYS_AFTER);
    try {
      const res = await this.client.request({
        method: 'GET',
        path: '/v1/market/calendar',
        query: { start: from, end: to },
      });
      const calendar = res.status === 200 ? parseCalendar(res.body, from, to) : undefined;
      if (!calendar) throw new Error(`market-data calendar answered ${res.status}`);
      this.#calendar = calendar;
      this.#calendarDay = today;
    } catch (err) {
      this.log.warn(
        { err: isAppError(err) ? err.code : err },
        'market calendar unavailable; extended hours follow the weekday rule',
      );
    }
    return this.#calendar;
  }
}
