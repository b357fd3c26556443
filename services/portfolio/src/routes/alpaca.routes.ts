import { Type, type Static } from 'typebox';
import { currentUser, isUuid, type FastifyRequest, type ServiceApp } from '@tradeplane/kit';
import type { PortfolioDeps } from '../domain/deps.ts';
import { defaultAccount } from '../domain/owned.ts';
import { valueNow } from '../domain/account-value.ts';
import { PortfolioErrors } from '../domain/errors.ts';
import { closeAllPositions, closePosition } from '../domain/close-position.ts';
import { listActivities } from '../domain/activities.ts';
import { portfolioHistory } from '../domain/history.ts';
import { alpacaAssetId as assetId } from '@tradeplane/contracts';
import { listOpenPositions } from '../store/positions.store.ts';
import {
  AlpacaAccount,
  AlpacaActivitiesQuery,
  AlpacaActivity,
  AlpacaCloseAllQuery,
  AlpacaClosedPosition,
  AlpacaCloseQuery,
  AlpacaError,
  AlpacaHistory,
  AlpacaHistoryQuery,
  AlpacaOrder,
  AlpacaPosition,
  alpacaErrors,
  PositionParams,
} from '../schemas/alpaca.schemas.ts';
import { alpacaAccount, alpacaActivity, alpacaHistory, alpacaOrder, alpacaPosition } from './present.ts';
import { idempotencyKeyOf } from './idempotency-key.ts';

const tags = ['alpaca'];
const BASE = '/alpaca/v2';
/** Every activity of one date, as Alpaca answers `date` without `page_size`, up to this many. */
const ACTIVITIES_OF_A_DATE = 10_000;

/**
 * Alpaca Trading API v2: account, positions, activities, portfolio history. Alpaca keys act on the
 * user's default account; errors answer in Alpaca's `{code, message}` (the kit's handler does it
 * for every /alpaca path).
 */
export async function alpacaRoutes(app: ServiceApp, deps: PortfolioDeps): Promise<void> {
  const account = (req: FastifyRequest) => defaultAccount(deps.db, currentUser(req).userId);

  /** A position's symbol from the path, which Alpaca lets be the symbol or the asset id. */
  const resolveSymbol = async (accountId: string, given: string) => {
    if (!isUuid(given)) return given.trim().toUpperCase();
    const held = await listOpenPositions(deps.db, accountId);
    const hit = held.find((p) => assetId(p.symbol) === given.toLowerCase());
    if (!hit) throw PortfolioErrors.positionNotFound(given);
    return hit.symbol;
  };

  app.get(
    `${BASE}/account`,
    {
      config: { auth: 'user' },
      schema: { tags, summary: 'Account (Alpaca)', response: { 200: AlpacaAccount, ...alpacaErrors } },
    },
    async (req) => {
      const a = await account(req);
      const [figures, risk] = await Promise.all([
        valueNow(deps, deps.db, a),
        deps.risk.get(a.accountId, a.userId),
      ]);
      return alpacaAccount(figures, risk);
    },
  );

  app.get(
    `${BASE}/positions`,
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Open positions (Alpaca)',
        response: { 200: Type.Array(AlpacaPosition), ...alpacaErrors },
      },
    },
    async (req) => {
      const f = await valueNow(deps, deps.db, await account(req), deps.now(), undefined, { reference: true });
      return f.valuation.positions.map((p) => alpacaPosition(p, f.assets.get(p.symbol)));
    },
  );

  app.delete(
    `${BASE}/positions`,
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Close all positions (Alpaca): 207 with one result per symbol',
        querystring: AlpacaCloseAllQuery,
        response: { 207: Type.Array(AlpacaClosedPosition), ...alpacaErrors },
      },
    },
    async (req, reply) => {
      const outcomes = await closeAllPositions(deps, await account(req));
      return reply.code(207).send(
        outcomes.map((o) => ({
          symbol: o.symbol,
          status: o.status,
          body: o.order
            ? alpacaOrder(o.order)
            : { code: o.status * 100_000 + 10_000, message: o.error?.message ?? 'failed' },
        })),
      );
    },
  );

  app.get(
    `${BASE}/positions/:symbol`,
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'One open position (Alpaca)',
        params: PositionParams,
        response: { 200: AlpacaPosition, ...alpacaErrors },
      },
    },
    async (req) => {
      const a = await account(req);
      const symbol = await resolveSymbol(a.accountId, req.params.symbol);
      const f = await valueNow(deps, deps.db, a, deps.now(), undefined, { reference: true });
      const p = f.valuation.positions.find((x) => x.symbol === symbol);
      if (!p) throw PortfolioErrors.positionNotFound(symbol);
      return alpacaPosition(p, f.assets.get(symbol));
    },
  );

  app.delete(
    `${BASE}/positions/:symbol`,
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Close a position, all or by qty or percentage (Alpaca): the closing order',
        params: PositionParams,
        querystring: AlpacaCloseQuery,
        response: { 200: AlpacaOrder, ...alpacaErrors, 409: AlpacaError, 503: AlpacaError },
      },
    },
    async (req, reply) => {
      const a = await account(req);
      const symbol = await resolveSymbol(a.accountId, req.params.symbol);
      const { order, replayed } = await closePosition(deps, a, symbol, {
        qty: req.query.qty,
        percentage: req.query.percentage,
        idempotencyKey: idempotencyKeyOf(req),
      });
      if (replayed) void reply.header('idempotent-replayed', 'true');
      return alpacaOrder(order);
    },
  );

  const activities = async (
    req: FastifyRequest,
    q: Static<typeof AlpacaActivitiesQuery>,
    types: string[] | undefined,
  ) => {
    // Alpaca: page_size defaults to and stops at 100, except for one date, whose activities all come by default.
    const pageSize = q.date ? (q.page_size ?? ACTIVITIES_OF_A_DATE) : Math.min(q.page_size ?? 100, 100);
    const list = await listActivities(deps, await account(req), {
      types,
      category: q.category,
      date: q.date?.slice(0, 10),
      after: q.after ? new Date(q.after) : undefined,
      until: q.until ? new Date(q.until) : undefined,
      exclusiveBounds: true,
      direction: q.direction,
      pageSize,
      pageToken: q.page_token,
    });
    return list.map(alpacaActivity);
  };

  app.get(
    `${BASE}/account/activities`,
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Account activities (Alpaca)',
        querystring: AlpacaActivitiesQuery,
        response: { 200: Type.Array(AlpacaActivity), ...alpacaErrors },
      },
    },
    async (req) =>
      activities(
        req,
        req.query,
        req.query.activity_types
          ?.split(',')
          .map((t) => t.trim().toUpperCase())
          .filter(Boolean),
      ),
  );

  app.get(
    `${BASE}/account/activities/:activity_type`,
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Account activities of one type (Alpaca)',
        params: Type.Object({ activity_type: Type.String({ minLength: 1, maxLength: 16 }) }),
        querystring: AlpacaActivitiesQuery,
        response: { 200: Type.Array(AlpacaActivity), ...alpacaErrors },
      },
    },
    async (req) => activities(req, req.query, [req.params.activity_type.toUpperCase()]),
  );

  app.get(
    `${BASE}/account/portfolio/history`,
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Portfolio history (Alpaca)',
        querystring: AlpacaHistoryQuery,
        response: { 200: AlpacaHistory, ...alpacaErrors },
      },
    },
    async (req) => {
      const a = await account(req);
      const q = req.query;
      const end = q.end ? new Date(q.end) : q.date_end ? new Date(`${q.date_end}T23:59:59.999Z`) : undefined;
      if (end && Number.isNaN(end.getTime()))
        throw PortfolioErrors.invalidHistory(`invalid date_end ${q.date_end}`);
      const h = await portfolioHistory(deps, a, {
        timeframe: q.timeframe,
        period: q.period,
        start: q.start ? new Date(q.start) : undefined,
        end,
        intradayReporting: q.intraday_reporting ?? (q.extended_hours ? 'extended_hours' : undefined),
      });
      return alpacaHistory(h);
    },
  );
}
