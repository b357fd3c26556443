/**
 * Polygon.io (Massive) stocks adapter: REST aggregates, last NBBO, last trade and news, and the
 * `stocks` WebSocket cluster (T trades, Q quotes, AM minute aggregates).
 *
 * REST calls authenticate with `Authorization: Bearer <key>`, which Polygon accepts in place of
 * the `apiKey` query parameter; the key then never appears in a URL (logs, proxies, and the
 * `next_url` Polygon hands back, which does not carry it). `next_url` is only followed on the
 * configured origin, so the key is never sent elsewhere.
 */
import {
  ProviderError,
  silentLogger,
  type MarketDataProvider,
  type NewsProvider,
  type NewsQuery,
  type ProviderBar,
  type ProviderLogger,
  type ProviderNews,
  type ProviderQuote,
  type ProviderStream,
  type ProviderTrade,
  type ReconnectOptions,
  type StreamHandlers,
  type Timeframe,
} from './provider.ts';
import { buildUrl, createRestClient, type FetchLike } from './rest.ts';
import { ManagedStream, type ChannelSymbols, type StreamProtocol } from './stream.ts';
import {
  definedOnly,
  rethrowAsBadResponse,
  barIsoFromEpochMs,
  isObject,
  isoFromEpochMs,
  isoFromEpochNs,
  isoFromRfc3339,
  mapLimit,
  normalizeSymbols,
  optCode,
  optNum,
  optStr,
  reqNum,
  reqObj,
  reqStr,
  strArray,
  type JsonObject,
  ohlcvBar,
} from './wire.ts';

export interface PolygonProviderOptions {
  apiKey: string;
  baseUrl?: string;
  wsUrl?: string;
  /** Deadline of one REST call, retries included. Default 10 s. */
  timeoutMs?: number;
  /** Retries of a REST call that got no answer or a 5xx. Default 2. */
  retries?: number;
  fetch?: FetchLike;
  logger?: ProviderLogger;
  reconnect?: ReconnectOptions;
}

export type PolygonProvider = MarketDataProvider & NewsProvider;

const NAME = 'polygon';
/** Polygon's largest page for aggregates and for news. */
const AGGS_PAGE_MAX = 50_000;
const NEWS_PAGE_MAX = 1_000;
const DEFAULT_NEWS_LIMIT = 50;
/** Last-quote/last-trade are one request per symbol; this many in flight at once. */
const PER_SYMBOL_CONCURRENCY = 4;

const TIMESPANS: Record<Timeframe, [multiplier: number, timespan: 'minute' | 'hour' | 'day']> = {
  '1Min': [1, 'minute'],
  '5Min': [5, 'minute'],
  '15Min': [15, 'minute'],
  '1Hour': [1, 'hour'],
  '1Day': [1, 'day'],
};

const SENTIMENT: Record<string, number> = { positive: 1, neutral: 0, negative: -1 };

/** Polygon error bodies: `{status: "ERROR"|"NOT_AUTHORIZED"|…, error?: string, message?: string, request_id}`. */
function describeError(body: unknown): { message?: string; code?: string } {
  if (!isObject(body)) return {};
  const message = optStr(body, 'error') ?? optStr(body, 'message');
  const code = optStr(body, 'status');
  return { ...(message ? { message } : {}), ...(code ? { code } : {}) };
}

export function mapPolygonAgg(symbol: string, r: JsonObject): ProviderBar {
  return ohlcvBar(symbol, barIsoFromEpochMs(reqNum(r, 't')), r);
}

/** Mean sentiment of the insights about `symbols` (all insights when no symbol was asked for). */
export function polygonSentiment(insights: unknown, symbols: readonly string[]): number | undefined {
  if (!Array.isArray(insights)) return undefined;
  const scores: number[] = [];
  for (const i of insights) {
    if (!isObject(i)) continue;
    const ticker = optStr(i, 'ticker')?.toUpperCase();
    const score = SENTIMENT[optStr(i, 'sentiment') ?? ''];
    if (score === undefined || ticker === undefined) continue;
    if (symbols.length > 0 && !symbols.includes(ticker)) continue;
    scores.push(score);
  }
  if (scores.length === 0) return undefined;
  return scores.reduce((a, b) => a + b, 0) / scores.length;
}

export function mapPolygonNews(r: JsonObject, symbols: readonly string[]): ProviderNews {
  const item: ProviderNews = {
    id: reqStr(r, 'id'),
    headline: reqStr(r, 'title'),
    summary: optStr(r, 'description') ?? '',
    source: (isObject(r.publisher) ? optStr(r.publisher, 'name') : undefined) ?? NAME,
    symbols: strArray(r, 'tickers').map((s) => s.toUpperCase()),
    createdAt: isoFromRfc3339(reqStr(r, 'published_utc')),
  };
  const author = optStr(r, 'author');
  const url = optStr(r, 'article_url');
  const sentiment = polygonSentiment(r.insights, symbols);
  if (author) item.author = author;
  if (url) item.url = url;
  if (sentiment !== undefined) item.sentiment = sentiment;
  return item;
}

/**
 * The stocks cluster protocol: the server greets with status "connected"; we send
 * `{"action":"auth","params":KEY}` and get "auth_success" or "auth_failed"; subscriptions are
 * comma-separated `T.SYM`, `Q.SYM`, `AM.SYM` channels. Event instants are Unix milliseconds.
 */
export function polygonProtocol(apiKey: string): StreamProtocol {
  const params = (s: ChannelSymbols) =>
    [
      ...s.trades.map((x) => `T.${x}`),
      ...s.quotes.map((x) => `Q.${x}`),
      ...s.bars.map((x) => `AM.${x}`),
    ].join(',');
  return {
    subscribeMessage: (add) => ({ action: 'subscribe', params: params(add) }),
    unsubscribeMessage: (remove) => ({ action: 'unsubscribe', params: params(remove) }),
    handle(m, session) {
      switch (m.ev) {
        case 'status': {
          const message = optStr(m, 'message') ?? '';
          switch (m.status) {
            case 'connected':
              session.connected();
              session.send({ action: 'auth', params: apiKey });
              return;
            case 'auth_success':
              session.authenticated();
              return;
            case 'auth_failed':
              session.error(
                new ProviderError(NAME, 401, `stream authentication failed${message ? `: ${message}` : ''}`, {
                  kind: 'auth',
                  upstreamCode: 'auth_failed',
                }),
                'stop',
              );
              return;
            case 'max_connections':
            case 'error':
              // Polygon closes the socket itself after max_connections; the backoff then applies.
              session.error(
                new ProviderError(NAME, 0, `stream error: ${message || String(m.status)}`, {
                  kind: 'stream',
                  upstreamCode: String(m.status),
                }),
                'continue',
              );
              return;
            default:
              // "success" (subscribed to / unsubscribed from …) and future statuses.
              return;
          }
        }
        case 'T':
          session.trade({
            symbol: reqStr(m, 'sym'),
            t: isoFromEpochMs(reqNum(m, 't')),
            p: reqNum(m, 'p'),
            s: reqNum(m, 's'),
            ...definedOnly({ x: optCode(m, 'x'), i: optCode(m, 'i') }),
          });
          return;
        case 'Q':
          session.quote({
            symbol: reqStr(m, 'sym'),
            t: isoFromEpochMs(reqNum(m, 't')),
            bp: reqNum(m, 'bp'),
            bs: reqNum(m, 'bs'),
            ap: reqNum(m, 'ap'),
            as: reqNum(m, 'as'),
            ...definedOnly({ bx: optCode(m, 'bx'), ax: optCode(m, 'ax') }),
          });
          return;
        case 'AM': {
          // AM has no trade count (`z` is the average trade size), so `n` stays unset.
          const bar: ProviderBar = {
            symbol: reqStr(m, 'sym'),
            t: barIsoFromEpochMs(reqNum(m, 's')),
            o: reqNum(m, 'o'),
            h: reqNum(m, 'h'),
            l: reqNum(m, 'l'),
            c: reqNum(m, 'c'),
            v: reqNum(m, 'v'),
          };
          const vw = optNum(m, 'vw');
          if (vw !== undefined) bar.vw = vw;
          session.bar(bar);
          return;
        }
        default:
          return;
      }
    },
  };
}

export function createPolygonProvider(options: PolygonProviderOptions): PolygonProvider {
  const apiKey = options.apiKey.trim();
  if (!apiKey) throw new Error('createPolygonProvider: apiKey is required');
  const baseUrl = options.baseUrl ?? 'https://api.polygon.io';
  const wsUrl = options.wsUrl ?? 'wss://socket.polygon.io/stocks';
  const logger = options.logger ?? silentLogger;
  const origin = new URL(baseUrl).origin;
  const closer = new AbortController();
  const streams = new Set<ManagedStream>();

  const rest = createRestClient({
    provider: NAME,
    headers: { authorization: `Bearer ${apiKey}` },
    timeoutMs: options.timeoutMs ?? 10_000,
    retries: options.retries ?? 2,
    fetch: options.fetch ?? ((input, init) => fetch(input, init)),
    logger,
    closed: closer.signal,
    describeError,
  });

  function assertOpen(): void {
    if (closer.signal.aborted)
      throw new ProviderError(NAME, 0, 'provider is closed', { kind: 'unavailable' });
  }

  /** Polygon answers 200 with `status: "ERROR"` in a few cases; that is a failure too. */
  function checkStatus(body: JsonObject, path: string): void {
    if (body.status === 'ERROR') {
      const { message } = describeError(body);
      throw new ProviderError(NAME, 200, `GET ${path} failed${message ? `: ${message}` : ''}`, {
        kind: 'bad_response',
        upstreamCode: 'ERROR',
      });
    }
  }

  /** Follows `next_url` from `first`, calling `take` with each page's results until it returns false. */
  async function paginate(first: URL, take: (results: JsonObject[]) => boolean): Promise<void> {
    const seen = new Set<string>();
    let url: URL | undefined = first;
    while (url) {
      seen.add(url.href);
      const body = await rest.getJson(url);
      checkStatus(body, url.pathname);
      const results = Array.isArray(body.results) ? body.results.filter(isObject) : [];
      if (!take(results)) return;
      const next = typeof body.next_url === 'string' && body.next_url ? body.next_url : undefined;
      if (!next) return;
      let nextUrl: URL;
      try {
        nextUrl = new URL(next, baseUrl);
      } catch (err) {
        throw new ProviderError(NAME, 200, 'next_url is not a URL', { kind: 'bad_response', cause: err });
      }
      if (nextUrl.origin !== origin) {
        throw new ProviderError(NAME, 200, `next_url points to another origin (${nextUrl.origin})`, {
          kind: 'bad_response',
        });
      }
      if (seen.has(nextUrl.href))
        throw new ProviderError(NAME, 200, 'next_url repeats a page already read', { kind: 'bad_response' });
      url = nextUrl;
    }
  }

  async function bars(
    symbol: string,
    timeframe: Timeframe,
    start: Date,
    end: Date,
    limit?: number,
  ): Promise<ProviderBar[]> {
    assertOpen();
    const sym = symbol.trim().toUpperCase();
    const [multiplier, timespan] = TIMESPANS[timeframe];
    const max = limit ?? Number.POSITIVE_INFINITY;
    const out: ProviderBar[] = [];
    if (max <= 0 || end.getTime() < start.getTime()) return out;
    // from/to as Unix ms: Polygon reads them as exact instants (a date would mean whole days).
    const first = buildUrl(
      baseUrl,
      `/v2/aggs/ticker/${encodeURIComponent(sym)}/range/${multiplier}/${timespan}/${start.getTime()}/${end.getTime()}`,
      // adjusted=true: split-adjusted, Polygon's default; the Alpaca adapter asks for the same.
      { adjusted: 'true', sort: 'asc', limit: Math.min(AGGS_PAGE_MAX, max) },
    );
    await paginate(first, (results) => {
      for (const r of results) {
        if (out.length >= max) return false;
        try {
          out.push(mapPolygonAgg(sym, r));
        } catch (err) {
          rethrowAsBadResponse(NAME, err, `aggregate of ${sym}`);
        }
      }
      return out.length < max;
    });
    return out;
  }

  async function lastOf<T>(
    kind: 'nbbo' | 'trade',
    symbols: string[],
    map: (sym: string, r: JsonObject) => T,
  ): Promise<T[]> {
    assertOpen();
    const found = await mapLimit(normalizeSymbols(symbols), PER_SYMBOL_CONCURRENCY, async (sym) => {
      let body: JsonObject;
      try {
        body = await rest.getJson(buildUrl(baseUrl, `/v2/last/${kind}/${encodeURIComponent(sym)}`));
      } catch (err) {
        // Unknown symbol, or nothing traded yet: left out, as Alpaca leaves unknown symbols out.
        if (err instanceof ProviderError && err.kind === 'not_found') return undefined;
        throw err;
      }
      checkStatus(body, `/v2/last/${kind}`);
      if (!isObject(body.results)) return undefined;
      try {
        return map(sym, reqObj(body, 'results'));
      } catch (err) {
        return rethrowAsBadResponse(NAME, err, `last ${kind} of ${sym}`);
      }
    });
    return found.filter((x): x is T => x !== undefined);
  }

  // Last NBBO: P/S ask price/size, p/s bid price/size, X/x ask/bid exchange ids, t SIP ns.
  const latestQuotes = (symbols: string[]) =>
    lastOf<ProviderQuote>('nbbo', symbols, (sym, r) => ({
      symbol: sym,
      t: isoFromEpochNs(reqNum(r, 't')),
      bp: reqNum(r, 'p'),
      bs: reqNum(r, 's'),
      ap: reqNum(r, 'P'),
      as: reqNum(r, 'S'),
      ...definedOnly({ bx: optCode(r, 'x'), ax: optCode(r, 'X') }),
    }));

  // Last trade: p price, s size, x exchange id, i trade id, t SIP ns.
  const latestTrades = (symbols: string[]) =>
    lastOf<ProviderTrade>('trade', symbols, (sym, r) => ({
      symbol: sym,
      t: isoFromEpochNs(reqNum(r, 't')),
      p: reqNum(r, 'p'),
      s: reqNum(r, 's'),
      ...definedOnly({ x: optCode(r, 'x'), i: optCode(r, 'i') }),
    }));

  async function newsFor(
    ticker: string | undefined,
    q: NewsQuery,
    max: number,
    symbols: string[],
  ): Promise<ProviderNews[]> {
    const out: ProviderNews[] = [];
    const first = buildUrl(baseUrl, '/v2/reference/news', {
      ticker,
      'published_utc.gte': q.start?.toISOString(),
      'published_utc.lte': q.end?.toISOString(),
      order: 'desc',
      sort: 'published_utc',
      limit: Math.min(NEWS_PAGE_MAX, max),
    });
    await paginate(first, (results) => {
      for (const r of results) {
        if (out.length >= max) return false;
        try {
          out.push(mapPolygonNews(r, symbols));
        } catch (err) {
          rethrowAsBadResponse(NAME, err, 'news article');
        }
      }
      return out.length < max;
    });
    return out;
  }

  async function news(q: NewsQuery): Promise<ProviderNews[]> {
    assertOpen();
    const max = q.limit ?? DEFAULT_NEWS_LIMIT;
    if (max <= 0) return [];
    const symbols = normalizeSymbols(q.symbols);
    // `ticker` takes one symbol: one query per symbol, merged newest first.
    const pages =
      symbols.length === 0
        ? [await newsFor(undefined, q, max, symbols)]
        : await mapLimit(symbols, PER_SYMBOL_CONCURRENCY, (s) => newsFor(s, q, max, symbols));
    const byId = new Map<string, ProviderNews>();
    for (const item of pages.flat()) if (!byId.has(item.id)) byId.set(item.id, item);
    return [...byId.values()]
      .sort((a, b) => (a.createdAt < b.createdAt ? 1 : a.createdAt > b.createdAt ? -1 : 0))
      .slice(0, max);
  }

  function stream(handlers: StreamHandlers): ProviderStream {
    assertOpen();
    const s: ManagedStream = new ManagedStream({
      provider: NAME,
      url: wsUrl,
      protocol: polygonProtocol(apiKey),
      handlers,
      logger,
      ...(options.reconnect ? { reconnect: options.reconnect } : {}),
      onStopped: () => streams.delete(s),
    });
    streams.add(s);
    return s.start();
  }

  async function close(): Promise<void> {
    closer.abort();
    await Promise.all([...streams].map((s) => s.close()));
  }

  return { name: NAME, bars, latestQuotes, latestTrades, news, stream, close };
}
