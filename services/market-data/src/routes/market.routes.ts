import { ProblemSchema, type ServiceApp } from '@tradeplane/kit';
import { cached } from '../domain/cached.ts';
import { calendar as nyseSessions, clock, nyDate } from '../domain/calendar.ts';
import { MarketErrors } from '../domain/errors.ts';
import { getBarsPage } from '../domain/get-bars.ts';
import { getIndicator, indicatorParams, isDefaultParams, plainPoint } from '../domain/get-indicator.ts';
import type { IndicatorName } from '../domain/indicators.ts';
import { addDays } from '../domain/ny-time.ts';
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
import { snapshots } from '../domain/snapshots.ts';
import type { MarketRuntime } from '../domain/market-runtime.ts';
import {
  AssetList,
  Asset,
  BarsQuery,
  BarsResponse,
  CalendarQuery,
  CalendarResponse,
  ClockResponse,
  IndicatorQuery,
  IndicatorResponse,
  NewsQuery,
  NewsResponse,
  QuotesResponse,
  SnapshotsResponse,
  StatusResponse,
  SymbolParams,
  SymbolsQuery,
  TradesResponse,
} from '../schemas/market.schemas.ts';
import { nativeAsset, nativeBar, nativeNews, nativeQuote, nativeSnapshot, nativeTrade } from './present.ts';
import { readerRoute } from './readers.ts';

const tags = ['market'];
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema };

/** How far back `start` defaults from `end` when omitted, per timeframe. */
const DEFAULT_SPAN_DAYS: Record<Timeframe, number> = {
  '1Min': 1,
  '5Min': 7,
  '15Min': 7,
  '1Hour': 30,
  '1Day': 365,
};
const MAX_CALENDAR_DAYS = 366 * 30;

export async function marketRoutes(app: ServiceApp, rt: MarketRuntime): Promise<void> {
  const deps = rt.deps;

  /** Known symbols of a request, or a 404 naming the unknown ones. */
  const known = async (symbols: string[]) => {
    const { unknown } = await deps.assets.resolve(symbols);
    if (unknown.length > 0) throw MarketErrors.unknownSymbol(unknown);
    return symbols;
  };

  app.get(
    '/v1/market/status',
    {
      ...readerRoute,
      schema: {
        tags,
        summary: 'Backfill progress, price source, session mode and symbols',
        response: { 200: StatusResponse, ...errors },
      },
    },
    async () => rt.status(),
  );

  app.get(
    '/v1/market/assets',
    {
      ...readerRoute,
      schema: { tags, summary: 'Every listed asset', response: { 200: AssetList, ...errors } },
    },
    async () => ({ data: (await deps.assets.all()).map(nativeAsset) }),
  );

  app.get(
    '/v1/market/assets/:symbol',
    {
      ...readerRoute,
      schema: { tags, summary: 'One asset', params: SymbolParams, response: { 200: Asset, ...errors } },
    },
    async (req) => {
      const symbol = parseSymbol(req.params.symbol);
      const asset = await deps.assets.find(symbol);
      if (!asset) throw MarketErrors.unknownSymbol([symbol]);
      return nativeAsset(asset);
    },
  );

  app.get(
    '/v1/market/clock',
    {
      ...readerRoute,
      schema: {
        tags,
        summary: 'Whether the market is open, and the next open and close',
        response: { 200: ClockResponse, ...errors },
      },
    },
    async () => {
      const c = clock(deps.now(), deps.calendar);
      return {
        timestamp: c.timestamp.toISOString(),
        isOpen: c.is_open,
        nextOpen: c.next_open.toISOString(),
        nextClose: c.next_close.toISOString(),
        calendar: deps.calendar.name,
        sessionMode: deps.config.MARKET_SESSION_MODE,
      };
    },
  );

  app.get(
    '/v1/market/calendar',
    {
      ...readerRoute,
      schema: {
        tags,
        summary: 'NYSE sessions between two dates (holidays and early closes by rule)',
        querystring: CalendarQuery,
        response: { 200: CalendarResponse, ...errors },
      },
    },
    async (req) => {
      const start = req.query.start ?? nyDate(deps.now());
      const end = req.query.end ?? addDays(start, 30);
      if (start > end) throw MarketErrors.invalidRange(`start (${start}) is after end (${end})`);
      if (Date.parse(end) - Date.parse(start) > MAX_CALENDAR_DAYS * 86_400_000) {
        throw MarketErrors.invalidRange(`at most ${MAX_CALENDAR_DAYS} days per request`);
      }
      return {
        calendar: 'NYSE' as const,
        sessions: nyseSessions(start, end).map((s) => ({
          date: s.date,
          open: s.open.toISOString(),
          close: s.close.toISOString(),
          earlyClose: s.earlyClose,
        })),
      };
    },
  );

  app.get(
    '/v1/market/quotes',
    {
      ...readerRoute,
      schema: {
        tags,
        summary: 'Latest quote of each symbol',
        querystring: SymbolsQuery,
        response: { 200: QuotesResponse, ...errors },
      },
    },
    async (req) => {
      const symbols = await known(parseSymbols(req.query.symbols));
      return cached(deps.cache, 'quotes', [...symbols].sort().join(','), async () => {
        const quotes: Record<string, ReturnType<typeof nativeQuote>> = {};
        for (const s of symbols) {
          const q = deps.live.quote(s);
          if (q) quotes[s] = nativeQuote(q);
        }
        return { quotes };
      });
    },
  );

  app.get(
    '/v1/market/trades/latest',
    {
      ...readerRoute,
      schema: {
        tags,
        summary: 'Latest trade of each symbol',
        querystring: SymbolsQuery,
        response: { 200: TradesResponse, ...errors },
      },
    },
    async (req) => {
      const symbols = await known(parseSymbols(req.query.symbols));
      const trades: Record<string, ReturnType<typeof nativeTrade>> = {};
      for (const s of symbols) {
        const t = deps.live.trade(s);
        if (t) trades[s] = nativeTrade(t);
      }
      return { trades };
    },
  );

  app.get(
    '/v1/market/bars/:symbol',
    {
      ...readerRoute,
      schema: {
        tags,
        summary: 'Historical bars, cursor-paginated (5Min, 15Min and 1Hour are aggregated from 1Min)',
        params: SymbolParams,
        querystring: BarsQuery,
        response: { 200: BarsResponse, ...errors },
      },
    },
    async (req) => {
      const symbol = parseSymbol(req.params.symbol);
      const timeframe = parseTimeframe(req.query.timeframe);
      const end = req.query.end ? parseTime('end', req.query.end, 'end', deps.calendar) : deps.now();
      const start = req.query.start
        ? parseTime('start', req.query.start, 'start', deps.calendar)
        : new Date(end.getTime() - DEFAULT_SPAN_DAYS[timeframe] * 86_400_000);
      checkRange(start, end);
      let after: string | undefined;
      if (req.query.cursor) {
        const c = decodeCursor(req.query.cursor, ['s', 'f', 't'] as const);
        if (c.s !== symbol || c.f !== timeframe) throw MarketErrors.invalidCursor();
        after = c.t;
      }
      const page = await getBarsPage(deps, {
        symbol,
        timeframe,
        start,
        end,
        limit: req.query.limit,
        order: req.query.sort,
        ...(after !== undefined ? { after } : {}),
      });
      return {
        symbol,
        timeframe,
        bars: page.bars.map(nativeBar),
        nextCursor:
          page.nextAfter === null ? null : encodeCursor({ s: symbol, f: timeframe, t: page.nextAfter }),
      };
    },
  );

  app.get(
    '/v1/market/snapshots',
    {
      ...readerRoute,
      schema: {
        tags,
        summary: 'Latest trade, latest quote, minute bar, daily bar and previous daily bar of each symbol',
        querystring: SymbolsQuery,
        response: { 200: SnapshotsResponse, ...errors },
      },
    },
    async (req) => {
      const symbols = await known(parseSymbols(req.query.symbols));
      const snaps = await snapshots(deps, symbols);
      return { snapshots: Object.fromEntries([...snaps].map(([s, snap]) => [s, nativeSnapshot(snap)])) };
    },
  );

  app.get(
    '/v1/market/indicators/:symbol',
    {
      ...readerRoute,
      schema: {
        tags,
        summary: 'An indicator (sma, ema, rsi, macd, bbands, atr, vwap, stoch) over stored bars',
        params: SymbolParams,
        querystring: IndicatorQuery,
        response: { 200: IndicatorResponse, ...errors },
      },
    },
    async (req) => {
      const symbol = parseSymbol(req.params.symbol);
      const {
        name,
        params: json,
        timeframe: rawTimeframe,
        limit,
        end: rawEnd,
        ...loose
      } = req.query as Record<string, unknown> & {
        name: string;
        params?: string;
        timeframe: string;
        limit: number;
        end?: string;
      };
      const timeframe = parseTimeframe(rawTimeframe);
      const end = rawEnd ? parseTime('end', rawEnd, 'end', deps.calendar) : new Date(8.64e15);
      const series = await getIndicator(deps, {
        symbol,
        name: name.toLowerCase(),
        params: indicatorParams(json, loose),
        timeframe,
        limit,
        end,
      });
      const streaming =
        timeframe === '1Min' && rawEnd === undefined && isDefaultParams(series.name, series.params)
          ? rt.live?.latestIndicators.get(symbol)?.[series.name as IndicatorName]
          : undefined;
      return { ...series, latest: streaming ? plainPoint(streaming) : null };
    },
  );

  app.get(
    '/v1/market/news',
    {
      ...readerRoute,
      schema: {
        tags,
        summary: 'News, newest first, optionally about given symbols',
        querystring: NewsQuery,
        response: { 200: NewsResponse, ...errors },
      },
    },
    async (req) => {
      const q = req.query;
      const page = await readNewsQuery(deps.db, deps.cache, deps.calendar, { ...q, cursor: q.cursor });
      return { news: page.news.map(nativeNews), nextCursor: page.nextCursor };
    },
  );
}
