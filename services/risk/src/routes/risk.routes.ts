import { currentUser, ProblemSchema, type ServiceApp } from '@tradeplane/kit';
import type { RiskDeps } from '../domain/deps.ts';
import { getLimits, updateLimits } from '../domain/manage-limits.ts';
import { getTradingState, setKillSwitch, setTradingState } from '../domain/trading-state.ts';
import { listDecisions } from '../domain/list-decisions.ts';
import { getCompliance, setCompliance } from '../domain/compliance-settings.ts';
import type { Limits } from '../domain/limits.ts';
import {
  AccountQuery,
  ComplianceBody,
  ComplianceResponse,
  DecisionsQuery,
  DecisionsResponse,
  KillSwitchBody,
  LimitsPatchBody,
  LimitsResponse,
  SetStateBody,
  StateResponse,
} from '../schemas/risk.schemas.ts';

const tags = ['risk'];
const errors = { 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema };
const limitsView = (accountId: string, l: Limits) => ({ accountId, ...l });

/** The owner's view of risk: limits, trading state and kill switch, decisions, compliance rules. */
export async function riskRoutes(app: ServiceApp, deps: RiskDeps): Promise<void> {
  app.get(
    '/v1/risk/limits',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: "An account's risk limits",
        querystring: AccountQuery,
        response: { 200: LimitsResponse, ...errors },
      },
    },
    async (req) =>
      limitsView(req.query.accountId, await getLimits(deps, currentUser(req).userId, req.query.accountId)),
  );

  app.put(
    '/v1/risk/limits',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Change some of an account’s risk limits',
        querystring: AccountQuery,
        body: LimitsPatchBody,
        response: { 200: LimitsResponse, ...errors },
      },
    },
    async (req) =>
      limitsView(
        req.query.accountId,
        await updateLimits(deps, currentUser(req).userId, req.query.accountId, req.body),
      ),
  );

  app.get(
    '/v1/risk/state',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Trading state (ACTIVE, REDUCING, HALTED), kill switch, breaker figures, day trades',
        querystring: AccountQuery,
        response: { 200: StateResponse, ...errors },
      },
    },
    async (req) => getTradingState(deps, currentUser(req).userId, req.query.accountId),
  );

  app.put(
    '/v1/risk/state',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Set the trading state by hand (resuming quiets the breakers for the rest of the UTC day)',
        querystring: AccountQuery,
        body: SetStateBody,
        response: { 200: StateResponse, ...errors, 409: ProblemSchema },
      },
    },
    async (req) =>
      setTradingState(deps, currentUser(req).userId, req.query.accountId, req.body.state, req.body.reason),
  );

  app.post(
    '/v1/risk/kill-switch',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Engage (HALTED until released) or release (back to ACTIVE) the kill switch',
        body: KillSwitchBody,
        response: { 200: StateResponse, ...errors },
      },
    },
    async (req) => setKillSwitch(deps, currentUser(req).userId, req.body.accountId, req.body.engaged),
  );

  app.get(
    '/v1/risk/decisions',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Pre-trade decisions, newest first, with their inputs and reasons',
        querystring: DecisionsQuery,
        response: { 200: DecisionsResponse, ...errors },
      },
    },
    async (req) => {
      const page = await listDecisions(deps, currentUser(req).userId, req.query.accountId, {
        limit: req.query.limit,
        cursor: req.query.cursor,
      });
      return {
        data: page.data.map((d) => ({
          id: d.id,
          accountId: d.accountId,
          approved: d.approved,
          code: d.code,
          message: d.message,
          state: d.state,
          symbol: d.symbol,
          side: d.side,
          inputs: d.inputs,
          createdAt: d.createdAt.toISOString(),
        })),
        nextCursor: page.nextCursor,
      };
    },
  );

  app.get(
    '/v1/risk/compliance',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Compliance rules and whether each is on for the account',
        querystring: AccountQuery,
        response: { 200: ComplianceResponse, ...errors },
      },
    },
    async (req) => ({
      accountId: req.query.accountId,
      rules: await getCompliance(deps, currentUser(req).userId, req.query.accountId),
    }),
  );

  app.put(
    '/v1/risk/compliance',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Switch compliance rules on or off for the account',
        querystring: AccountQuery,
        body: ComplianceBody,
        response: { 200: ComplianceResponse, ...errors },
      },
    },
    async (req) => ({
      accountId: req.query.accountId,
      rules: await setCompliance(deps, currentUser(req).userId, req.query.accountId, req.body.rules),
    }),
  );
}
