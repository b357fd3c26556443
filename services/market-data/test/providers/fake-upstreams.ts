/**
 * Local stand-ins for Polygon and Alpaca, on 127.0.0.1 with a random port, speaking their wire
 * formats: the REST paths, query parameters, auth, pagination (Polygon `next_url` with a cursor,
 * Alpaca `next_page_token`), error bodies and rate-limit headers, and the WebSocket handshakes,
 * subscription messages and event shapes. They check credentials like the real services, so a
 * test proves the adapter sends them.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

export interface RecordedRequest {
  path: string;
  query: URLSearchParams;
  headers: IncomingMessage['headers'];
}

export interface FakeSocket {
  ws: WebSocket;
  /** Path of the upgrade request, e.g. `/v2/iex`. */
  path: string;
  authed: boolean;
  /** Every message the client sent, parsed. */
  received: Record<string, unknown>[];
  closedWith?: number;
}

/** Polls `cond` until true; fails after `timeoutMs` (a bound on a broken test, not a timing claim). */
export async function waitFor(cond: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
  const until = Date.now() + timeoutMs;
  while (!cond()) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 5));
  }
}

export const pause = (ms: number) => new Promise((r) => setTimeout(r, ms));

const cursorOf = (offset: number) => Buffer.from(`offset=${offset}`).toString('base64url');
const offsetOf = (cursor: string | null) =>
  cursor ? Number(Buffer.from(cursor, 'base64url').toString('utf8').replace('offset=', '')) : 0;

abstract class FakeUpstream {
  readonly requests: RecordedRequest[] = [];
  readonly sockets: FakeSocket[] = [];
  /** Statuses to answer the next REST requests with, in order, before serving normally. */
  readonly failNext: number[] = [];
  protected server!: Server;
  protected wss!: WebSocketServer;
  url = '';
  wsUrl = '';

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      const u = new URL(req.url ?? '/', 'http://fake');
      this.requests.push({ path: u.pathname, query: u.searchParams, headers: req.headers });
      this.route(u, req, res);
    });
    this.wss = new WebSocketServer({ server: this.server });
    this.wss.on('connection', (ws, req) => {
      const s: FakeSocket = {
        ws,
        path: new URL(req.url ?? '/', 'http://fake').pathname,
        authed: false,
        received: [],
      };
      this.sockets.push(s);
      ws.on('close', (code) => {
        s.closedWith = code;
      });
      ws.on('message', (data) => {
        const msg = JSON.parse(data.toString()) as Record<string, unknown>;
        s.received.push(msg);
        this.onMessage(s, msg);
      });
      this.onConnection(s);
    });
    await new Promise<void>((resolve) => this.server.listen(0, '127.0.0.1', resolve));
    const { port } = this.server.address() as AddressInfo;
    this.url = `http://127.0.0.1:${port}`;
    this.wsUrl = `ws://127.0.0.1:${port}`;
    return this;
  }

  async stop(): Promise<void> {
    for (const s of this.sockets) s.ws.terminate();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  /** Sends `events` (one frame, an array) to every authenticated socket still open. */
  emit(events: unknown[]): void {
    for (const s of this.open()) if (s.authed) s.ws.send(JSON.stringify(events));
  }

  open(): FakeSocket[] {
    return this.sockets.filter((s) => s.closedWith === undefined && s.ws.readyState === s.ws.OPEN);
  }

  /** Drops every connection without a closing handshake, as a network failure or a server restart. */
  dropAll(): void {
    for (const s of this.open()) s.ws.terminate();
  }

  protected json(
    res: ServerResponse,
    status: number,
    body: unknown,
    headers: Record<string, string> = {},
  ): void {
    res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', ...headers });
    res.end(typeof body === 'string' ? body : JSON.stringify(body));
  }

  protected abstract route(u: URL, req: IncomingMessage, res: ServerResponse): void;
  protected abstract onConnection(s: FakeSocket): void;
  protected abstract onMessage(s: FakeSocket, msg: Record<string, unknown>): void;
}

// ---------------------------------------------------------------------------------------------
// Polygon

export interface PolygonAgg {
  t: number;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  vw: number;
  n: number;
}

export interface PolygonNewsItem {
  id: string;
  publisher: { name: string; homepage_url?: string };
  title: string;
  author: string;
  published_utc: string;
  article_url: string;
  tickers: string[];
  description: string;
  keywords?: string[];
  insights?: {
    ticker: string;
    sentiment: 'positive' | 'neutral' | 'negative';
    sentiment_reasoning: string;
  }[];
}

export class FakePolygon extends FakeUpstream {
  apiKey = 'polygon-test-key';
  /** Aggregates per ticker and `multiplier/timespan`, e.g. `AAPL 5/minute`. */
  readonly aggs = new Map<string, PolygonAgg[]>();
  /** Largest page the fake serves, whatever `limit` asks (forces pagination in tests). */
  pageSize = 2;
  /** Raw JSON of `results` per ticker (raw so nanosecond integers stay exact on the wire). */
  readonly lastNbbo = new Map<string, string>();
  readonly lastTrade = new Map<string, string>();
  news: PolygonNewsItem[] = [];
  retryAfterSeconds: number | undefined;

  private authorized(u: URL, req: IncomingMessage): 'ok' | 'missing' | 'wrong' {
    const bearer = req.headers.authorization?.match(/^Bearer (.+)$/)?.[1];
    const key = bearer ?? u.searchParams.get('apiKey');
    if (key === null || key === undefined) return 'missing';
    return key === this.apiKey ? 'ok' : 'wrong';
  }

  protected route(u: URL, req: IncomingMessage, res: ServerResponse): void {
    const requestId = `req-${this.requests.length - 1}`;
    const auth = this.authorized(u, req);
    if (auth !== 'ok') {
      this.json(res, 401, {
        status: 'ERROR',
        request_id: requestId,
        error: auth === 'missing' ? 'API Key was not provided' : 'Unknown API Key',
      });
      return;
    }
    const failure = this.failNext.shift();
    if (failure === 429) {
      this.json(
        res,
        429,
        {
          status: 'ERROR',
          request_id: requestId,
          error:
            "You've exceeded the maximum requests per minute, please wait or upgrade your subscription to continue.",
        },
        this.retryAfterSeconds === undefined ? {} : { 'retry-after': String(this.retryAfterSeconds) },
      );
      return;
    }
    if (failure !== undefined) {
      this.json(res, failure, { status: 'ERROR', request_id: requestId, error: 'Internal server error' });
      return;
    }

    let m = u.pathname.match(
      /^\/v2\/aggs\/ticker\/([^/]+)\/range\/(\d+)\/(minute|hour|day)\/([^/]+)\/([^/]+)$/,
    );
    if (m) {
      const [, ticker = '', mult, span, from = '', to = ''] = m;
      const ms = (x: string) => (/^\d+$/.test(x) ? Number(x) : Date.parse(`${x}T00:00:00Z`));
      const all = (this.aggs.get(`${ticker} ${mult}/${span}`) ?? []).filter(
        (a) => a.t >= ms(from) && a.t <= ms(to),
      );
      const offset = offsetOf(u.searchParams.get('cursor'));
      const size = Math.min(this.pageSize, Number(u.searchParams.get('limit') ?? 5000));
      const results = all.slice(offset, offset + size);
      const body: Record<string, unknown> = {
        ticker,
        queryCount: results.length,
        resultsCount: results.length,
        adjusted: u.searchParams.get('adjusted') !== 'false',
        results,
        status: 'OK',
        request_id: requestId,
        count: results.length,
      };
      // Like Polygon, next_url keeps the path and carries only a cursor: no apiKey.
      if (offset + size < all.length) {
        body.next_url = `${this.url}/v2/aggs/ticker/${ticker}/range/${mult}/${span}/${from}/${to}?cursor=${cursorOf(offset + size)}`;
      }
      this.json(res, 200, body);
      return;
    }

    m = u.pathname.match(/^\/v2\/last\/(nbbo|trade)\/([^/]+)$/);
    if (m) {
      const [, kind, ticker = ''] = m;
      const raw = (kind === 'nbbo' ? this.lastNbbo : this.lastTrade).get(ticker);
      if (raw === undefined) {
        this.json(res, 404, { status: 'NOT_FOUND', request_id: requestId, message: 'Data not found.' });
        return;
      }
      this.json(res, 200, `{"request_id":"${requestId}","results":${raw},"status":"OK"}`);
      return;
    }

    if (u.pathname === '/v2/reference/news') {
      const ticker = u.searchParams.get('ticker');
      const gte = u.searchParams.get('published_utc.gte');
      const lte = u.searchParams.get('published_utc.lte');
      const all = this.news
        .filter((n) => ticker === null || n.tickers.includes(ticker))
        .filter((n) => gte === null || Date.parse(n.published_utc) >= Date.parse(gte))
        .filter((n) => lte === null || Date.parse(n.published_utc) <= Date.parse(lte))
        .sort((a, b) => Date.parse(b.published_utc) - Date.parse(a.published_utc));
      const offset = offsetOf(u.searchParams.get('cursor'));
      const size = Math.min(this.pageSize, Number(u.searchParams.get('limit') ?? 10));
      const results = all.slice(offset, offset + size);
      const body: Record<string, unknown> = {
        results,
        status: 'OK',
        request_id: requestId,
        count: results.length,
      };
      if (offset + size < all.length) {
        const next = new URL(`${this.url}/v2/reference/news`);
        for (const [k, v] of u.searchParams) if (k !== 'cursor') next.searchParams.set(k, v);
        next.searchParams.set('cursor', cursorOf(offset + size));
        body.next_url = next.href;
      }
      this.json(res, 200, body);
      return;
    }

    this.json(res, 404, { status: 'NOT_FOUND', request_id: requestId, message: 'Not found' });
  }

  protected onConnection(s: FakeSocket): void {
    s.ws.send(JSON.stringify([{ ev: 'status', status: 'connected', message: 'Connected Successfully' }]));
  }

  protected onMessage(s: FakeSocket, msg: Record<string, unknown>): void {
    const send = (events: unknown[]) => s.ws.send(JSON.stringify(events));
    if (msg.action === 'auth') {
      if (msg.params === this.apiKey) {
        s.authed = true;
        send([{ ev: 'status', status: 'auth_success', message: 'authenticated' }]);
      } else {
        send([{ ev: 'status', status: 'auth_failed', message: 'authentication failed' }]);
      }
      return;
    }
    if (!s.authed) {
      send([{ ev: 'status', status: 'error', message: 'not authorized' }]);
      return;
    }
    if (msg.action === 'subscribe' || msg.action === 'unsubscribe') {
      const verb = msg.action === 'subscribe' ? 'subscribed to' : 'unsubscribed to';
      send(
        String(msg.params)
          .split(',')
          .map((p) => ({ ev: 'status', status: 'success', message: `${verb}: ${p}` })),
      );
    }
  }

  /** The channel lists of every subscribe message one socket sent, e.g. [['T.AAPL', 'Q.AAPL']]. */
  subscribes(s: FakeSocket, action: 'subscribe' | 'unsubscribe' = 'subscribe'): string[][] {
    return s.received.filter((m) => m.action === action).map((m) => String(m.params).split(','));
  }
}

// ---------------------------------------------------------------------------------------------
// Alpaca

export interface AlpacaBar {
  t: string;
  o: number;
  h: number;
  l: number;
  c: number;
  v: number;
  n: number;
  vw: number;
}

export interface AlpacaNewsItem {
  id: number;
  headline: string;
  author: string;
  created_at: string;
  updated_at: string;
  summary: string;
  content: string;
  url: string;
  images: { size: string; url: string }[];
  symbols: string[];
  source: string;
}

const ALPACA_TIMEFRAMES = new Set(['1Min', '5Min', '15Min', '1Hour', '1Day']);

export class FakeAlpaca extends FakeUpstream {
  keyId = 'AKTESTKEY';
  secretKey = 'alpaca-test-secret';
  /** Bars per `SYMBOL timeframe`, e.g. `AAPL 1Min`. */
  readonly bars = new Map<string, AlpacaBar[]>();
  pageSize = 2;
  readonly latestQuotes = new Map<string, Record<string, unknown>>();
  readonly latestTrades = new Map<string, Record<string, unknown>>();
  news: AlpacaNewsItem[] = [];
  /** Unix seconds sent as X-RateLimit-Reset (Alpaca sends the X-RateLimit-* headers on every answer). */
  rateLimitReset = Math.floor(Date.now() / 1000) + 60;
  private readonly subs = new Map<
    FakeSocket,
    { trades: Set<string>; quotes: Set<string>; bars: Set<string> }
  >();

  protected route(u: URL, req: IncomingMessage, res: ServerResponse): void {
    const rl = {
      'x-ratelimit-limit': '200',
      'x-ratelimit-remaining': '199',
      'x-ratelimit-reset': String(this.rateLimitReset),
      'x-request-id': `req-${this.requests.length - 1}`,
    };
    if (
      req.headers['apca-api-key-id'] !== this.keyId ||
      req.headers['apca-api-secret-key'] !== this.secretKey
    ) {
      this.json(res, 401, { message: 'unauthorized.' }, rl);
      return;
    }
    const failure = this.failNext.shift();
    if (failure === 429) {
      this.json(res, 429, { message: 'too many requests.' }, { ...rl, 'x-ratelimit-remaining': '0' });
      return;
    }
    if (failure !== undefined) {
      this.json(res, failure, { message: 'internal server error' }, rl);
      return;
    }
    const q = u.searchParams;
    const symbols = (q.get('symbols') ?? '').split(',').filter(Boolean);

    if (u.pathname === '/v2/stocks/bars') {
      const timeframe = q.get('timeframe') ?? '';
      if (!ALPACA_TIMEFRAMES.has(timeframe)) {
        this.json(res, 400, { code: 40010001, message: 'invalid timeframe' }, rl);
        return;
      }
      const start = Date.parse(q.get('start') ?? '1970-01-01T00:00:00Z');
      const end = Date.parse(q.get('end') ?? '2999-01-01T00:00:00Z');
      // One symbol per call in these tests: the page offset runs over that symbol's bars.
      const sym = symbols[0] ?? '';
      const all = (this.bars.get(`${sym} ${timeframe}`) ?? []).filter(
        (b) => Date.parse(b.t) >= start && Date.parse(b.t) <= end,
      );
      const offset = offsetOf(q.get('page_token'));
      const size = Math.min(this.pageSize, Number(q.get('limit') ?? 1000));
      const page = all.slice(offset, offset + size);
      this.json(
        res,
        200,
        {
          bars: page.length ? { [sym]: page } : {},
          next_page_token: offset + size < all.length ? cursorOf(offset + size) : null,
        },
        rl,
      );
      return;
    }

    const latest = u.pathname.match(/^\/v2\/stocks\/(quotes|trades)\/latest$/);
    if (latest) {
      const what = latest[1] as 'quotes' | 'trades';
      const source = what === 'quotes' ? this.latestQuotes : this.latestTrades;
      const out: Record<string, unknown> = {};
      for (const s of symbols) {
        const v = source.get(s);
        if (v) out[s] = v;
      }
      this.json(res, 200, { [what]: out }, rl);
      return;
    }

    if (u.pathname === '/v1beta1/news') {
      const start = q.get('start');
      const end = q.get('end');
      const all = this.news
        .filter((n) => symbols.length === 0 || n.symbols.some((s) => symbols.includes(s)))
        .filter((n) => start === null || Date.parse(n.created_at) >= Date.parse(start))
        .filter((n) => end === null || Date.parse(n.created_at) <= Date.parse(end))
        .sort((a, b) => Date.parse(b.created_at) - Date.parse(a.created_at));
      const offset = offsetOf(q.get('page_token'));
      const size = Math.min(this.pageSize, Number(q.get('limit') ?? 10));
      this.json(
        res,
        200,
        {
          news: all.slice(offset, offset + size),
          next_page_token: offset + size < all.length ? cursorOf(offset + size) : null,
        },
        rl,
      );
      return;
    }

    this.json(res, 404, { message: 'Not Found' }, rl);
  }

  protected onConnection(s: FakeSocket): void {
    this.subs.set(s, { trades: new Set(), quotes: new Set(), bars: new Set() });
    s.ws.send(JSON.stringify([{ T: 'success', msg: 'connected' }]));
  }

  protected onMessage(s: FakeSocket, msg: Record<string, unknown>): void {
    const send = (events: unknown[]) => s.ws.send(JSON.stringify(events));
    if (msg.action === 'auth') {
      if (s.authed) {
        send([{ T: 'error', code: 403, msg: 'already authenticated' }]);
      } else if (msg.key === this.keyId && msg.secret === this.secretKey) {
        s.authed = true;
        send([{ T: 'success', msg: 'authenticated' }]);
      } else {
        send([{ T: 'error', code: 402, msg: 'auth failed' }]);
      }
      return;
    }
    if (msg.action === 'subscribe' || msg.action === 'unsubscribe') {
      if (!s.authed) {
        send([{ T: 'error', code: 401, msg: 'not authenticated' }]);
        return;
      }
      const current = this.subs.get(s)!;
      for (const ch of ['trades', 'quotes', 'bars'] as const) {
        const list = msg[ch];
        if (!Array.isArray(list)) continue;
        for (const sym of list as string[]) {
          if (msg.action === 'subscribe') current[ch].add(sym);
          else current[ch].delete(sym);
        }
      }
      send([
        {
          T: 'subscription',
          trades: [...current.trades],
          quotes: [...current.quotes],
          bars: [...current.bars],
          updatedBars: [],
          dailyBars: [],
          statuses: [],
          lulds: [],
          corrections: [...current.trades],
          cancelErrors: [...current.trades],
        },
      ]);
      return;
    }
    send([{ T: 'error', code: 400, msg: 'invalid syntax' }]);
  }

  /** Every subscribe (or unsubscribe) message one socket sent, as channel lists. */
  subscribes(s: FakeSocket, action: 'subscribe' | 'unsubscribe' = 'subscribe'): Record<string, unknown>[] {
    return s.received.filter((m) => m.action === action);
  }

  /** Sends a raw control message, e.g. an error code, to every open socket. */
  sendToAll(events: unknown[]): void {
    for (const s of this.open()) s.ws.send(JSON.stringify(events));
  }
}
