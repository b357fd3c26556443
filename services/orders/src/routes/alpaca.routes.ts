import { Type } from 'typebox';
import type { ServiceApp } from '@tradeplane/kit';
import { ensureDefaultAccount } from '../domain/accounts.ts';
import { cancelAllOrders, cancelOrder } from '../domain/cancel-order.ts';
import type { OrdersDeps } from '../domain/deps.ts';
import type { OrderRequest } from '../domain/order-rules.ts';
import { placeOrder } from '../domain/place-order.ts';
import { findAccountOrder, findByClientOrderId, listAccountOrders } from '../domain/query-orders.ts';
import { replaceOrder } from '../domain/replace-order.ts';
import type { OrderWithLegs } from '../domain/types.ts';
import {
  AlpacaByClientOrderIdQuery,
  AlpacaCancelAllResponse,
  AlpacaError,
  AlpacaListQuery,
  AlpacaOrder,
  AlpacaOrderParams,
  AlpacaOrderQuery,
  AlpacaPatchOrderBody,
  AlpacaPostOrderBody,
} from '../schemas/alpaca.schemas.ts';
import { actorOf } from './actor.ts';
import { alpacaOrder } from './presenters.ts';

const tags = ['alpaca'];
const errors = {
  400: AlpacaError,
  401: AlpacaError,
  403: AlpacaError,
  404: AlpacaError,
  422: AlpacaError,
  503: AlpacaError,
};

const withLegs = (o: OrderWithLegs) => alpacaOrder(o, o.legs);

type AlpacaBody = Record<string, unknown> & {
  take_profit?: Record<string, string | undefined>;
  stop_loss?: Record<string, string | undefined>;
};

/** Alpaca's POST /v2/orders body in the domain's terms. */
function fromAlpaca(b: AlpacaBody): OrderRequest {
  const s = (k: string) => (typeof b[k] === 'string' ? (b[k] as string) : undefined);
  return {
    symbol: s('symbol'),
    side: s('side'),
    type: s('type'),
    timeInForce: s('time_in_force'),
    orderClass: s('order_class'),
    qty: s('qty'),
    notional: s('notional'),
    limitPrice: s('limit_price'),
    stopPrice: s('stop_price'),
    trailPrice: s('trail_price'),
    trailPercent: s('trail_percent'),
    extendedHours: b.extended_hours === true,
    clientOrderId: s('client_order_id'),
    positionIntent: s('position_intent'),
    takeProfit: b.take_profit ? { limitPrice: b.take_profit.limit_price } : undefined,
    stopLoss: b.stop_loss
      ? {
          stopPrice: b.stop_loss.stop_price,
          limitPrice: b.stop_loss.limit_price,
          trailPrice: b.stop_loss.trail_price,
          trailPercent: b.stop_loss.trail_percent,
        }
      : undefined,
  };
}

/**
 * Alpaca's Trading API v2 orders, served where the gateway forwards `/alpaca/v2/orders…`
 * unchanged. API keys (and tokens) act on the user's DEFAULT account (docs/decisions/0003):
 * Alpaca has one account per key pair. Errors render as Alpaca's `{code, message}` (kit).
 */
export async function alpacaRoutes(app: ServiceApp, deps: OrdersDeps): Promise<void> {
  const account = (userId: string) => ensureDefaultAccount(deps, userId);

  app.post(
    '/alpaca/v2/orders',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Alpaca: place an order',
        body: AlpacaPostOrderBody,
        response: { 200: AlpacaOrder, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const order = await placeOrder(deps, actor, await account(actor.userId), {
        request: fromAlpaca(req.body as AlpacaBody),
        source: 'alpaca',
      });
      return withLegs(order);
    },
  );

  app.get(
    '/alpaca/v2/orders',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Alpaca: list orders',
        querystring: AlpacaListQuery,
        response: { 200: Type.Array(AlpacaOrder), ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const { orders } = await listAccountOrders(deps, (await account(actor.userId)).id, req.query);
      return orders.map((o) => alpacaOrder(o, req.query.nested ? o.legs : null));
    },
  );

  app.delete(
    '/alpaca/v2/orders',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Alpaca: cancel all open orders (207 multi-status)',
        response: { 207: AlpacaCancelAllResponse, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const attempts = await cancelAllOrders(deps, await account(actor.userId));
      return reply.code(207).send(
        attempts.map((a) => ({
          id: a.id,
          status: a.status,
          body: a.order
            ? alpacaOrder(a.order)
            : { code: a.status * 100_000 + 10_000, message: a.error?.message ?? 'cancel failed' },
        })),
      );
    },
  );

  app.get(
    '/alpaca/v2/orders::by_client_order_id',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Alpaca: an order by client_order_id',
        querystring: AlpacaByClientOrderIdQuery,
        response: { 200: AlpacaOrder, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return withLegs(
        await findByClientOrderId(deps, (await account(actor.userId)).id, req.query.client_order_id),
      );
    },
  );

  app.get(
    '/alpaca/v2/orders/:order_id',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Alpaca: an order',
        params: AlpacaOrderParams,
        querystring: AlpacaOrderQuery,
        response: { 200: AlpacaOrder, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      return withLegs(await findAccountOrder(deps, (await account(actor.userId)).id, req.params.order_id));
    },
  );

  app.patch(
    '/alpaca/v2/orders/:order_id',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Alpaca: replace an order (returns the new order)',
        params: AlpacaOrderParams,
        body: AlpacaPatchOrderBody,
        response: { 200: AlpacaOrder, ...errors },
      },
    },
    async (req) => {
      const actor = actorOf(req);
      const b = req.body;
      const replaced = await replaceOrder(deps, actor, await account(actor.userId), req.params.order_id, {
        qty: b.qty,
        timeInForce: b.time_in_force,
        limitPrice: b.limit_price,
        stopPrice: b.stop_price,
        trail: b.trail,
        clientOrderId: b.client_order_id,
      });
      return withLegs(replaced);
    },
  );

  app.delete(
    '/alpaca/v2/orders/:order_id',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Alpaca: cancel an order (204)',
        params: AlpacaOrderParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      await cancelOrder(deps, await account(actor.userId), req.params.order_id);
      return reply.code(204).send(null);
    },
  );
}
