import WebSocket from 'ws';
import type { Logger } from '@tradeplane/kit';

/**
 * Alpaca's account stream (docs "Websocket Streaming", trade_updates): connect to
 * `wss://paper-api.alpaca.markets/stream` (or api.alpaca.markets), send
 * `{"action":"auth","key":…,"secret":…}`, wait for `{"stream":"authorization","data":{"status":"authorized"}}`,
 * send `{"action":"listen","data":{"streams":["trade_updates"]}}`, then receive
 * `{"stream":"trade_updates","data":{"event":…,"order":{…},…}}`. The paper endpoint sends its
 * frames as BINARY WebSocket messages, the live one as text: both are decoded as UTF-8 JSON.
 *
 * Updates are handed over one at a time, in order; a dropped connection is reopened with backoff
 * and `onListening` runs after every (re)subscription so the caller can catch up by REST.
 */
export interface TradeStreamOptions {
  url: string;
  keyId: string;
  secret: string;
  log: Logger;
  onUpdate(data: Record<string, unknown>): Promise<void>;
  onListening?(): Promise<void>;
}

const MIN_BACKOFF_MS = 250;
const MAX_BACKOFF_MS = 30_000;

export function streamUrlOf(baseUrl: string): string {
  const u = new URL(baseUrl);
  u.protocol = u.protocol === 'http:' ? 'ws:' : 'wss:';
  u.pathname = `${u.pathname.replace(/\/+$/, '')}/stream`;
  return u.toString();
}

export class AlpacaTradeStream {
  readonly #o: TradeStreamOptions;
  #ws: WebSocket | undefined;
  #closed = false;
  #authFailed = false;
  #attempt = 0;
  #timer: NodeJS.Timeout | undefined;
  #queue: Promise<void> = Promise.resolve();
  #listening = false;
  #waiters: (() => void)[] = [];

  constructor(opts: TradeStreamOptions) {
    this.#o = opts;
  }

  get listening(): boolean {
    return this.#listening;
  }

  start(): void {
    this.#connect();
  }

  /** Resolves once the stream is subscribed to trade_updates. */
  ready(): Promise<void> {
    if (this.#listening) return Promise.resolve();
    return new Promise((resolve) => this.#waiters.push(resolve));
  }

  /** Resolves when every update received so far has been handled. */
  async idle(): Promise<void> {
    let seen: Promise<void>;
    do {
      seen = this.#queue;
      await seen;
    } while (seen !== this.#queue);
  }

  async close(): Promise<void> {
    this.#closed = true;
    clearTimeout(this.#timer);
    const ws = this.#ws;
    this.#ws = undefined;
    if (ws && ws.readyState !== WebSocket.CLOSED) {
      await new Promise<void>((resolve) => {
        ws.once('close', () => resolve());
        ws.terminate();
      });
    }
    await this.idle();
  }

  #connect(): void {
    if (this.#closed || this.#authFailed) return;
    const ws = new WebSocket(this.#o.url);
    this.#ws = ws;
    ws.on('open', () => {
      ws.send(JSON.stringify({ action: 'auth', key: this.#o.keyId, secret: this.#o.secret }));
    });
    ws.on('message', (raw: WebSocket.RawData) => {
      const text = Array.isArray(raw)
        ? Buffer.concat(raw).toString('utf8')
        : Buffer.from(raw as ArrayBuffer).toString('utf8');
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        this.#o.log.warn({ url: this.#o.url }, 'alpaca stream sent a frame that is not JSON');
        return;
      }
      for (const msg of Array.isArray(parsed) ? parsed : [parsed]) this.#handle(ws, msg);
    });
    ws.on('error', (err) => this.#o.log.warn({ err: err.message, url: this.#o.url }, 'alpaca stream error'));
    ws.on('close', () => {
      this.#listening = false;
      if (this.#ws === ws) this.#ws = undefined;
      this.#scheduleReconnect();
    });
  }

  #scheduleReconnect(): void {
    if (this.#closed || this.#authFailed) return;
    const ceiling = Math.min(MAX_BACKOFF_MS, MIN_BACKOFF_MS * 2 ** this.#attempt++);
    this.#timer = setTimeout(
      () => this.#connect(),
      MIN_BACKOFF_MS + Math.random() * (ceiling - MIN_BACKOFF_MS),
    );
    this.#timer.unref();
  }

  #handle(ws: WebSocket, msg: unknown): void {
    if (typeof msg !== 'object' || msg === null) return;
    const { stream, data } = msg as { stream?: string; data?: Record<string, unknown> };
    if (stream === 'authorization') {
      if (data?.status === 'authorized') {
        ws.send(JSON.stringify({ action: 'listen', data: { streams: ['trade_updates'] } }));
      } else {
        // Rejected credentials do not get better by retrying.
        this.#authFailed = true;
        this.#o.log.error({ url: this.#o.url }, 'alpaca stream refused the credentials');
        ws.close();
      }
    } else if (stream === 'listening') {
      const streams = (data?.streams as unknown[] | undefined) ?? [];
      if (!streams.includes('trade_updates')) return;
      this.#listening = true;
      this.#attempt = 0;
      for (const w of this.#waiters.splice(0)) w();
      if (this.#o.onListening) this.#enqueue(() => this.#o.onListening!());
    } else if (stream === 'trade_updates') {
      if (data && typeof data.order === 'object' && data.order !== null)
        this.#enqueue(() => this.#o.onUpdate(data));
    }
  }

  #enqueue(fn: () => Promise<void>): void {
    this.#queue = this.#queue
      .then(fn)
      .catch((err: unknown) => this.#o.log.error({ err }, 'alpaca trade update failed'));
  }
}
