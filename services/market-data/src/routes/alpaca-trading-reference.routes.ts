/**
 * The reference data of Alpaca's Trading API v2 that market-data owns — `/v2/clock`,
 * `/v2/calendar`, `/v2/assets` — at the paths the gateway forwards under /alpaca.
 */
import { isUuid, type ServiceApp } from '@tradeplane/kit';
import { calendar as nyseSessions, clock, isTradingDay, type Session } from '../domain/calendar.ts';
import { MarketErrors } from '../domain/errors.ts';
import { addDays, dayOfWeek, formatNyIso, isIsoDate, makeIsoDate } from '../domain/ny-time.ts';
import type { MarketRuntime } from '../domain/market-runtime.ts';
import { parseSymbol } from '../domain/request-params.ts';
import {
  alpacaErrors,
  AlpacaAsset,
  AlpacaAssetParams,
  AlpacaAssets,
  AlpacaAssetsQuery,
  AlpacaCalendar,
  AlpacaCalendarQuery,
  AlpacaClock,
} from '../schemas/alpaca.schemas.ts';
import { alpacaAsset } from './present.ts';
import { readerRoute } from './readers.ts';

const tags = ['alpaca trading reference'];

/** The calendar's rules are checked from 2000 (services/market-data/README.md, Decisions); Alpaca's own list starts in 1970. */
const DEFAULT_CALENDAR_START = '2000-01-01';
const MAX_CALENDAR_DAYS = 366 * 40;

/** A date from `YYYY-MM-DD` or the date part of an RFC 3339 time (what the SDK sends from a Date). */
function calendarDate(param: string, raw: string): string {
  const date = raw.trim().slice(0, 10);
  if (!isIsoDate(date) || (raw.trim().length > 10 && !/^\d{4}-\d{2}-\d{2}T/.test(raw.trim()))) {
    throw MarketErrors.invalidTime(param, raw);
  }
  return date;
}

/**
 * Settlement days: business days of both the exchange and the banks. Federal Reserve holidays
 * the NYSE trades through — Columbus Day and Veterans Day — do not settle (a Sunday holiday is
 * observed Monday; a Saturday one is not moved, per the Federal Reserve's holiday schedule).
 */
function isSettlementDay(date: string): boolean {
  if (!isTradingDay(date)) return false;
  const year = Number(date.slice(0, 4));
  const firstOct = makeIsoDate(year, 10, 1);
  const columbus = addDays(firstOct, ((1 - dayOfWeek(firstOct) + 7) % 7) + 7);
  let veterans = makeIsoDate(year, 11, 11);
  if (dayOfWeek(veterans) === 0) veterans = addDays(veterans, 1);
  return date !== columbus && date !== veterans;
}

/** T+1 from 2024-05-28 (SEC Rule 15c6-1 as amended), T+2 before. */
function settlementDate(tradeDate: string): string {
  let days = tradeDate >= '2024-05-28' ? 1 : 2;
  let date = tradeDate;
  while (days > 0) {
    date = addDays(date, 1);
    if (isSettlementDay(date)) days--;
  }
  return date;
}

const hhmm = (instant: Date) => formatNyIso(instant).slice(11, 16);

function alpacaDay(s: Session) {
  // Extended hours run 04:00–20:00, ending at 17:00 on early-close days.
  const sessionClose = s.earlyClose ? '1700' : '2000';
  return {
    date: s.date,
    open: hhmm(s.open),
    close: hhmm(s.close),
    session_open: '0400',
    session_close: sessionClose,
    settlement_date: settlementDate(s.date),
  };
}

export async function alpacaTradingReferenceRoutes(app: ServiceApp, rt: MarketRuntime): Promise<void> {
  const deps = rt.deps;

  app.get(
    '/alpaca/v2/clock',
    {
      ...readerRoute,
      schema: { tags, summary: 'Market clock (Alpaca v2)', response: { 200: AlpacaClock, ...alpacaErrors } },
    },
    async () => {
      const c = clock(deps.now(), deps.calendar);
      return {
        timestamp: formatNyIso(c.timestamp),
        is_open: c.is_open,
        next_open: formatNyIso(c.next_open),
        next_close: formatNyIso(c.next_close),
      };
    },
  );

  app.get(
    '/alpaca/v2/calendar',
    {
      ...readerRoute,
      schema: {
        tags,
        summary: 'NYSE trading days with open and close times (Alpaca v2)',
        querystring: AlpacaCalendarQuery,
        response: { 200: AlpacaCalendar, ...alpacaErrors },
      },
    },
    async (req) => {
      const start = req.query.start ? calendarDate('start', req.query.start) : DEFAULT_CALENDAR_START;
      const end = req.query.end
        ? calendarDate('end', req.query.end)
        : `${deps.now().getUTCFullYear() + 1}-12-31`;
      if (start > end) throw MarketErrors.invalidRange(`start (${start}) is after end (${end})`);
      if (Date.parse(end) - Date.parse(start) > MAX_CALENDAR_DAYS * 86_400_000) {
        throw MarketErrors.invalidRange(`at most ${MAX_CALENDAR_DAYS} days per request`);
      }
      const days = nyseSessions(start, end).map(alpacaDay);
      if (req.query.date_type === 'SETTLEMENT') return days.filter((d) => isSettlementDay(d.date));
      return days;
    },
  );

  app.get(
    '/alpaca/v2/assets',
    {
      ...readerRoute,
      schema: {
        tags,
        summary: 'Assets (Alpaca v2)',
        querystring: AlpacaAssetsQuery,
        response: { 200: AlpacaAssets, ...alpacaErrors },
      },
    },
    async (req) => {
      const q = req.query;
      const status = q.status ?? 'active';
      // Alpaca lists securities; an index such as SPX is a benchmark series, not an asset there.
      return (await deps.assets.all())
        .filter((a) => a.class !== 'index')
        .filter((a) => status === 'all' || a.status === status)
        .filter((a) => !q.asset_class || a.class === q.asset_class)
        .filter((a) => !q.exchange || a.exchange === q.exchange)
        .map(alpacaAsset);
    },
  );

  app.get(
    '/alpaca/v2/assets/:symbolOrId',
    {
      ...readerRoute,
      schema: {
        tags,
        summary: 'One asset by symbol or id (Alpaca v2)',
        params: AlpacaAssetParams,
        response: { 200: AlpacaAsset, ...alpacaErrors },
      },
    },
    async (req) => {
      const raw = req.params.symbolOrId;
      const asset = isUuid(raw)
        ? await deps.assets.findById(raw.toLowerCase())
        : await deps.assets.find(parseSymbol(raw));
      if (!asset || asset.class === 'index') throw MarketErrors.assetNotFound(raw);
      return alpacaAsset(asset);
    },
  );
}
