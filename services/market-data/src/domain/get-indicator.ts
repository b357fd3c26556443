/**
 * Indicators over stored bars (`GET /v1/market/indicators/:symbol`). The series is computed over
 * the requested points plus a warm-up of earlier bars, so recursive indicators (EMA, RSI, ATR,
 * MACD) have settled by the first point returned. The live market also keeps each symbol's
 * indicators with default parameters on 1Min bars up to date at every bar close
 * (live-market.ts); those values are returned as `latest` when they apply.
 */
import type { StoredBar } from '../store/bars.store.ts';
import type { MarketDeps } from './deps.ts';
import { MarketErrors } from './errors.ts';
import { recentBars } from './get-bars.ts';
import {
  computeIndicator,
  INDICATOR_DEFAULTS,
  IndicatorParamsError,
  normalizeIndicatorParams,
  type IndicatorName,
  type IndicatorPoint,
} from './indicators.ts';
import type { Timeframe } from './request-params.ts';

export interface IndicatorRequest {
  symbol: string;
  name: string;
  params: Record<string, unknown>;
  timeframe: Timeframe;
  limit: number;
  end: Date;
}

/** A value on the wire: one number, or named lines (macd, bbands, stoch). */
export type PlainValue = number | Record<string, number>;

export interface IndicatorSeries {
  symbol: string;
  name: IndicatorName;
  params: Record<string, string | number>;
  timeframe: Timeframe;
  values: { t: string; value: PlainValue }[];
}

export function plainPoint(p: IndicatorPoint): { t: string; value: PlainValue } {
  return { t: p.t, value: typeof p.value === 'number' ? p.value : { ...p.value } };
}

const MAX_WARMUP = 5_000;

/** Earlier bars fed before the first returned point: a few lookbacks of the longest parameter. */
function warmup(params: Record<string, unknown>): number {
  const longest = Math.max(1, ...Object.values(params).filter((v): v is number => typeof v === 'number'));
  return Math.min(MAX_WARMUP, 5 * longest + 50);
}

/** Parameters from `params` (a JSON object) and/or loose query keys (`period=14`). */
export function indicatorParams(
  json: string | undefined,
  loose: Record<string, unknown>,
): Record<string, unknown> {
  let fromJson: Record<string, unknown> = {};
  if (json !== undefined && json.trim() !== '') {
    let parsed: unknown;
    try {
      parsed = JSON.parse(json);
    } catch {
      throw new IndicatorParamsError('\'params\' must be a JSON object such as {"period":14}');
    }
    if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
      throw new IndicatorParamsError('\'params\' must be a JSON object such as {"period":14}');
    }
    fromJson = parsed as Record<string, unknown>;
  }
  return { ...fromJson, ...loose };
}

export async function getIndicator(deps: MarketDeps, req: IndicatorRequest): Promise<IndicatorSeries> {
  const params = normalizeIndicatorParams(req.name, req.params) as unknown as Record<string, unknown>;
  const name = req.name as IndicatorName;
  if (!(await deps.assets.find(req.symbol))) throw MarketErrors.unknownSymbol([req.symbol]);
  const bars: StoredBar[] = await recentBars(
    deps,
    req.symbol,
    req.timeframe,
    req.limit + warmup(params),
    req.end,
  );
  const points = computeIndicator(
    name,
    params,
    bars.map((b) => ({ t: b.t, h: b.h, l: b.l, c: b.c, v: b.v })),
    { calendar: deps.calendar },
  );
  return {
    symbol: req.symbol,
    name,
    params: params as Record<string, string | number>,
    timeframe: req.timeframe,
    values: points.slice(-req.limit).map(plainPoint),
  };
}

export function isDefaultParams(name: IndicatorName, params: Record<string, unknown>): boolean {
  const defaults = INDICATOR_DEFAULTS[name] as Record<string, unknown>;
  return Object.keys(defaults).every((k) => params[k] === defaults[k]);
}
