import { describe, expect, it } from 'vitest';
import type { AccountStateResponse } from '@tradeplane/contracts';
import { evaluatePreTrade, headroomOf, priceOrder } from '../src/domain/pre-trade.ts';
import type { Limits } from '../src/domain/limits.ts';
import { checkRequest } from './helper.ts';

/**
 * A resting short sale uses buying power (Alpaca, "Orders at Alpaca" → Buying Power:
 * "your available buying power is reduced by your existing open buy long and sell short orders").
 * The summary orders sends counts pending buys' cash and pending sells' shares; risk prices the
 * shares working sells would sell beyond the position (pre-trade.ts restingShortValue).
 */
const limits: Limits = {
  maxOrderNotional: null,
  maxPositionPct: null,
  maxOpenOrders: 200,
  allowSymbols: [],
  denySymbols: [],
  priceCollarPct: null,
  dailyLossLimitPct: null,
  maxDrawdownPct: null,
  dailyLossAction: 'REDUCING',
  drawdownAction: 'REDUCING',
  shortingEnabled: true,
  updatedAt: new Date(0).toISOString(),
};
const account: AccountStateResponse = {
  accountId: 'a1',
  userId: 'u1',
  cash: '1000',
  equity: '1000',
  buyingPower: '1000',
  longMarketValue: '0',
  shortMarketValue: '0',
  startOfDayEquity: '1000',
  highWaterMark: '1000',
  marginEnabled: true,
  positions: [],
};
// A resting short sale of 10 XYZ at a $100 limit: $1,000 of buying power, all there is. orders
// sends the working orders' summary with every check (its highest sell price prices the short).
const openOrders = { count: 1, pendingBuyNotional: '0', pendingSellQty: { XYZ: '10' } };
const workingSummary = [
  { symbol: 'XYZ', side: 'sell' as const, count: 1, atMarket: 0, minLimitPrice: '100', maxLimitPrice: '100' },
];
const run = (order: Parameters<typeof checkRequest>[1], more = { openOrders, workingSummary }) =>
  evaluatePreTrade({
    request: checkRequest({ accountId: 'a1', userId: 'u1' }, order, more),
    account,
    marginEnabled: true,
    limits,
    state: 'ACTIVE',
  });

describe('buying power held by a resting short sale', () => {
  it('refuses a buy the short sale already took the buying power of', () => {
    expect(run({ symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: '100', qty: '9' })).toMatchObject({
      approved: false,
      code: 'RISK_INSUFFICIENT_BUYING_POWER',
    });
  });

  it('refuses a second short sale of the same size', () => {
    expect(run({ symbol: 'XYZ', side: 'sell', type: 'limit', limitPrice: '100', qty: '10' })).toMatchObject({
      approved: false,
      code: 'RISK_INSUFFICIENT_BUYING_POWER',
    });
  });

  it('counts sells covered by shares held at nothing, and still lets a buy through within what is left', () => {
    const holding = {
      ...account,
      positions: [{ symbol: 'XYZ', qty: '10', avgEntryPrice: '90', marketValue: '1000', lastPrice: '100' }],
    };
    const verdict = evaluatePreTrade({
      request: checkRequest(
        { accountId: 'a1', userId: 'u1' },
        { symbol: 'AAPL', side: 'buy', type: 'limit', limitPrice: '100', qty: '9' },
        { openOrders, workingSummary },
      ),
      account: holding,
      marginEnabled: true,
      limits,
      state: 'ACTIVE',
    });
    expect(verdict).toMatchObject({ approved: true });
    // A short sale with no price in the summary is priced at the position's or the quote's last price.
    expect(
      run({ symbol: 'XYZ', side: 'sell', type: 'market', qty: '1' }, { openOrders, workingSummary: [] }),
    ).toMatchObject({
      approved: false,
      code: 'RISK_INSUFFICIENT_BUYING_POWER',
    });
  });

  it('an approval on a margin account that may short holds while buys and sells placed meanwhile fit together', () => {
    const input = (marginEnabled: boolean, order: Parameters<typeof checkRequest>[1]) => {
      const request = checkRequest({ accountId: 'a1', userId: 'u1' }, order, {
        openOrders: { count: 0, pendingBuyNotional: '0', pendingSellQty: {} },
        workingSummary: [],
      });
      return { request, account, marginEnabled, limits, state: 'ACTIVE' as const };
    };
    const buy = { symbol: 'AAPL', side: 'buy' as const, type: 'limit' as const, limitPrice: '100', qty: '4' };
    const margin = input(true, buy);
    // A buy is priced at the 100.10 ask: $1,000 − $400.40 = $599.60 for the buys and the
    // (possibly short) sells placed meanwhile, together.
    expect(headroomOf(margin, priceOrder(margin.request, account)).spendNotional?.toFixed()).toBe('599.6');
    const short = input(true, { ...buy, side: 'sell' });
    expect(headroomOf(short, priceOrder(short.request, account)).spendNotional?.toFixed()).toBe('600');
    // A cash account never shorts: a sell placed meanwhile holds no buying power.
    const cash = input(false, buy);
    expect(headroomOf(cash, priceOrder(cash.request, account)).spendNotional).toBeUndefined();
  });
});
