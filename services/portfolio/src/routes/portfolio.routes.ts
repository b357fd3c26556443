import { currentUser, ProblemSchema, type ServiceApp } from '@tradeplane/kit';
import type { PortfolioDeps } from '../domain/deps.ts';
import { ownedAccount } from '../domain/owned.ts';
import { valueNow } from '../domain/account-value.ts';
import { PortfolioErrors } from '../domain/errors.ts';
import { setExits } from '../domain/exits.ts';
import { closePosition } from '../domain/close-position.ts';
import { activityId, listActivities } from '../domain/activities.ts';
import { parsePeriod, parseTimeframe, portfolioHistory } from '../domain/history.ts';
import { listOwnedAccounts } from '../store/accounts.store.ts';
import { getExit, listExits } from '../store/exits.store.ts';
import {
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
import { accountView, activityView, exitView, positionView } from './present.ts';

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
      const f = await valueNow(deps, deps.db, account);
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
      const f = await valueNow(deps, deps.db, account);
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
      const key = req.headers['idempotency-key'];
      const order = await closePosition(deps, account, upper(req.params.symbol), {
        qty: req.body.qty,
        percentage: req.body.percentage,
        idempotencyKey: typeof key === 'string' && key.length > 0 ? key : undefined,
      });
      return reply.code(201).send(order);
    },
  );

  app.get(
    '/v1/portfolio/activities',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Fills, newest first',
        querystring: ActivitiesQuery,
        response: { 200: ActivityList, ...errors },
      },
    },
    async (req) => {
      const account = await ownedAccount(deps.db, currentUser(req).userId, req.query.accountId);
      const fills = await listActivities(deps, account, {
        direction: 'desc',
        pageSize: req.query.limit + 1,
        pageToken: req.query.cursor,
      });
      const data = fills.slice(0, req.query.limit);
      return {
        data: data.map(activityView),
        nextCursor: fills.length > req.query.limit ? activityId(data[data.length - 1]!) : null,
      };
    },
  );

  app.get(
    '/v1/portfolio/history',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Equity and P&L over time (5Min, 15Min, 1H, 1D)',
        querystring: HistoryQuery,
        response: { 200: HistoryView, ...errors, 422: ProblemSchema },
      },
    },
    async (req) => {
      const account = await ownedAccount(deps.db, currentUser(req).userId, req.query.accountId);
      const h = await portfolioHistory(deps, account, {
        timeframe: parseTimeframe(req.query.timeframe),
        periodMs: parsePeriod(req.query.period),
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
