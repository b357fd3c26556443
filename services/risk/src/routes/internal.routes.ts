import { ProblemSchema, type ServiceApp } from '@tradeplane/kit';
import { RiskAccountSummary, RiskCheckRequest, RiskCheckResponse } from '@tradeplane/contracts';
import type { RiskDeps } from '../domain/deps.ts';
import { checkOrder } from '../domain/check-order.ts';
import { accountSummary } from '../domain/trading-state.ts';
import { AccountParams } from '../schemas/risk.schemas.ts';

/** Endpoints for platform services (orders, portfolio), never reachable through the gateway. */
export async function internalRoutes(app: ServiceApp, deps: RiskDeps): Promise<void> {
  app.post(
    '/internal/risk/check',
    {
      config: { auth: 'service' },
      schema: {
        hide: true,
        body: RiskCheckRequest,
        response: {
          200: RiskCheckResponse,
          400: ProblemSchema,
          401: ProblemSchema,
          403: ProblemSchema,
          503: ProblemSchema,
        },
      },
    },
    async (req) => checkOrder(deps, req.body, { userId: req.auth?.userId }),
  );

  app.get(
    '/internal/risk/accounts/:accountId/summary',
    {
      config: { auth: 'service' },
      schema: {
        hide: true,
        params: AccountParams,
        response: { 200: RiskAccountSummary, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req) => {
      const v = await accountSummary(deps, req.params.accountId, req.auth?.userId);
      return {
        accountId: v.accountId,
        state: v.state,
        dayTradeCount: v.dayTradeCount,
        patternDayTrader: v.patternDayTrader,
      };
    },
  );
}
