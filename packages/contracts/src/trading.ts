import { Type, type Static } from 'typebox';
import { alpacaAssetId } from './assets.ts';
import { defineEvent } from './cloudevent.ts';

/**
 * The trading core's contracts: the events of the money path (ARCHITECTURE §7) and the
 * synchronous calls between orders, risk and portfolio. Money and quantities are decimal
 * strings everywhere; timestamps are ISO 8601 strings.
 */
const Dec = (description?: string) =>
  Type.String({ pattern: '^-?\\d+(\\.\\d+)?$', ...(description ? { description } : {}) });

export const OrderSide = Type.Union([Type.Literal('buy'), Type.Literal('sell')]);
export type OrderSide = Static<typeof OrderSide>;

// Literals spelled out: built with .map() the unions lost their literal types (Static<> was never).
export const OrderType = Type.Union([
  Type.Literal('market'),
  Type.Literal('limit'),
  Type.Literal('stop'),
  Type.Literal('stop_limit'),
  Type.Literal('trailing_stop'),
]);
export type OrderType = 'market' | 'limit' | 'stop' | 'stop_limit' | 'trailing_stop';

export const TimeInForce = Type.Union([
  Type.Literal('day'),
  Type.Literal('gtc'),
  Type.Literal('ioc'),
  Type.Literal('fok'),
  Type.Literal('opg'),
  Type.Literal('cls'),
]);
export type TimeInForce = 'day' | 'gtc' | 'ioc' | 'fok' | 'opg' | 'cls';

export const OrderClass = Type.Union([
  Type.Literal('simple'),
  Type.Literal('bracket'),
  Type.Literal('oco'),
  Type.Literal('oto'),
]);
export type OrderClass = 'simple' | 'bracket' | 'oco' | 'oto';

/** Alpaca's order statuses (crib sheet: common and rare). */
export type OrderStatus =
  | 'new'
  | 'partially_filled'
  | 'filled'
  | 'done_for_day'
  | 'canceled'
  | 'expired'
  | 'replaced'
  | 'pending_cancel'
  | 'pending_replace'
  | 'accepted'
  | 'pending_new'
  | 'accepted_for_bidding'
  | 'stopped'
  | 'rejected'
  | 'suspended'
  | 'calculated'
  | 'held';

const NullableString = Type.Union([Type.String(), Type.Null()]);

/** One order as events carry it: the native API's order fields (decimal strings, ISO times). */
const orderSnapshotFields = {
  id: Type.String(),
  clientOrderId: Type.String(),
  accountId: Type.String(),
  userId: Type.String(),
  symbol: Type.String(),
  side: OrderSide,
  type: OrderType,
  timeInForce: TimeInForce,
  orderClass: OrderClass,
  qty: Type.Union([Dec(), Type.Null()]),
  notional: Type.Union([Dec(), Type.Null()]),
  filledQty: Dec(),
  filledAvgPrice: Type.Union([Dec(), Type.Null()]),
  limitPrice: Type.Union([Dec(), Type.Null()]),
  stopPrice: Type.Union([Dec(), Type.Null()]),
  status: Type.String(),
  parentOrderId: Type.Union([Type.String(), Type.Null()]),
  createdAt: Type.String(),
  updatedAt: Type.String(),
  // Added after the first events were published: optional, so those still validate.
  assetId: Type.Optional(NullableString),
  assetClass: Type.Optional(Type.String()),
  trailPrice: Type.Optional(Type.Union([Dec(), Type.Null()])),
  trailPercent: Type.Optional(Type.Union([Dec(), Type.Null()])),
  /** Trailing stops: the high-water mark. */
  hwm: Type.Optional(Type.Union([Dec(), Type.Null()])),
  extendedHours: Type.Optional(Type.Boolean()),
  legRole: Type.Optional(Type.Union([Type.Literal('take_profit'), Type.Literal('stop_loss'), Type.Null()])),
  replaces: Type.Optional(NullableString),
  replacedBy: Type.Optional(NullableString),
  positionIntent: Type.Optional(NullableString),
  submittedAt: Type.Optional(NullableString),
  filledAt: Type.Optional(NullableString),
  expiredAt: Type.Optional(NullableString),
  canceledAt: Type.Optional(NullableString),
  failedAt: Type.Optional(NullableString),
  replacedAt: Type.Optional(NullableString),
  expiresAt: Type.Optional(NullableString),
};

/** A leg of a bracket, OCO or OTO order, as its parent's snapshot nests it. */
export const OrderLegSnapshot = Type.Object(orderSnapshotFields);
export type OrderLegSnapshot = Static<typeof OrderLegSnapshot>;

/**
 * What events carry about an order. A bracket, OCO or OTO parent may carry its `legs` as they
 * were at the event (Alpaca's nested order); legs carry none.
 */
export const OrderSnapshot = Type.Object({
  ...orderSnapshotFields,
  legs: Type.Optional(Type.Array(OrderLegSnapshot)),
});
export type OrderSnapshot = Static<typeof OrderSnapshot>;

/** Alpaca's Order object (Trading API v2, `@alpacahq/alpaca-trade-api` model Order). */
export interface AlpacaOrderObject extends AlpacaOrderFields {
  legs: AlpacaOrderLeg[] | null;
}
/** A leg nested in its parent's `legs`: legs have none of their own. */
export interface AlpacaOrderLeg extends AlpacaOrderFields {
  legs: null;
}
interface AlpacaOrderFields {
  id: string;
  client_order_id: string;
  created_at: string;
  updated_at: string;
  submitted_at: string | null;
  filled_at: string | null;
  expired_at: string | null;
  canceled_at: string | null;
  failed_at: string | null;
  replaced_at: string | null;
  replaced_by: string | null;
  replaces: string | null;
  asset_id: string;
  symbol: string;
  asset_class: string;
  notional: string | null;
  qty: string | null;
  filled_qty: string;
  filled_avg_price: string | null;
  order_class: string;
  order_type: string;
  type: string;
  side: string;
  time_in_force: string;
  limit_price: string | null;
  stop_price: string | null;
  status: string;
  extended_hours: boolean;
  trail_percent: string | null;
  trail_price: string | null;
  hwm: string | null;
  position_intent: string | null;
  expires_at: string | null;
}

/**
 * An order snapshot as Alpaca's Order object: the one presenter of orders' Alpaca routes and of
 * the gateway's trade_updates stream. A snapshot from before a field existed falls back to what
 * it does say (the status's time is its updatedAt; submitted at creation).
 */
export function alpacaOrderOf(o: OrderSnapshot | OrderLegSnapshot, replacedBy?: string): AlpacaOrderObject {
  const at = (status: string, known: string | null | undefined) =>
    known !== undefined ? known : o.status === status ? o.updatedAt : null;
  const legs = 'legs' in o && o.legs && o.legs.length > 0 ? o.legs : null;
  return {
    id: o.id,
    client_order_id: o.clientOrderId,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
    submitted_at: o.submittedAt !== undefined ? o.submittedAt : o.createdAt,
    filled_at: at('filled', o.filledAt),
    expired_at: at('expired', o.expiredAt),
    canceled_at: at('canceled', o.canceledAt),
    failed_at: at('rejected', o.failedAt),
    replaced_at: at('replaced', o.replacedAt),
    replaced_by: replacedBy ?? o.replacedBy ?? null,
    replaces: o.replaces ?? null,
    asset_id: o.assetId ?? alpacaAssetId(o.symbol),
    symbol: o.symbol,
    asset_class: o.assetClass ?? 'us_equity',
    notional: o.notional,
    qty: o.qty,
    filled_qty: o.filledQty,
    filled_avg_price: o.filledAvgPrice,
    order_class: o.orderClass,
    order_type: o.type,
    type: o.type,
    side: o.side,
    time_in_force: o.timeInForce,
    limit_price: o.limitPrice,
    stop_price: o.stopPrice,
    status: o.status,
    extended_hours: o.extendedHours ?? false,
    legs: legs && legs.map((l) => ({ ...alpacaOrderOf(l), legs: null })),
    trail_percent: o.trailPercent ?? null,
    trail_price: o.trailPrice ?? null,
    hwm: o.hwm ?? null,
    position_intent: o.positionIntent ?? null,
    expires_at: o.expiresAt ?? null,
  };
}

export const FillSchema = Type.Object({
  tradeId: Type.String(),
  qty: Dec('shares filled by this execution'),
  price: Dec(),
  commission: Dec(),
  at: Type.String(),
});

// ---------------------------------------------------------------------------------- accounts
/** Orders owns accounts (it routes them to a broker); portfolio and risk keep a copy from these. */
export const AccountOpened = defineEvent(
  'account.opened',
  Type.Object({
    accountId: Type.String(),
    userId: Type.String(),
    name: Type.String(),
    cash: Dec('starting cash'),
    isDefault: Type.Boolean(),
    broker: Type.Union([Type.Literal('paper'), Type.Literal('alpaca')]),
    marginEnabled: Type.Boolean(),
  }),
);
export const AccountReset = defineEvent(
  'account.reset',
  Type.Object({ accountId: Type.String(), userId: Type.String(), cash: Dec() }),
);
export const AccountClosed = defineEvent(
  'account.closed',
  Type.Object({ accountId: Type.String(), userId: Type.String() }),
);

// ---------------------------------------------------------------------------------- orders
const OrderEvent = Type.Object({
  order: OrderSnapshot,
  reason: Type.Optional(Type.String()),
  /** Stable code of a rejection or cancellation (e.g. RISK_INSUFFICIENT_BUYING_POWER, ORDERS_OCO). */
  code: Type.Optional(Type.String()),
});
export const OrderAccepted = defineEvent('order.accepted', OrderEvent);
export const OrderRejected = defineEvent('order.rejected', OrderEvent);
export const OrderCanceled = defineEvent('order.canceled', OrderEvent);
export const OrderExpired = defineEvent('order.expired', OrderEvent);
export const OrderReplaced = defineEvent(
  'order.replaced',
  Type.Object({ order: OrderSnapshot, replacedBy: Type.String() }),
);
export const OrderPartiallyFilled = defineEvent(
  'order.partially_filled',
  Type.Object({ order: OrderSnapshot, fill: FillSchema }),
);
export const OrderFilled = defineEvent(
  'order.filled',
  Type.Object({ order: OrderSnapshot, fill: FillSchema }),
);

/**
 * One execution. Portfolio's ledger is built from these alone: cash moves by
 * -(qty × price) - commission for a buy and +(qty × price) - commission for a sell.
 */
export const TradeExecuted = defineEvent(
  'trade.executed',
  Type.Object({
    tradeId: Type.String(),
    orderId: Type.String(),
    accountId: Type.String(),
    userId: Type.String(),
    symbol: Type.String(),
    side: OrderSide,
    qty: Dec(),
    price: Dec(),
    commission: Dec(),
    at: Type.String(),
  }),
);
export type TradeExecuted = Static<typeof TradeExecuted.data>;

// ---------------------------------------------------------------------------------- portfolio
export const PositionChanged = defineEvent(
  'position.changed',
  Type.Object({
    accountId: Type.String(),
    userId: Type.String(),
    symbol: Type.String(),
    qty: Dec('signed: negative for a short'),
    avgEntryPrice: Dec(),
    costBasis: Dec(),
    realizedPnl: Dec(),
    tradeId: Type.String(),
  }),
);
export const PortfolioValued = defineEvent(
  'portfolio.valued',
  Type.Object({
    accountId: Type.String(),
    userId: Type.String(),
    equity: Dec(),
    cash: Dec(),
    at: Type.String(),
    /** Additive (risk's breakers): equity at the start of the day (UTC) and the high-water mark. */
    startOfDayEquity: Type.Optional(Dec()),
    highWaterMark: Type.Optional(Dec()),
  }),
);

// ---------------------------------------------------------------------------------- risk
export const TradingState = Type.Union([
  Type.Literal('ACTIVE'),
  Type.Literal('REDUCING'),
  Type.Literal('HALTED'),
]);
export type TradingState = 'ACTIVE' | 'REDUCING' | 'HALTED';

export const RiskCheckFailed = defineEvent(
  'risk.check_failed',
  Type.Object({
    accountId: Type.String(),
    userId: Type.String(),
    checkId: Type.String(),
    code: Type.String(),
    message: Type.String(),
    symbol: Type.String(),
  }),
);
export const RiskStateChanged = defineEvent(
  'risk.state_changed',
  Type.Object({
    accountId: Type.String(),
    userId: Type.String(),
    from: TradingState,
    to: TradingState,
    reason: Type.String(),
  }),
);
export const ComplianceFlagged = defineEvent(
  'compliance.flagged',
  Type.Object({
    accountId: Type.String(),
    userId: Type.String(),
    rule: Type.String(),
    message: Type.String(),
    orderId: Type.Optional(Type.String()),
  }),
);

// ---------------------------------------------------------------------------------- sync calls
/** orders → risk: `POST /internal/risk/check` (auth: service, acting for the user). */
export const RiskCheckRequest = Type.Object({
  accountId: Type.String(),
  userId: Type.String(),
  order: Type.Object({
    symbol: Type.String(),
    side: OrderSide,
    type: OrderType,
    timeInForce: TimeInForce,
    orderClass: OrderClass,
    qty: Type.Union([Dec(), Type.Null()]),
    notional: Type.Union([Dec(), Type.Null()]),
    limitPrice: Type.Union([Dec(), Type.Null()]),
    stopPrice: Type.Union([Dec(), Type.Null()]),
    extendedHours: Type.Boolean(),
  }),
  /** The market when the order arrived (from market-data), so risk prices it without another call. */
  quote: Type.Object({ bid: Dec(), ask: Dec(), last: Dec() }),
  /** What orders knows of the account's working orders. */
  openOrders: Type.Object({
    count: Type.Integer(),
    /** Cash reserved by working buy orders (qty × limit or last). */
    pendingBuyNotional: Dec(),
    /** Shares reserved by working sell orders, per symbol. */
    pendingSellQty: Type.Record(Type.String(), Dec()),
  }),
  /**
   * Additive (risk's wash-trade guard): the account's working orders; a null limit price is a
   * market order. Without it the guard cannot see a self-cross and lets the order through.
   * Superseded by `workingSummary`, which risk reads first; still understood, no longer sent by
   * orders (the list grew with every resting order, and the check with it).
   */
  workingOrders: Type.Optional(
    Type.Array(
      Type.Object({ side: OrderSide, symbol: Type.String(), limitPrice: Type.Union([Dec(), Type.Null()]) }),
    ),
  ),
  /**
   * Additive (risk's wash-trade guard): the account's working orders aggregated per symbol and
   * side by the database — everything a self-cross check needs, however many orders rest.
   */
  workingSummary: Type.Optional(
    Type.Array(
      Type.Object({
        symbol: Type.String(),
        side: OrderSide,
        /** Working orders of the symbol on this side (held legs are not working yet). */
        count: Type.Integer(),
        /** How many of them have no limit price (market orders): they cross any order. */
        atMarket: Type.Integer(),
        /** Lowest and highest limit (else stop) price of the others; null when there are none. */
        minLimitPrice: Type.Union([Dec(), Type.Null()]),
        maxLimitPrice: Type.Union([Dec(), Type.Null()]),
      }),
    ),
  ),
});
export type RiskCheckRequest = Static<typeof RiskCheckRequest>;

export const RiskCheckResponse = Type.Object({
  checkId: Type.String(),
  approved: Type.Boolean(),
  /** Stable code when rejected, e.g. RISK_INSUFFICIENT_BUYING_POWER. */
  code: Type.Optional(Type.String()),
  message: Type.Optional(Type.String()),
  state: TradingState,
  /**
   * Additive, on an approval: how much the account's open orders may grow, beyond what
   * `openOrders` said, before this approval would no longer hold — orders placed at the same
   * time on the same account. orders stores the order only if the orders placed since its
   * summary stay within it, and asks again otherwise. null: no limit on that measure.
   */
  headroom: Type.Optional(
    Type.Object({
      /** More open orders (the open-orders limit). */
      openOrders: Type.Union([Type.Integer(), Type.Null()]),
      /** More cash reserved by working buys (buying power). */
      buyNotional: Type.Union([Dec(), Type.Null()]),
      /** More shares of the order's symbol reserved by working sells (a sell's quantity). */
      sellQty: Type.Union([Dec(), Type.Null()]),
      /**
       * More orders on the other side of the order's symbol (the wash-trade guard): 0 when the
       * approval relied on there being no such order to cross. Absent or null: no limit.
       */
      crossingOrders: Type.Optional(Type.Union([Type.Integer(), Type.Null()])),
      /**
       * On a margin account that may short: more cash reserved by buys PLUS value of sells
       * placed meanwhile (any sell may be a short sale, which holds buying power), together.
       * Absent or null: no limit.
       */
      spendNotional: Type.Optional(Type.Union([Dec(), Type.Null()])),
    }),
  ),
});
export type RiskCheckResponse = Static<typeof RiskCheckResponse>;

/** risk/orders → portfolio: `GET /internal/portfolio/accounts/:accountId/state` (auth: service). */
export const AccountStateResponse = Type.Object({
  accountId: Type.String(),
  userId: Type.String(),
  cash: Dec(),
  equity: Dec(),
  buyingPower: Dec(),
  longMarketValue: Dec(),
  shortMarketValue: Dec(),
  startOfDayEquity: Dec(),
  highWaterMark: Dec(),
  marginEnabled: Type.Boolean(),
  positions: Type.Array(
    Type.Object({
      symbol: Type.String(),
      qty: Dec(),
      avgEntryPrice: Dec(),
      marketValue: Dec(),
      lastPrice: Dec(),
    }),
  ),
});
export type AccountStateResponse = Static<typeof AccountStateResponse>;

/** portfolio → orders: `POST /internal/orders` (auth: service) places an order for a user's account (SL/TP exits, closing positions). */
export const InternalOrderRequest = Type.Object({
  accountId: Type.String(),
  userId: Type.String(),
  symbol: Type.String(),
  side: OrderSide,
  type: OrderType,
  timeInForce: TimeInForce,
  qty: Dec(),
  limitPrice: Type.Optional(Dec()),
  stopPrice: Type.Optional(Dec()),
  clientOrderId: Type.String({ maxLength: 48 }),
});
export type InternalOrderRequest = Static<typeof InternalOrderRequest>;
/**
 * Additive: what `POST /internal/orders` answers (201 placed, or 200 with the order already placed
 * under this clientOrderId): orders' native order. Listed are the fields portfolio relies on; the
 * order carries more (legs, commission, timestamps), passed through as they are.
 */
export const InternalOrderResponse = Type.Object(
  {
    id: Type.String(),
    clientOrderId: Type.String(),
    accountId: Type.String(),
    symbol: Type.String(),
    side: OrderSide,
    type: OrderType,
    timeInForce: TimeInForce,
    orderClass: OrderClass,
    qty: Type.Union([Dec(), Type.Null()]),
    notional: Type.Union([Dec(), Type.Null()]),
    filledQty: Dec(),
    filledAvgPrice: Type.Union([Dec(), Type.Null()]),
    limitPrice: Type.Union([Dec(), Type.Null()]),
    stopPrice: Type.Union([Dec(), Type.Null()]),
    status: Type.String(),
    createdAt: Type.String(),
    updatedAt: Type.String(),
  },
  { additionalProperties: true },
);
export type InternalOrderResponse = Static<typeof InternalOrderResponse>;

/**
 * Additive. portfolio → risk: `GET /internal/risk/accounts/:accountId/summary` (auth: service), for
 * the Alpaca account's `trading_blocked`, `daytrade_count` and `pattern_day_trader`; the day-trade
 * rule lives in risk only.
 */
export const RiskAccountSummary = Type.Object({
  accountId: Type.String(),
  state: TradingState,
  /** Day trades in the last 5 business days (FINRA's window). */
  dayTradeCount: Type.Integer(),
  /** Four or more day trades in that window (FINRA Rule 4210's pattern day trader). */
  patternDayTrader: Type.Boolean(),
});
export type RiskAccountSummary = Static<typeof RiskAccountSummary>;

export const TradingEvents = {
  AccountOpened,
  AccountReset,
  AccountClosed,
  OrderAccepted,
  OrderRejected,
  OrderCanceled,
  OrderExpired,
  OrderReplaced,
  OrderPartiallyFilled,
  OrderFilled,
  TradeExecuted,
  PositionChanged,
  PortfolioValued,
  RiskCheckFailed,
  RiskStateChanged,
  ComplianceFlagged,
} as const;
