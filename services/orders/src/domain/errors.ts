import { AppError, conflict, notFound, unavailable, unprocessable } from '@tradeplane/kit';

/**
 * Orders' error codes (docs/errors.md). On the Alpaca-compatible paths the kit renders them as
 * Alpaca's `{code, message}`, so the messages follow Alpaca's wording where Alpaca has one.
 */
export const OrdersErrors = {
  invalidOrder: (message: string, details?: Record<string, unknown>) =>
    unprocessable('ORDERS_INVALID_ORDER', message, details),
  // Alpaca's wording (alpaca-py #260): a client_order_id is never reused, even after a cancel.
  clientOrderIdNotUnique: () =>
    unprocessable('ORDERS_CLIENT_ORDER_ID_NOT_UNIQUE', 'client_order_id must be unique'),
  orderNotFound: () => notFound('ORDERS_NOT_FOUND', 'order not found'),
  accountNotFound: () => notFound('ORDERS_ACCOUNT_NOT_FOUND', 'account not found'),
  accountClosed: () => unprocessable('ORDERS_ACCOUNT_CLOSED', 'account is closed'),
  accountNotPaper: () =>
    unprocessable(
      'ORDERS_ACCOUNT_NOT_PAPER',
      'only paper accounts can be reset; a broker account holds real cash',
    ),
  defaultAccountClose: () =>
    conflict('ORDERS_DEFAULT_ACCOUNT', 'the default account cannot be closed (Alpaca API keys trade on it)'),
  brokerCancelPending: (count: number) =>
    conflict(
      'ORDERS_BROKER_CANCEL_PENDING',
      `the broker has not finished canceling ${count} open order(s) yet; try again shortly`,
      { openOrders: count },
    ),
  accountHasPositions: (symbols: string[]) =>
    conflict('ORDERS_ACCOUNT_HAS_POSITIONS', 'close the account positions first', { symbols }),
  notCancelable: (status: string) =>
    unprocessable('ORDERS_NOT_CANCELABLE', `order is already in "${status}" state`, { orderStatus: status }),
  notReplaceable: (status: string, why?: string) =>
    unprocessable('ORDERS_NOT_REPLACEABLE', why ?? `order is in "${status}" state and cannot be replaced`, {
      orderStatus: status,
    }),
  assetNotFound: (symbol: string) => unprocessable('ORDERS_ASSET_NOT_FOUND', `asset "${symbol}" not found`),
  assetNotTradable: (symbol: string) =>
    unprocessable('ORDERS_ASSET_NOT_TRADABLE', `asset ${symbol} is not tradable`),
  notFractionable: (symbol: string) =>
    unprocessable('ORDERS_ASSET_NOT_FRACTIONABLE', `asset ${symbol} is not fractionable`),
  auctionWindowClosed: (tif: string, window: string) =>
    unprocessable('ORDERS_AUCTION_WINDOW_CLOSED', `${tif} orders are not accepted between ${window} ET`),
  noQuote: (symbol: string) => unavailable('ORDERS_NO_QUOTE', `no market quote for ${symbol}`),
  riskUnavailable: () =>
    unavailable(
      'ORDERS_RISK_UNAVAILABLE',
      'the pre-trade risk check is unavailable; the order was not accepted',
    ),
  marketDataUnavailable: () =>
    unavailable('ORDERS_MARKET_DATA_UNAVAILABLE', 'market data is unavailable; the order was not accepted'),
  portfolioUnavailable: () =>
    unavailable('ORDERS_PORTFOLIO_UNAVAILABLE', 'the portfolio service is unavailable'),
  brokerUnavailable: () => unavailable('ORDERS_BROKER_UNAVAILABLE', 'the broker is unavailable'),
  brokerCredentialsInvalid: () =>
    unprocessable('ORDERS_BROKER_CREDENTIALS_INVALID', 'the broker refused these API credentials'),
  brokerRejected: (status: number, message: string) =>
    new AppError('ORDERS_BROKER_REJECTED', status >= 400 && status < 500 ? status : 422, message),
  brokerUrlNotAllowed: () =>
    unprocessable('ORDERS_BROKER_URL_NOT_ALLOWED', 'only Alpaca’s own API hosts may be used as base URL'),
  riskRejected: (code: string, message: string, orderId: string) =>
    new AppError(code, 403, message, { details: { orderId } }),
  idempotencyKeyReused: () =>
    unprocessable('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with a different request'),
  idempotencyInProgress: () =>
    conflict('IDEMPOTENCY_IN_PROGRESS', 'a request with this Idempotency-Key is still being processed'),
} as const;
