import { Type } from 'typebox';

/** Alpaca Trading API v2 shapes (field names and types of @alpacahq/alpaca-trade-api's models). */
export const AlpacaError = Type.Object({ code: Type.Integer(), message: Type.String() });
export const alpacaErrors = {
  400: AlpacaError,
  401: AlpacaError,
  403: AlpacaError,
  404: AlpacaError,
  422: AlpacaError,
} as const;

const Str = Type.String();
const NStr = Type.Union([Type.String(), Type.Null()]);

export const AlpacaAccount = Type.Object({
  id: Str,
  account_number: Str,
  status: Str,
  crypto_status: Str,
  currency: Str,
  buying_power: Str,
  regt_buying_power: Str,
  daytrading_buying_power: Str,
  effective_buying_power: Str,
  non_marginable_buying_power: Str,
  options_buying_power: Str,
  bod_dtbp: Str,
  cash: Str,
  accrued_fees: Str,
  pending_transfer_in: Str,
  portfolio_value: Str,
  pattern_day_trader: Type.Boolean(),
  trading_blocked: Type.Boolean(),
  transfers_blocked: Type.Boolean(),
  account_blocked: Type.Boolean(),
  created_at: Str,
  trade_suspended_by_user: Type.Boolean(),
  multiplier: Str,
  shorting_enabled: Type.Boolean(),
  equity: Str,
  last_equity: Str,
  long_market_value: Str,
  short_market_value: Str,
  position_market_value: Str,
  initial_margin: Str,
  maintenance_margin: Str,
  last_maintenance_margin: Str,
  sma: Str,
  daytrade_count: Type.Integer(),
  balance_asof: Str,
  options_approved_level: Type.Integer(),
  options_trading_level: Type.Integer(),
});

export const AlpacaPosition = Type.Object({
  asset_id: Str,
  symbol: Str,
  exchange: Str,
  asset_class: Str,
  asset_marginable: Type.Boolean(),
  avg_entry_price: Str,
  qty: Str,
  qty_available: Str,
  side: Str,
  market_value: Str,
  cost_basis: Str,
  unrealized_pl: Str,
  unrealized_plpc: Str,
  unrealized_intraday_pl: Str,
  unrealized_intraday_plpc: Str,
  current_price: Str,
  lastday_price: Str,
  change_today: Str,
});

export const AlpacaOrder = Type.Object({
  id: Str,
  client_order_id: Str,
  created_at: Str,
  updated_at: Str,
  submitted_at: Str,
  filled_at: NStr,
  expired_at: NStr,
  canceled_at: NStr,
  failed_at: NStr,
  replaced_at: NStr,
  replaced_by: NStr,
  replaces: NStr,
  asset_id: Str,
  symbol: Str,
  asset_class: Str,
  notional: NStr,
  qty: NStr,
  filled_qty: Str,
  filled_avg_price: NStr,
  order_class: Str,
  order_type: Str,
  type: Str,
  side: Str,
  position_intent: Str,
  time_in_force: Str,
  limit_price: NStr,
  stop_price: NStr,
  status: Str,
  extended_hours: Type.Boolean(),
  legs: Type.Null(),
  trail_percent: NStr,
  trail_price: NStr,
  hwm: NStr,
});

export const AlpacaClosedPosition = Type.Object({
  symbol: Str,
  status: Type.Integer(),
  body: Type.Union([AlpacaOrder, AlpacaError]),
});

export const AlpacaCloseQuery = Type.Object({
  qty: Type.Optional(Type.String({ pattern: '^\\d+(\\.\\d+)?$' })),
  percentage: Type.Optional(Type.String({ pattern: '^\\d+(\\.\\d+)?$' })),
});

export const AlpacaCloseAllQuery = Type.Object({ cancel_orders: Type.Optional(Type.Boolean()) });

/** Alpaca's TradeActivity (a fill). */
export const AlpacaTradeActivity = Type.Object({
  id: Str,
  activity_type: Type.Literal('FILL'),
  transaction_time: Str,
  type: Str,
  price: Str,
  qty: Str,
  side: Str,
  symbol: Str,
  order_id: Str,
  cum_qty: Str,
});

/** Alpaca's NonTradeActivity (NTA): a deposit (CSD), a fee (FEE)… */
export const AlpacaNonTradeActivity = Type.Object({
  id: Str,
  activity_type: Str,
  activity_sub_type: Type.Optional(Str),
  date: Str,
  created_at: Str,
  net_amount: Str,
  description: Str,
  status: Type.Union([Type.Literal('executed'), Type.Literal('correct'), Type.Literal('canceled')]),
  currency: Str,
  symbol: Type.Optional(Str),
  qty: Type.Optional(Str),
  per_share_amount: Type.Optional(Str),
});

export const AlpacaActivity = Type.Union([AlpacaTradeActivity, AlpacaNonTradeActivity]);

/** Alpaca: "Both formats YYYY-MM-DD and YYYY-MM-DDTHH:MM:SSZ supported." */
const AlpacaTime = (description: string) =>
  Type.Union([Type.String({ format: 'date' }), Type.String({ format: 'date-time' })], { description });

export const AlpacaActivitiesQuery = Type.Object({
  activity_types: Type.Optional(Type.String({ description: 'comma-separated' })),
  category: Type.Optional(Type.Union([Type.Literal('trade_activity'), Type.Literal('non_trade_activity')])),
  date: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}' })),
  after: Type.Optional(AlpacaTime('only activities strictly after this time (a date: its 00:00 UTC)')),
  until: Type.Optional(AlpacaTime('only activities strictly before this time (a date: its 00:00 UTC)')),
  direction: Type.Union([Type.Literal('asc'), Type.Literal('desc')], { default: 'desc' }),
  page_size: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 10_000,
      description: 'default and at most 100; with date, every activity of the day by default',
    }),
  ),
  page_token: Type.Optional(Type.String({ maxLength: 200 })),
});

/** Alpaca's defaults apply to what is absent: period 1M, the timeframe by the range, market_hours. */
export const AlpacaHistoryQuery = Type.Object({
  period: Type.Optional(Type.String({ description: 'a count and D, W, M or A; default 1M' })),
  timeframe: Type.Optional(Type.String({ description: '5Min, 15Min, 1H or 1D; default by the range' })),
  start: Type.Optional(Type.String({ format: 'date-time' })),
  date_end: Type.Optional(Type.String({ pattern: '^\\d{4}-\\d{2}-\\d{2}$' })),
  end: Type.Optional(Type.String({ format: 'date-time' })),
  extended_hours: Type.Optional(
    Type.Boolean({ description: 'legacy: true means intraday_reporting=extended_hours' }),
  ),
  intraday_reporting: Type.Optional(
    Type.String({ description: 'market_hours (default), extended_hours or continuous' }),
  ),
  pnl_reset: Type.Optional(Type.String()),
});

/** Alpaca answers the series as JSON numbers (the SDK's PortfolioHistory model). */
export const AlpacaHistory = Type.Object({
  timestamp: Type.Array(Type.Integer()),
  equity: Type.Array(Type.Number()),
  profit_loss: Type.Array(Type.Number()),
  profit_loss_pct: Type.Array(Type.Number()),
  base_value: Type.Number(),
  base_value_asof: Type.Optional(Str),
  timeframe: Str,
});

export const AlpacaAsset = Type.Object({
  id: Str,
  class: Str,
  exchange: Str,
  symbol: Str,
  name: Str,
  status: Str,
  tradable: Type.Boolean(),
  marginable: Type.Boolean(),
  shortable: Type.Boolean(),
  easy_to_borrow: Type.Boolean(),
  fractionable: Type.Boolean(),
});

export const AlpacaWatchlist = Type.Object({
  id: Str,
  account_id: Str,
  name: Str,
  created_at: Str,
  updated_at: Str,
  assets: Type.Array(AlpacaAsset),
});

export const AlpacaWatchlistSummary = Type.Object({
  id: Str,
  account_id: Str,
  name: Str,
  created_at: Str,
  updated_at: Str,
});

const Symbols = Type.Array(Type.String({ minLength: 1, maxLength: 32 }), { maxItems: 1000 });

export const AlpacaWatchlistCreate = Type.Object({
  name: Type.String({ minLength: 1, maxLength: 64 }),
  symbols: Type.Optional(Type.Union([Symbols, Type.Null()])),
});

export const AlpacaWatchlistUpdate = Type.Object({
  name: Type.Optional(Type.String({ minLength: 1, maxLength: 64 })),
  symbols: Type.Optional(Type.Union([Symbols, Type.Null()])),
});

export const AlpacaAddSymbol = Type.Object({ symbol: Type.String({ minLength: 1, maxLength: 32 }) });
export const WatchlistIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
export const WatchlistSymbolParams = Type.Object({
  id: Type.String({ minLength: 1, maxLength: 64 }),
  symbol: Type.String({ minLength: 1, maxLength: 32 }),
});
export const WatchlistNameQuery = Type.Object({ name: Type.String({ minLength: 1, maxLength: 64 }) });
export const PositionParams = Type.Object({
  symbol: Type.String({ minLength: 1, maxLength: 64, description: 'symbol or asset id' }),
});
