import { ProblemSchema, type ServiceApp } from '@tradeplane/kit';
import { AccountStateResponse } from '@tradeplane/contracts';
import type { PortfolioDeps } from '../domain/deps.ts';
import { PortfolioErrors } from '../domain/errors.ts';
import { valueNow } from '../domain/account-value.ts';
import { getAccountWithPositions } from '../store/accounts.store.ts';
import { AccountIdParams } from '../schemas/portfolio.schemas.ts';

/** For platform services (risk, orders), never reachable through the gateway. */
export async function internalRoutes(app: ServiceApp, deps: PortfolioDeps): Promise<void> {
  app.get(
    '/internal/portfolio/accounts/:accountId/state',
    {
      config: { auth: 'service' },
      schema: {
        hide: true,
        params: AccountIdParams,
        response: { 200: AccountStateResponse, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req) => {
      // The account and its positions in one round trip: risk reads this for every order.
      const found = await getAccountWithPositions(deps.db, req.params.accountId);
      const account = found?.account;
      // A call acting for a user only sees that user's accounts.
      const userId = req.auth?.userId;
      if (!account || !account.opened || (userId !== undefined && account.userId !== userId))
        throw PortfolioErrors.accountNotFound();
      const f = await valueNow(deps, deps.db, account, deps.now(), found.positions);
      const v = f.valuation;
      return {
        accountId: account.accountId,
        userId: account.userId,
        cash: v.cash.toFixed(),
        equity: v.equity.toFixed(),
        buyingPower: v.buyingPower.toFixed(),
        longMarketValue: v.longMarketValue.toFixed(),
        shortMarketValue: v.shortMarketValue.toFixed(),
        startOfDayEquity: f.startOfDayEquity.toFixed(),
        highWaterMark: f.highWaterMark.toFixed(),
        marginEnabled: account.marginEnabled,
        positions: v.positions.map((p) => ({
          symbol: p.symbol,
          qty: p.qty.toFixed(),
          avgEntryPrice: p.avgEntryPrice.toFixed(),
          marketValue: p.marketValue.toFixed(),
          lastPrice: p.price.toFixed(),
        })),
      };
    },
  );
}
