import { dec, Dec, type Dec as Decimal } from '@tradeplane/kit';
import type { PortfolioDeps } from './deps.ts';
import { PortfolioErrors } from './errors.ts';
import { floorTo } from './calendar.ts';
import type { LedgerAccount } from '../store/accounts.store.ts';
import { listSnapshots } from '../store/snapshots.store.ts';

export const TIMEFRAMES = {
  '5Min': 5 * 60_000,
  '15Min': 15 * 60_000,
  '1H': 3_600_000,
  '1D': 86_400_000,
} as const;
export type Timeframe = keyof typeof TIMEFRAMES;

const DAY_MS = 86_400_000;
const UNIT_MS: Record<string, number> = { D: DAY_MS, W: 7 * DAY_MS, M: 30 * DAY_MS, A: 365 * DAY_MS };

export interface HistoryPoint {
  at: Date;
  equity: Decimal;
  profitLoss: Decimal;
  profitLossPct: Decimal;
}

export interface History {
  timeframe: Timeframe;
  baseValue: Decimal;
  points: HistoryPoint[];
}

/** Alpaca's period: a count and a unit, D(ay), W(eek), M(onth, 30 days) or A (year). */
export function parsePeriod(period: string): number {
  const m = /^(\d{1,4})(D|W|M|A)$/.exec(period);
  if (!m || Number(m[1]) === 0)
    throw PortfolioErrors.invalidHistory(`invalid period ${period}: use e.g. 1D, 1W, 1M, 3M, 1A`);
  return Number(m[1]) * UNIT_MS[m[2]!]!;
}

export function parseTimeframe(tf: string): Timeframe {
  if (tf in TIMEFRAMES) return tf as Timeframe;
  throw PortfolioErrors.invalidHistory(
    `invalid timeframe ${tf}: use one of ${Object.keys(TIMEFRAMES).join(', ')}`,
  );
}

/**
 * Equity over time from the 5-minute snapshots: the last snapshot of each bucket of the
 * timeframe, stamped with the bucket's start (UTC). P&L is measured from the first point of the
 * period (Alpaca's base_value); a reset to a new cash amount shows in it like any other change.
 */
export async function portfolioHistory(
  deps: PortfolioDeps,
  account: LedgerAccount,
  q: { timeframe: Timeframe; periodMs: number; end?: Date | undefined },
): Promise<History> {
  const end = q.end ?? deps.now();
  const start = new Date(end.getTime() - q.periodMs);
  const step = TIMEFRAMES[q.timeframe];
  const snapshots = await listSnapshots(deps.db, account.accountId, start, end);
  const buckets = new Map<number, Decimal>();
  for (const s of snapshots) buckets.set(floorTo(s.at, step).getTime(), dec(s.equity));
  const series = [...buckets.entries()].sort((a, b) => a[0] - b[0]);
  const baseValue = series[0]?.[1] ?? dec(account.cash);
  return {
    timeframe: q.timeframe,
    baseValue,
    points: series.map(([t, equity]) => {
      const pl = equity.minus(baseValue);
      return {
        at: new Date(t),
        equity,
        profitLoss: pl,
        profitLossPct: baseValue.isZero()
          ? new Dec(0)
          : pl.div(baseValue).toDecimalPlaces(6, Dec.ROUND_HALF_EVEN),
      };
    }),
  };
}
