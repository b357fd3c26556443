import { currentUser, ProblemSchema, type ServiceApp } from '@tradeplane/kit';
import type { PortfolioDeps } from '../domain/deps.ts';
import { ownedAccount } from '../domain/owned.ts';
import { valueNow } from '../domain/account-value.ts';
import { PortfolioErrors } from '../domain/errors.ts';
import { setExits } from '../domain/exits.ts';
import { closePosition } from '../domain/close-position.ts';
import { activityId, activityKey, listActivities } from '../domain/activities.ts';
import { portfolioHistory } from '../domain/history.ts';
import { listOwnedAccounts } from '../store/accounts.store.ts';
import { getExit, listExits } from '../store/exits.store.ts';
import {
  AccountActivitiesQuery,
  AccountActivityList,
  AccountIdParams,
  AccountIdQuery,
  AccountList,
  AccountView,
  ActivitiesQuery,
  ActivityList,
  CloseBody,
  ExitsBody,
  ExitsResponse,
  HistoryQuery,
  HistoryView,
  OrderResponse,
  PositionList,
  PositionView,
  SymbolParams,
} from '../schemas/portfolio.schemas.ts';
import { accountView, activityView, exitView, positionView, timelineView } from './present.ts';
import { idempotencyKeyOf } from './idempotency-key.ts';

const tags = ['portfolio'];
const errors = { 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema };
const upper = (s: string) => s.trim().toUpperCase();

/** The native portfolio API: every route is for the signed-in owner of the account; others get 404. */
export async function portfolioRoutes(app: ServiceApp, deps: PortfolioDeps): Promise<void> {
  app.get(
    '/v1/portfolio/accounts',
    {
      config: { auth: 'user' },
      schema: { tags, summary: "The user's accounts, valued now", response: { 200: AccountList, ...errors } },
    },
    async (req) => {
      const accounts = await listOwnedAccounts(deps.db, currentUser(req).userId);
      const data = [];
      for (const a of accounts) data.push(accountView(await valueNow(deps, deps.db, a)));
      return { data };
    },
  );

  app.get(
    '/v1/portfolio/accounts/:accountId',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Cash, equity, buying power, P&L of an account',
        params: AccountIdParams,
        response: { 200: AccountView, ...errors },
      },
    },
    async (req) => {
      const account = await ownedAccount(deps.db, currentUser(req).userId, req.params.accountId);
      return accountView(await valueNow(deps, deps.db, account));
    },
  );

  app.get(
    '/v1/portfolio/positions',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Open positions, valued at the latest prices',
        querystring: AccountIdQuery,
        response: { 200: PositionList, ...errors },
      },
    },
    async (req) => {
      const account = await ownedAccount(deps.db, currentUser(req).userId, req.query.accountId);
      const f = await valueNow(deps, deps.db, account, deps.now(), undefined, { reference: true });
      const exits = new Map((await listExits(deps.db, account.accountId)).map((e) => [e.symbol, e]));
      return { data: f.valuation.positions.map((p) => positionView(f, p, exits.get(p.symbol))) };
    },
  );

  app.get(
    '/v1/portfolio/positions/:symbol',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'One open position',
        params: SymbolParams,
        querystring: AccountIdQuery,
        response: { 200: PositionView, ...errors },
      },
    },
    async (req) => {
      const account = await ownedAccount(deps.db, currentUser(req).userId, req.query.accountId);
      const symbol = upper(req.params.symbol);
      const f = await valueNow(deps, deps.db, account, deps.now(), undefined, { reference: true });
      const p = f.valuation.positions.find((x) => x.symbol === symbol);
      if (!p) throw PortfolioErrors.positionNotFound(symbol);
      return positionView(f, p, await getExit(deps.db, account.accountId, symbol));
    },
  );

  app.put(
    '/v1/portfolio/positions/:symbol/exits',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary:
          'Set the stop-loss and take-profit of a position (crossing one places one market exit order)',
        params: SymbolParams,
        querystring: AccountIdQuery,
        body: ExitsBody,
        response: { 200: ExitsResponse, ...errors, 422: ProblemSchema },
      },
    },
    async (req) => {
      const symbol = upper(req.params.symbol);
      const exit = await setExits(deps, currentUser(req).userId, req.query.accountId, symbol, req.body);
      return { symbol, exits: exitView(exit) };
    },
  );

  app.post(
    '/v1/portfolio/positions/:symbol/close',
    {
      config: { auth: 'user' },
      // No body means "close it all".
      preValidation: async (req) => {
        (req as { body: unknown }).body ??= {};
      },
      schema: {
        tags,
        summary: 'Close all or part of a position with a market order (Idempotency-Key makes a retry safe)',
        params: SymbolParams,
        querystring: AccountIdQuery,
        body: CloseBody,
        response: {
          201: OrderResponse,
          ...errors,
          403: ProblemSchema,
          409: ProblemSchema,
          422: ProblemSchema,
          503: ProblemSchema,
        },
      },
    },
    async (req, reply) => {
      const account = await ownedAccount(deps.db, currentUser(req).userId, req.query.accountId);
      const { order, replayed } = await closePosition(deps, account, upper(req.params.symbol), {
        qty: req.body.qty,
        percentage: req.body.percentage,
        idempotencyKey: idempotencyKeyOf(req),
      });
      // A retry answers as the first close did (201), with the order as it is now.
      if (replayed) void reply.header('idempotent-replayed', 'true');
      return reply.code(201).send(order);
    },
  );

  app.get(
    '/v1/portfolio/activities',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Fills, newest first (since the last reset)',
        querystring: ActivitiesQuery,
        response: { 200: ActivityList, ...errors },
      },
    },
    async (req) => {
      const account = await ownedAccount(deps.db, currentUser(req).userId, req.query.accountId);
      const list = await listActivities(deps, account, {
        types: ['FILL'],
        direction: 'desc',
        pageSize: req.query.limit + 1,
        pageToken: req.query.cursor,
      });
      const data = list.slice(0, req.query.limit).flatMap((a) => (a.kind === 'fill' ? [a.fill] : []));
      return {
        data: data.map(activityView),
        nextCursor:
          list.length > req.query.limit
            ? activityId({ at: data.at(-1)!.at, key: data.at(-1)!.tradeId })
            : null,
      };
    },
  );

  app.get(
    '/v1/portfolio/account-activities',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Fills and non-trade activities (deposits, commissions) in time order, since the last reset',
        querystring: AccountActivitiesQuery,
        response: { 200: AccountActivityList, ...errors, 422: ProblemSchema },
      },
    },
    async (req) => {
      const q = req.query;
      const account = await ownedAccount(deps.db, currentUser(req).userId, q.accountId);
      const list = await listActivities(deps, account, {
        types: q.types
          ?.split(',')
          .map((t) => upper(t))
          .filter(Boolean),
        after: q.after ? new Date(q.after) : undefined,
        until: q.until ? new Date(q.until) : undefined,
        direction: q.direction,
        pageSize: q.limit + 1,
        pageToken: q.cursor,
      });
      const data = list.slice(0, q.limit);
      return {
        data: data.map(timelineView),
        nextCursor: list.length > q.limit ? activityId(activityKey(data.at(-1)!)) : null,
      };
    },
  );

  app.get(
    '/v1/portfolio/history',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Equity and P&L over time (5Min, 15Min, 1H, 1D), ending with the equity now',
        querystring: HistoryQuery,
        response: { 200: HistoryView, ...errors, 422: ProblemSchema },
      },
    },
    async (req) => {
      const account = await ownedAccount(deps.db, currentUser(req).userId, req.query.accountId);
      // The native series runs around the clock, its last point the equity now.
      const h = await portfolioHistory(deps, account, {
        timeframe: req.query.timeframe,
        period: req.query.period,
        intradayReporting: 'continuous',
      });
      return {
        accountId: account.accountId,
        timeframe: h.timeframe,
        baseValue: h.baseValue.toFixed(),
        points: h.points.map((p) => ({
          at: p.at.toISOString(),
          equity: p.equity.toFixed(),
          profitLoss: p.profitLoss.toFixed(),
          profitLossPct: p.profitLossPct.toFixed(),
        })),
      };
    },
  );
}
