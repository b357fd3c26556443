import {
  MARKET_CHANNELS,
  type QuotesBroadcast,
  type StreamQuote,
  type StreamTrade,
  type TradesBroadcast,
} from '@tradeplane/contracts';
import type { EventBus } from '@tradeplane/kit';

/**
 * The latest quote and trade of every symbol, in memory. The instance running the market writes
 * it directly; every instance (that one included) also follows the market's broadcasts, so any
 * instance can answer latest-quote requests without a database read. A message older than the
 * one held is ignored, so the two paths and a redelivered batch never move a symbol backwards.
 *
 * Each batch carries the fencing token of the market lease it was produced under. A batch from a
 * token lower than the highest seen (a deposed leader still running) is ignored whole, and a
 * newer leader's prices replace an older leader's even when stamped earlier (its clock may lag).
 */
export class LiveView {
  readonly #quotes = new Map<string, { token: number; quote: StreamQuote }>();
  readonly #trades = new Map<string, { token: number; trade: StreamTrade }>();
  /** The highest fencing token seen in a batch. */
  #leader = 0;

  /** The token a batch is taken under, or undefined when it comes from a deposed leader. */
  #admit(token: number | undefined): number | undefined {
    if (token === undefined) return this.#leader;
    if (token < this.#leader) return undefined;
    this.#leader = token;
    return token;
  }

  applyQuotes(quotes: readonly StreamQuote[], fencingToken?: number): void {
    const token = this.#admit(fencingToken);
    if (token === undefined) return;
    for (const q of quotes) {
      const held = this.#quotes.get(q.S);
      if (!held || held.token < token || held.quote.t <= q.t) this.#quotes.set(q.S, { token, quote: q });
    }
  }

  applyTrades(trades: readonly StreamTrade[], fencingToken?: number): void {
    const token = this.#admit(fencingToken);
    if (token === undefined) return;
    for (const t of trades) {
      const held = this.#trades.get(t.S);
      if (!held || held.token < token || held.trade.t <= t.t) this.#trades.set(t.S, { token, trade: t });
    }
  }

  quote(symbol: string): StreamQuote | undefined {
    return this.#quotes.get(symbol)?.quote;
  }

  trade(symbol: string): StreamTrade | undefined {
    return this.#trades.get(symbol)?.trade;
  }

  get size(): number {
    return this.#quotes.size;
  }

  /** Follows the market's broadcasts; returns the function that stops following. */
  follow(bus: EventBus): () => void {
    const stopQuotes = bus.onBroadcast(MARKET_CHANNELS.quotes, (payload) => {
      const batch = payload as (Partial<QuotesBroadcast> & MarketBatchToken) | null;
      if (Array.isArray(batch?.quotes)) this.applyQuotes(batch.quotes, tokenOf(batch));
    });
    const stopTrades = bus.onBroadcast(MARKET_CHANNELS.trades, (payload) => {
      const batch = payload as (Partial<TradesBroadcast> & MarketBatchToken) | null;
      if (Array.isArray(batch?.trades)) this.applyTrades(batch.trades, tokenOf(batch));
    });
    return () => {
      stopQuotes();
      stopTrades();
    };
  }
}

/** What the leader adds to its quote and trade broadcasts (consumers reading only the batch ignore it). */
export interface MarketBatchToken {
  fencingToken?: number;
}

const tokenOf = (batch: MarketBatchToken): number | undefined =>
  typeof batch.fencingToken === 'number' && Number.isFinite(batch.fencingToken)
    ? batch.fencingToken
    : undefined;
