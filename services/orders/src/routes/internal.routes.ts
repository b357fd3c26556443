import { InternalOrderRequest } from '@tradeplane/contracts';
import { ProblemSchema, type ServiceApp } from '@tradeplane/kit';
import { findAccount } from '../domain/accounts.ts';
import type { OrdersDeps } from '../domain/deps.ts';
import { OrdersErrors } from '../domain/errors.ts';
import { openOrdersSummary } from '../domain/open-orders-summary.ts';
import { placeOrder, withLegs } from '../domain/place-order.ts';
import { getByClientOrderId } from '../store/orders.store.ts';
import { OpenSummaryQuery, OpenSummaryResponse, OrderSchema } from '../schemas/orders.schemas.ts';
import { nativeOrderWithLegs } from './presenters.ts';

const tags = ['internal'];
const errors = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  422: ProblemSchema,
  503: ProblemSchema,
};

/** Calls from other platform services (auth 'service'). */
export async function internalRoutes(app: ServiceApp, deps: OrdersDeps): Promise<void> {
  /**
   * portfolio → orders (SL/TP exits, closing positions): the same money path as any order,
   * risk check included. A retry with the same clientOrderId and the same order answers the
   * existing order (200) instead of Alpaca's uniqueness error, so portfolio can retry safely.
   */
  app.post(
    '/internal/orders',
    {
      config: { auth: 'service' },
      schema: {
        tags,
        hide: true,
        body: InternalOrderRequest,
        response: { 200: OrderSchema, 201: OrderSchema, ...errors },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const account = await findAccount(deps, b.userId, b.accountId);
      const earlier = await getByClientOrderId(deps.db, account.id, b.clientOrderId);
      if (earlier) {
        const same =
          earlier.symbol === b.symbol.toUpperCase() &&
          earlier.side === b.side &&
          earlier.qty === b.qty &&
          earlier.type === b.type;
        if (!same) throw OrdersErrors.clientOrderIdNotUnique();
        return reply.code(200).send(nativeOrderWithLegs(await withLegs(deps, earlier)));
      }
      const actor = { userId: b.userId, roles: ['user'], plan: req.auth?.plan ?? 'free' };
      const order = await placeOrder(deps, actor, account, {
        source: 'internal',
        request: {
          symbol: b.symbol,
          side: b.side,
          type: b.type,
          timeInForce: b.timeInForce,
          qty: b.qty,
          limitPrice: b.limitPrice,
          stopPrice: b.stopPrice,
          clientOrderId: b.clientOrderId,
        },
      });
      return reply.code(201).send(nativeOrderWithLegs(order));
    },
  );

  app.get(
    '/internal/orders/open-summary',
    {
      config: { auth: 'service' },
      schema: {
        tags,
        hide: true,
        querystring: OpenSummaryQuery,
        response: { 200: OpenSummaryResponse, ...errors },
      },
    },
    async (req) => {
      const account = await findAccount(deps, req.query.userId, req.query.accountId);
      return openOrdersSummary(deps, account.id);
    },
  );
}
