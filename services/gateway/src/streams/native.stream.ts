import websocket from '@fastify/websocket';
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyBaseLogger } from 'fastify';
import type { WebSocket } from 'ws';
import { Counter } from 'prom-client';
import type { AccountStreamChannel } from '@tradeplane/contracts';
import { compareLogIds, isLogId, type ServiceApp, type ServiceContext } from '@tradeplane/kit';
import type { Authenticator, EdgeIdentity } from '../domain/authenticate.ts';
import {
  ACCOUNT_BROADCAST,
  isAccountChannel,
  readUserLog,
  startAccountLogger,
  type AccountMessage,
} from './account-feed.ts';
import {
  LossyWriter,
  marketFanout,
  type MarketBatch,
  type MarketFanout,
  type MarketKind,
  type MarketSubscriber,
} from './market-fanout.ts';

/**
 * The platform's own WebSocket stream, `/v1/stream` (protocol in docs/realtime.md): market
 * channels `quotes:<SYM>`, `trades:<SYM>`, `bars:<SYM>` coalesced to the latest value per symbol
 * for a slow client; account channels `orders`, `positions`, `portfolio`, `notifications`,
 * `alerts` never dropped: a client too far behind is cut off with its resume point, and
 * `resumeFrom` on a later subscribe replays what it missed from the user's log.
 */

const STREAM = 'v1';
const MAX_FRAME_BYTES = 64 * 1024;
const MAX_QUEUED_FRAMES = 100;
const MAX_MARKET_CHANNELS = 500;
const SYMBOL = /^[A-Z][A-Z0-9.]{0,9}$/;
/** Channel prefixes reserved for capabilities still to come; subscribing says so plainly. */
const RESERVED = new Set(['agents', 'signals']);

const MARKET_PREFIX: Record<string, { kind: MarketKind; type: string }> = {
  quotes: { kind: 'quotes', type: 'quote' },
  trades: { kind: 'trades', type: 'trade' },
  bars: { kind: 'bars', type: 'bar' },
};

export interface NativeStreamOptions {
  authTimeoutMs: number;
  heartbeatMs: number;
  /** Unsent bytes above which market messages are coalesced. */
  marketHighWaterBytes: number;
  /** Unsent bytes above which a client is too slow for its account channels and is cut off. */
  accountMaxBufferedBytes: number;
  /** Whether a symbol is listed (market-data's assets); undefined when that cannot be known now. */
  symbolExists: (symbol: string, who: EdgeIdentity) => Promise<boolean | undefined>;
}

interface Metrics {
  slow: Counter;
  resumed: Counter;
}

export async function registerNativeStream(
  app: ServiceApp,
  ctx: ServiceContext,
  auth: Authenticator,
  opts: NativeStreamOptions,
): Promise<void> {
  if (!app.hasDecorator('websocketServer')) {
    await app.register(websocket, { options: { maxPayload: MAX_FRAME_BYTES } });
  }
  startAccountLogger(ctx);
  const fanout = marketFanout(ctx);
  const metrics: Metrics = {
    slow: new Counter({
      name: 'gateway_stream_slow_consumers_total',
      help: '/v1/stream clients cut off for falling behind on account channels',
      registers: [ctx.metrics],
    }),
    resumed: new Counter({
      name: 'gateway_stream_resumed_messages_total',
      help: 'Account messages replayed to /v1/stream clients resuming from a seq',
      registers: [ctx.metrics],
    }),
  };
  const byUser = new Map<string, Set<Connection>>();
  const connections = new Set<Connection>();

  const unlisten = ctx.bus.onBroadcast(ACCOUNT_BROADCAST, (payload) => {
    const msg = payload as AccountMessage;
    const mine = byUser.get(msg.userId);
    if (mine) for (const c of mine) c.account(msg);
  });
  ctx.onClose(unlisten);
  ctx.every('v1-stream-heartbeat', opts.heartbeatMs, async () => {
    for (const c of connections) c.heartbeat();
  });
  app.addHook('preClose', async () => {
    for (const c of connections) c.shutdown();
  });

  app.get(
    '/v1/stream',
    // Clients authenticate in the protocol or on the upgrade; a long-lived connection is not a
    // request to rate-limit.
    { websocket: true, config: { auth: 'public', rateLimit: false }, schema: { hide: true } },
    (socket, req) => {
      const conn = new Connection(socket, req.headers, (req.query as { token?: unknown }).token, {
        ...opts,
        auth,
        fanout,
        metrics,
        ctx,
        log: req.log.child({ stream: STREAM }),
        onIdentified: (c, userId) => {
          let set = byUser.get(userId);
          if (!set) byUser.set(userId, (set = new Set()));
          set.add(c);
        },
      });
      connections.add(conn);
      fanout.metrics.clients.inc({ stream: STREAM });
      socket.on('close', () => {
        connections.delete(conn);
        fanout.metrics.clients.dec({ stream: STREAM });
        const userId = conn.userId;
        if (userId) {
          const set = byUser.get(userId);
          set?.delete(conn);
          if (set?.size === 0) byUser.delete(userId);
        }
        conn.closed();
      });
      conn.open();
    },
  );
}

interface Deps extends NativeStreamOptions {
  auth: Authenticator;
  fanout: MarketFanout;
  metrics: Metrics;
  ctx: ServiceContext;
  log: FastifyBaseLogger;
  onIdentified(c: Connection, userId: string): void;
}

type ClientMessage = {
  type?: unknown;
  id?: unknown;
  channels?: unknown;
  resumeFrom?: unknown;
  token?: unknown;
  keyId?: unknown;
  secret?: unknown;
};

const encoder = new TextEncoder();
const json = (msg: unknown) => encoder.encode(JSON.stringify(msg));

/** One client: protocol state, subscriptions, and its two write paths (lossy and reliable). */
class Connection implements MarketSubscriber {
  #identity: EdgeIdentity | undefined;
  readonly #writer: LossyWriter;
  readonly #account = new Set<AccountStreamChannel>();
  readonly #market = new Set<string>();
  /** The last account seq sent: the client's resume point. */
  #lastSeq: string | undefined;
  /** While a resume replays the log, live account messages wait here (then deduped by seq). */
  #held: AccountMessage[] | undefined;
  #authTimer: NodeJS.Timeout | undefined;
  #inbox: Promise<void> = Promise.resolve();
  #queued = 0;
  #missedBeats = 0;
  #closed = false;

  constructor(
    private readonly socket: WebSocket,
    private readonly headers: IncomingHttpHeaders,
    private readonly queryToken: unknown,
    private readonly deps: Deps,
  ) {
    this.#writer = new LossyWriter(socket, {
      highWaterBytes: deps.marketHighWaterBytes,
      binary: false,
      // A frame holds one message, or an array of them when several go out together.
      frame: (items) => (items.length === 1 ? items[0]! : joinArray(items)),
      onDropped: (n) => deps.fanout.metrics.dropped.inc({ stream: STREAM }, n),
    });
  }

  get userId(): string | undefined {
    return this.#identity?.userId;
  }

  open(): void {
    this.socket.on('message', (data) => this.#receive(data as Buffer));
    this.socket.on('pong', () => {
      this.#missedBeats = 0;
    });
    const credentials = {
      authorization:
        typeof this.queryToken === 'string' && this.queryToken
          ? `Bearer ${this.queryToken}`
          : this.headers.authorization,
      'apca-api-key-id': this.headers['apca-api-key-id'],
      'apca-api-secret-key': this.headers['apca-api-secret-key'],
    };
    if (Object.values(credentials).some((v) => v !== undefined)) {
      this.#enqueue(() => this.#authenticate(credentials));
      return;
    }
    this.#authTimer = setTimeout(() => {
      if (!this.#identity && !this.#closed) this.#refuse('No credentials within the time allowed');
    }, this.deps.authTimeoutMs);
    this.#authTimer.unref();
  }

  closed(): void {
    this.#closed = true;
    clearTimeout(this.#authTimer);
    this.deps.fanout.drop(this);
  }

  heartbeat(): void {
    if (!this.#identity || this.#closed) return;
    if (this.#missedBeats >= 2) {
      this.socket.terminate();
      return;
    }
    this.#missedBeats++;
    this.#control({ type: 'heartbeat', ts: Date.now() });
    if (this.socket.readyState === this.socket.OPEN) this.socket.ping();
  }

  shutdown(): void {
    this.socket.close(1001, 'server shutting down');
    setTimeout(() => this.socket.terminate(), 2_000).unref();
  }

  /** A market batch from the fan-out: coalesced per symbol when the socket is backed up. */
  deliver(batch: MarketBatch, picks: readonly number[]): void {
    const prefix = batch.kind;
    const type = MARKET_PREFIX[prefix]?.type ?? prefix;
    const encoded = batch.encoded(STREAM, (m) => json({ type, channel: `${prefix}:${m.S}`, data: m }));
    this.#writer.write(picks.map((i) => ({ key: `${prefix}:${batch.messages[i]!.S}`, data: encoded[i]! })));
  }

  /** An account event for this user (from the broadcast). */
  account(msg: AccountMessage): void {
    if (!this.#account.has(msg.channel)) return;
    if (this.#held) {
      this.#held.push(msg);
      return;
    }
    this.#sendAccount(msg);
  }

  #sendAccount(msg: AccountMessage): void {
    if (this.#closed || this.socket.readyState !== this.socket.OPEN) return;
    if (this.socket.bufferedAmount > this.deps.accountMaxBufferedBytes) {
      this.deps.metrics.slow.inc();
      this.deps.log.warn(
        { userId: this.userId, buffered: this.socket.bufferedAmount },
        'slow stream client cut off',
      );
      this.#closed = true;
      // The error goes out ahead of nothing else queued from now on; the client resumes from it.
      this.socket.send(
        json({
          type: 'error',
          code: 'SLOW_CONSUMER',
          message: 'Too far behind on account channels; reconnect and subscribe with resumeFrom',
          resumeFrom: this.#lastSeq ?? null,
        }),
      );
      this.socket.close(4008, 'slow consumer');
      setTimeout(() => this.socket.terminate(), 5_000).unref();
      return;
    }
    if (this.#lastSeq === undefined || compareLogIds(msg.seq, this.#lastSeq) > 0) this.#lastSeq = msg.seq;
    this.#writer.writeControl(
      json({
        type: 'event',
        channel: msg.channel,
        seq: msg.seq,
        event: msg.event,
        data: msg.data,
        time: msg.time,
      }),
    );
  }

  #receive(data: Buffer): void {
    this.#missedBeats = 0;
    if (this.#queued >= MAX_QUEUED_FRAMES) {
      this.deps.log.warn('stream client flooded frames; closing');
      this.socket.close(1008, 'too many messages');
      return;
    }
    this.#enqueue(() => this.#handle(data));
  }

  /** Client frames are handled one at a time and in order (a subscribe right after auth waits for it). */
  #enqueue(work: () => Promise<void> | void): void {
    this.#queued++;
    this.#inbox = this.#inbox
      .then(work)
      .catch((err: unknown) => {
        this.deps.log.error({ err }, 'stream frame failed');
        this.#control({
          type: 'error',
          code: 'INTERNAL',
          message: 'The server could not handle that message',
        });
      })
      .finally(() => {
        this.#queued--;
      });
  }

  async #handle(data: Buffer): Promise<void> {
    if (this.#closed) return;
    let msg: ClientMessage;
    try {
      msg = JSON.parse(data.toString('utf8')) as ClientMessage;
    } catch {
      return this.#error(undefined, 'BAD_MESSAGE', 'Messages are JSON objects');
    }
    if (typeof msg !== 'object' || msg === null || Array.isArray(msg))
      return this.#error(undefined, 'BAD_MESSAGE', 'Messages are JSON objects');
    const id = typeof msg.id === 'string' || typeof msg.id === 'number' ? msg.id : undefined;
    if (msg.type === 'auth') {
      if (this.#identity) return this.#error(id, 'ALREADY_AUTHENTICATED', 'This connection is authenticated');
      if (typeof msg.token === 'string' && msg.token)
        return this.#authenticate({ authorization: `Bearer ${msg.token}` });
      if (typeof msg.keyId === 'string' && typeof msg.secret === 'string')
        return this.#authenticate({ 'apca-api-key-id': msg.keyId, 'apca-api-secret-key': msg.secret });
      return this.#refuse('auth needs a token, or a keyId and a secret');
    }
    if (!this.#identity) return this.#refuse('Authenticate first');
    switch (msg.type) {
      case 'subscribe':
        return this.#subscribe(id, msg);
      case 'unsubscribe':
        return this.#unsubscribe(id, msg);
      case 'ping':
        return this.#control({ type: 'pong', ...(id !== undefined ? { id } : {}), ts: Date.now() });
      default:
        return this.#error(id, 'BAD_MESSAGE', `Unknown message type ${JSON.stringify(msg.type ?? null)}`);
    }
  }

  async #authenticate(headers: Record<string, string | string[] | undefined>): Promise<void> {
    let who: EdgeIdentity | undefined;
    try {
      who = await this.deps.auth.authenticate(headers);
    } catch (err) {
      return this.#refuse((err as Error).message || 'Invalid credentials');
    }
    if (!who) return this.#refuse('Invalid credentials');
    clearTimeout(this.#authTimer);
    this.#identity = who;
    this.deps.onIdentified(this, who.userId);
    this.#control({ type: 'welcome', userId: who.userId, heartbeatMs: this.deps.heartbeatMs });
  }

  #channels(id: unknown, msg: ClientMessage): string[] | undefined {
    if (!Array.isArray(msg.channels) || msg.channels.some((c) => typeof c !== 'string')) {
      this.#error(id, 'BAD_MESSAGE', 'channels must be an array of channel names');
      return undefined;
    }
    return [...new Set(msg.channels as string[])];
  }

  async #subscribe(id: unknown, msg: ClientMessage): Promise<void> {
    const channels = this.#channels(id, msg);
    if (!channels) return;
    if (msg.resumeFrom !== undefined && (typeof msg.resumeFrom !== 'string' || !isLogId(msg.resumeFrom)))
      return this.#error(id, 'BAD_MESSAGE', 'resumeFrom must be a seq received from this stream');
    const added: AccountStreamChannel[] = [];
    for (const channel of channels) {
      if (isAccountChannel(channel)) {
        if (!this.#account.has(channel)) added.push(channel);
        this.#account.add(channel);
        continue;
      }
      const market = await this.#marketChannel(id, channel);
      if (!market) continue;
      if (!this.#market.has(channel) && this.#market.size >= MAX_MARKET_CHANNELS) {
        this.#error(
          id,
          'TOO_MANY_CHANNELS',
          `At most ${MAX_MARKET_CHANNELS} market channels per connection`,
          channel,
        );
        continue;
      }
      this.#market.add(channel);
      this.deps.fanout.subscribe(this, market.kind, [market.symbol]);
    }
    this.#ack(id);
    if (typeof msg.resumeFrom === 'string') await this.#resume(msg.resumeFrom);
    // A client that has received nothing yet can still resume: from the moment it subscribed.
    else if (added.length > 0 && this.#lastSeq === undefined) this.#lastSeq = `${Date.now()}-0`;
  }

  async #marketChannel(
    id: unknown,
    channel: string,
  ): Promise<{ kind: MarketKind; symbol: string } | undefined> {
    const [prefix = '', symbol = '', ...rest] = channel.split(':');
    const known = MARKET_PREFIX[prefix];
    if (RESERVED.has(prefix)) {
      this.#error(id, 'UNKNOWN_CHANNEL', `Channel ${channel} is not available yet`, channel);
      return undefined;
    }
    if (!known || rest.length > 0) {
      this.#error(
        id,
        'UNKNOWN_CHANNEL',
        `Unknown channel ${channel}; channels are quotes:<SYM>, trades:<SYM>, bars:<SYM>, orders, positions, portfolio, notifications, alerts`,
        channel,
      );
      return undefined;
    }
    if (!SYMBOL.test(symbol)) {
      this.#error(id, 'UNKNOWN_CHANNEL', `${channel}: "${symbol}" is not a symbol`, channel);
      return undefined;
    }
    if ((await this.deps.symbolExists(symbol, this.#identity!)) === false) {
      this.#error(id, 'UNKNOWN_CHANNEL', `${channel}: ${symbol} is not a listed asset`, channel);
      return undefined;
    }
    return { kind: known.kind, symbol };
  }

  #unsubscribe(id: unknown, msg: ClientMessage): void {
    const channels = this.#channels(id, msg);
    if (!channels) return;
    for (const channel of channels) {
      if (isAccountChannel(channel)) {
        this.#account.delete(channel);
        continue;
      }
      if (!this.#market.delete(channel)) continue;
      const [prefix = '', symbol = ''] = channel.split(':');
      const known = MARKET_PREFIX[prefix];
      if (known) this.deps.fanout.unsubscribe(this, known.kind, [symbol]);
    }
    this.#ack(id);
  }

  /** Replays the user's log after `from` for the subscribed account channels, then goes live. */
  async #resume(from: string): Promise<void> {
    this.#held = [];
    this.#lastSeq ??= from;
    try {
      const { messages, complete } = await readUserLog(this.deps.ctx, this.#identity!.userId, from);
      if (!complete)
        this.#control({
          type: 'error',
          code: 'RESUME_TOO_OLD',
          message: 'Some events after that seq are no longer kept; reload state over the REST API',
          resumeFrom: from,
        });
      let last = from;
      for (const m of messages) {
        if (!this.#account.has(m.channel)) continue;
        this.#sendAccount(m);
        last = m.seq;
        this.deps.metrics.resumed.inc();
      }
      const held = this.#held;
      this.#held = undefined;
      for (const m of held) if (compareLogIds(m.seq, last) > 0) this.#sendAccount(m);
    } finally {
      this.#held = undefined;
    }
  }

  #ack(id: unknown): void {
    this.#control({
      type: 'ack',
      ...(id !== undefined ? { id } : {}),
      subscribed: [...this.#account, ...this.#market],
    });
  }

  #error(id: unknown, code: string, message: string, channel?: string): void {
    this.#control({
      type: 'error',
      ...(id !== undefined ? { id } : {}),
      code,
      message,
      ...(channel ? { channel } : {}),
    });
  }

  /** Refuses the connection: an error, then close 4001, before any data. */
  #refuse(message: string): void {
    this.#control({ type: 'error', code: 'UNAUTHORIZED', message });
    this.#closed = true;
    this.socket.close(4001, 'unauthorized');
  }

  #control(msg: unknown): void {
    this.#writer.writeControl(json(msg));
  }
}

function joinArray(items: readonly Uint8Array[]): Uint8Array {
  const parts: Uint8Array[] = [encoder.encode('[')];
  items.forEach((item, i) => {
    if (i > 0) parts.push(encoder.encode(','));
    parts.push(item);
  });
  parts.push(encoder.encode(']'));
  return Buffer.concat(parts);
}
