import { dec, type Dec } from '@tradeplane/kit';
import type { Actor } from './types.ts';

/** The best bid and offer of a symbol, with the sizes shown at them (shares). */
export interface Quote {
  symbol: string;
  bid: Dec;
  ask: Dec;
  bidSize: Dec;
  askSize: Dec;
  /** Last trade price (the midpoint when no trade is known). */
  last: Dec;
  at: Date;
}

/** One print on the tape. */
export interface Trade {
  symbol: string;
  price: Dec;
  size: Dec;
  at: Date;
}

/**
 * Where the paper exchange and order pricing get the market. The production source reads
 * market-data (HTTP for the latest quote, the bus broadcast for the live feed); tests use
 * `InMemoryQuoteSource` so they never depend on market-data.
 */
export interface QuoteSource {
  /** The latest quote; throws ORDERS_NO_QUOTE / ORDERS_MARKET_DATA_UNAVAILABLE when there is none. */
  latest(symbol: string, as?: Actor): Promise<Quote>;
  /** The latest quote already known locally (no I/O), if any. */
  peek(symbol: string): Quote | undefined;
  onQuote(listener: (q: Quote) => void): () => void;
  onTrade(listener: (t: Trade) => void): () => void;
}

export interface QuoteInput {
  symbol: string;
  bid: string;
  ask: string;
  bidSize?: string;
  askSize?: string;
  last?: string;
  at?: Date;
}

export function makeQuote(q: QuoteInput): Quote {
  const bid = dec(q.bid);
  const ask = dec(q.ask);
  return {
    symbol: q.symbol.toUpperCase(),
    bid,
    ask,
    bidSize: dec(q.bidSize ?? '100'),
    askSize: dec(q.askSize ?? '100'),
    last: q.last !== undefined ? dec(q.last) : bid.plus(ask).div(2),
    at: q.at ?? new Date(),
  };
}

/** A quote source fed by hand: tests push quotes and trades and the listeners see them at once. */
export class InMemoryQuoteSource implements QuoteSource {
  readonly #quotes = new Map<string, Quote>();
  readonly #quoteListeners = new Set<(q: Quote) => void>();
  readonly #tradeListeners = new Set<(t: Trade) => void>();

  /** Sets the latest quote without telling listeners (the market before the test starts). */
  set(q: QuoteInput): Quote {
    const quote = makeQuote(q);
    this.#quotes.set(quote.symbol, quote);
    return quote;
  }

  /** A new quote on the feed. */
  pushQuote(q: QuoteInput): Quote {
    const quote = this.set(q);
    for (const l of this.#quoteListeners) l(quote);
    return quote;
  }

  /** A print on the tape; it also becomes the quote's last price. */
  pushTrade(t: { symbol: string; price: string; size?: string; at?: Date }): Trade {
    const trade: Trade = {
      symbol: t.symbol.toUpperCase(),
      price: dec(t.price),
      size: dec(t.size ?? '100'),
      at: t.at ?? new Date(),
    };
    const q = this.#quotes.get(trade.symbol);
    if (q) this.#quotes.set(trade.symbol, { ...q, last: trade.price });
    for (const l of this.#tradeListeners) l(trade);
    return trade;
  }

  delete(symbol: string): void {
    this.#quotes.delete(symbol.toUpperCase());
  }

  latest(symbol: string): Promise<Quote> {
    const q = this.#quotes.get(symbol.toUpperCase());
    if (!q) return Promise.reject(new QuoteMissingError(symbol));
    return Promise.resolve(q);
  }

  peek(symbol: string): Quote | undefined {
    return this.#quotes.get(symbol.toUpperCase());
  }

  onQuote(listener: (q: Quote) => void): () => void {
    this.#quoteListeners.add(listener);
    return () => this.#quoteListeners.delete(listener);
  }

  onTrade(listener: (t: Trade) => void): () => void {
    this.#tradeListeners.add(listener);
    return () => this.#tradeListeners.delete(listener);
  }
}

/** No quote exists for the symbol (as opposed to market-data being unreachable). */
export class QuoteMissingError extends Error {
  constructor(readonly symbol: string) {
    super(`no quote for ${symbol}`);
    this.name = 'QuoteMissingError';
  }
}
