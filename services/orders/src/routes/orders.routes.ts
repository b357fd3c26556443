import { Type } from 'typebox';
import { ProblemSchema, type FastifyReply, type ServiceApp } from '@tradeplane/kit';
import { findAccount, resolveAccount } from '../domain/accounts.ts';
import { cancelAllOrders, cancelOrder } from '../domain/cancel-order.ts';
import type { OrdersDeps } from '../domain/deps.ts';
import { OrdersErrors } from '../domain/errors.ts';
import { requestHash, withIdempotencyKey, type KeptResponse } from '../domain/idempotency.ts';
import { placeOrder } from '../domain/place-order.ts';
import { findByClientOrderId, findUserOrder, listAccountOrders } from '../domain/query-orders.ts';
import { replaceOrder } from '../domain/replace-order.ts';
import {
  AccountQuery,
  ByClientOrderIdQuery,
  CancelAllResponse,
  ListOrdersQuery,
  OrderListResponse,
  OrderParams,
  OrderSchema,
  PlaceOrderBody,
  ReplaceOrderBody,
} from '../schemas/orders.schemas.ts';
import { actorOf, idempotencyKeyOf } from './actor.ts';
import { nativeOrder, nativeOrderWithLegs } from './presenters.ts';

const tags = ['orders'];
const errors = {
  400: ProblemSchema,
  401: ProblemSchema,
  403: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
  503: ProblemSchema,
};

const IdempotencyHeader = Type.Object({
  'idempotency-key': Type.Optional(
    Type.String({ maxLength: 255, description: 'retries with the same key get the first answer (24 h)' }),
  ),
});

export function sendKept(reply: FastifyReply, kept: KeptResponse): FastifyReply {
  if (kept.replayed) void reply.header('idempotent-replayed', 'true');
  const type = kept.status >= 400 ? 'application/problem+json' : 'application/json';
  return reply.code(kept.status).type(type).send(kept.body);
}

/** The native order API (`/v1/orders`, camelCase, accountId in the body or query). */
export async function ordersRoutes(app: ServiceApp, deps: OrdersDeps): Promise<void> {
  app.post(
    '/v1/orders',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Place an order (Alpaca order model); accepts Idempotency-Key',
        headers: IdempotencyHeader,
        body: PlaceOrderBody,
        response: { 201: OrderSchema, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const { accountId, ...request } = req.body;
      const key = idempotencyKeyOf(req);
      const run = async () => {
        const account = await resolveAccount(deps, actor.userId, accountId);
        const order = await placeOrder(deps, actor, account, { request, source: 'api', idempotencyKey: key });
        return { status: 201, body: nativeOrderWithLegs(order) };
      };
      if (!key) {
        const { status, body } = await run();
        return reply.code(status).send(body);
      }
      const kept = await withIdempotencyKey(
        deps,
        { userId: actor.userId, key, hash: requestHash('POST', '/v1/orders', req.body), instance: req.url },
        run,
      );
      return sendKept(reply, kept);
    },
  );

  app.get(
    '/v1/orders',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: "An account's orders, newest first",
        querystring: ListOrdersQuery,
        response: { 200: OrderListResponse, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const account = await resolveAccount(deps, actor.userId, req.query.accountId);
      const { orders, nextCursor } = await listAccountOrders(deps, account.id, req.query);
      return {
        data: orders.map((o) => (req.query.nested ? nativeOrderWithLegs(o) : nativeOrder(o))),
        nextCursor,
      };
    },
  );

  const byClientOrderId = async (
    userId: string,
    query: {
      client_order_id?: string | undefined;
      clientOrderId?: string | undefined;
      accountId?: string | undefined;
    },
  ) => {
    const coid = query.client_order_id ?? query.clientOrderId;
    if (!coid) throw OrdersErrors.invalidOrder('client_order_id is required');
    const account = await resolveAccount(deps, userId, query.accountId);
    return nativeOrderWithLegs(await findByClientOrderId(deps, account.id, coid));
  };
  const byCoidSchema = {
    tags,
    summary: 'An order by its client_order_id',
    querystring: ByClientOrderIdQuery,
    response: { 200: OrderSchema, ...errors },
  };
  // Alpaca's spelling; the colon is escaped for the router.
  app.get('/v1/orders::by_client_order_id', { config: { auth: 'user' }, schema: byCoidSchema }, async (req) =>
    byClientOrderId(actorOf(req).userId, req.query),
  );
  // The same, reachable through the gateway's /v1/<area>/… routing.
  app.get(
    '/v1/orders/by-client-order-id',
    { config: { auth: 'user' }, schema: { ...byCoidSchema, hide: true } },
    async (req) => byClientOrderId(actorOf(req).userId, req.query),
  );

  app.get(
    '/v1/orders/:orderId',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'An order with its legs',
        params: OrderParams,
        response: { 200: OrderSchema, ...errors },
      },
    },
    async (req) => nativeOrderWithLegs(await findUserOrder(deps, actorOf(req).userId, req.params.orderId)),
  );

  app.patch(
    '/v1/orders/:orderId',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Replace an order: the old one becomes replaced, a new one is returned',
        params: OrderParams,
        body: ReplaceOrderBody,
        response: { 200: OrderSchema, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const order = await findUserOrder(deps, actor.userId, req.params.orderId);
      const account = await findAccount(deps, actor.userId, order.accountId);
      return nativeOrderWithLegs(await replaceOrder(deps, actor, account, order.id, req.body));
    },
  );

  app.delete(
    '/v1/orders/:orderId',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Cancel an order (and the rest of its group)',
        params: OrderParams,
        response: { 200: OrderSchema, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const order = await findUserOrder(deps, actor.userId, req.params.orderId);
      const account = await findAccount(deps, actor.userId, order.accountId);
      const canceled = await cancelOrder(deps, account, order.id);
      return nativeOrderWithLegs(
        (await findUserOrder(deps, actor.userId, canceled.id)) ?? { ...canceled, legs: [] },
      );
    },
  );

  app.delete(
    '/v1/orders',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Cancel every open order of an account (207: one status per order)',
        querystring: AccountQuery,
        response: { 207: CancelAllResponse, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const account = await resolveAccount(deps, actor.userId, req.query.accountId);
      const attempts = await cancelAllOrders(deps, account);
      return reply.code(207).send({
        data: attempts.map((a) => ({
          id: a.id,
          status: a.status,
          ...(a.order ? { order: nativeOrder(a.order) } : {}),
          ...(a.error ? { error: a.error } : {}),
        })),
      });
    },
  );
}
