import { Type } from 'typebox';
import { ProblemSchema, unauthorized, type ServiceApp, type ServiceContext } from '@tradeplane/kit';
import { enrichPortfolio } from '../domain/enrich-portfolio.ts';

export async function portfolioEnrichedRoutes(app: ServiceApp, ctx: ServiceContext): Promise<void> {
  app.get(
    '/v1/portfolio/enriched',
    {
      config: { auth: 'public', edge: true, rateLimit: {} },
      schema: {
        tags: ['portfolio'],
        summary: 'Account and positions with live quotes and day change, aggregated by the gateway',
        querystring: Type.Object({ accountId: Type.String({ minLength: 1, maxLength: 64 }) }),
        response: {
          200: Type.Object({
            account: Type.Unknown(),
            positions: Type.Array(Type.Record(Type.String(), Type.Unknown())),
          }),
          401: ProblemSchema,
          404: ProblemSchema,
        },
      },
    },
    async (req) => {
      if (!req.edge) throw unauthorized();
      return enrichPortfolio(ctx, req.edge, req.query.accountId, req.id);
    },
  );
}
