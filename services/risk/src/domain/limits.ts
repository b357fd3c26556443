import { dec } from '@tradeplane/kit';
import type { RiskConfig } from '../config.ts';
import { RiskErrors } from './errors.ts';

export type BreakerAction = 'REDUCING' | 'HALTED';

/** An account's limits. Decimals are strings; null disables a limit; percentages are percent. */
export interface Limits {
  maxOrderNotional: string | null;
  maxPositionPct: string | null;
  maxOpenOrders: number | null;
  /** When not empty, only these symbols may be traded. */
  allowSymbols: string[];
  denySymbols: string[];
  priceCollarPct: string | null;
  dailyLossLimitPct: string | null;
  maxDrawdownPct: string | null;
  dailyLossAction: BreakerAction;
  drawdownAction: BreakerAction;
  /** Short selling also needs a margin account. */
  shortingEnabled: boolean;
  updatedAt: string;
}

export type LimitsPatch = Partial<Omit<Limits, 'updatedAt'>>;

const orNull = (v: string) => (v === 'off' ? null : v);

export function defaultLimits(config: Readonly<RiskConfig>): Omit<Limits, 'updatedAt'> {
  return {
    maxOrderNotional: orNull(config.RISK_MAX_ORDER_NOTIONAL),
    maxPositionPct: orNull(config.RISK_MAX_POSITION_PCT),
    maxOpenOrders: config.RISK_MAX_OPEN_ORDERS,
    allowSymbols: [],
    denySymbols: [],
    priceCollarPct: orNull(config.RISK_PRICE_COLLAR_PCT),
    dailyLossLimitPct: orNull(config.RISK_DAILY_LOSS_LIMIT_PCT),
    maxDrawdownPct: orNull(config.RISK_MAX_DRAWDOWN_PCT),
    dailyLossAction: config.RISK_DAILY_LOSS_ACTION,
    drawdownAction: config.RISK_DRAWDOWN_ACTION,
    shortingEnabled: config.RISK_SHORTING_ENABLED,
  };
}

const normalizeSymbols = (list: string[]) =>
  [...new Set(list.map((s) => s.trim().toUpperCase()).filter(Boolean))].sort();

/** Applies a partial update; fails with the first value that makes no sense. */
export function mergeLimits(
  current: Omit<Limits, 'updatedAt'>,
  patch: LimitsPatch,
): Omit<Limits, 'updatedAt'> {
  const next = { ...current, ...patch };
  next.allowSymbols = normalizeSymbols(next.allowSymbols);
  next.denySymbols = normalizeSymbols(next.denySymbols);
  const positive = [
    'maxOrderNotional',
    'maxPositionPct',
    'priceCollarPct',
    'dailyLossLimitPct',
    'maxDrawdownPct',
  ] as const;
  for (const key of positive) {
    const v = next[key];
    if (v !== null && !dec(v).gt(0))
      throw RiskErrors.invalidLimits(`${key} must be greater than 0 (or null to disable it)`);
    if (v !== null) next[key] = dec(v).toFixed();
  }
  for (const key of ['dailyLossLimitPct', 'maxDrawdownPct'] as const) {
    const v = next[key];
    if (v !== null && dec(v).gt(100)) throw RiskErrors.invalidLimits(`${key} is a percentage: at most 100`);
  }
  const both = next.allowSymbols.filter((s) => next.denySymbols.includes(s));
  if (both.length) throw RiskErrors.invalidLimits(`symbols both allowed and denied: ${both.join(', ')}`);
  return next;
}
