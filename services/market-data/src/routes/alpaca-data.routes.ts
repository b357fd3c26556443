/**
 * Alpaca's Market Data API v2 (docs.alpaca.markets, "Market Data API": stocks and news) at the
 * paths the gateway forwards under /alpaca/data, so the official SDK and any Alpaca client work
 * pointed at the gateway. Field names, map shapes and `next_page_token` are Alpaca's; errors are
 * rendered as Alpaca's `{code, message}` by the kit for every /alpaca/ path.
 *
 * Alpaca behaviours kept: multi-symbol bars are sorted by symbol then time and `limit` counts
 * bars across all symbols; symbols without data are left out of the maps rather than failing the
 * request; `start` defaults to the beginning of the current day.
 */
import { isAppError, type ServiceApp } from '@tradeplane/kit';
import { MarketErrors } from '../domain/errors.ts';
import { getBarsPage } from '../domain/get-bars.ts';
import type { MarketRuntime } from '../domain/market-runtime.ts';
import { readNewsQuery } from '../domain/news.ts';
import {
  checkRange,
  decodeCursor,
  encodeCursor,
  parseSymbol,
  parseSymbols,
  parseTime,
  parseTimeframe,
  type Timeframe,
} from '../domain/request-params.ts';
import { latestMinuteBars, snapshots } from '../domain/snapshots.ts';
import type { StoredBar } from '../store/bars.store.ts';
import {
  alpacaErrors,
  AlpacaBarsQuery,
  AlpacaBarsResponse,
  AlpacaLatestBar,
  AlpacaLatestBars,
  AlpacaLatestQuery,
  AlpacaLatestQuote,
  AlpacaLatestQuotes,
  AlpacaLatestSingleQuery,
  AlpacaLatestTrade,
  AlpacaLatestTrades,
  AlpacaMultiBarsQuery,
  AlpacaMultiBarsResponse,
  AlpacaNewsQuery,
  AlpacaNewsResponse,
  AlpacaSingleSnapshot,
  AlpacaSnapshots,
  AlpacaSymbolParams,
} from '../schemas/alpaca.schemas.ts';
import { alpacaBar, alpacaNews, alpacaQuote, alpacaSnapshot, alpacaTrade } from './present.ts';
import { readerRoute } from './readers.ts';

const tags = ['alpaca market data'];
const BASE = '/alpaca/data';

export async function alpacaDataRoutes(app: ServiceApp, rt: MarketRuntime): Promise<void> {
  const deps = rt.deps;

  /** Alpaca's defaults: start at the beginning of the current day, end now. */
  const range = (q: { start?: string | undefined; end?: string | undefined }) => {
    const now = deps.now();
    const start = q.start
      ? parseTime('start', q.start, 'start', deps.calendar)
      : deps.calendar.dayStart(deps.calendar.dateOf(now));
    const end = q.end ? parseTime('end', q.end, 'end', deps.calendar) : now;
    checkRange(start, end);
    return { start, end };
  };

  const knownSymbols = async (symbols: string[]) => {
    if (deps.provider) return symbols;
    return (await deps.assets.resolve(symbols)).known.map((a) => a.symbol);
  };

  /** One symbol's page, or none for a symbol nobody knows (Alpaca answers such symbols with no bars). */
  const symbolPage = async (
    symbol: string,
    timeframe: Timeframe,
    r: { start: Date; end: Date },
    limit: number,
    order: 'asc' | 'desc',
    after: string | undefined,
  ) => {
    try {
      return await getBarsPage(deps, { symbol, timeframe, ...r, limit, order, ...(after ? { after } : {}) });
    } catch (err) {
      if (isAppError(err) && err.code === 'MARKET_DATA_UNKNOWN_SYMBOL')
        return { bars: [] as StoredBar[], nextAfter: null };
      throw err;
    }
  };

  app.get(
    `${BASE}/v2/stocks/bars`,
    {
      ...readerRoute,
      schema: {
        tags,
        summary: 'Historical bars of several symbols (Alpaca v2)',
        querystring: AlpacaMultiBarsQuery,
        response: { 200: AlpacaMultiBarsResponse, ...alpacaErrors },
      },
    },
    async (req) => {
      const q = req.query;
      const timeframe = parseTimeframe(q.timeframe);
      const r = range(q);
      const symbols = (await knownSymbols(parseSymbols(q.symbols))).sort();
      let from = 0;
      let after: string | undefined;
      if (q.page_token) {
        const token = decodeCursor(q.page_token, ['s', 't'] as const);
        from = symbols.indexOf(token.s);
        if (from < 0) throw MarketErrors.invalidCursor();
        after = token.t || undefined;
      }
      const bars: Record<string, ReturnType<typeof alpacaBar>[]> = {};
      let remaining = q.limit;
      let next: string | null = null;
      for (let i = from; i < symbols.length; i++) {
        const symbol = symbols[i]!;
        const page = await symbolPage(
          symbol,
          timeframe,
          r,
          remaining,
          q.sort,
          i === from ? after : undefined,
        );
        if (page.bars.length > 0) bars[symbol] = page.bars.map(alpacaBar);
        remaining -= page.bars.length;
        if (page.nextAfter !== null) {
          next = encodeCursor({ s: symbol, t: page.nextAfter });
          break;
        }
        if (remaining === 0) {
          const following = symbols[i + 1];
          if (following) next = encodeCursor({ s: following, t: '' });
          break;
        }
      }
      return { bars, next_page_token: next, currency: 'USD' };
    },
  );

  app.get(
    `${BASE}/v2/stocks/:symbol/bars`,
    {
      ...readerRoute,
      schema: {
        tags,
        summary: 'Historical bars of one symbol (Alpaca v2)',
        params: AlpacaSymbolParams,
        querystring: AlpacaBarsQuery,
        response: { 200: AlpacaBarsResponse, ...alpacaErrors },
      },
    },
    async (req) => {
      const q = req.query;
      const symbol = parseSymbol(req.params.symbol);
      const timeframe = parseTimeframe(q.timeframe);
      const r = range(q);
      let after: string | undefined;
      if (q.page_token) {
        const token = decodeCursor(q.page_token, ['s', 't'] as const);
        if (token.s !== symbol) throw MarketErrors.invalidCursor();
        after = token.t || undefined;
      }
      const page = await symbolPage(symbol, timeframe, r, q.limit, q.sort, after);
      return {
        bars: page.bars.map(alpacaBar),
        symbol,
        next_page_token: page.nextAfter === null ? null : encodeCursor({ s: symbol, t: page.nextAfter }),
        currency: 'USD',
      };
    },
  );

  app.get(
    `${BASE}/v2/stocks/quotes/latest`,
    {
      ...readerRoute,
      schema: {
        tags,
        summary: 'Latest quotes (Alpaca v2)',
        querystring: AlpacaLatestQuery,
        response: { 200: AlpacaLatestQuotes, ...alpacaErrors },
      },
    },
    async (req) => {
      const quotes: Record<string, ReturnType<typeof alpacaQuote>> = {};
      for (const s of parseSymbols(req.query.symbols)) {
        const q = deps.live.quote(s);
        if (q) quotes[s] = alpacaQuote(q);
      }
      return { quotes, currency: 'USD' };
    },
  );

  app.get(
    `${BASE}/v2/stocks/:symbol/quotes/latest`,
    {
      ...readerRoute,
      schema: {
        tags,
        summary: 'Latest quote of one symbol (Alpaca v2)',
        params: AlpacaSymbolParams,
        querystring: AlpacaLatestSingleQuery,
        response: { 200: AlpacaLatestQuote, ...alpacaErrors },
      },
    },
    async (req) => {
      const symbol = parseSymbol(req.params.symbol);
      const q = deps.live.quote(symbol);
      if (!q) throw MarketErrors.noData(`no quote found for ${symbol}`);
      return { symbol, quote: alpacaQuote(q), currency: 'USD' };
    },
  );

  app.get(
    `${BASE}/v2/stocks/trades/latest`,
    {
      ...readerRoute,
      schema: {
        tags,
        summary: 'Latest trades (Alpaca v2)',
        querystring: AlpacaLatestQuery,
        response: { 200: AlpacaLatestTrades, ...alpacaErrors },
      },
    },
    async (req) => {
      const trades: Record<string, ReturnType<typeof alpacaTrade>> = {};
      for (const s of parseSymbols(req.query.symbols)) {
        const t = deps.live.trade(s);
        if (t) trades[s] = alpacaTrade(t);
      }
      return { trades, currency: 'USD' };
    },
  );

  app.get(
    `${BASE}/v2/stocks/:symbol/trades/latest`,
    {
      ...readerRoute,
      schema: {
        tags,
        summary: 'Latest trade of one symbol (Alpaca v2)',
        params: AlpacaSymbolParams,
        querystring: AlpacaLatestSingleQuery,
        response: { 200: AlpacaLatestTrade, ...alpacaErrors },
      },
    },
    async (req) => {
      const symbol = parseSymbol(req.params.symbol);
      const t = deps.live.trade(symbol);
      if (!t) throw MarketErrors.noData(`no trade found for ${symbol}`);
      return { symbol, trade: alpacaTrade(t), currency: 'USD' };
    },
  );

  app.get(
    `${BASE}/v2/stocks/bars/latest`,
    {
      ...readerRoute,
      schema: {
        tags,
        summary: 'Latest minute bars (Alpaca v2)',
        querystring: AlpacaLatestQuery,
        response: { 200: AlpacaLatestBars, ...alpacaErrors },
      },
    },
    async (req) => {
      const latest = await latestMinuteBars(deps, await knownSymbols(parseSymbols(req.query.symbols)));
      return { bars: Object.fromEntries([...latest].map(([s, b]) => [s, alpacaBar(b)])), currency: 'USD' };
    },
  );

  app.get(
    `${BASE}/v2/stocks/:symbol/bars/latest`,
    {
      ...readerRoute,
      schema: {
        tags,
        summary: 'Latest minute bar of one symbol (Alpaca v2)',
        params: AlpacaSymbolParams,
        querystring: AlpacaLatestSingleQuery,
        response: { 200: AlpacaLatestBar, ...alpacaErrors },
      },
    },
    async (req) => {
      const symbol = parseSymbol(req.params.symbol);
      const bar = (await latestMinuteBars(deps, [symbol])).get(symbol);
      if (!bar) throw MarketErrors.noData(`no bar found for ${symbol}`);
      return { symbol, bar: alpacaBar(bar), currency: 'USD' };
    },
  );

  app.get(
    `${BASE}/v2/stocks/snapshots`,
    {
      ...readerRoute,
      schema: {
        tags,
        summary: 'Snapshots (Alpaca v2), keyed by symbol',
        querystring: AlpacaLatestQuery,
        response: { 200: AlpacaSnapshots, ...alpacaErrors },
      },
    },
    async (req) => {
      const symbols = await knownSymbols(parseSymbols(req.query.symbols));
      const snaps = await snapshots(deps, symbols);
      return Object.fromEntries([...snaps].map(([s, snap]) => [s, alpacaSnapshot(snap)]));
    },
  );

  app.get(
    `${BASE}/v2/stocks/:symbol/snapshot`,
    {
      ...readerRoute,
      schema: {
        tags,
        summary: 'Snapshot of one symbol (Alpaca v2)',
        params: AlpacaSymbolParams,
        querystring: AlpacaLatestSingleQuery,
        response: { 200: AlpacaSingleSnapshot, ...alpacaErrors },
      },
    },
    async (req) => {
      const symbol = parseSymbol(req.params.symbol);
      if ((await knownSymbols([symbol])).length === 0)
        throw MarketErrors.noData(`no snapshot found for ${symbol}`);
      const snap = (await snapshots(deps, [symbol])).get(symbol)!;
      return { symbol, ...alpacaSnapshot(snap), currency: 'USD' };
    },
  );

  app.get(
    `${BASE}/v1beta1/news`,
    {
      ...readerRoute,
      schema: {
        tags,
        summary: 'News (Alpaca v1beta1)',
        querystring: AlpacaNewsQuery,
        response: { 200: AlpacaNewsResponse, ...alpacaErrors },
      },
    },
    async (req) => {
      const q = req.query;
      const page = await readNewsQuery(deps.db, deps.cache, deps.calendar, { ...q, cursor: q.page_token });
      const news = page.news.filter((n) => !q.exclude_contentless || n.content.length > 0);
      return { news: news.map((n) => alpacaNews(n, q.include_content)), next_page_token: page.nextCursor };
    },
  );
}
