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
 */
export class LiveView {
  readonly #quotes = new Map<string, StreamQuote>();
  readonly #trades = new Map<string, StreamTrade>();

  applyQuotes(quotes: readonly StreamQuote[]): void {
    for (const q of quotes) {
      const held = this.#quotes.get(q.S);
      if (!held || held.t <= q.t) this.#quotes.set(q.S, q);
    }
  }

  applyTrades(trades: readonly StreamTrade[]): void {
    for (const t of trades) {
      const held = this.#trades.get(t.S);
      if (!held || held.t <= t.t) this.#trades.set(t.S, t);
    }
  }

  quote(symbol: string): StreamQuote | undefined {
    return this.#quotes.get(symbol);
  }

  trade(symbol: string): StreamTrade | undefined {
    return this.#trades.get(symbol);
  }

  get size(): number {
    return this.#quotes.size;
  }

  /** Follows the market's broadcasts; returns the function that stops following. */
  follow(bus: EventBus): () => void {
    const stopQuotes = bus.onBroadcast(MARKET_CHANNELS.quotes, (payload) => {
      const quotes = (payload as Partial<QuotesBroadcast> | null)?.quotes;
      if (Array.isArray(quotes)) this.applyQuotes(quotes);
    });
    const stopTrades = bus.onBroadcast(MARKET_CHANNELS.trades, (payload) => {
      const trades = (payload as Partial<TradesBroadcast> | null)?.trades;
      if (Array.isArray(trades)) this.applyTrades(trades);
    });
    return () => {
      stopQuotes();
      stopTrades();
    };
  }
}
