/**
 * Alpaca Market Data adapter: v2 stock bars, latest quotes and trades, v1beta1 news, and the v2
 * real-time stream (https://docs.alpaca.markets/docs/streaming-market-data). REST calls carry
 * the APCA-API-KEY-ID / APCA-API-SECRET-KEY headers; the stream authenticates with an `auth`
 * message. Alpaca instants are RFC 3339 with up to nanosecond precision.
 */
import {
  ProviderError,
  silentLogger,
  type MarketDataProvider,
  type NewsProvider,
  type NewsQuery,
  type ProviderBar,
  type ProviderErrorKind,
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
import { ManagedStream, type AfterError, type ChannelSymbols, type StreamProtocol } from './stream.ts';
import {
  definedOnly,
  rethrowAsBadResponse,
  barIsoFromRfc3339,
  isObject,
  isoFromRfc3339,
  normalizeSymbols,
  optCode,
  optNum,
  optStr,
  reqNum,
  reqStr,
  strArray,
  WireFormatError,
  type JsonObject,
  ohlcvBar,
} from './wire.ts';

export interface AlpacaDataProviderOptions {
  keyId: string;
  secretKey: string;
  baseUrl?: string;
  /** Stream base; the feed is appended (`…/v2/iex`). */
  streamUrl?: string;
  /** iex (free), sip, delayed_sip, … Used for REST and the stream. Default iex. */
  feed?: string;
  /** Deadline of one REST call, retries included. Default 10 s. */
  timeoutMs?: number;
  /** Retries of a REST call that got no answer or a 5xx. Default 2. */
  retries?: number;
  fetch?: FetchLike;
  logger?: ProviderLogger;
  reconnect?: ReconnectOptions;
}

export type AlpacaDataProvider = MarketDataProvider & NewsProvider;

const NAME = 'alpaca';
/** Alpaca's page-size limits: bars 10,000 (across symbols), news 50. */
const BARS_PAGE_MAX = 10_000;
const NEWS_PAGE_MAX = 50;
const DEFAULT_NEWS_LIMIT = 50;
/** Symbols per latest-quotes/trades request, keeping URLs short. */
const SYMBOLS_PER_REQUEST = 100;

/** Alpaca error bodies: `{"code": 40010001, "message": "…"}` (code absent on some gateway errors). */
function describeError(body: unknown): { message?: string; code?: number | string } {
  if (!isObject(body)) return {};
  const message = optStr(body, 'message');
  const code = optCode(body, 'code');
  return { ...(message ? { message } : {}), ...(code ? { code } : {}) };
}

export function mapAlpacaBar(symbol: string, r: JsonObject): ProviderBar {
  return ohlcvBar(symbol, barIsoFromRfc3339(reqStr(r, 't')), r);
}

export function mapAlpacaQuote(symbol: string, r: JsonObject): ProviderQuote {
  return {
    symbol,
    t: isoFromRfc3339(reqStr(r, 't')),
    bp: reqNum(r, 'bp'),
    bs: reqNum(r, 'bs'),
    ap: reqNum(r, 'ap'),
    as: reqNum(r, 'as'),
    ...definedOnly({ bx: optCode(r, 'bx'), ax: optCode(r, 'ax') }),
  };
}

export function mapAlpacaTrade(symbol: string, r: JsonObject): ProviderTrade {
  return {
    symbol,
    t: isoFromRfc3339(reqStr(r, 't')),
    p: reqNum(r, 'p'),
    s: reqNum(r, 's'),
    ...definedOnly({ x: optCode(r, 'x'), i: optCode(r, 'i') }),
  };
}

export function mapAlpacaNews(r: JsonObject): ProviderNews {
  const id = optCode(r, 'id');
  if (id === undefined) throw new WireFormatError('field "id" is missing');
  const item: ProviderNews = {
    id,
    headline: reqStr(r, 'headline'),
    summary: optStr(r, 'summary') ?? '',
    source: optStr(r, 'source') ?? NAME,
    symbols: strArray(r, 'symbols').map((s) => s.toUpperCase()),
    createdAt: isoFromRfc3339(reqStr(r, 'created_at')),
  };
  const content = optStr(r, 'content');
  const author = optStr(r, 'author');
  const url = optStr(r, 'url');
  if (content) item.content = content;
  if (author) item.author = author;
  if (url) item.url = url;
  return item;
}

/**
 * What a stream error code means for us (codes from Alpaca's "Errors" section of the streaming
 * docs). Credentials and entitlement errors are final: reconnecting would only fail again.
 */
function streamErrorPolicy(code: number): { status: number; kind: ProviderErrorKind; then: AfterError } {
  switch (code) {
    case 401: // not authenticated
    case 402: // auth failed
      return { status: 401, kind: 'auth', then: 'stop' };
    case 408: // v2 not enabled
    case 409: // insufficient subscription (feed not in the plan)
      return { status: 403, kind: 'auth', then: 'stop' };
    case 404: // auth timeout
    case 406: // connection limit exceeded
    case 407: // slow client
    case 500: // internal error
      return { status: code, kind: 'stream', then: 'reconnect' };
    default: // 400 invalid syntax, 403 already authenticated, 405 symbol limit exceeded, 410 invalid subscribe action
      return { status: code, kind: 'stream', then: 'continue' };
  }
}

/**
 * The v2 stream protocol: `[{"T":"success","msg":"connected"}]`, then our
 * `{"action":"auth","key","secret"}` → `authenticated` or `{"T":"error","code",…}`; subscribe
 * messages list symbols per channel; data arrives as `t`, `q`, `b` events.
 */
export function alpacaProtocol(keyId: string, secretKey: string): StreamProtocol {
  const lists = (s: ChannelSymbols) => ({
    ...(s.trades.length ? { trades: s.trades } : {}),
    ...(s.quotes.length ? { quotes: s.quotes } : {}),
    ...(s.bars.length ? { bars: s.bars } : {}),
  });
  return {
    subscribeMessage: (add) => ({ action: 'subscribe', ...lists(add) }),
    unsubscribeMessage: (remove) => ({ action: 'unsubscribe', ...lists(remove) }),
    handle(m, session) {
      switch (m.T) {
        case 'success':
          if (m.msg === 'connected') {
            session.connected();
            session.send({ action: 'auth', key: keyId, secret: secretKey });
          } else if (m.msg === 'authenticated') {
            session.authenticated();
          }
          return;
        case 'error': {
          const code = optNum(m, 'code') ?? 0;
          const msg = optStr(m, 'msg') ?? 'unknown error';
          const policy = streamErrorPolicy(code);
          session.error(
            new ProviderError(NAME, policy.status, `stream error ${code}: ${msg}`, {
              kind: policy.kind,
              upstreamCode: code,
            }),
            policy.then,
          );
          return;
        }
        case 't':
          session.trade(mapAlpacaTrade(reqStr(m, 'S'), m));
          return;
        case 'q':
          session.quote(mapAlpacaQuote(reqStr(m, 'S'), m));
          return;
        case 'b':
          session.bar(mapAlpacaBar(reqStr(m, 'S'), m));
          return;
        default:
          // "subscription" confirmations, updated/daily bars, statuses, LULDs, corrections, cancels.
          return;
      }
    },
  };
}

export function createAlpacaDataProvider(options: AlpacaDataProviderOptions): AlpacaDataProvider {
  const keyId = options.keyId.trim();
  const secretKey = options.secretKey.trim();
  if (!keyId || !secretKey) throw new Error('createAlpacaDataProvider: keyId and secretKey are required');
  const baseUrl = options.baseUrl ?? 'https://data.alpaca.markets';
  const streamBase = options.streamUrl ?? 'wss://stream.data.alpaca.markets/v2';
  const feed = options.feed?.trim() || 'iex';
  const logger = options.logger ?? silentLogger;
  const closer = new AbortController();
  const streams = new Set<ManagedStream>();

  const rest = createRestClient({
    provider: NAME,
    headers: { 'APCA-API-KEY-ID': keyId, 'APCA-API-SECRET-KEY': secretKey },
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

  /**
   * Reads pages until `take` says stop or `next_page_token` is null. A token that repeats would
   * loop forever: it fails the call instead.
   */
  async function paginate(
    page: (token: string | undefined) => URL,
    take: (body: JsonObject) => boolean,
  ): Promise<void> {
    const seen = new Set<string>();
    let token: string | undefined;
    for (;;) {
      const body = await rest.getJson(page(token));
      if (!take(body)) return;
      const next =
        typeof body.next_page_token === 'string' && body.next_page_token ? body.next_page_token : undefined;
      if (!next) return;
      if (seen.has(next))
        throw new ProviderError(NAME, 200, 'next_page_token repeats a page already read', {
          kind: 'bad_response',
        });
      seen.add(next);
      token = next;
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
    const max = limit ?? Number.POSITIVE_INFINITY;
    const out: ProviderBar[] = [];
    if (max <= 0 || end.getTime() < start.getTime()) return out;
    await paginate(
      (token) =>
        buildUrl(baseUrl, '/v2/stocks/bars', {
          symbols: sym,
          timeframe,
          start: start.toISOString(),
          end: end.toISOString(),
          limit: Math.min(BARS_PAGE_MAX, max - out.length),
          // Split-adjusted, as Polygon's adjusted=true, so both adapters give the same series.
          adjustment: 'split',
          feed,
          sort: 'asc',
          page_token: token,
        }),
      (body) => {
        const page = isObject(body.bars) ? body.bars[sym] : undefined;
        for (const r of Array.isArray(page) ? page : []) {
          if (out.length >= max) return false;
          if (!isObject(r)) continue;
          try {
            out.push(mapAlpacaBar(sym, r));
          } catch (err) {
            rethrowAsBadResponse(NAME, err, `bar of ${sym}`);
          }
        }
        return out.length < max;
      },
    );
    return out;
  }

  async function latest<T>(
    what: 'quotes' | 'trades',
    symbols: string[],
    map: (sym: string, r: JsonObject) => T,
  ): Promise<T[]> {
    assertOpen();
    const syms = normalizeSymbols(symbols);
    const out: T[] = [];
    for (let i = 0; i < syms.length; i += SYMBOLS_PER_REQUEST) {
      const chunk = syms.slice(i, i + SYMBOLS_PER_REQUEST);
      const body = await rest.getJson(
        buildUrl(baseUrl, `/v2/stocks/${what}/latest`, { symbols: chunk.join(','), feed }),
      );
      const bySymbol = isObject(body[what]) ? body[what] : {};
      for (const sym of chunk) {
        const r = bySymbol[sym];
        if (!isObject(r)) continue;
        try {
          out.push(map(sym, r));
        } catch (err) {
          rethrowAsBadResponse(NAME, err, `latest ${what} of ${sym}`);
        }
      }
    }
    return out;
  }

  async function news(q: NewsQuery): Promise<ProviderNews[]> {
    assertOpen();
    const max = q.limit ?? DEFAULT_NEWS_LIMIT;
    const out: ProviderNews[] = [];
    if (max <= 0) return out;
    const symbols = normalizeSymbols(q.symbols);
    await paginate(
      (token) =>
        buildUrl(baseUrl, '/v1beta1/news', {
          symbols: symbols.length ? symbols.join(',') : undefined,
          start: q.start?.toISOString(),
          end: q.end?.toISOString(),
          limit: Math.min(NEWS_PAGE_MAX, max - out.length),
          sort: 'desc',
          page_token: token,
        }),
      (body) => {
        for (const r of Array.isArray(body.news) ? body.news : []) {
          if (out.length >= max) return false;
          if (!isObject(r)) continue;
          try {
            out.push(mapAlpacaNews(r));
          } catch (err) {
            rethrowAsBadResponse(NAME, err, 'news article');
          }
        }
        return out.length < max;
      },
    );
    return out;
  }

  function stream(handlers: StreamHandlers): ProviderStream {
    assertOpen();
    const s: ManagedStream = new ManagedStream({
      provider: NAME,
      url: `${streamBase.replace(/\/+$/, '')}/${encodeURIComponent(feed)}`,
      protocol: alpacaProtocol(keyId, secretKey),
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

  return {
    name: NAME,
    bars,
    latestQuotes: (symbols) => latest('quotes', symbols, mapAlpacaQuote),
    latestTrades: (symbols) => latest('trades', symbols, mapAlpacaTrade),
    news,
    stream,
    close,
  };
}
