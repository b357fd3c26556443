import { dec, Dec, type Dec as Decimal } from '@tradeplane/kit';
import type { PortfolioDeps } from './deps.ts';
import { PortfolioErrors } from './errors.ts';
import { floorTo } from './calendar.ts';
import { valueNow } from './account-value.ts';
import { SNAPSHOT_STEP_MS } from './snapshot-equity.ts';
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
/** Alpaca: timeframes under 1D only for periods of 30 days or less. */
const INTRADAY_MAX_MS = 30 * DAY_MS;

/** Alpaca's intraday_reporting: which instants get a point (and, for 1D, when "now" is one). */
export const INTRADAY_REPORTING = ['market_hours', 'extended_hours', 'continuous'] as const;
export type IntradayReporting = (typeof INTRADAY_REPORTING)[number];

export interface HistoryPoint {
  at: Date;
  equity: Decimal;
  profitLoss: Decimal;
  profitLossPct: Decimal;
}

export interface History {
  timeframe: Timeframe;
  baseValue: Decimal;
  /** When the base value was the equity; null when no point has any (Alpaca then omits base_value_asof). */
  baseAt: Date | null;
  points: HistoryPoint[];
}

export interface HistoryQuery {
  /** Absent: Alpaca's default by the length of the range (its 1Min is our finest, 5Min). */
  timeframe?: string | undefined;
  /** A count and D, W, M (30 days) or A (365 days); at most two of start, end and period. */
  period?: string | undefined;
  start?: Date | undefined;
  end?: Date | undefined;
  intradayReporting?: string | undefined;
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

function parseReporting(v: string | undefined): IntradayReporting {
  if (v === undefined) return 'market_hours';
  if ((INTRADAY_REPORTING as readonly string[]).includes(v)) return v as IntradayReporting;
  throw PortfolioErrors.invalidHistory(
    `invalid intraday_reporting ${v}: use one of ${INTRADAY_REPORTING.join(', ')}`,
  );
}

/** The range and timeframe a query asks for, by Alpaca's rules (Trading API "Get Account Portfolio History"). */
export function resolveRange(q: HistoryQuery, now: Date): { start: Date; end: Date; timeframe: Timeframe } {
  const periodMs = q.period !== undefined ? parsePeriod(q.period) : undefined;
  if (q.start && q.end && periodMs !== undefined)
    throw PortfolioErrors.invalidHistory('give at most two of start, end and period');
  let start: Date;
  let end: Date;
  if (q.start) {
    start = q.start;
    end = q.end ?? (periodMs !== undefined ? new Date(start.getTime() + periodMs) : now);
  } else {
    end = q.end ?? now;
    start = new Date(end.getTime() - (periodMs ?? UNIT_MS.M!));
  }
  if (start > end) throw PortfolioErrors.invalidHistory('start is after end');
  const span = end.getTime() - start.getTime();
  const timeframe =
    q.timeframe !== undefined
      ? parseTimeframe(q.timeframe)
      : span < 7 * DAY_MS
        ? '5Min'
        : span < 30 * DAY_MS
          ? '15Min'
          : '1D';
  if (TIMEFRAMES[timeframe] < DAY_MS && span > INTRADAY_MAX_MS)
    throw PortfolioErrors.invalidHistory(
      `timeframe ${timeframe} covers 30 days at most; use 1D for a longer period`,
    );
  return { start, end, timeframe };
}

/**
 * Equity over time: the 5-minute snapshots, the last one of each bucket of the timeframe stamped
 * with the bucket's start (UTC), and — when the range reaches now — the equity now, valued at the
 * live quotes, as the point of the current bucket (Alpaca's history ends with the current value).
 * `intraday_reporting` decides whether now gets that point: always when `continuous`, while the
 * regular (`market_hours`) or extended (`extended_hours`) session is open otherwise, as
 * market-data's clock and calendar say; when they can't be asked, the point is shown. Stored
 * snapshots are served around the clock whatever the value.
 *
 * P&L is measured from base_value: the first point with a non-zero equity (Alpaca: pnl_pct =
 * equity / base_value − 1). A reset account's history starts at the reset (a new start).
 */
export async function portfolioHistory(
  deps: PortfolioDeps,
  account: LedgerAccount,
  q: HistoryQuery,
): Promise<History> {
  const now = deps.now();
  const { start, end, timeframe } = resolveRange(q, now);
  const reporting = parseReporting(q.intradayReporting);
  const step = TIMEFRAMES[timeframe];
  const floor = account.resetAt ? floorTo(account.resetAt, SNAPSHOT_STEP_MS) : start;
  const from = floor > start ? floor : start;
  const to = end < now ? end : now;
  const snapshots = from <= to ? await listSnapshots(deps.db, account.accountId, from, to) : [];
  const buckets = new Map<number, Decimal>();
  for (const s of snapshots) buckets.set(floorTo(s.at, step).getTime(), dec(s.equity));

  if (start <= now && now <= end && (await reportsNow(deps, reporting, now))) {
    const live = await valueNow(deps, deps.db, account, now);
    buckets.set(floorTo(now, step).getTime(), live.valuation.equity);
  }

  const series = [...buckets.entries()].sort((a, b) => a[0] - b[0]);
  const base = series.find(([, equity]) => !equity.isZero());
  const baseValue = base?.[1] ?? series[0]?.[1] ?? dec(account.cash);
  return {
    timeframe,
    baseValue,
    baseAt: base ? new Date(base[0]) : null,
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

async function reportsNow(deps: PortfolioDeps, reporting: IntradayReporting, now: Date): Promise<boolean> {
  if (reporting === 'continuous') return true;
  const session = await deps.market.session(now);
  if (!session) return true;
  return reporting === 'market_hours' ? session.open : session.extended;
}
