/**
 * A provider WebSocket that stays up: connect, let the provider's protocol authenticate, send
 * the wanted subscriptions, and after any drop reconnect with capped, jittered exponential
 * backoff, authenticate again and re-send every subscription (upstreams forget them with the
 * connection). Liveness is checked with WebSocket pings (RFC 6455 §5.5.2). The protocol of each
 * provider (message shapes, auth, error codes) plugs in as a `StreamProtocol`.
 */
import WebSocket from 'ws';
import {
  ProviderError,
  type ProviderBar,
  type ProviderLogger,
  type ProviderQuote,
  type ProviderStream,
  type ProviderTrade,
  type ReconnectOptions,
  type StreamHandlers,
  type StreamStatus,
  type StreamSubscription,
} from './provider.ts';
import { isObject, normalizeSymbols, WireFormatError, type JsonObject } from './wire.ts';

export type Channel = 'trades' | 'quotes' | 'bars';
export const CHANNELS: readonly Channel[] = ['trades', 'quotes', 'bars'];
export type ChannelSymbols = Record<Channel, string[]>;

/** What a protocol does after an upstream error: keep the socket, drop it and reconnect, or give up. */
export type AfterError = 'continue' | 'reconnect' | 'stop';

export interface StreamSession {
  send(msg: unknown): void;
  /** The upstream greeted us. */
  connected(): void;
  /** Auth succeeded: backoff resets and every wanted subscription is (re)sent. */
  authenticated(): void;
  error(err: ProviderError, then: AfterError): void;
  trade(t: ProviderTrade): void;
  quote(q: ProviderQuote): void;
  bar(b: ProviderBar): void;
}

export interface StreamProtocol {
  /** One element of an upstream message array. May throw WireFormatError for a malformed element. */
  handle(msg: JsonObject, session: StreamSession): void;
  subscribeMessage(add: ChannelSymbols): unknown;
  unsubscribeMessage(remove: ChannelSymbols): unknown;
}

export interface ManagedStreamOptions {
  provider: string;
  url: string;
  protocol: StreamProtocol;
  handlers: StreamHandlers;
  logger: ProviderLogger;
  reconnect?: ReconnectOptions;
  /** Called once the stream has stopped for good (closed, auth refused, or gave up). */
  onStopped?: () => void;
}

const DEFAULTS = {
  initialDelayMs: 500,
  maxDelayMs: 30_000,
  maxAttempts: Number.POSITIVE_INFINITY,
  handshakeTimeoutMs: 10_000,
  pingIntervalMs: 30_000,
};
/** How long close() waits for the closing handshake before dropping the socket. */
const CLOSE_GRACE_MS = 1_000;

function textOf(data: WebSocket.RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}

export class ManagedStream implements ProviderStream {
  private readonly o: ManagedStreamOptions;
  private readonly policy: typeof DEFAULTS;
  private readonly wanted: Record<Channel, Set<string>> = {
    trades: new Set(),
    quotes: new Set(),
    bars: new Set(),
  };
  private ws: WebSocket | undefined;
  private authed = false;
  /** Set once: by close(), a fatal upstream error, or giving up. */
  private stopped = false;
  private failures = 0;
  private reconnectTimer: NodeJS.Timeout | undefined;
  private handshakeTimer: NodeJS.Timeout | undefined;
  private pingTimer: NodeJS.Timeout | undefined;
  private lastStatus: StreamStatus | undefined;
  private closing: Promise<void> | undefined;

  constructor(o: ManagedStreamOptions) {
    this.o = o;
    const r = o.reconnect ?? {};
    this.policy = {
      initialDelayMs: r.initialDelayMs ?? DEFAULTS.initialDelayMs,
      maxDelayMs: r.maxDelayMs ?? DEFAULTS.maxDelayMs,
      maxAttempts: r.maxAttempts ?? DEFAULTS.maxAttempts,
      handshakeTimeoutMs: r.handshakeTimeoutMs ?? DEFAULTS.handshakeTimeoutMs,
      pingIntervalMs: r.pingIntervalMs ?? DEFAULTS.pingIntervalMs,
    };
  }

  start(): this {
    this.connect();
    return this;
  }

  subscribe(symbols: StreamSubscription): void {
    this.change(symbols, 'add');
  }

  unsubscribe(symbols: StreamSubscription): void {
    this.change(symbols, 'remove');
  }

  close(): Promise<void> {
    this.closing ??= this.stop();
    return this.closing;
  }

  // --- subscriptions -------------------------------------------------------

  private change(symbols: StreamSubscription, how: 'add' | 'remove'): void {
    if (this.stopped) throw new Error(`${this.o.provider} stream is closed`);
    const delta: ChannelSymbols = { trades: [], quotes: [], bars: [] };
    let any = false;
    for (const ch of CHANNELS) {
      for (const s of normalizeSymbols(symbols[ch])) {
        const set = this.wanted[ch];
        if (how === 'add' ? set.has(s) : !set.has(s)) continue;
        if (how === 'add') set.add(s);
        else set.delete(s);
        delta[ch].push(s);
        any = true;
      }
    }
    // Before auth the sets are the queue: authenticated() sends them all.
    if (any && this.authed) {
      this.send(
        how === 'add' ? this.o.protocol.subscribeMessage(delta) : this.o.protocol.unsubscribeMessage(delta),
      );
    }
  }

  private all(): ChannelSymbols | undefined {
    const all: ChannelSymbols = {
      trades: [...this.wanted.trades],
      quotes: [...this.wanted.quotes],
      bars: [...this.wanted.bars],
    };
    return CHANNELS.some((ch) => all[ch].length > 0) ? all : undefined;
  }

  // --- connection ----------------------------------------------------------

  private status(s: StreamStatus): void {
    if (s === 'disconnected' && this.lastStatus === 'disconnected') return;
    this.lastStatus = s;
    this.call(() => this.o.handlers.onStatus?.(s));
  }

  private report(err: Error): void {
    this.o.logger.warn({ provider: this.o.provider, err }, 'market data stream error');
    this.call(() => this.o.handlers.onError?.(err));
  }

  /** A throwing handler is the consumer's bug; it must not take the stream down. */
  private call(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      this.o.logger.warn({ provider: this.o.provider, err }, 'market data stream handler threw');
    }
  }

  private send(msg: unknown): void {
    const ws = this.ws;
    if (!ws || ws.readyState !== WebSocket.OPEN) return;
    ws.send(JSON.stringify(msg), (err) => {
      if (err) this.o.logger.warn({ provider: this.o.provider, err }, 'market data stream send failed');
    });
  }

  private connect(): void {
    this.reconnectTimer = undefined;
    if (this.stopped) return;
    const ws = new WebSocket(this.o.url, { handshakeTimeout: this.policy.handshakeTimeoutMs });
    this.ws = ws;
    this.authed = false;
    let alive = true;
    const session = this.session(ws);

    ws.on('open', () => {
      this.handshakeTimer = setTimeout(() => {
        this.o.logger.warn(
          { provider: this.o.provider },
          'market data stream not authenticated in time, reconnecting',
        );
        ws.terminate();
      }, this.policy.handshakeTimeoutMs);
      this.pingTimer = setInterval(() => {
        if (!alive) {
          this.o.logger.warn({ provider: this.o.provider }, 'market data stream missed a pong, reconnecting');
          ws.terminate();
          return;
        }
        alive = false;
        try {
          ws.ping();
        } catch (err) {
          this.o.logger.warn({ provider: this.o.provider, err }, 'market data stream ping failed');
        }
      }, this.policy.pingIntervalMs);
      this.pingTimer.unref();
    });
    ws.on('pong', () => {
      alive = true;
    });
    ws.on('message', (data) => {
      if (this.ws !== ws) return;
      alive = true;
      this.receive(textOf(data), session);
    });
    ws.on('error', (err) => {
      // Always followed by 'close', which decides what happens next.
      this.o.logger.warn({ provider: this.o.provider, err: err.message }, 'market data stream socket error');
    });
    ws.on('close', (code, reason) => {
      if (this.ws !== ws) return;
      this.ws = undefined;
      this.authed = false;
      clearTimeout(this.handshakeTimer);
      clearInterval(this.pingTimer);
      this.o.logger.info(
        { provider: this.o.provider, code, reason: reason.toString('utf8') },
        'market data stream closed',
      );
      this.status('disconnected');
      if (this.stopped) return;
      this.scheduleReconnect();
    });
  }

  private session(ws: WebSocket): StreamSession {
    const live = () => this.ws === ws && !this.stopped;
    return {
      send: (msg) => {
        if (live()) this.send(msg);
      },
      connected: () => {
        if (live()) this.status('connected');
      },
      authenticated: () => {
        if (!live()) return;
        clearTimeout(this.handshakeTimer);
        this.authed = true;
        this.failures = 0;
        this.status('authenticated');
        const all = this.all();
        if (all) this.send(this.o.protocol.subscribeMessage(all));
      },
      error: (err, then) => {
        if (!live()) return;
        this.report(err);
        if (then === 'reconnect') ws.terminate();
        else if (then === 'stop') void this.halt();
      },
      trade: (t) => {
        if (live()) this.call(() => this.o.handlers.onTrade?.(t));
      },
      quote: (q) => {
        if (live()) this.call(() => this.o.handlers.onQuote?.(q));
      },
      bar: (b) => {
        if (live()) this.call(() => this.o.handlers.onBar?.(b));
      },
    };
  }

  private receive(text: string, session: StreamSession): void {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      this.report(
        new ProviderError(this.o.provider, 0, 'stream sent a message that is not JSON', {
          kind: 'bad_response',
        }),
      );
      return;
    }
    // Both upstreams send arrays of events; a lone object is accepted too.
    const items = Array.isArray(parsed) ? parsed : [parsed];
    for (const item of items) {
      if (!isObject(item)) continue;
      try {
        this.o.protocol.handle(item, session);
      } catch (err) {
        // Thrown inside a socket event: reported, never rethrown (it would be an uncaught exception).
        const why = err instanceof WireFormatError ? err.message : 'unreadable event';
        this.report(
          new ProviderError(this.o.provider, 0, `stream sent a malformed event: ${why}`, {
            kind: 'bad_response',
            cause: err,
          }),
        );
      }
    }
  }

  private scheduleReconnect(): void {
    this.failures += 1;
    if (this.failures > this.policy.maxAttempts) {
      this.report(
        new ProviderError(
          this.o.provider,
          0,
          `stream gave up after ${this.policy.maxAttempts} reconnect attempts`,
          {
            kind: 'unavailable',
          },
        ),
      );
      void this.halt();
      return;
    }
    // Equal jitter: at least half the capped exponential delay, so a server that accepts and then
    // drops us at once is not hammered, and a fleet of clients does not reconnect in lockstep.
    const cap = Math.min(this.policy.maxDelayMs, this.policy.initialDelayMs * 2 ** (this.failures - 1));
    const delay = cap / 2 + Math.random() * (cap / 2);
    this.status('reconnecting');
    this.o.logger.info(
      { provider: this.o.provider, attempt: this.failures, delayMs: Math.round(delay) },
      'market data stream reconnecting',
    );
    this.reconnectTimer = setTimeout(() => this.connect(), delay);
  }

  /** Ends the stream for good and waits for the socket to close. */
  private async halt(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.authed = false;
    clearTimeout(this.reconnectTimer);
    clearTimeout(this.handshakeTimer);
    clearInterval(this.pingTimer);
    const ws = this.ws;
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        const force = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
        ws.once('close', () => {
          clearTimeout(force);
          resolve();
        });
        if (ws.readyState === WebSocket.CONNECTING) ws.terminate();
        else if (ws.readyState === WebSocket.OPEN) ws.close(1000, 'client closing');
      });
    }
    this.ws = undefined;
    this.status('disconnected');
    this.o.onStopped?.();
  }

  private async stop(): Promise<void> {
    if (this.stopped) {
      // Already halted by the upstream (auth refused, gave up): wait for that socket too.
      const ws = this.ws;
      if (ws && ws.readyState !== WebSocket.CLOSED)
        await new Promise<void>((resolve) => ws.once('close', () => resolve()));
      return;
    }
    await this.halt();
  }
}
