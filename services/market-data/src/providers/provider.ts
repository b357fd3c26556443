/**
 * The seam between the market-data service and a source of prices and news. The built-in
 * simulator is the default source; the real adapters (Polygon, Alpaca) implement the same
 * interfaces and are chosen from configuration by `selectProviders` (./index.ts).
 *
 * Shapes follow Alpaca's market-data v2 field names (the platform's own API speaks Alpaca), with
 * prices as numbers and instants as RFC 3339 UTC strings:
 * - bar starts in whole-second form (`2024-01-02T14:30:00Z`), as Alpaca and the simulator stamp bars;
 * - every other instant in `Date#toISOString()` form (millisecond precision, fixed width, so the
 *   strings sort in time order). Sub-millisecond upstream precision is dropped.
 */
import { AppError } from '@tradeplane/kit';

export type Timeframe = '1Min' | '5Min' | '15Min' | '1Hour' | '1Day';
export const PROVIDER_TIMEFRAMES: readonly Timeframe[] = ['1Min', '5Min', '15Min', '1Hour', '1Day'];

export interface ProviderBar {
  symbol: string;
  /** Start of the bar. */
  t: string;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  /** Trade count, when the upstream reports it. */
  n?: number;
  /** Volume-weighted average price, when the upstream reports it. */
  vw?: number;
}

export interface ProviderQuote {
  symbol: string;
  t: string;
  bp: number;
  /** Sizes as the upstream reports them: shares (older upstream data may count round lots). */
  bs: number;
  ap: number;
  as: number;
  /** Exchange codes as strings (Alpaca letter codes, Polygon numeric ids as decimal strings). */
  bx?: string;
  ax?: string;
}

export interface ProviderTrade {
  symbol: string;
  t: string;
  p: number;
  s: number;
  x?: string;
  /** Upstream trade id. */
  i?: string;
}

export interface ProviderNews {
  id: string;
  headline: string;
  summary: string;
  content?: string;
  author?: string;
  /** Publisher or news source, e.g. "benzinga", "The Motley Fool". */
  source: string;
  url?: string;
  symbols: string[];
  createdAt: string;
  /** -1 (negative) … 1 (positive), when the upstream scores the article for the requested symbols. */
  sentiment?: number;
}

export type StreamStatus = 'connected' | 'authenticated' | 'disconnected' | 'reconnecting';

export interface StreamHandlers {
  onTrade?(t: ProviderTrade): void;
  onQuote?(q: ProviderQuote): void;
  /** Minute bars. */
  onBar?(b: ProviderBar): void;
  onError?(e: Error): void;
  onStatus?(s: StreamStatus): void;
}

export interface StreamSubscription {
  trades?: string[];
  quotes?: string[];
  bars?: string[];
}

export interface ProviderStream {
  /** Adds to the current subscriptions; kept across reconnects. */
  subscribe(symbols: StreamSubscription): void;
  unsubscribe(symbols: StreamSubscription): void;
  /** Stops reconnecting and closes the socket; resolves once it is closed. */
  close(): Promise<void>;
}

export interface NewsQuery {
  symbols?: string[];
  start?: Date;
  end?: Date;
  /** Most articles returned (newest first). Default 50. */
  limit?: number;
}

export interface MarketDataProvider {
  readonly name: string;
  /**
   * Bars starting in [start, end], oldest first, following the upstream's pagination until
   * `limit` bars (default: no limit) or the last page.
   */
  bars(symbol: string, timeframe: Timeframe, start: Date, end: Date, limit?: number): Promise<ProviderBar[]>;
  /** The latest quote of each symbol the upstream knows, in the order asked; unknown symbols are left out. */
  latestQuotes(symbols: string[]): Promise<ProviderQuote[]>;
  latestTrades(symbols: string[]): Promise<ProviderTrade[]>;
  stream(handlers: StreamHandlers): ProviderStream;
  /** Aborts requests in flight and closes every stream opened by this provider. */
  close(): Promise<void>;
}

export interface NewsProvider {
  readonly name: string;
  news(q: NewsQuery): Promise<ProviderNews[]>;
}

/** Structural subset of the pino logger, object first, message second. */
export interface ProviderLogger {
  warn(obj: object, msg: string): void;
  info(obj: object, msg: string): void;
}

export const silentLogger: ProviderLogger = { warn: () => undefined, info: () => undefined };

/** Reconnect policy of a stream: exponential backoff with full jitter, capped. */
export interface ReconnectOptions {
  /** First delay ceiling. Default 500 ms. */
  initialDelayMs?: number;
  /** Largest delay. Default 30 s. */
  maxDelayMs?: number;
  /** Reconnect attempts in a row without authenticating before the stream gives up. Default: never gives up. */
  maxAttempts?: number;
  /** Time allowed from socket open to authenticated. Default 10 s (Alpaca closes unauthenticated sockets after 10 s). */
  handshakeTimeoutMs?: number;
  /** WebSocket ping interval; a socket that misses a pong is dropped and reconnected. Default 30 s. */
  pingIntervalMs?: number;
}

export type ProviderErrorKind =
  /** 401/403, or a stream auth failure: the configured credentials are wrong or not entitled. */
  | 'auth'
  /** 429: see `retryAfterMs`. */
  | 'rate_limited'
  /** Other 4xx: the upstream rejected the request's parameters. */
  | 'bad_request'
  | 'not_found'
  /** No answer (refused, reset) or a 5xx. */
  | 'unavailable'
  /** No answer within the deadline. */
  | 'timeout'
  /** An answer we cannot read (not JSON, missing fields). */
  | 'bad_response'
  /** A stream-level error the upstream reported (symbol limit, slow client, …). */
  | 'stream';

const CODES: Record<ProviderErrorKind, string> = {
  auth: 'MARKET_DATA_PROVIDER_AUTH_FAILED',
  rate_limited: 'MARKET_DATA_PROVIDER_RATE_LIMITED',
  bad_request: 'MARKET_DATA_PROVIDER_REJECTED',
  not_found: 'MARKET_DATA_PROVIDER_NOT_FOUND',
  unavailable: 'MARKET_DATA_PROVIDER_UNAVAILABLE',
  timeout: 'MARKET_DATA_PROVIDER_TIMEOUT',
  bad_response: 'MARKET_DATA_PROVIDER_BAD_RESPONSE',
  stream: 'MARKET_DATA_PROVIDER_STREAM_ERROR',
};

export function kindOfStatus(status: number): ProviderErrorKind {
  if (status === 401 || status === 403) return 'auth';
  if (status === 429) return 'rate_limited';
  if (status === 404) return 'not_found';
  if (status === 408) return 'timeout';
  if (status >= 400 && status < 500) return 'bad_request';
  return 'unavailable';
}

export interface ProviderErrorOptions {
  kind?: ProviderErrorKind;
  /** How long the upstream asked us to wait (429), from Retry-After or X-RateLimit-Reset. */
  retryAfterMs?: number;
  /** The upstream's own error code (Alpaca `code`, Polygon `status`). */
  upstreamCode?: string | number;
  requestId?: string;
  cause?: unknown;
}

/**
 * A failure talking to a provider. `status` is the upstream's HTTP status (or, on a stream, the
 * HTTP status closest to the upstream's error code); 0 when no answer came. It is deliberately
 * not an AppError: an upstream 401 means *our* key is wrong, which a client of the platform must
 * not see as its own 401. `providerErrorToAppError` maps it for routes.
 */
export class ProviderError extends Error {
  readonly provider: string;
  readonly status: number;
  readonly kind: ProviderErrorKind;
  readonly code: string;
  readonly retryAfterMs: number | undefined;
  readonly upstreamCode: string | number | undefined;
  readonly requestId: string | undefined;

  constructor(provider: string, status: number, message: string, options: ProviderErrorOptions = {}) {
    super(`${provider}: ${message}`, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'ProviderError';
    this.provider = provider;
    this.status = status;
    this.kind = options.kind ?? kindOfStatus(status);
    this.code = CODES[this.kind];
    this.retryAfterMs = options.retryAfterMs;
    this.upstreamCode = options.upstreamCode;
    this.requestId = options.requestId;
  }

  /** Whether trying the same call again later may succeed. */
  get retryable(): boolean {
    return this.kind === 'rate_limited' || this.kind === 'unavailable' || this.kind === 'timeout';
  }
}

export const isProviderError = (e: unknown): e is ProviderError => e instanceof ProviderError;

/**
 * The platform error a route answers with when a provider call fails. Upstream auth and protocol
 * failures are the platform's problem (502), not the caller's; a rate limit becomes 503 with
 * Retry-After; parameters the upstream rejected are the caller's (400/404).
 */
export function providerErrorToAppError(e: ProviderError): AppError {
  const details = { provider: e.provider, upstreamStatus: e.status };
  switch (e.kind) {
    case 'auth':
      return new AppError(e.code, 502, `market data provider ${e.provider} refused our credentials`, {
        details,
        cause: e,
      });
    case 'rate_limited': {
      const headers =
        e.retryAfterMs === undefined
          ? undefined
          : { 'retry-after': String(Math.max(1, Math.ceil(e.retryAfterMs / 1000))) };
      return new AppError(e.code, 503, `market data provider ${e.provider} is rate limiting us`, {
        details,
        ...(headers ? { headers } : {}),
        cause: e,
      });
    }
    case 'bad_request':
      return new AppError(e.code, 400, `market data provider ${e.provider} rejected the request`, {
        details,
        cause: e,
      });
    case 'not_found':
      return new AppError(e.code, 404, `market data provider ${e.provider} has no such data`, {
        details,
        cause: e,
      });
    case 'unavailable':
      return new AppError(e.code, 503, `market data provider ${e.provider} is unavailable`, {
        details,
        cause: e,
      });
    case 'timeout':
      return new AppError(e.code, 504, `market data provider ${e.provider} did not answer in time`, {
        details,
        cause: e,
      });
    case 'bad_response':
    case 'stream':
      return new AppError(e.code, 502, `market data provider ${e.provider} failed`, { details, cause: e });
  }
}
