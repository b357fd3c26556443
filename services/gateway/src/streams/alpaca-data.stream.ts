import type { IncomingHttpHeaders } from 'node:http';
import websocket from '@fastify/websocket';
import {
  decode as msgpackDecode,
  Encoder,
  EXT_TIMESTAMP,
  ExtData,
  encodeTimeSpecToTimestamp,
} from '@msgpack/msgpack';
import type { WebSocket } from 'ws';
import type { FastifyBaseLogger } from 'fastify';
import { AppError, notFound, Type, type ServiceApp, type ServiceContext } from '@tradeplane/kit';
import type { Authenticator, EdgeIdentity } from '../domain/authenticate.ts';
import {
  LossyWriter,
  marketFanout,
  type MarketBatch,
  type MarketFanout,
  type MarketKind,
  type MarketMessage,
  type MarketSubscriber,
} from './market-fanout.ts';

/**
 * Alpaca's real-time stock data stream (docs.alpaca.markets, "WebSocket Stream" and "Real-time
 * Stock Data"), so `@alpacahq/alpaca-trade-api`'s StockDataStream works unchanged against
 * `ws://<gateway>/alpaca/data/stream/v2/{feed}`. Every feed serves the platform's one simulated
 * market.
 */
export const ALPACA_FEEDS = ['iex', 'sip', 'delayed_sip', 'boats', 'overnight', 'test'] as const;

/** The channels a client may subscribe to; statuses, LULDs and updated bars have no source yet. */
const CHANNELS = ['trades', 'quotes', 'bars', 'updatedBars', 'dailyBars', 'statuses', 'lulds'] as const;
type Channel = (typeof CHANNELS)[number];
type LocalChannel = Exclude<Channel, MarketKind>;

const SOURCED = new Set<Channel>(['trades', 'quotes', 'bars', 'dailyBars'] satisfies MarketKind[]);
const isSourced = (c: Channel): c is MarketKind => SOURCED.has(c);

/** Alpaca's message type per kind: `t` trade, `q` quote, `b` minute bar, `d` daily bar. */
const TYPE_TAG: Record<MarketKind, string> = { trades: 't', quotes: 'q', bars: 'b', dailyBars: 'd' };

/** Alpaca's stream error codes (the SDK's CONN_ERROR table has the same). */
const ERRORS = {
  invalidSyntax: { code: 400, msg: 'invalid syntax' },
  notAuthenticated: { code: 401, msg: 'not authenticated' },
  authFailed: { code: 402, msg: 'auth failed' },
  alreadyAuthenticated: { code: 403, msg: 'already authenticated' },
  authTimeout: { code: 404, msg: 'auth timeout' },
  symbolLimit: { code: 405, msg: 'symbol limit exceeded' },
  internal: { code: 500, msg: 'internal error' },
} as const;
type StreamError = (typeof ERRORS)[keyof typeof ERRORS];

/** Subscriptions per connection, all channels together; past it Alpaca answers 405. */
const MAX_SYMBOLS = 10_000;
const MAX_SYMBOL_LENGTH = 32;
/** Client frames waiting behind an identity check; a client flooding past this is cut off. */
const MAX_QUEUED_FRAMES = 100;
const MAX_FRAME_BYTES = 256 * 1024;
const STREAM = 'alpaca_data';

export interface AlpacaDataStreamOptions {
  /** How long a client has to authenticate before `404 auth timeout`. Default 10 s (Alpaca's). */
  authTimeoutMs?: number;
  /** Ping interval; a socket that did not answer the previous ping is terminated. Default 30 s. */
  heartbeatMs?: number;
  /** Unsent bytes on a socket above which market messages are coalesced. Default 1 MiB. */
  highWaterBytes?: number;
}

export async function registerAlpacaDataStream(
  app: ServiceApp,
  ctx: ServiceContext,
  auth: Authenticator,
  opts: AlpacaDataStreamOptions = {},
): Promise<void> {
  if (!app.hasDecorator('websocketServer')) {
    await app.register(websocket, { options: { maxPayload: MAX_FRAME_BYTES } });
  }
  const fanout = marketFanout(ctx);
  const settings: ConnectionSettings = {
    authTimeoutMs: opts.authTimeoutMs ?? 10_000,
    highWaterBytes: opts.highWaterBytes ?? 1024 * 1024,
  };
  const connections = new Set<AlpacaDataConnection>();

  ctx.every('alpaca-data-stream-heartbeat', opts.heartbeatMs ?? 30_000, async () => {
    for (const c of connections) c.heartbeat();
  });
  app.addHook('preClose', async () => {
    for (const c of connections) c.shutdown();
  });

  const feeds = new Set<string>(ALPACA_FEEDS);
  app.get(
    '/alpaca/data/stream/v2/:feed',
    {
      websocket: true,
      schema: { params: Type.Object({ feed: Type.String() }) },
      // Clients authenticate in the protocol (or with the upgrade's headers), not at the edge
      // hook; one long-lived connection is not a request to rate-limit.
      config: { auth: 'public', rateLimit: false },
      preValidation: async (req) => {
        const { feed } = req.params as { feed: string };
        if (!feeds.has(feed)) throw notFound('NOT_FOUND', `No market data stream for feed ${feed}`);
      },
    },
    (socket, req) => {
      const conn = new AlpacaDataConnection(socket, req.headers, {
        ...settings,
        auth,
        fanout,
        log: req.log.child({ stream: STREAM, feed: (req.params as { feed: string }).feed }),
      });
      connections.add(conn);
      fanout.metrics.clients.inc({ stream: STREAM });
      socket.on('close', () => {
        connections.delete(conn);
        fanout.metrics.clients.dec({ stream: STREAM });
        conn.closed();
      });
      conn.open();
    },
  );
}

interface ConnectionSettings {
  authTimeoutMs: number;
  highWaterBytes: number;
}

interface ConnectionDeps extends ConnectionSettings {
  auth: Authenticator;
  fanout: MarketFanout;
  log: FastifyBaseLogger;
}

/** One client of the stream: protocol state machine, subscriptions, and its lossy writer. */
class AlpacaDataConnection implements MarketSubscriber {
  readonly #codec: WireCodec;
  readonly #writer: LossyWriter;
  /** Subscriptions to channels with no feed yet; the fan-out holds the others. */
  readonly #local: Record<LocalChannel, Set<string>> = {
    updatedBars: new Set(),
    statuses: new Set(),
    lulds: new Set(),
  };
  #identity: EdgeIdentity | undefined;
  #authTimer: NodeJS.Timeout | undefined;
  #inbox: Promise<void> = Promise.resolve();
  #queued = 0;
  #alive = true;
  #closed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly headers: IncomingHttpHeaders,
    private readonly deps: ConnectionDeps,
  ) {
    // Alpaca: "to request with MessagePack, add the header Content-Type: application/msgpack";
    // the SDK always does for market data.
    const msgpack = /^application\/msgpack\b/i.test(headers['content-type'] ?? '');
    this.#codec = msgpack ? MSGPACK : JSON_CODEC;
    this.#writer = new LossyWriter(socket, {
      highWaterBytes: deps.highWaterBytes,
      binary: this.#codec.binary,
      frame: this.#codec.frame,
      onDropped: (n) => deps.fanout.metrics.dropped.inc({ stream: STREAM }, n),
    });
  }

  open(): void {
    this.socket.on('message', (data, isBinary) => this.#receive(data as Buffer, isBinary));
    this.socket.on('pong', () => {
      this.#alive = true;
    });
    this.#control({ T: 'success', msg: 'connected' });
    this.#authTimer = setTimeout(() => {
      if (this.#identity || this.#closed) return;
      this.#fail(ERRORS.authTimeout);
    }, this.deps.authTimeoutMs);
    this.#authTimer.unref();
    // Alpaca also takes the key pair as headers on the upgrade request; then no auth message is needed.
    const credentials = {
      authorization: this.headers.authorization,
      'apca-api-key-id': this.headers['apca-api-key-id'],
      'apca-api-secret-key': this.headers['apca-api-secret-key'],
    };
    if (Object.values(credentials).some((v) => v !== undefined))
      this.#enqueue(() => this.#authenticate(credentials));
  }

  closed(): void {
    this.#closed = true;
    clearTimeout(this.#authTimer);
    this.deps.fanout.drop(this);
  }

  heartbeat(): void {
    if (!this.#alive) {
      this.socket.terminate();
      return;
    }
    this.#alive = false;
    if (this.socket.readyState === this.socket.OPEN) this.socket.ping();
  }

  /** Server shutdown: close politely, then cut off whoever does not answer the close handshake. */
  shutdown(): void {
    this.socket.close(1001, 'server shutting down');
    setTimeout(() => this.socket.terminate(), 2_000).unref();
  }

  deliver(batch: MarketBatch, picks: readonly number[]): void {
    const tag = TYPE_TAG[batch.kind];
    const encoded = batch.encoded(this.#codec.name, (m) => this.#codec.message(tag, m));
    const items = picks.map((i) => ({ key: `${tag}:${batch.messages[i]!.S}`, data: encoded[i]! }));
    this.#writer.write(items);
  }

  #receive(data: Buffer, isBinary: boolean): void {
    if (this.#queued >= MAX_QUEUED_FRAMES) {
      this.deps.log.warn('market data stream client flooded frames; closing');
      this.socket.close(1008, 'too many messages');
      return;
    }
    this.#enqueue(() => this.#handle(data, isBinary));
  }

  /** Client frames are handled one at a time, in order, so a subscribe sent right after auth waits for it. */
  #enqueue(work: () => Promise<void> | void): void {
    this.#queued++;
    this.#inbox = this.#inbox
      .then(work)
      .catch((err: unknown) => {
        this.deps.log.error({ err }, 'market data stream frame failed');
        this.#fail(ERRORS.internal);
      })
      .finally(() => {
        this.#queued--;
      });
  }

  async #handle(data: Buffer, isBinary: boolean): Promise<void> {
    if (this.#closed) return;
    const msg = this.#codec.decode(data, isBinary);
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg))
      return this.#error(ERRORS.invalidSyntax);
    const { action } = msg as { action?: unknown };
    switch (action) {
      case 'auth': {
        const { key, secret } = msg as { key?: unknown; secret?: unknown };
        if (this.#identity) return this.#error(ERRORS.alreadyAuthenticated);
        if (typeof key !== 'string' || typeof secret !== 'string') return this.#error(ERRORS.invalidSyntax);
        return this.#authenticate({ 'apca-api-key-id': key, 'apca-api-secret-key': secret });
      }
      case 'subscribe':
      case 'unsubscribe':
        return this.#changeSubscription(action, msg as Record<string, unknown>);
      default:
        return this.#error(ERRORS.invalidSyntax);
    }
  }

  async #authenticate(credentials: IncomingHttpHeaders): Promise<void> {
    if (this.#identity) return this.#error(ERRORS.alreadyAuthenticated);
    let identity: EdgeIdentity | undefined;
    try {
      identity = await this.deps.auth.authenticate(credentials);
    } catch (err) {
      if (err instanceof AppError && err.status === 401) {
        this.deps.log.info({ code: err.code }, 'market data stream authentication failed');
        return this.#fail(ERRORS.authFailed);
      }
      throw err;
    }
    if (!identity) return this.#fail(ERRORS.authFailed);
    if (this.#closed) return;
    this.#identity = identity;
    clearTimeout(this.#authTimer);
    this.deps.log.debug({ userId: identity.userId }, 'market data stream authenticated');
    this.#control({ T: 'success', msg: 'authenticated' });
  }

  #changeSubscription(action: 'subscribe' | 'unsubscribe', msg: Record<string, unknown>): void {
    if (!this.#identity) return this.#error(ERRORS.notAuthenticated);
    const requested = new Map<Channel, string[]>();
    for (const channel of CHANNELS) {
      const value = msg[channel];
      if (value === undefined) continue;
      if (!Array.isArray(value) || !value.every(isSymbol)) return this.#error(ERRORS.invalidSyntax);
      requested.set(channel, value);
    }
    if (action === 'subscribe') {
      let total = this.#symbolCount();
      for (const [channel, symbols] of requested) {
        const have = new Set(this.#symbols(channel));
        for (const s of new Set(symbols)) if (!have.has(s)) total++;
      }
      if (total > MAX_SYMBOLS) return this.#error(ERRORS.symbolLimit);
    }
    for (const [channel, symbols] of requested) {
      if (isSourced(channel)) {
        if (action === 'subscribe') this.deps.fanout.subscribe(this, channel, symbols);
        else this.deps.fanout.unsubscribe(this, channel, symbols);
      } else {
        const set = this.#local[channel];
        for (const s of symbols) {
          if (action === 'subscribe') set.add(s);
          else set.delete(s);
        }
      }
    }
    const trades = this.#symbols('trades');
    // Corrections and cancel errors come with a trades subscription (Alpaca: implicit subscription).
    this.#control({
      T: 'subscription',
      trades,
      quotes: this.#symbols('quotes'),
      bars: this.#symbols('bars'),
      updatedBars: this.#symbols('updatedBars'),
      dailyBars: this.#symbols('dailyBars'),
      statuses: this.#symbols('statuses'),
      lulds: this.#symbols('lulds'),
      corrections: trades,
      cancelErrors: trades,
    });
  }

  #symbols(channel: Channel): string[] {
    return isSourced(channel) ? this.deps.fanout.symbols(this, channel) : [...this.#local[channel]];
  }

  #symbolCount(): number {
    return CHANNELS.reduce((n, c) => n + this.#symbols(c).length, 0);
  }

  /** Control messages always travel alone in a one-element array (Alpaca "Message format"). */
  #control(message: Record<string, unknown>): void {
    this.#writer.writeControl(this.#codec.control(message));
  }

  #error(e: StreamError): void {
    this.#control({ T: 'error', code: e.code, msg: e.msg });
  }

  /** An error that ends the connection: auth failure or timeout, or an internal fault. */
  #fail(e: StreamError): void {
    if (this.#closed) return;
    this.#error(e);
    this.#closed = true;
    this.socket.close(e.code === ERRORS.internal.code ? 1011 : 1008, e.msg);
  }
}

function isSymbol(s: unknown): s is string {
  return typeof s === 'string' && s.length > 0 && s.length <= MAX_SYMBOL_LENGTH && !/\s/.test(s);
}

// ---------------------------------------------------------------- wire formats

interface WireCodec {
  readonly name: string;
  readonly binary: boolean;
  decode(data: Buffer, isBinary: boolean): unknown;
  /** One data message with its `T` tag, encoded on its own (frames are built by concatenation). */
  message(tag: string, m: MarketMessage): Uint8Array;
  frame(items: readonly Uint8Array[]): Uint8Array;
  control(message: Record<string, unknown>): Uint8Array;
}

const OPEN_BRACKET = Buffer.from('[');
const COMMA = Buffer.from(',');
const CLOSE_BRACKET = Buffer.from(']');

const JSON_CODEC: WireCodec = {
  name: 'alpaca-json',
  binary: false,
  decode: (data) => parseJson(data),
  message: (tag, m) => Buffer.from(JSON.stringify({ T: tag, ...m })),
  frame: (items) => {
    const parts: Uint8Array[] = [OPEN_BRACKET];
    items.forEach((item, i) => {
      if (i > 0) parts.push(COMMA);
      parts.push(item);
    });
    parts.push(CLOSE_BRACKET);
    return Buffer.concat(parts);
  },
  control: (message) => Buffer.from(JSON.stringify([message])),
};

/** `encode()` returns an exact-size copy, so memoised messages do not pin a 2 KiB scratch buffer each. */
const msgpackEncoder = new Encoder();

const MSGPACK: WireCodec = {
  name: 'alpaca-msgpack',
  binary: true,
  decode: (data, isBinary) => {
    if (!isBinary) return parseJson(data);
    try {
      return msgpackDecode(data);
    } catch {
      return undefined;
    }
  },
  // Alpaca sends `t` as the msgpack timestamp extension (type -1); the SDK decodes it to a
  // nanosecond StreamTimestamp (its streaming/timestamp.ts).
  message: (tag, m) => msgpackEncoder.encode({ T: tag, ...m, t: msgpackTimestamp(m.t) }),
  frame: (items) => Buffer.concat([msgpackArrayHeader(items.length), ...items]),
  control: (message) => msgpackEncoder.encode([message]),
};

function parseJson(data: Buffer): unknown {
  try {
    return JSON.parse(data.toString('utf8'));
  } catch {
    return undefined;
  }
}

/** The msgpack array header for `n` elements (msgpack spec: fixarray, array 16, array 32). */
function msgpackArrayHeader(n: number): Buffer {
  if (n < 16) return Buffer.from([0x90 | n]);
  if (n < 0x10000) return Buffer.from([0xdc, n >> 8, n & 0xff]);
  const b = Buffer.alloc(5);
  b[0] = 0xdd;
  b.writeUInt32BE(n, 1);
  return b;
}

const RFC3339 = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:\d{2})$/i;

/**
 * An RFC 3339 instant as the msgpack timestamp extension, to the nanosecond the string carries
 * (a JS Date would stop at the millisecond). A string that is not RFC 3339 is passed through; the
 * SDK reads strings too.
 */
export function msgpackTimestamp(t: string): ExtData | string {
  const m = RFC3339.exec(t);
  if (!m) return t;
  const ms = Date.parse(`${m[1]}${m[3]}`);
  if (Number.isNaN(ms)) return t;
  const nsec = m[2] ? Number(m[2].padEnd(9, '0')) : 0;
  return new ExtData(EXT_TIMESTAMP, encodeTimeSpecToTimestamp({ sec: ms / 1000, nsec }));
}
