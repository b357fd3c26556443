import { dec, Dec } from '@tradeplane/kit';
import type { AnyDB } from '@tradeplane/kit';
import type { TradeExecuted } from '@tradeplane/contracts';
import { businessWindowStart, tradingDate } from '../calendar.ts';
import { usd } from '../format.ts';
import {
  clearDayTradeLedger,
  countDayTradesSince,
  getDtPosition,
  getOpenedToday,
  lockDtPosition,
  recordDayTrade,
  setDtPosition,
  setOpenedToday,
} from '../../store/day-trades.store.ts';
import type { ComplianceRule } from './rule.ts';

/** Day trades allowed in the window below $25,000 of equity; the next one is blocked. */
export const DAY_TRADES_ALLOWED = 3;
const WINDOW_BUSINESS_DAYS = 5;

/**
 * Applies one execution to the counter. A day trade is closing, on the trading day they were
 * opened, shares opened that day (FINRA Rule 4210(f)(8)(B)); it counts once per closing order,
 * however many fills that order took. Shares held overnight close without counting.
 */
export async function countExecution(db: AnyDB, t: TradeExecuted): Promise<void> {
  const symbol = t.symbol.toUpperCase();
  const day = tradingDate(new Date(t.at));
  const position = dec(await lockDtPosition(db, t.accountId, symbol));
  const delta = t.side === 'buy' ? dec(t.qty) : dec(t.qty).neg();
  let opened = dec(await getOpenedToday(db, t.accountId, symbol, day));
  if (position.isZero() || position.isNeg() === delta.isNeg()) {
    opened = opened.plus(delta.abs());
  } else {
    const closing = Dec.min(delta.abs(), position.abs());
    if (opened.gt(0))
      await recordDayTrade(db, {
        accountId: t.accountId,
        orderId: t.orderId,
        symbol,
        tradeDate: day,
        tradeId: t.tradeId,
      });
    // Closing takes the shares opened today first (LIFO); the rest of a flip opens new ones today.
    opened = opened.minus(Dec.min(closing, opened)).plus(delta.abs().minus(closing));
  }
  await setOpenedToday(db, t.accountId, symbol, day, opened.toFixed());
  await setDtPosition(db, t.accountId, symbol, position.plus(delta).toFixed());
}

/** Day trades in the last five business days, today included. */
export async function dayTradeCount(db: AnyDB, accountId: string, now: Date): Promise<number> {
  return countDayTradesSince(db, accountId, businessWindowStart(tradingDate(now), WINDOW_BUSINESS_DAYS));
}

/** Whether an order would close shares opened today: a day trade if it fills. */
export async function wouldDayTrade(
  db: AnyDB,
  accountId: string,
  symbol: string,
  side: 'buy' | 'sell',
  now: Date,
): Promise<boolean> {
  const position = dec(await getDtPosition(db, accountId, symbol));
  const closes = side === 'sell' ? position.gt(0) : position.lt(0);
  if (!closes) return false;
  return dec(await getOpenedToday(db, accountId, symbol, tradingDate(now))).gt(0);
}

export const dayTradeRule: ComplianceRule = {
  id: 'day-trade-limit',
  description:
    'Blocks a 4th day trade within 5 business days while equity is under $25,000 (FINRA Rule 4210 pattern-day-trader protection, as Alpaca applies it).',
  async evaluate(ctx) {
    const minEquity = dec(ctx.config.RISK_DAY_TRADE_MIN_EQUITY);
    const equity = dec(ctx.account.equity);
    if (equity.gte(minEquity)) return 'ok';
    if (!(await wouldDayTrade(ctx.db, ctx.request.accountId, ctx.symbol, ctx.request.order.side, ctx.now)))
      return 'ok';
    const count = await dayTradeCount(ctx.db, ctx.request.accountId, ctx.now);
    if (count < DAY_TRADES_ALLOWED) return 'ok';
    return {
      code: 'COMPLIANCE_DAY_TRADE_LIMIT',
      message: `day-trade limit: ${count} day trades in the last ${WINDOW_BUSINESS_DAYS} business days and equity ${usd(equity)} is under ${usd(minEquity)}; this order would be day trade ${count + 1}`,
    };
  },
  onTrade: countExecution,
  onAccountReset: clearDayTradeLedger,
};
