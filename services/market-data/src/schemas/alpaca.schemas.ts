import { Type } from 'typebox';

/**
 * Alpaca's Market Data API v2 and Trading API v2 reference shapes (docs.alpaca.markets; the
 * official SDK's models in @alpacahq/alpaca-trade-api src/market-data/models and src/trading/models).
 * Prices are JSON numbers here because that is Alpaca's wire format.
 */

/** Alpaca's error body: `code` is the HTTP status followed by 10000 + a detail number (40010000). */
export const AlpacaError = Type.Object({ code: Type.Integer(), message: Type.String() });
export const alpacaErrors = {
  400: AlpacaError,
  401: AlpacaError,
  403: AlpacaError,
  404: AlpacaError,
} as const;

const Instant = Type.String({ description: 'RFC 3339' });

export const AlpacaBar = Type.Object({
  t: Instant,
  o: Type.Number(),
  h: Type.Number(),
  l: Type.Number(),
  c: Type.Number(),
  v: Type.Integer(),
  n: Type.Integer(),
  vw: Type.Number(),
});

export const AlpacaQuote = Type.Object({
  t: Instant,
  ax: Type.String(),
  ap: Type.Number(),
  as: Type.Number(),
  bx: Type.String(),
  bp: Type.Number(),
  bs: Type.Number(),
  c: Type.Array(Type.String()),
  z: Type.String(),
});

export const AlpacaTrade = Type.Object({
  t: Instant,
  x: Type.String(),
  p: Type.Number(),
  s: Type.Number(),
  c: Type.Array(Type.String()),
  i: Type.Union([Type.Integer(), Type.String()]),
  z: Type.String(),
});

const Feed = Type.Optional(
  Type.String({ description: 'accepted and ignored: one feed is served (sip, iex, delayed_sip, otc)' }),
);
const Currency = Type.Optional(Type.String({ description: 'USD only' }));

export const AlpacaBarsQuery = Type.Object({
  timeframe: Type.String({ description: '1Min, 5Min, 15Min, 1Hour, 1Day (also 1T, 5T, 15T, 1H, 1D)' }),
  start: Type.Optional(
    Type.String({ description: 'RFC 3339 or YYYY-MM-DD, inclusive; default: the start of the current day' }),
  ),
  end: Type.Optional(Type.String({ description: 'RFC 3339 or YYYY-MM-DD, inclusive; default: now' })),
  limit: Type.Integer({ minimum: 1, maximum: 10_000, default: 1000 }),
  page_token: Type.Optional(Type.String({ maxLength: 1000 })),
  sort: Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'asc' }),
  adjustment: Type.Optional(
    Type.String({
      description: 'accepted; simulated and imported data have no corporate actions to adjust for',
    }),
  ),
  asof: Type.Optional(Type.String()),
  feed: Feed,
  currency: Currency,
});
export const AlpacaMultiBarsQuery = Type.Object({
  ...AlpacaBarsQuery.properties,
  symbols: Type.String({ minLength: 1, maxLength: 10_000 }),
});

export const AlpacaMultiBarsResponse = Type.Object({
  bars: Type.Record(Type.String(), Type.Array(AlpacaBar)),
  next_page_token: Type.Union([Type.String(), Type.Null()]),
  currency: Type.Optional(Type.String()),
});
export const AlpacaBarsResponse = Type.Object({
  bars: Type.Array(AlpacaBar),
  symbol: Type.String(),
  next_page_token: Type.Union([Type.String(), Type.Null()]),
  currency: Type.Optional(Type.String()),
});

export const AlpacaLatestQuery = Type.Object({
  symbols: Type.String({ minLength: 1, maxLength: 10_000 }),
  feed: Feed,
  currency: Currency,
});
export const AlpacaLatestSingleQuery = Type.Object({ feed: Feed, currency: Currency });
export const AlpacaSymbolParams = Type.Object({ symbol: Type.String({ minLength: 1, maxLength: 24 }) });

export const AlpacaLatestQuotes = Type.Object({
  quotes: Type.Record(Type.String(), AlpacaQuote),
  currency: Type.Optional(Type.String()),
});
export const AlpacaLatestQuote = Type.Object({
  symbol: Type.String(),
  quote: AlpacaQuote,
  currency: Type.Optional(Type.String()),
});
export const AlpacaLatestTrades = Type.Object({
  trades: Type.Record(Type.String(), AlpacaTrade),
  currency: Type.Optional(Type.String()),
});
export const AlpacaLatestTrade = Type.Object({
  symbol: Type.String(),
  trade: AlpacaTrade,
  currency: Type.Optional(Type.String()),
});
export const AlpacaLatestBars = Type.Object({
  bars: Type.Record(Type.String(), AlpacaBar),
  currency: Type.Optional(Type.String()),
});
export const AlpacaLatestBar = Type.Object({
  symbol: Type.String(),
  bar: AlpacaBar,
  currency: Type.Optional(Type.String()),
});

const SnapshotFields = {
  latestTrade: Type.Optional(AlpacaTrade),
  latestQuote: Type.Optional(AlpacaQuote),
  minuteBar: Type.Optional(AlpacaBar),
  dailyBar: Type.Optional(AlpacaBar),
  prevDailyBar: Type.Optional(AlpacaBar),
};
export const AlpacaSnapshot = Type.Object(SnapshotFields);
/** Keyed by symbol at the top level, as Alpaca's /v2/stocks/snapshots answers. */
export const AlpacaSnapshots = Type.Record(Type.String(), AlpacaSnapshot);
export const AlpacaSingleSnapshot = Type.Object({
  symbol: Type.String(),
  ...SnapshotFields,
  currency: Type.Optional(Type.String()),
});

export const AlpacaNewsQuery = Type.Object({
  symbols: Type.Optional(Type.String({ maxLength: 10_000 })),
  start: Type.Optional(Type.String()),
  end: Type.Optional(Type.String()),
  limit: Type.Integer({ minimum: 1, maximum: 50, default: 10 }),
  sort: Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'desc' }),
  include_content: Type.Boolean({ default: false }),
  exclude_contentless: Type.Boolean({ default: false }),
  page_token: Type.Optional(Type.String({ maxLength: 1000 })),
});
export const AlpacaNewsItem = Type.Object({
  id: Type.Integer(),
  headline: Type.String(),
  author: Type.String(),
  created_at: Instant,
  updated_at: Instant,
  summary: Type.String(),
  content: Type.String(),
  url: Type.Union([Type.String(), Type.Null()]),
  images: Type.Array(Type.Object({ size: Type.String(), url: Type.String() })),
  symbols: Type.Array(Type.String()),
  source: Type.String(),
});
export const AlpacaNewsResponse = Type.Object({
  news: Type.Array(AlpacaNewsItem),
  next_page_token: Type.Union([Type.String(), Type.Null()]),
});

// ---------------------------------------------------------------- Trading API v2 reference data

export const AlpacaClock = Type.Object({
  timestamp: Instant,
  is_open: Type.Boolean(),
  next_open: Instant,
  next_close: Instant,
});

export const AlpacaCalendarQuery = Type.Object({
  start: Type.Optional(
    Type.String({
      description: 'YYYY-MM-DD or RFC 3339; default 2000-01-01 (the rules are checked from 2000)',
    }),
  ),
  end: Type.Optional(Type.String({ description: 'YYYY-MM-DD or RFC 3339; default Dec 31 of next year' })),
  date_type: Type.Optional(Type.Union([Type.Literal('TRADING'), Type.Literal('SETTLEMENT')])),
});
export const AlpacaCalendarDay = Type.Object({
  date: Type.String(),
  open: Type.String({ description: 'HH:MM New York time' }),
  close: Type.String(),
  session_open: Type.String({ description: 'HHMM: the extended-hours session, 04:00' }),
  session_close: Type.String({ description: 'HHMM: the extended-hours session, 20:00' }),
  settlement_date: Type.String(),
});
export const AlpacaCalendar = Type.Array(AlpacaCalendarDay);

export const AlpacaAssetsQuery = Type.Object({
  status: Type.Optional(Type.String()),
  asset_class: Type.Optional(Type.String()),
  exchange: Type.Optional(Type.String()),
  attributes: Type.Optional(Type.String()),
});
export const AlpacaAsset = Type.Object({
  id: Type.String({ format: 'uuid' }),
  class: Type.String(),
  exchange: Type.String(),
  symbol: Type.String(),
  name: Type.String(),
  status: Type.String(),
  tradable: Type.Boolean(),
  marginable: Type.Boolean(),
  maintenance_margin_requirement: Type.Number(),
  shortable: Type.Boolean(),
  easy_to_borrow: Type.Boolean(),
  fractionable: Type.Boolean(),
  price_increment: Type.String(),
  attributes: Type.Array(Type.String()),
});
export const AlpacaAssets = Type.Array(AlpacaAsset);
export const AlpacaAssetParams = Type.Object({ symbolOrId: Type.String({ minLength: 1, maxLength: 64 }) });
