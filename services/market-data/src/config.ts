import { Type, type Static } from 'typebox';

const Optional = (description: string) => Type.Optional(Type.String({ description }));

export const MarketDataConfig = Type.Object({
  /** Seed of the simulated market: one seed, one market (history, live prices and news). */
  MARKET_SEED: Type.String({ default: '42', minLength: 1, maxLength: 100 }),
  /**
   * `exchange`: trades only in NYSE sessions; `always`: a continuous market, for nights and
   * weekends (the embedded launcher's default).
   */
  MARKET_SESSION_MODE: Type.Union([Type.Literal('exchange'), Type.Literal('always')], {
    default: 'exchange',
  }),
  /** How often the live loop runs: the batching latency of quotes, trades and bar closes. */
  MARKET_TICK_MS: Type.Integer({ minimum: 10, maximum: 3_600_000, default: 100 }),
  /** Quote updates per symbol per second the simulator produces (each loop run steps in slices of 1000 / this). */
  MARKET_QUOTES_PER_SECOND: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
  /** Simulated news items per hour (0 turns the simulated wire off). Not used when a news provider is configured. */
  MARKET_NEWS_PER_HOUR: Type.Number({ minimum: 0, maximum: 3600, default: 6 }),
  /** Fill the history on first start; tests may turn it off. */
  MARKET_BACKFILL: Type.Boolean({ default: true }),
  MARKET_BACKFILL_DAILY_YEARS: Type.Integer({ minimum: 1, maximum: 30, default: 2 }),
  MARKET_BACKFILL_MINUTE_SESSIONS: Type.Integer({ minimum: 0, maximum: 60, default: 10 }),
  /** Rows per INSERT statement of the backfill; each runs in its own short transaction. */
  MARKET_BACKFILL_BATCH_ROWS: Type.Integer({ minimum: 100, maximum: 5_000, default: 2_000 }),
  /**
   * Wait this long after the live market starts before writing the history backfill. Embedded
   * mode shares one database connection between all services, so `npm start` sets a few seconds
   * here: the platform comes up first, the history follows.
   */
  MARKET_BACKFILL_DELAY_MS: Type.Integer({ minimum: 0, maximum: 600_000, default: 0 }),
  /** Load the real S&P 500 daily series (vega-datasets) as SPX on first start. */
  MARKET_LOAD_SPX: Type.Boolean({ default: true }),
  /** Symbols of the built-in universe to simulate, comma-separated; empty means all of them. */
  MARKET_SYMBOLS: Type.String({ default: '' }),
  /** How often configured news providers are polled. */
  MARKET_NEWS_POLL_MS: Type.Integer({ minimum: 1_000, maximum: 3_600_000, default: 60_000 }),
  /** Lease of the one instance that backfills and runs the market (renewed at a third of it). */
  MARKET_LEADER_TTL_MS: Type.Integer({ minimum: 1_000, maximum: 600_000, default: 15_000 }),
  /** Outbox and inbox rows older than this are deleted (bar.closed alone is ~78k rows a day). */
  MARKET_EVENT_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 365, default: 3 }),

  // Real providers (providers/index.ts: selectProviders). No keys: the simulator.
  MARKET_DATA_PROVIDER: Type.Union(
    [Type.Literal('auto'), Type.Literal('simulator'), Type.Literal('polygon'), Type.Literal('alpaca')],
    { default: 'auto' },
  ),
  POLYGON_API_KEY: Optional('Polygon.io API key: enables Polygon prices and news'),
  POLYGON_BASE_URL: Optional('override of https://api.polygon.io'),
  POLYGON_WS_URL: Optional('override of the Polygon stocks WebSocket URL'),
  ALPACA_DATA_KEY_ID: Optional('Alpaca market data key id (with ALPACA_DATA_SECRET_KEY)'),
  ALPACA_DATA_SECRET_KEY: Optional('Alpaca market data secret key'),
  ALPACA_DATA_FEED: Optional("Alpaca feed: 'iex' (free) or 'sip'"),
  ALPACA_DATA_BASE_URL: Optional('override of https://data.alpaca.markets'),
  ALPACA_DATA_STREAM_URL: Optional('override of the Alpaca data stream URL'),
  /**
   * Provider history (provider-history.ts HistorySettle): fetched minute bars are recorded as
   * covered (never asked for again) only this many minutes after they end — a delayed feed
   * publishes them ~15 minutes late — and daily bars of this many latest completed sessions are
   * not covered (1 on an end-of-day plan). Newer bars are stored and fetched again later.
   */
  POLYGON_HISTORY_SETTLE_MINUTES: Type.Integer({ minimum: 1, maximum: 1_440, default: 20 }),
  POLYGON_HISTORY_DAILY_SETTLE_SESSIONS: Type.Integer({ minimum: 0, maximum: 5, default: 0 }),
  ALPACA_DATA_HISTORY_SETTLE_MINUTES: Type.Integer({ minimum: 1, maximum: 1_440, default: 20 }),
  ALPACA_DATA_HISTORY_DAILY_SETTLE_SESSIONS: Type.Integer({ minimum: 0, maximum: 5, default: 0 }),
});

export type MarketDataConfig = Static<typeof MarketDataConfig>;
