import { AppError, badRequest, conflict, notFound, unavailable } from '@tradeplane/kit';

/**
 * Errors of risk's own API. Rejections of an order are not errors: the check answers 200 with
 * `approved: false` and one of the codes of REJECTION (docs/errors.md).
 */
export const RiskErrors = {
  // The same answer for an account that doesn't exist and one of another user (no BOLA oracle).
  accountNotFound: () => notFound('RISK_ACCOUNT_NOT_FOUND', 'Account not found'),
  portfolioUnavailable: (cause: unknown) =>
    new AppError('RISK_PORTFOLIO_UNAVAILABLE', 503, 'risk cannot price the order: portfolio is unavailable', {
      cause,
    }),
  killSwitchEngaged: () =>
    conflict(
      'RISK_KILL_SWITCH_ENGAGED',
      'The kill switch is engaged: release it (POST /v1/risk/kill-switch {engaged:false}) to change the state',
    ),
  unknownRule: (id: string) => badRequest('RISK_UNKNOWN_COMPLIANCE_RULE', `No compliance rule ${id}`),
  invalidLimits: (message: string) => badRequest('RISK_INVALID_LIMITS', message),
  userMismatch: () =>
    new AppError('RISK_USER_MISMATCH', 403, 'The check is for another user than the one the call acts for'),
  unavailable: (message: string) => unavailable('RISK_UNAVAILABLE', message),
} as const;

/** Codes of a rejected order, in the order the checks run. */
export const REJECTION = {
  accountNotFound: 'RISK_ACCOUNT_NOT_FOUND',
  accountClosed: 'RISK_ACCOUNT_CLOSED',
  halted: 'RISK_TRADING_HALTED',
  reducingOnly: 'RISK_REDUCING_ONLY',
  symbolNotAllowed: 'RISK_SYMBOL_NOT_ALLOWED',
  tooManyOpenOrders: 'RISK_TOO_MANY_OPEN_ORDERS',
  noMarketPrice: 'RISK_NO_MARKET_PRICE',
  notionalExceeded: 'RISK_ORDER_NOTIONAL_EXCEEDED',
  priceCollar: 'RISK_PRICE_COLLAR',
  buyingPower: 'RISK_INSUFFICIENT_BUYING_POWER',
  insufficientQty: 'RISK_INSUFFICIENT_QTY',
  shortingNotAllowed: 'RISK_SHORTING_NOT_ALLOWED',
  positionLimit: 'RISK_POSITION_LIMIT',
} as const;
