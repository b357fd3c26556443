import { dec, Dec, type Dec as Decimal } from '@tradeplane/kit';

/** A price for a symbol, decimals parsed exactly from the feed. */
export interface Quote {
  symbol: string;
  bid: Decimal;
  ask: Decimal;
  /** Last trade; 0 when unknown. */
  last: Decimal;
  /** When this was true (RFC 3339). */
  at: string;
}

/** The mark a position is valued at: the last trade, else the mid of the quote. */
export function markPrice(q: Quote): Decimal | undefined {
  if (q.last.gt(0)) return q.last;
  if (q.bid.gt(0) && q.ask.gt(0)) return q.bid.plus(q.ask).div(2);
  const one = Dec.max(q.bid, q.ask);
  return one.gt(0) ? one : undefined;
}

/**
 * Where portfolio gets prices: the live market (market-data's broadcast feed, with its REST
 * latest quotes as a fallback), or an in-memory source in tests. `onUpdate` tells who watches
 * prices (the stop-loss/take-profit monitor) which symbols just moved.
 */
export interface QuoteSource {
  latest(symbols: readonly string[]): Promise<Map<string, Quote>>;
  onUpdate(listener: (symbols: string[]) => void): () => void;
}

/** Prices set by hand (tests, demos). */
export class InMemoryQuoteSource implements QuoteSource {
  readonly #quotes = new Map<string, Quote>();
  readonly #listeners = new Set<(symbols: string[]) => void>();

  /** Sets a symbol's price; `last` alone sets bid = ask = last. */
  set(symbol: string, p: { last: string; bid?: string; ask?: string }, notify = true): void {
    this.#quotes.set(symbol, {
      symbol,
      last: dec(p.last),
      bid: dec(p.bid ?? p.last),
      ask: dec(p.ask ?? p.last),
      at: new Date().toISOString(),
    });
    if (notify) for (const l of this.#listeners) l([symbol]);
  }

  delete(symbol: string): void {
    this.#quotes.delete(symbol);
  }

  async latest(symbols: readonly string[]): Promise<Map<string, Quote>> {
    const out = new Map<string, Quote>();
    for (const s of symbols) {
      const q = this.#quotes.get(s);
      if (q) out.set(s, q);
    }
    return out;
  }

  onUpdate(listener: (symbols: string[]) => void): () => void {
    this.#listeners.add(listener);
    return () => this.#listeners.delete(listener);
  }
}
