import { dec, isDecimalString, type EventBus, type Logger, type ServiceClient } from '@tradeplane/kit';
import { MARKET_CHANNELS, type QuotesBroadcast, type TradesBroadcast } from '@tradeplane/contracts';
import type { Quote, QuoteSource } from '../domain/quotes.ts';

interface NativeQuote {
  bidPrice?: string;
  askPrice?: string;
  timestamp?: string;
}
interface NativeTrade {
  price?: string;
  timestamp?: string;
}

/**
 * The market's prices for portfolio. Market-data broadcasts every quote and trade on the bus
 * (lossy, high rate: contracts/market.ts); this keeps the latest of each symbol. A symbol not
 * heard from within `maxAgeMs` is asked for over HTTP (`/v1/market/quotes` and
 * `/v1/market/trades/latest`, as a service). JSON numbers of the feed become decimals through
 * their shortest string form, which is exactly the price market-data rounded to the tick.
 */
export function marketQuoteSource(opts: {
  bus: EventBus;
  client: ServiceClient;
  log: Logger;
  maxAgeMs: number;
}): QuoteSource & { stop(): void } {
  const cache = new Map<string, Quote & { seenAt: number }>();
  const listeners = new Set<(symbols: string[]) => void>();
  const notify = (symbols: string[]) => {
    if (symbols.length === 0) return;
    for (const l of listeners) {
      try {
        l(symbols);
      } catch (err) {
        opts.log.warn({ err }, 'quote listener failed');
      }
    }
  };
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? dec(String(v)) : undefined);
  const entry = (symbol: string) =>
    cache.get(symbol) ?? {
      symbol,
      bid: dec(0),
      ask: dec(0),
      last: dec(0),
      at: new Date(0).toISOString(),
      seenAt: 0,
    };

  const offQuotes = opts.bus.onBroadcast(MARKET_CHANNELS.quotes, (payload) => {
    const quotes = (payload as Partial<QuotesBroadcast>)?.quotes;
    if (!Array.isArray(quotes)) return;
    const touched = new Set<string>();
    for (const q of quotes) {
      const bid = num(q.bp);
      const ask = num(q.ap);
      if (!q.S || bid === undefined || ask === undefined) continue;
      cache.set(q.S, { ...entry(q.S), bid, ask, at: q.t, seenAt: Date.now() });
      touched.add(q.S);
    }
    notify([...touched]);
  });
  const offTrades = opts.bus.onBroadcast(MARKET_CHANNELS.trades, (payload) => {
    const trades = (payload as Partial<TradesBroadcast>)?.trades;
    if (!Array.isArray(trades)) return;
    const touched = new Set<string>();
    for (const t of trades) {
      const price = num(t.p);
      if (!t.S || price === undefined) continue;
      cache.set(t.S, { ...entry(t.S), last: price, at: t.t, seenAt: Date.now() });
      touched.add(t.S);
    }
    notify([...touched]);
  });

  const fetchLatest = async (symbols: string[]) => {
    const query = { symbols: symbols.join(',') };
    const [quotes, trades] = await Promise.all([
      opts.client.request<{ quotes?: Record<string, NativeQuote> }>({
        method: 'GET',
        path: '/v1/market/quotes',
        query,
      }),
      opts.client
        .request<{ trades?: Record<string, NativeTrade> }>({
          method: 'GET',
          path: '/v1/market/trades/latest',
          query,
        })
        .catch(() => undefined),
    ]);
    if (quotes.status !== 200) throw new Error(`market-data answered ${quotes.status}`);
    const parse = (v: string | undefined) => (v !== undefined && isDecimalString(v) ? dec(v) : dec(0));
    for (const s of symbols) {
      const q = quotes.body.quotes?.[s];
      const t = trades?.status === 200 ? trades.body.trades?.[s] : undefined;
      if (!q && !t) continue;
      const prev = entry(s);
      cache.set(s, {
        symbol: s,
        bid: q ? parse(q.bidPrice) : prev.bid,
        ask: q ? parse(q.askPrice) : prev.ask,
        last: t ? parse(t.price) : prev.last,
        at: t?.timestamp ?? q?.timestamp ?? prev.at,
        seenAt: Date.now(),
      });
    }
  };

  return {
    async latest(symbols) {
      const stale = symbols.filter((s) => Date.now() - (cache.get(s)?.seenAt ?? 0) > opts.maxAgeMs);
      if (stale.length > 0) {
        try {
          await fetchLatest(stale);
        } catch (err) {
          // One unknown symbol fails a batch (404): ask one by one before giving up on any.
          if (stale.length > 1) await Promise.all(stale.map((s) => fetchLatest([s]).catch(() => undefined)));
          else opts.log.debug({ err, symbols: stale }, 'no fresh quote from market-data');
        }
      }
      const out = new Map<string, Quote>();
      for (const s of symbols) {
        const q = cache.get(s);
        if (q) out.set(s, { symbol: q.symbol, bid: q.bid, ask: q.ask, last: q.last, at: q.at });
      }
      return out;
    },
    onUpdate(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    stop() {
      offQuotes();
      offTrades();
      listeners.clear();
    },
  };
}
