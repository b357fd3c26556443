import { Type } from 'typebox';

/** Native API shapes: prices are decimal strings (ARCHITECTURE §6), volumes and counts integers. */
const Price = Type.String({ description: 'decimal string', examples: ['187.42'] });
const Instant = Type.String({ format: 'date-time' });
const SymbolParam = Type.String({ minLength: 1, maxLength: 24, description: 'ticker symbol, e.g. AAPL' });
const SymbolList = Type.String({
  minLength: 1,
  maxLength: 10_000,
  description: 'comma-separated symbols, e.g. AAPL,MSFT',
});

export const Asset = Type.Object({
  id: Type.String({ format: 'uuid' }),
  symbol: Type.String(),
  name: Type.String(),
  exchange: Type.String(),
  class: Type.String({ description: "'us_equity', or 'index' for a benchmark such as SPX" }),
  kind: Type.Union([
    Type.Literal('stock'),
    Type.Literal('etf'),
    Type.Literal('index'),
    Type.Literal('imported'),
  ]),
  sector: Type.Union([Type.String(), Type.Null()]),
  status: Type.String(),
  tradable: Type.Boolean(),
  marginable: Type.Boolean(),
  shortable: Type.Boolean(),
  easyToBorrow: Type.Boolean(),
  fractionable: Type.Boolean(),
  minTick: Price,
  live: Type.Boolean({ description: 'priced live by the market (simulator or provider stream)' }),
});

export const AssetList = Type.Object({ data: Type.Array(Asset) });
export const SymbolParams = Type.Object({ symbol: SymbolParam });

export const ClockResponse = Type.Object({
  timestamp: Instant,
  isOpen: Type.Boolean(),
  nextOpen: Instant,
  nextClose: Instant,
  calendar: Type.String({ description: "'NYSE' in exchange mode, 'CONTINUOUS' in always mode" }),
  sessionMode: Type.Union([Type.Literal('exchange'), Type.Literal('always')]),
});

export const CalendarQuery = Type.Object({
  start: Type.Optional(
    Type.String({ format: 'date', description: 'first date (YYYY-MM-DD), default today' }),
  ),
  end: Type.Optional(Type.String({ format: 'date', description: 'last date, default 30 days after start' })),
});

export const Session = Type.Object({
  date: Type.String({ format: 'date' }),
  open: Instant,
  close: Instant,
  earlyClose: Type.Boolean(),
});
export const CalendarResponse = Type.Object({
  calendar: Type.Literal('NYSE'),
  sessions: Type.Array(Session),
});

export const SymbolsQuery = Type.Object({ symbols: SymbolList });

export const Quote = Type.Object({
  symbol: Type.String(),
  bidPrice: Price,
  bidSize: Type.Integer(),
  askPrice: Price,
  askSize: Type.Integer(),
  bidExchange: Type.String(),
  askExchange: Type.String(),
  conditions: Type.Array(Type.String()),
  tape: Type.Union([Type.String(), Type.Null()]),
  timestamp: Instant,
});
export const QuotesResponse = Type.Object({
  quotes: Type.Record(Type.String(), Quote, {
    description: 'by symbol; a symbol the live market does not price (an index, an import) has no entry',
  }),
});

export const Trade = Type.Object({
  symbol: Type.String(),
  price: Price,
  size: Type.Integer(),
  exchange: Type.String(),
  id: Type.String(),
  conditions: Type.Array(Type.String()),
  tape: Type.Union([Type.String(), Type.Null()]),
  timestamp: Instant,
});
export const TradesResponse = Type.Object({ trades: Type.Record(Type.String(), Trade) });

export const Bar = Type.Object({
  t: Type.String({ description: 'start of the bar, RFC 3339 UTC' }),
  o: Price,
  h: Price,
  l: Price,
  c: Price,
  v: Type.Integer({ description: 'volume, shares' }),
  n: Type.Union([Type.Integer(), Type.Null()], { description: 'trade count (null for imports without it)' }),
  vw: Type.Union([Price, Type.Null()], { description: 'volume-weighted average price' }),
});

export const Timeframe = Type.String({
  description: '1Min, 5Min, 15Min, 1Hour or 1Day (Alpaca spellings such as 1T, 1H, 1D accepted)',
  default: '1Day',
});

export const BarsQuery = Type.Object({
  timeframe: Timeframe,
  start: Type.Optional(
    Type.String({
      description:
        'RFC 3339 time or YYYY-MM-DD (inclusive); default: before end by 1 day (1Min), 7 days (5Min, 15Min), 30 days (1Hour), 1 year (1Day)',
    }),
  ),
  end: Type.Optional(Type.String({ description: 'RFC 3339 time or YYYY-MM-DD (inclusive); default now' })),
  limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 1000 }),
  cursor: Type.Optional(Type.String({ maxLength: 1000, description: 'nextCursor of the previous page' })),
  sort: Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'asc' }),
});
export const BarsResponse = Type.Object({
  symbol: Type.String(),
  timeframe: Type.String(),
  bars: Type.Array(Bar),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const Snapshot = Type.Object({
  latestTrade: Type.Union([Trade, Type.Null()]),
  latestQuote: Type.Union([Quote, Type.Null()]),
  minuteBar: Type.Union([Bar, Type.Null()]),
  dailyBar: Type.Union([Bar, Type.Null()]),
  prevDailyBar: Type.Union([Bar, Type.Null()]),
});
export const SnapshotsResponse = Type.Object({ snapshots: Type.Record(Type.String(), Snapshot) });

export const IndicatorQuery = Type.Object(
  {
    name: Type.String({
      minLength: 1,
      maxLength: 20,
      description: 'sma, ema, rsi, macd, bbands, atr, vwap or stoch',
    }),
    params: Type.Optional(
      Type.String({
        maxLength: 500,
        description: 'JSON object, e.g. {"period":14}; loose keys such as period=14 work too',
      }),
    ),
    timeframe: Timeframe,
    limit: Type.Integer({ minimum: 1, maximum: 5_000, default: 100 }),
    end: Type.Optional(Type.String({ description: 'RFC 3339 time or YYYY-MM-DD; default now' })),
  },
  // Loose indicator parameters (period=14) travel as extra query keys.
  { additionalProperties: true },
);
const IndicatorValue = Type.Union([
  Type.Number(),
  Type.Record(Type.String(), Type.Number(), { description: 'macd, bbands and stoch have several lines' }),
]);
export const IndicatorResponse = Type.Object({
  symbol: Type.String(),
  name: Type.String(),
  params: Type.Record(Type.String(), Type.Union([Type.Number(), Type.String()])),
  timeframe: Type.String(),
  values: Type.Array(Type.Object({ t: Type.String(), value: IndicatorValue }), {
    description: 'oldest first; statistics are plain numbers (not amounts of money)',
  }),
  latest: Type.Union([Type.Object({ t: Type.String(), value: IndicatorValue }), Type.Null()], {
    description:
      'the streaming value kept by the live market at the last 1Min bar close (default parameters, 1Min only)',
  }),
});

export const NewsQuery = Type.Object({
  symbols: Type.Optional(SymbolList),
  start: Type.Optional(Type.String({ description: 'RFC 3339 time or YYYY-MM-DD (inclusive)' })),
  end: Type.Optional(Type.String({ description: 'RFC 3339 time or YYYY-MM-DD (inclusive)' })),
  limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }),
  sort: Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'desc' }),
  cursor: Type.Optional(Type.String({ maxLength: 1000 })),
});
export const NewsArticle = Type.Object({
  id: Type.String(),
  headline: Type.String(),
  summary: Type.String(),
  content: Type.String(),
  author: Type.String(),
  source: Type.String(),
  url: Type.Union([Type.String(), Type.Null()]),
  symbols: Type.Array(Type.String()),
  sentiment: Type.Union([Type.Number(), Type.Null()], { description: '−1 … 1 when known' }),
  createdAt: Instant,
  updatedAt: Instant,
});
export const NewsResponse = Type.Object({
  news: Type.Array(NewsArticle),
  nextCursor: Type.Union([Type.String(), Type.Null()]),
});

export const ImportQuery = Type.Object({
  symbol: SymbolParam,
  timeframe: Type.Optional(
    Type.Union([Type.Literal('1Min'), Type.Literal('1Day')], {
      description: 'default: inferred from the rows',
    }),
  ),
});
export const ImportResponse = Type.Object({
  symbol: Type.String(),
  format: Type.String({ description: 'yahoo, alpaca, polygon or date-price' }),
  timeframe: Type.String(),
  rows: Type.Integer(),
  first: Type.String(),
  last: Type.String(),
});

export const StatusResponse = Type.Object({
  sessionMode: Type.String(),
  calendar: Type.String(),
  provider: Type.String({ description: "where live prices come from: 'simulator', 'polygon' or 'alpaca'" }),
  newsProviders: Type.Array(Type.String()),
  leader: Type.Boolean({ description: 'whether this instance runs the market' }),
  live: Type.Boolean(),
  symbols: Type.Array(Type.String()),
  lastBarAt: Type.Union([Type.String(), Type.Null()]),
  backfill: Type.Object({
    status: Type.String({ description: 'disabled, pending, running or done' }),
    symbolsDone: Type.Integer(),
    symbolsTotal: Type.Integer(),
    rows: Type.Integer(),
    endDate: Type.Union([Type.String(), Type.Null()]),
    startedAt: Type.Union([Type.String(), Type.Null()]),
    finishedAt: Type.Union([Type.String(), Type.Null()]),
  }),
  spx: Type.Object({ loaded: Type.Boolean(), rows: Type.Integer() }),
});
