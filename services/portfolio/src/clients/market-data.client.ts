import {
  dec,
  isDecimalString,
  type Dec as Decimal,
  type EventBus,
  type Logger,
  type ServiceClient,
} from '@tradeplane/kit';
import { MARKET_CHANNELS, type QuotesBroadcast, type TradesBroadcast } from '@tradeplane/contracts';
import type { Quote, QuoteSource } from '../domain/quotes.ts';
import type { AssetInfo, MarketReference, SessionState } from '../domain/market-reference.ts';

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

interface NativeBar {
  t?: string;
  c?: string;
}
interface NativeSnapshot {
  dailyBar?: NativeBar | null;
  prevDailyBar?: NativeBar | null;
}
interface DailyBars {
  /** The latest daily bar (start of its trading date, close) and the one before it. */
  daily: { t: number; c: Decimal } | null;
  prev: { t: number; c: Decimal } | null;
}

const DAY_MS = 86_400_000;
/** Alpaca's extended session: 4:00 (5 h 30 before the 9:30 open) to 4 h after the close (20:00, or 17:00 on an early close). */
const PRE_MARKET_MS = 5.5 * 3_600_000;
const AFTER_HOURS_MS = 4 * 3_600_000;
const nyDate = new Intl.DateTimeFormat('en-CA', {
  timeZone: 'America/New_York',
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
});

/**
 * The previous regular session's close from a snapshot's daily bars. A daily bar is stamped with
 * the start of its trading date (midnight New York; UTC midnight when the market runs 24/7): the
 * latest bar is today's session when it started less than a day ago, and then the close before
 * today is the bar before it; otherwise (before the open, a weekend, a holiday) the latest bar is
 * itself the last session.
 */
export function previousClose(bars: DailyBars, now: Date): Decimal | undefined {
  if (!bars.daily) return undefined;
  const today = now.getTime() >= bars.daily.t && now.getTime() < bars.daily.t + DAY_MS;
  return today ? bars.prev?.c : bars.daily.c;
}

/**
 * market-data's reference data over HTTP (as a service): `/v1/market/assets/{symbol}`, the daily
 * bars of `/v1/market/snapshots`, `/v1/market/clock` and `/v1/market/calendar`. Assets are cached
 * an hour (a symbol market-data does not list too, so it is not asked on every read), daily bars
 * and the clock a minute, a day's session for good. A failed call is not cached: the next read asks
 * again, and this one answers without it.
 */
export function marketReference(opts: {
  client: ServiceClient;
  log: Logger;
  assetTtlMs?: number;
  barsTtlMs?: number;
  clockTtlMs?: number;
  clock?: () => number;
}): MarketReference {
  const assetTtl = opts.assetTtlMs ?? 3_600_000;
  const barsTtl = opts.barsTtlMs ?? 60_000;
  const clockTtl = opts.clockTtlMs ?? 60_000;
  const clock = opts.clock ?? Date.now;
  const assets = new Map<string, { value: AssetInfo | null; at: number }>();
  const bars = new Map<string, { value: DailyBars; at: number }>();
  const sessions = new Map<string, { open: number; close: number } | null>();
  let mode: { always: boolean; at: number } | undefined;
  const parse = (v: string | undefined) => (v !== undefined && isDecimalString(v) ? dec(v) : undefined);
  const bar = (b: NativeBar | null | undefined) => {
    const c = parse(b?.c);
    const t = b?.t ? Date.parse(b.t) : NaN;
    return c && Number.isFinite(t) ? { t, c } : null;
  };

  const fetchAsset = async (symbol: string) => {
    try {
      const res = await opts.client.request<{ exchange?: string; marginable?: boolean }>({
        method: 'GET',
        path: `/v1/market/assets/${encodeURIComponent(symbol)}`,
      });
      if (res.status === 200)
        assets.set(symbol, {
          value: { exchange: res.body.exchange ?? '', marginable: res.body.marginable ?? true },
          at: clock(),
        });
      else if (res.status === 404) assets.set(symbol, { value: null, at: clock() });
    } catch (err) {
      opts.log.debug({ err, symbol }, 'no asset from market-data');
    }
  };

  const fetchBars = async (symbols: string[]): Promise<boolean> => {
    const res = await opts.client.request<{ snapshots?: Record<string, NativeSnapshot> }>({
      method: 'GET',
      path: '/v1/market/snapshots',
      query: { symbols: symbols.join(',') },
    });
    if (res.status === 404 && symbols.length === 1) {
      bars.set(symbols[0]!, { value: { daily: null, prev: null }, at: clock() });
      return true;
    }
    if (res.status !== 200) return false;
    for (const s of symbols) {
      const snap = res.body.snapshots?.[s];
      bars.set(s, { value: { daily: bar(snap?.dailyBar), prev: bar(snap?.prevDailyBar) }, at: clock() });
    }
    return true;
  };

  return {
    async assets(symbols) {
      const stale = symbols.filter((s) => clock() - (assets.get(s)?.at ?? -Infinity) > assetTtl);
      await Promise.all(stale.map(fetchAsset));
      const out = new Map<string, AssetInfo>();
      for (const s of symbols) {
        const a = assets.get(s)?.value;
        if (a) out.set(s, a);
      }
      return out;
    },

    async previousCloses(symbols, now) {
      const stale = symbols.filter((s) => clock() - (bars.get(s)?.at ?? -Infinity) > barsTtl);
      if (stale.length > 0) {
        // One unknown symbol fails a batch (404): then each alone, so the others still get theirs.
        const ok = await fetchBars(stale).catch(() => false);
        if (!ok && stale.length > 1) await Promise.all(stale.map((s) => fetchBars([s]).catch(() => false)));
      }
      const out = new Map<string, Decimal>();
      for (const s of symbols) {
        const b = bars.get(s)?.value;
        const close = b && previousClose(b, now);
        if (close) out.set(s, close);
      }
      return out;
    },

    async session(now): Promise<SessionState | undefined> {
      try {
        if (!mode || clock() - mode.at > clockTtl) {
          const res = await opts.client.request<{ sessionMode?: string }>({
            method: 'GET',
            path: '/v1/market/clock',
          });
          if (res.status !== 200) return undefined;
          mode = { always: res.body.sessionMode === 'always', at: clock() };
        }
        if (mode.always) return { open: true, extended: true };
        const date = nyDate.format(now);
        if (!sessions.has(date)) {
          const res = await opts.client.request<{
            sessions?: { date: string; open: string; close: string }[];
          }>({
            method: 'GET',
            path: '/v1/market/calendar',
            query: { start: date, end: date },
          });
          if (res.status !== 200) return undefined;
          const s = res.body.sessions?.find((x) => x.date === date);
          // A trading date's session never changes; keep a few days of them.
          if (sessions.size > 16) sessions.clear();
          sessions.set(date, s ? { open: Date.parse(s.open), close: Date.parse(s.close) } : null);
        }
        const s = sessions.get(date);
        const t = now.getTime();
        if (!s) return { open: false, extended: false };
        return {
          open: t >= s.open && t < s.close,
          extended: t >= s.open - PRE_MARKET_MS && t < s.close + AFTER_HOURS_MS,
        };
      } catch (err) {
        opts.log.debug({ err }, 'no session clock from market-data');
        return undefined;
      }
    },
  };
}
