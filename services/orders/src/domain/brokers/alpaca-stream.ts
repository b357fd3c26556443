import WebSocket from 'ws';
import { decode as msgpackDecode, encode as msgpackEncode } from '@msgpack/msgpack';
import type { Logger } from '@tradeplane/kit';

/**
 * Alpaca's account stream (docs "Websocket Streaming", trade_updates): connect to
 * `wss://paper-api.alpaca.markets/stream` (or api.alpaca.markets), send
 * `{"action":"auth","key":…,"secret":…}`, wait for `{"stream":"authorization","data":{"status":"authorized"}}`,
 * send `{"action":"listen","data":{"streams":["trade_updates"]}}`, then receive
 * `{"stream":"trade_updates","data":{"event":…,"order":{…},…}}`.
 *
 * Codecs: "Alpaca's streaming service supports both JSON and MessagePack codecs" and "to request
 * with MessagePack, add the header: Content-Type: application/msgpack" (same page). With
 * `codec: 'msgpack'` the upgrade request carries that header and our own messages go out
 * MessagePack-encoded, as Alpaca's SDKs do on the streams where they negotiate it. Whatever was
 * asked, every frame is decoded by what it holds (`decodeFrame`): the paper endpoint sends JSON
 * in BINARY frames, the live one in text frames, and a MessagePack frame is told from JSON by its
 * first byte. A frame that is neither is logged and skipped; it never ends the stream.
 *
 * Updates are handed over one at a time, in order; a dropped connection is reopened with backoff
 * and `onListening` runs after every (re)subscription so the caller can catch up by REST.
 */
export type StreamCodec = 'json' | 'msgpack';

export interface TradeStreamOptions {
  url: string;
  keyId: string;
  secret: string;
  /** What the upgrade request asks for (default json); frames of either codec are read anyway. */
  codec?: StreamCodec;
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
    const msgpack = this.#o.codec === 'msgpack';
    const ws = new WebSocket(
      this.#o.url,
      msgpack ? { headers: { 'content-type': 'application/msgpack' } } : undefined,
    );
    this.#ws = ws;
    ws.on('open', () => {
      this.#send(ws, { action: 'auth', key: this.#o.keyId, secret: this.#o.secret });
    });
    ws.on('message', (raw: WebSocket.RawData, isBinary: boolean) => {
      const data = Array.isArray(raw) ? Buffer.concat(raw) : Buffer.from(raw as ArrayBuffer);
      const decoded = decodeFrame(data, isBinary);
      if (!decoded.ok) {
        this.#o.log.warn(
          { url: this.#o.url, bytes: data.length, binary: isBinary },
          'alpaca stream sent a frame that is neither JSON nor MessagePack; skipped',
        );
        return;
      }
      for (const msg of Array.isArray(decoded.value) ? decoded.value : [decoded.value]) {
        try {
          this.#handle(ws, msg);
        } catch (err) {
          this.#o.log.warn({ err, url: this.#o.url }, 'alpaca stream message not understood; skipped');
        }
      }
    });
    ws.on('error', (err) => this.#o.log.warn({ err: err.message, url: this.#o.url }, 'alpaca stream error'));
    ws.on('close', () => {
      this.#listening = false;
      if (this.#ws === ws) this.#ws = undefined;
      this.#scheduleReconnect();
    });
  }

  #send(ws: WebSocket, msg: Record<string, unknown>): void {
    if (this.#o.codec === 'msgpack') ws.send(msgpackEncode(msg), { binary: true });
    else ws.send(JSON.stringify(msg));
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
        this.#send(ws, { action: 'listen', data: { streams: ['trade_updates'] } });
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

// ---------------------------------------------------------------- frames

export type DecodedFrame = { ok: true; value: unknown } | { ok: false };

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * One frame of the stream, whichever codec it is in. A text frame is JSON (RFC 6455: text is
 * UTF-8). A binary frame is MessagePack when its first byte starts a MessagePack map or array
 * (fixmap 0x80–0x8f, fixarray 0x90–0x9f, array/map 16/32 0xdc–0xdf: JSON text starts with an
 * ASCII byte or a BOM, never one of these), else UTF-8 JSON; the other codec is tried when the
 * likely one fails. Only an object or an array is a message: anything else (a stray number,
 * truncated or trailing bytes) is refused.
 */
export function decodeFrame(data: Uint8Array, isBinary: boolean): DecodedFrame {
  if (!isBinary) return asMessage(parseJson(data));
  if (data.length === 0) return { ok: false };
  const first = data[0]!;
  const looksMsgpack = (first >= 0x80 && first <= 0x9f) || (first >= 0xdc && first <= 0xdf);
  const tries = looksMsgpack ? [parseMsgpack, parseJson] : [parseJson, parseMsgpack];
  for (const parse of tries) {
    const r = asMessage(parse(data));
    if (r.ok) return r;
  }
  return { ok: false };
}

function asMessage(r: DecodedFrame): DecodedFrame {
  return r.ok && typeof r.value === 'object' && r.value !== null ? r : { ok: false };
}

function parseJson(data: Uint8Array): DecodedFrame {
  try {
    return { ok: true, value: JSON.parse(utf8.decode(data)) };
  } catch {
    return { ok: false };
  }
}

function parseMsgpack(data: Uint8Array): DecodedFrame {
  try {
    return { ok: true, value: fromMsgpack(msgpackDecode(data, { useBigInt64: true }), undefined) };
  } catch {
    return { ok: false };
  }
}

/**
 * Alpaca's fields as its JSON has them, from what MessagePack may carry instead: an instant
 * (timestamp extension, decoded as a Date) as its RFC 3339 string, a 64-bit integer as its digits,
 * and a number in a decimal field (qty, price, …) as its decimal text — never used as a float.
 */
const DECIMAL_FIELDS = new Set([
  'qty',
  'price',
  'notional',
  'filled_qty',
  'filled_avg_price',
  'limit_price',
  'stop_price',
  'trail_price',
  'trail_percent',
  'hwm',
  'position_qty',
]);

function fromMsgpack(v: unknown, key: string | undefined): unknown {
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (typeof v === 'bigint') return v.toString();
  if (typeof v === 'number' && key !== undefined && DECIMAL_FIELDS.has(key))
    return Number.isFinite(v) ? String(v) : null;
  if (Array.isArray(v)) return v.map((x) => fromMsgpack(x, undefined));
  if (typeof v === 'object' && v !== null && !(v instanceof Uint8Array)) {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = fromMsgpack(x, k);
    return out;
  }
  return v;
}
