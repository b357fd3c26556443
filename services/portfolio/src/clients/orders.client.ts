import { AppError, isAppError, type ServiceClient } from '@tradeplane/kit';
import type { InternalOrderRequest, InternalOrderResponse } from '@tradeplane/contracts';

/** How portfolio places orders (exits, closes): orders' `POST /internal/orders` (tests hand a fake). */
export interface OrderPlacer {
  place(order: InternalOrderRequest): Promise<PlaceResult>;
  /**
   * The account's order with this clientOrderId as orders knows it now (its fills included);
   * undefined when orders has none. Throws PORTFOLIO_ORDERS_UNAVAILABLE when orders can't be asked.
   */
  byClientOrderId(
    accountId: string,
    userId: string,
    clientOrderId: string,
  ): Promise<InternalOrderResponse | undefined>;
}

export type PlaceResult =
  | { status: 'placed'; order: InternalOrderResponse }
  /** Orders already has an order with this clientOrderId: a retry of one that went through. */
  | { status: 'duplicate' }
  /** Orders answered and said no (risk rejection, validation): retrying would not help. */
  | { status: 'rejected'; code: string; message: string; httpStatus: number };

const asUser = (userId: string) => ({ userId, roles: ['user'], plan: 'free', scopes: [], via: 'service' });

/**
 * Over HTTP. A clientOrderId makes the POST safe to repeat (orders keeps it unique per account),
 * so transport failures are retried within the deadline; a failure that outlasts it throws, and
 * the caller retries later with the same clientOrderId.
 */
export function httpOrderPlacer(client: ServiceClient, timeoutMs: number): OrderPlacer {
  return {
    async place(order) {
      try {
        const res = await client.request<
          InternalOrderResponse & { code?: string; detail?: string; message?: string }
        >({
          method: 'POST',
          path: '/internal/orders',
          body: order,
          as: asUser(order.userId),
          timeoutMs,
          idempotent: true,
        });
        if (res.status === 200 || res.status === 201) {
          // Orders may record a refused order and answer it with status 'rejected'.
          if (res.body?.status === 'rejected')
            return {
              status: 'rejected',
              code: 'ORDER_REJECTED',
              message: 'orders rejected the order',
              httpStatus: res.status,
            };
          return { status: 'placed', order: res.body };
        }
        const code = String(res.body?.code ?? `HTTP_${res.status}`);
        const message = String(res.body?.detail ?? res.body?.message ?? `orders answered ${res.status}`);
        if (
          res.status === 409 ||
          /CLIENT_ORDER_ID|DUPLICATE/i.test(code) ||
          /client_order_id must be unique/i.test(message)
        )
          return { status: 'duplicate' };
        if (res.status >= 500)
          throw new AppError('PORTFOLIO_ORDERS_UNAVAILABLE', 503, `orders answered ${res.status}`);
        return { status: 'rejected', code, message, httpStatus: res.status };
      } catch (err) {
        if (isAppError(err) && err.code === 'PORTFOLIO_ORDERS_UNAVAILABLE') throw err;
        throw new AppError('PORTFOLIO_ORDERS_UNAVAILABLE', 503, 'orders is unavailable', { cause: err });
      }
    },

    // Orders' `GET /v1/orders:by_client_order_id` (Alpaca's lookup), acting for the user: orders
    // checks that the account is theirs. A GET, so transport failures are retried.
    async byClientOrderId(accountId, userId, clientOrderId) {
      let res;
      try {
        res = await client.request<InternalOrderResponse>({
          method: 'GET',
          path: '/v1/orders:by_client_order_id',
          query: { client_order_id: clientOrderId, accountId },
          as: asUser(userId),
          timeoutMs,
        });
      } catch (err) {
        throw new AppError('PORTFOLIO_ORDERS_UNAVAILABLE', 503, 'orders is unavailable', { cause: err });
      }
      if (res.status === 200) return res.body;
      if (res.status === 404) return undefined;
      throw new AppError('PORTFOLIO_ORDERS_UNAVAILABLE', 503, `orders answered ${res.status}`);
    },
  };
}
