import { describe, expect, it } from 'vitest';
import type { AccountStateResponse, RiskCheckRequest } from '@tradeplane/contracts';
import { evaluatePreTrade, type PreTradeInput } from '../src/domain/pre-trade.ts';
import type { Limits } from '../src/domain/limits.ts';
import { checkRequest } from './helper.ts';

const limits = (l: Partial<Limits> = {}): Limits => ({
  maxOrderNotional: '250000',
  maxPositionPct: '100',
  maxOpenOrders: 200,
  allowSymbols: [],
  denySymbols: [],
  priceCollarPct: '10',
  dailyLossLimitPct: '10',
  maxDrawdownPct: '25',
  dailyLossAction: 'REDUCING',
  drawdownAction: 'REDUCING',
  shortingEnabled: true,
  updatedAt: new Date(0).toISOString(),
  ...l,
});

const account = (a: Partial<AccountStateResponse> = {}): AccountStateResponse => ({
  accountId: 'a1',
  userId: 'u1',
  cash: '100000',
  equity: '100000',
  buyingPower: '100000',
  longMarketValue: '0',
  shortMarketValue: '0',
  startOfDayEquity: '100000',
  highWaterMark: '100000',
  marginEnabled: false,
  positions: [],
  ...a,
});

const holding = (symbol: string, qty: string, price = '100') => ({
  symbol,
  qty,
  avgEntryPrice: price,
  marketValue: String(Number(qty) * Number(price)),
  lastPrice: price,
});

function run(
  order: Partial<RiskCheckRequest['order']>,
  o: {
    account?: Partial<AccountStateResponse>;
    limits?: Partial<Limits>;
    state?: PreTradeInput['state'];
    margin?: boolean;
    more?: Partial<RiskCheckRequest>;
  } = {},
) {
  return evaluatePreTrade({
    request: checkRequest({ accountId: 'a1', userId: 'u1' }, order, o.more),
    account: account(o.account),
    marginEnabled: o.margin ?? false,
    limits: limits(o.limits),
    state: o.state ?? 'ACTIVE',
  });
}

describe('pre-trade rules', () => {
  it('approves a plain market buy within every limit', () => {
    expect(run({ qty: '10' })).toEqual({ approved: true });
  });

  it('rejects everything while HALTED', () => {
    expect(run({}, { state: 'HALTED' })).toEqual({
      approved: false,
      code: 'RISK_TRADING_HALTED',
      message: 'trading is halted on this account',
    });
  });

  it('lets only position-shrinking orders through while REDUCING', () => {
    const acct = { positions: [holding('AAPL', '50')] };
    expect(run({ side: 'sell', qty: '20' }, { state: 'REDUCING', account: acct })).toEqual({
      approved: true,
    });
    expect(run({ side: 'buy', qty: '1' }, { state: 'REDUCING', account: acct })).toMatchObject({
      approved: false,
      code: 'RISK_REDUCING_ONLY',
      message: expect.stringContaining('orders may only shrink an existing position'),
    });
    // Selling more than is held would flip to a short: not a reduction.
    expect(
      run({ side: 'sell', qty: '60' }, { state: 'REDUCING', account: acct, margin: true }),
    ).toMatchObject({
      code: 'RISK_REDUCING_ONLY',
    });
    // Buying back a short shrinks it.
    expect(
      run(
        { side: 'buy', qty: '5' },
        { state: 'REDUCING', account: { positions: [holding('AAPL', '-10')] }, margin: true },
      ),
    ).toEqual({ approved: true });
  });

  it('counts working sells against what REDUCING may still sell', () => {
    const r = run(
      { side: 'sell', qty: '20' },
      {
        state: 'REDUCING',
        account: { positions: [holding('AAPL', '50')] },
        more: { openOrders: { count: 1, pendingBuyNotional: '0', pendingSellQty: { AAPL: '40' } } },
      },
    );
    expect(r).toMatchObject({ code: 'RISK_REDUCING_ONLY' });
  });

  it('applies the deny list and the allow list', () => {
    expect(run({ symbol: 'GME' }, { limits: { denySymbols: ['GME'] } })).toEqual({
      approved: false,
      code: 'RISK_SYMBOL_NOT_ALLOWED',
      message: "GME is on this account's deny list",
    });
    expect(run({ symbol: 'TSLA' }, { limits: { allowSymbols: ['AAPL', 'MSFT'] } })).toEqual({
      approved: false,
      code: 'RISK_SYMBOL_NOT_ALLOWED',
      message: "TSLA is not on this account's allow list",
    });
    expect(run({ symbol: 'msft' }, { limits: { allowSymbols: ['AAPL', 'MSFT'] } })).toEqual({
      approved: true,
    });
  });

  it('rejects the order that would exceed the open-order limit', () => {
    const more = { openOrders: { count: 5, pendingBuyNotional: '0', pendingSellQty: {} } };
    expect(run({}, { limits: { maxOpenOrders: 5 }, more })).toEqual({
      approved: false,
      code: 'RISK_TOO_MANY_OPEN_ORDERS',
      message: 'too many open orders: 5 open, limit 5',
    });
    expect(run({}, { limits: { maxOpenOrders: 6 }, more })).toEqual({ approved: true });
  });

  it('rejects an order above the notional limit, valued at the worse of ask and limit', () => {
    // 100 × max(100.10 ask, 120 limit) = 12,000.
    expect(
      run(
        { type: 'limit', qty: '100', limitPrice: '120' },
        { limits: { maxOrderNotional: '11999.99', priceCollarPct: null } },
      ),
    ).toEqual({
      approved: false,
      code: 'RISK_ORDER_NOTIONAL_EXCEEDED',
      message: 'order value $12,000.00 exceeds the limit of $11,999.99 per order',
    });
    expect(run({ qty: null, notional: '5000' }, { limits: { maxOrderNotional: '5000' } })).toEqual({
      approved: true,
    });
  });

  it('rejects a limit price far through the market, and lets a passive one rest', () => {
    expect(run({ type: 'limit', limitPrice: '115' })).toEqual({
      approved: false,
      code: 'RISK_PRICE_COLLAR',
      message: 'limit price $115.00 is 15% above the market ($100.00); the collar is 10%',
    });
    const held = { account: { positions: [holding('AAPL', '10')] } };
    expect(run({ type: 'limit', side: 'sell', limitPrice: '85' }, held)).toEqual({
      approved: false,
      code: 'RISK_PRICE_COLLAR',
      message: 'limit price $85.00 is 15% below the market ($100.00); the collar is 10%',
    });
    expect(run({ type: 'limit', limitPrice: '109.99' })).toEqual({ approved: true });
    // Far from the market on the passive side: it only rests.
    expect(run({ type: 'limit', limitPrice: '1' })).toEqual({ approved: true });
    expect(run({ type: 'limit', side: 'sell', limitPrice: '500' }, held)).toEqual({ approved: true });
    // A stop-limit's limit is measured from its stop: a protective stop far below the market is fine.
    expect(run({ type: 'stop_limit', side: 'sell', limitPrice: '80', stopPrice: '81' }, held)).toEqual({
      approved: true,
    });
    expect(run({ type: 'stop_limit', side: 'sell', limitPrice: '60', stopPrice: '81' }, held)).toEqual({
      approved: false,
      code: 'RISK_PRICE_COLLAR',
      message: 'limit price $60.00 is 25.93% below the stop price ($81.00); the collar is 10%',
    });
  });

  it('rejects a buy beyond cash less working buys, with both figures in the message', () => {
    const more = { openOrders: { count: 1, pendingBuyNotional: '95000', pendingSellQty: {} } };
    expect(run({ qty: '50' }, { more })).toEqual({
      approved: false,
      code: 'RISK_INSUFFICIENT_BUYING_POWER',
      message: 'insufficient buying power: order needs $5,005.00, available $5,000.00',
    });
    expect(run({ qty: '49' }, { more })).toEqual({ approved: true });
  });

  it('uses buying power rather than cash on a margin account', () => {
    const acct = { cash: '100000', buyingPower: '200000', equity: '100000' };
    expect(run({ qty: '1500' }, { account: acct, margin: true, limits: { maxPositionPct: null } })).toEqual({
      approved: true,
    });
    expect(
      run({ qty: '1500' }, { account: acct, margin: false, limits: { maxPositionPct: null } }),
    ).toMatchObject({
      code: 'RISK_INSUFFICIENT_BUYING_POWER',
    });
  });

  it('rejects selling more than is held (less working sells) on a cash account', () => {
    const acct = { positions: [holding('AAPL', '10')] };
    const more = { openOrders: { count: 1, pendingBuyNotional: '0', pendingSellQty: { AAPL: '4' } } };
    expect(run({ side: 'sell', qty: '7' }, { account: acct, more })).toEqual({
      approved: false,
      code: 'RISK_INSUFFICIENT_QTY',
      message: 'insufficient qty: order sells 7 AAPL, available 6',
    });
    expect(run({ side: 'sell', qty: '6' }, { account: acct, more })).toEqual({ approved: true });
  });

  it('allows short selling only with margin', () => {
    expect(run({ side: 'sell', qty: '10' })).toEqual({
      approved: false,
      code: 'RISK_SHORTING_NOT_ALLOWED',
      message: 'short selling needs a margin account, and this account holds no AAPL to sell',
    });
    expect(run({ side: 'sell', qty: '10' }, { margin: true, account: { buyingPower: '200000' } })).toEqual({
      approved: true,
    });
    expect(
      run({ side: 'sell', qty: '10' }, { margin: true, limits: { shortingEnabled: false } }),
    ).toMatchObject({
      code: 'RISK_SHORTING_NOT_ALLOWED',
      message: 'short selling is disabled on this account, and it holds no AAPL to sell',
    });
  });

  it('rejects a position that would pass its share of equity', () => {
    expect(run({ qty: '300' }, { limits: { maxPositionPct: '25' } })).toEqual({
      approved: false,
      code: 'RISK_POSITION_LIMIT',
      message: 'position limit: AAPL would be 30% of equity ($30,000.00 of $100,000.00); the limit is 25%',
    });
    expect(run({ qty: '250' }, { limits: { maxPositionPct: '25' } })).toEqual({ approved: true });
    // Reducing an oversized position is always allowed.
    expect(
      run(
        { side: 'sell', qty: '10' },
        { limits: { maxPositionPct: '25' }, account: { positions: [holding('AAPL', '400')] } },
      ),
    ).toEqual({ approved: true });
  });

  it('refuses a market order it cannot price', () => {
    expect(run({}, { more: { quote: { bid: '0', ask: '0', last: '0' } } })).toEqual({
      approved: false,
      code: 'RISK_NO_MARKET_PRICE',
      message: 'no market price for AAPL: the order cannot be valued',
    });
  });
});
