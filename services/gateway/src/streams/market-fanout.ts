import { Counter, Gauge } from 'prom-client';
import { MARKET_CHANNELS, type StreamBar, type StreamQuote, type StreamTrade } from '@tradeplane/contracts';
import type { ServiceContext } from '@tradeplane/kit';

/**
 * The gateway's side of the lossy market feed (ARCHITECTURE §4): market-data broadcasts batches
 * on the bus, and every client stream of this process (Alpaca's `/alpaca/data/stream/v2/{feed}`,
 * later the native `/v1/stream`) is fed from ONE bus listener per channel through a per-symbol
 * subscription index. A listener exists only while some client wants that channel, so an idle
 * gateway does not pull the firehose off Redis.
 */
export type MarketKind = 'quotes' | 'trades' | 'bars' | 'dailyBars';
export const MARKET_KINDS: readonly MarketKind[] = ['quotes', 'trades', 'bars', 'dailyBars'];
export type MarketMessage = StreamQuote | StreamTrade | StreamBar;

/** Subscribing to this symbol means every symbol (Alpaca's `*`). */
export const ALL_SYMBOLS = '*';

/** Where each kind comes from: its bus channel and the array field of the broadcast payload. */
const SOURCES: Record<MarketKind, { channel: string; field: 'quotes' | 'trades' | 'bars' }> = {
  quotes: { channel: MARKET_CHANNELS.quotes, field: 'quotes' },
  trades: { channel: MARKET_CHANNELS.trades, field: 'trades' },
  bars: { channel: MARKET_CHANNELS.bars, field: 'bars' },
  dailyBars: { channel: MARKET_CHANNELS.dailyBars, field: 'bars' },
};

/**
 * One broadcast, shared by every subscriber it is delivered to. Encodings are memoised per
 * message so that a batch fanned out to N clients is serialised once per wire format, not N times.
 */
export class MarketBatch {
  readonly #memo = new Map<string, readonly unknown[]>();

  constructor(
    readonly kind: MarketKind,
    readonly messages: readonly MarketMessage[],
  ) {}

  /** Every message encoded by `encode`, computed on first use for `format`. */
  encoded<T>(format: string, encode: (message: MarketMessage) => T): readonly T[] {
    let out = this.#memo.get(format) as readonly T[] | undefined;
    if (!out) {
      out = this.messages.map(encode);
      this.#memo.set(format, out);
    }
    return out;
  }
}

export interface MarketSubscriber {
  /**
   * Called synchronously from the bus listener with the indexes of `batch.messages` this
   * subscriber asked for, in broadcast order. Must not block; a throw is logged and skipped.
   */
  deliver(batch: MarketBatch, picks: readonly number[]): void;
}

export interface StreamMetrics {
  /** Connected stream clients by stream, authenticated or not. */
  readonly clients: Gauge<'stream'>;
  /** Market messages a slow client never got because a newer one for the symbol replaced it. */
  readonly dropped: Counter<'stream'>;
}

type Index = { bySymbol: Map<string, Set<MarketSubscriber>>; all: Set<MarketSubscriber> };

export class MarketFanout {
  readonly metrics: StreamMetrics;
  readonly #index = new Map<MarketKind, Index>(
    MARKET_KINDS.map((k) => [k, { bySymbol: new Map(), all: new Set() }]),
  );
  /** What each subscriber asked for; the reverse of #index, so a disconnect is cheap. */
  readonly #subscriptions = new Map<MarketSubscriber, Record<MarketKind, Set<string>>>();
  readonly #unlisten = new Map<MarketKind, () => void>();
  #closed = false;

  constructor(private readonly ctx: Pick<ServiceContext, 'bus' | 'log' | 'metrics'>) {
    this.metrics = {
      clients: new Gauge({
        name: 'gateway_stream_clients',
        help: 'Connected market data stream clients by stream',
        labelNames: ['stream'],
        registers: [ctx.metrics],
      }),
      dropped: new Counter({
        name: 'gateway_stream_dropped_messages_total',
        help: 'Market data messages dropped for slow stream clients (coalesced to the latest per symbol)',
        labelNames: ['stream'],
        registers: [ctx.metrics],
      }),
    };
  }

  /** Adds symbols to a subscriber's `kind` subscription. */
  subscribe(sub: MarketSubscriber, kind: MarketKind, symbols: Iterable<string>): void {
    if (this.#closed) return;
    const mine = this.#mine(sub)[kind];
    const index = this.#index.get(kind)!;
    for (const symbol of symbols) {
      if (mine.has(symbol)) continue;
      mine.add(symbol);
      if (symbol === ALL_SYMBOLS) {
        index.all.add(sub);
        continue;
      }
      let set = index.bySymbol.get(symbol);
      if (!set) {
        set = new Set();
        index.bySymbol.set(symbol, set);
      }
      set.add(sub);
    }
    this.#listenIfWanted(kind);
  }

  /** Removes symbols from a subscriber's `kind` subscription; `*` removes only the wildcard. */
  unsubscribe(sub: MarketSubscriber, kind: MarketKind, symbols: Iterable<string>): void {
    const mine = this.#subscriptions.get(sub)?.[kind];
    if (!mine) return;
    const index = this.#index.get(kind)!;
    for (const symbol of symbols) {
      if (!mine.delete(symbol)) continue;
      if (symbol === ALL_SYMBOLS) {
        index.all.delete(sub);
        continue;
      }
      const set = index.bySymbol.get(symbol);
      set?.delete(sub);
      if (set?.size === 0) index.bySymbol.delete(symbol);
    }
    this.#stopIfUnwanted(kind);
  }

  /** The symbols a subscriber has for `kind`, in the order it added them. */
  symbols(sub: MarketSubscriber, kind: MarketKind): string[] {
    return [...(this.#subscriptions.get(sub)?.[kind] ?? [])];
  }

  /** Forgets a subscriber entirely (its socket closed). */
  drop(sub: MarketSubscriber): void {
    const mine = this.#subscriptions.get(sub);
    if (!mine) return;
    for (const kind of MARKET_KINDS) this.unsubscribe(sub, kind, [...mine[kind]]);
    this.#subscriptions.delete(sub);
  }

  close(): void {
    this.#closed = true;
    for (const stop of this.#unlisten.values()) stop();
    this.#unlisten.clear();
  }

  #mine(sub: MarketSubscriber): Record<MarketKind, Set<string>> {
    let mine = this.#subscriptions.get(sub);
    if (!mine) {
      mine = { quotes: new Set(), trades: new Set(), bars: new Set(), dailyBars: new Set() };
      this.#subscriptions.set(sub, mine);
    }
    return mine;
  }

  #listenIfWanted(kind: MarketKind): void {
    const index = this.#index.get(kind)!;
    if (this.#unlisten.has(kind) || (index.all.size === 0 && index.bySymbol.size === 0)) return;
    const { channel } = SOURCES[kind];
    this.#unlisten.set(
      kind,
      this.ctx.bus.onBroadcast(channel, (payload) => this.#dispatch(kind, payload)),
    );
  }

  #stopIfUnwanted(kind: MarketKind): void {
    const index = this.#index.get(kind)!;
    if (index.all.size > 0 || index.bySymbol.size > 0) return;
    this.#unlisten.get(kind)?.();
    this.#unlisten.delete(kind);
  }

  #dispatch(kind: MarketKind, payload: unknown): void {
    const messages = messagesOf(payload, SOURCES[kind].field);
    if (messages.length === 0) return;
    const { all, bySymbol } = this.#index.get(kind)!;
    const picks = new Map<MarketSubscriber, number[]>();
    for (let i = 0; i < messages.length; i++) {
      const subs = bySymbol.get(messages[i]!.S);
      if (!subs) continue;
      for (const sub of subs) {
        if (all.has(sub)) continue; // it gets everything below, once
        let mine = picks.get(sub);
        if (!mine) {
          mine = [];
          picks.set(sub, mine);
        }
        mine.push(i);
      }
    }
    const batch = new MarketBatch(kind, messages);
    if (all.size > 0) {
      const everything = messages.map((_, i) => i);
      for (const sub of all) this.#deliver(sub, batch, everything);
    }
    for (const [sub, mine] of picks) this.#deliver(sub, batch, mine);
  }

  #deliver(sub: MarketSubscriber, batch: MarketBatch, picks: readonly number[]): void {
    try {
      sub.deliver(batch, picks);
    } catch (err) {
      this.ctx.log.warn({ err, kind: batch.kind }, 'market stream delivery failed');
    }
  }
}

/**
 * The messages of a broadcast payload. The bus is internal, so this is a cheap shape check (an
 * object with a symbol) rather than a full schema validation at the feed's rate.
 */
function messagesOf(payload: unknown, field: string): MarketMessage[] {
  if (typeof payload !== 'object' || payload === null) return [];
  const list = (payload as Record<string, unknown>)[field];
  if (!Array.isArray(list)) return [];
  return list.filter(
    (m): m is MarketMessage =>
      typeof m === 'object' && m !== null && typeof (m as { S?: unknown }).S === 'string',
  );
}

/**
 * The one fan-out of a gateway process. Keyed by the service context rather than held in a module
 * variable, so two gateways built in one process (tests) never share listeners or metrics.
 */
const fanouts = new WeakMap<object, MarketFanout>();

export function marketFanout(ctx: ServiceContext): MarketFanout {
  let fanout = fanouts.get(ctx);
  if (!fanout) {
    const created = new MarketFanout(ctx);
    fanouts.set(ctx, created);
    ctx.onClose(() => created.close());
    fanout = created;
  }
  return fanout;
}

/** The minimal socket surface `LossyWriter` needs (satisfied by `ws`). */
export interface WritableSocket {
  readonly readyState: number;
  readonly bufferedAmount: number;
  send(data: Uint8Array, options: { binary: boolean }, cb: (err?: Error) => void): void;
}

const OPEN = 1;

/**
 * Writes market frames to one socket without ever buffering unboundedly. Market data is lossy by
 * design: while the socket holds more than `highWaterBytes` unsent, new messages are parked in a
 * map keyed by `key` (type + symbol) where a newer message replaces the older one (counted as
 * dropped); the parked messages go out, oldest first, as soon as a write completes below the mark.
 */
export class LossyWriter {
  readonly #parked = new Map<string, Uint8Array>();

  constructor(
    private readonly socket: WritableSocket,
    private readonly opts: {
      highWaterBytes: number;
      binary: boolean;
      /** Builds one frame from encoded messages. */
      frame: (items: readonly Uint8Array[]) => Uint8Array;
      onDropped: (count: number) => void;
    },
  ) {}

  /** Sends messages (each with its coalescing key), parking them if the socket is backed up. */
  write(items: readonly { key: string; data: Uint8Array }[]): void {
    if (this.socket.readyState !== OPEN || items.length === 0) return;
    if (this.socket.bufferedAmount > this.opts.highWaterBytes) {
      let dropped = 0;
      for (const { key, data } of items) {
        // delete + set moves the key to the end: parked messages leave in the order they last changed.
        if (this.#parked.delete(key)) dropped++;
        this.#parked.set(key, data);
      }
      if (dropped > 0) this.opts.onDropped(dropped);
      return;
    }
    const out = this.#unpark();
    for (const { data } of items) out.push(data);
    this.#send(this.opts.frame(out));
  }

  /** Sends a frame that must not be dropped (protocol answers), after anything parked. */
  writeControl(frame: Uint8Array): void {
    if (this.socket.readyState !== OPEN) return;
    if (this.#parked.size > 0 && this.socket.bufferedAmount <= this.opts.highWaterBytes)
      this.#send(this.opts.frame(this.#unpark()));
    this.#send(frame);
  }

  get parked(): number {
    return this.#parked.size;
  }

  #unpark(): Uint8Array[] {
    const out = [...this.#parked.values()];
    this.#parked.clear();
    return out;
  }

  #send(frame: Uint8Array): void {
    this.socket.send(frame, { binary: this.opts.binary }, this.#afterWrite);
  }

  readonly #afterWrite = (err?: Error): void => {
    if (err || this.#parked.size === 0 || this.socket.readyState !== OPEN) return;
    if (this.socket.bufferedAmount <= this.opts.highWaterBytes) this.#send(this.opts.frame(this.#unpark()));
  };
}
