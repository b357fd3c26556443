import { createHash } from 'node:crypto';
import { Dec, type Dec as Decimal } from '@tradeplane/kit';
import type { InternalOrderResponse } from '@tradeplane/contracts';
import type { AccountFigures } from '../domain/account-value.ts';
import type { ValuedPosition } from '../domain/valuation.ts';
import { activityId } from '../domain/activities.ts';
import { alpacaAssetId as assetId } from '@tradeplane/contracts';
import type { History } from '../domain/history.ts';
import type { RiskAccountSummary } from '@tradeplane/contracts';
import type { ExitRecord } from '../store/exits.store.ts';
import type { FillRecord } from '../store/fills.store.ts';
import type { ActivityRecord, NonTradeRecord } from '../store/activities.store.ts';
import type { AssetInfo } from '../domain/market-reference.ts';
import type { JournalEntry } from '../store/journal.store.ts';
import type { Watchlist } from '../store/watchlists.store.ts';

/** Shapes of the native API and of Alpaca's Trading API v2, from domain objects. */
const s = (d: Decimal) => d.toFixed();
const iso = (d: Date | null) => (d ? d.toISOString() : null);

export function accountView(f: AccountFigures) {
  const v = f.valuation;
  return {
    accountId: f.account.accountId,
    name: f.account.name,
    isDefault: f.account.isDefault,
    marginEnabled: f.account.marginEnabled,
    broker: f.account.broker,
    cash: s(v.cash),
    equity: s(v.equity),
    buyingPower: s(v.buyingPower),
    longMarketValue: s(v.longMarketValue),
    shortMarketValue: s(v.shortMarketValue),
    unrealizedPnl: s(v.unrealizedPnl),
    realizedPnl: f.account.realizedPnl,
    fees: f.account.fees,
    dayPnl: s(f.dayPnl),
    dayPnlPct: f.startOfDayEquity.isZero()
      ? '0'
      : s(f.dayPnl.div(f.startOfDayEquity).toDecimalPlaces(6, Dec.ROUND_HALF_EVEN)),
    startOfDayEquity: s(f.startOfDayEquity),
    highWaterMark: s(f.highWaterMark),
    positionCount: v.positions.length,
    createdAt: f.account.createdAt.toISOString(),
    closedAt: iso(f.account.closedAt),
  };
}

export function exitView(e: ExitRecord | undefined) {
  if (!e) return null;
  return {
    stopLoss: e.stopLoss,
    takeProfit: e.takeProfit,
    state: e.state,
    kind: e.kind,
    triggerPrice: e.triggerPrice,
    clientOrderId: e.clientOrderId,
    orderId: e.orderId,
    error: e.error,
    triggeredAt: iso(e.triggeredAt),
  };
}

export function positionView(f: AccountFigures, p: ValuedPosition, exit: ExitRecord | undefined) {
  const record = f.records.get(p.symbol);
  return {
    symbol: p.symbol,
    exchange: f.assets.get(p.symbol)?.exchange ?? '',
    qty: s(p.qty),
    side: p.side,
    avgEntryPrice: s(p.avgEntryPrice),
    costBasis: s(p.costBasis),
    currentPrice: s(p.price),
    lastdayPrice: s(p.lastday),
    marketValue: s(p.marketValue),
    unrealizedPnl: s(p.unrealizedPnl),
    unrealizedPnlPct: s(p.unrealizedPnlPct),
    unrealizedIntradayPnl: s(p.unrealizedIntradayPnl),
    changeToday: s(p.changeToday),
    realizedPnl: record?.realizedPnl ?? '0',
    commissions: record?.commissions ?? '0',
    openedAt: iso(record?.openedAt ?? null),
    exits: exitView(exit),
  };
}

export function activityView(f: FillRecord) {
  return {
    id: activityId({ at: f.at, key: f.tradeId }),
    type: 'FILL' as const,
    tradeId: f.tradeId,
    orderId: f.orderId,
    symbol: f.symbol,
    side: f.side,
    qty: f.qty,
    price: f.price,
    commission: f.commission,
    realizedPnl: f.realizedPnl,
    positionQty: f.positionQty,
    cashAfter: f.cashAfter,
    at: f.at.toISOString(),
  };
}

export function nonTradeView(a: NonTradeRecord) {
  return {
    id: activityId({ at: a.at, key: a.id }),
    type: a.type,
    subType: a.subType,
    netAmount: a.netAmount,
    description: a.description,
    status: a.status,
    symbol: a.symbol,
    qty: a.qty,
    perShareAmount: a.perShareAmount,
    orderId: a.orderId,
    tradeId: a.tradeId,
    at: a.at.toISOString(),
  };
}

export function timelineView(a: ActivityRecord) {
  return a.kind === 'fill' ? activityView(a.fill) : nonTradeView(a.nta);
}

export function journalView(e: JournalEntry) {
  return {
    id: e.id,
    accountId: e.accountId,
    tradeId: e.tradeId,
    notes: e.notes,
    tags: e.tags,
    createdAt: e.createdAt.toISOString(),
    updatedAt: e.updatedAt.toISOString(),
  };
}

// ------------------------------------------------------------------ Alpaca Trading API v2

/** Paper account numbers look like PA + 10 characters; ours are derived from the account id. */
export function accountNumber(accountId: string): string {
  return `PA${createHash('sha256').update(accountId).digest('hex').slice(0, 10).toUpperCase()}`;
}

export function alpacaAccount(f: AccountFigures, risk: RiskAccountSummary | undefined) {
  const v = f.valuation;
  return {
    id: f.account.accountId,
    account_number: accountNumber(f.account.accountId),
    status: 'ACTIVE',
    crypto_status: 'INACTIVE',
    currency: 'USD',
    buying_power: s(v.buyingPower),
    regt_buying_power: s(v.regtBuyingPower),
    daytrading_buying_power: s(v.daytradingBuyingPower),
    effective_buying_power: s(v.buyingPower),
    non_marginable_buying_power: s(v.nonMarginableBuyingPower),
    options_buying_power: '0',
    bod_dtbp: '0',
    cash: s(v.cash),
    accrued_fees: '0',
    pending_transfer_in: '0',
    portfolio_value: s(v.equity),
    pattern_day_trader: risk?.patternDayTrader ?? false,
    trading_blocked: risk?.state === 'HALTED',
    transfers_blocked: false,
    account_blocked: false,
    created_at: f.account.createdAt.toISOString(),
    trade_suspended_by_user: false,
    multiplier: String(v.multiplier),
    shorting_enabled: f.account.marginEnabled,
    equity: s(v.equity),
    last_equity: s(f.startOfDayEquity),
    long_market_value: s(v.longMarketValue),
    short_market_value: s(v.shortMarketValue),
    position_market_value: s(v.longMarketValue.plus(v.shortMarketValue.abs())),
    initial_margin: s(v.initialMargin),
    maintenance_margin: s(v.maintenanceMargin),
    last_maintenance_margin: s(v.maintenanceMargin),
    sma: '0',
    daytrade_count: risk?.dayTradeCount ?? 0,
    balance_asof: f.account.sodDate ?? f.account.createdAt.toISOString().slice(0, 10),
    options_approved_level: 0,
    options_trading_level: 0,
  };
}

export function alpacaPosition(p: ValuedPosition, asset: AssetInfo | undefined) {
  return {
    asset_id: assetId(p.symbol),
    symbol: p.symbol,
    // market-data's listing; '' for a symbol it does not know (or could not be asked about).
    exchange: asset?.exchange ?? '',
    asset_class: 'us_equity',
    asset_marginable: asset?.marginable ?? true,
    avg_entry_price: s(p.avgEntryPrice),
    qty: s(p.qty),
    qty_available: s(p.qty),
    side: p.side,
    market_value: s(p.marketValue),
    cost_basis: s(p.costBasis),
    unrealized_pl: s(p.unrealizedPnl),
    unrealized_plpc: s(p.unrealizedPnlPct),
    unrealized_intraday_pl: s(p.unrealizedIntradayPnl),
    unrealized_intraday_plpc: s(p.unrealizedIntradayPnlPct),
    current_price: s(p.price),
    lastday_price: s(p.lastday),
    change_today: s(p.changeToday),
  };
}

export function alpacaOrder(o: InternalOrderResponse) {
  const filled = o.status === 'filled';
  return {
    id: o.id,
    client_order_id: o.clientOrderId,
    created_at: o.createdAt,
    updated_at: o.updatedAt,
    submitted_at: o.createdAt,
    filled_at: filled ? o.updatedAt : null,
    expired_at: o.status === 'expired' ? o.updatedAt : null,
    canceled_at: o.status === 'canceled' ? o.updatedAt : null,
    failed_at: o.status === 'rejected' ? o.updatedAt : null,
    replaced_at: null,
    replaced_by: null,
    replaces: null,
    asset_id: assetId(o.symbol),
    symbol: o.symbol,
    asset_class: 'us_equity',
    notional: o.notional,
    qty: o.qty,
    filled_qty: o.filledQty,
    filled_avg_price: o.filledAvgPrice,
    // Alpaca leaves order_class empty for a simple order.
    order_class: o.orderClass === 'simple' ? '' : o.orderClass,
    order_type: o.type,
    type: o.type,
    side: o.side,
    position_intent: o.side === 'sell' ? 'sell_to_close' : 'buy_to_close',
    time_in_force: o.timeInForce,
    limit_price: o.limitPrice,
    stop_price: o.stopPrice,
    status: o.status,
    extended_hours: false,
    legs: null,
    trail_percent: null,
    trail_price: null,
    hwm: null,
  };
}

/** Alpaca's TradeActivity for a fill, its NonTradeActivity (NTA) for the rest. */
export function alpacaActivity(a: ActivityRecord) {
  return a.kind === 'fill' ? alpacaFill(a.fill) : alpacaNonTrade(a.nta);
}

function alpacaNonTrade(a: NonTradeRecord) {
  return {
    id: activityId({ at: a.at, key: a.id }),
    activity_type: a.type,
    ...(a.subType !== null ? { activity_sub_type: a.subType } : {}),
    date: a.at.toISOString().slice(0, 10),
    created_at: a.at.toISOString(),
    net_amount: a.netAmount,
    description: a.description,
    status: a.status,
    currency: 'USD',
    // Where Alpaca reports them: the security of a fee, the shares and per-share amount of a dividend.
    ...(a.symbol !== null ? { symbol: a.symbol } : {}),
    ...(a.qty !== null ? { qty: a.qty } : {}),
    ...(a.perShareAmount !== null ? { per_share_amount: a.perShareAmount } : {}),
  };
}

function alpacaFill(f: FillRecord) {
  return {
    id: activityId({ at: f.at, key: f.tradeId }),
    activity_type: 'FILL' as const,
    transaction_time: f.at.toISOString(),
    // trade.executed doesn't say whether the order is complete; every execution is reported as a fill.
    type: 'fill',
    price: f.price,
    qty: f.qty,
    side: f.side,
    symbol: f.symbol,
    order_id: f.orderId,
    cum_qty: f.cumQty,
  };
}

/** Alpaca's history is JSON numbers; the decimal is turned into one only here, at that boundary. */
const num = (d: Decimal) => d.toNumber();

export function alpacaHistory(h: History) {
  return {
    timestamp: h.points.map((p) => Math.floor(p.at.getTime() / 1000)),
    equity: h.points.map((p) => num(p.equity)),
    profit_loss: h.points.map((p) => num(p.profitLoss)),
    profit_loss_pct: h.points.map((p) => num(p.profitLossPct)),
    base_value: num(h.baseValue),
    // Alpaca omits it when no point has a non-zero equity.
    ...(h.baseAt ? { base_value_asof: h.baseAt.toISOString().slice(0, 10) } : {}),
    timeframe: h.timeframe,
  };
}

export function alpacaWatchlistSummary(w: Watchlist) {
  return {
    id: w.id,
    account_id: w.accountId,
    name: w.name,
    created_at: w.createdAt.toISOString(),
    updated_at: w.updatedAt.toISOString(),
  };
}

export function alpacaWatchlist(w: Watchlist) {
  return {
    ...alpacaWatchlistSummary(w),
    assets: w.symbols.map((symbol) => ({
      id: assetId(symbol),
      class: 'us_equity',
      exchange: '',
      symbol,
      name: symbol,
      status: 'active',
      tradable: true,
      marginable: true,
      shortable: true,
      easy_to_borrow: true,
      fractionable: true,
    })),
  };
}
