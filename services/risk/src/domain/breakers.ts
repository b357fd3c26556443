import { dec, Dec } from '@tradeplane/kit';
import type { TradingState } from '@tradeplane/contracts';
import type { Limits } from './limits.ts';
import { pct, usd } from './format.ts';

const RANK: Record<TradingState, number> = { ACTIVE: 0, REDUCING: 1, HALTED: 2 };

/** True when `to` lets fewer orders through than `from`. */
export const moreRestrictive = (to: TradingState, from: TradingState) => RANK[to] > RANK[from];

export interface BreakerInput {
  equity: string;
  startOfDayEquity: string | null;
  highWaterMark: string | null;
  limits: Limits;
  state: TradingState;
}

export interface Trip {
  to: TradingState;
  changedBy: 'breaker:daily_loss' | 'breaker:drawdown';
  reason: string;
}

/**
 * The daily-loss breaker (equity vs start-of-day equity) and the max-drawdown breaker (equity vs
 * high-water mark). A breaker only ever tightens the state; loosening it is the owner's call.
 * When both trip, the tighter action wins.
 */
export function evaluateBreakers(b: BreakerInput): Trip | undefined {
  const equity = dec(b.equity);
  const trips: Trip[] = [];
  if (b.limits.dailyLossLimitPct !== null && b.startOfDayEquity !== null && dec(b.startOfDayEquity).gt(0)) {
    const sod = dec(b.startOfDayEquity);
    const loss = sod.minus(equity).div(sod).times(100);
    if (loss.gte(b.limits.dailyLossLimitPct))
      trips.push({
        to: b.limits.dailyLossAction,
        changedBy: 'breaker:daily_loss',
        reason: `daily loss ${pct(loss)} (equity ${usd(equity)} vs ${usd(sod)} at the start of the day) reached the limit of ${pct(b.limits.dailyLossLimitPct)}`,
      });
  }
  if (b.limits.maxDrawdownPct !== null && b.highWaterMark !== null && dec(b.highWaterMark).gt(0)) {
    const hwm = Dec.max(dec(b.highWaterMark), equity);
    const drawdown = hwm.minus(equity).div(hwm).times(100);
    if (drawdown.gte(b.limits.maxDrawdownPct))
      trips.push({
        to: b.limits.drawdownAction,
        changedBy: 'breaker:drawdown',
        reason: `drawdown ${pct(drawdown)} from the high-water mark ${usd(hwm)} reached the limit of ${pct(b.limits.maxDrawdownPct)}`,
      });
  }
  const tightest = trips.sort((x, y) => RANK[y.to] - RANK[x.to])[0];
  return tightest && moreRestrictive(tightest.to, b.state) ? tightest : undefined;
}
