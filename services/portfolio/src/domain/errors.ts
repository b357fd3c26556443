import { AppError, badRequest, conflict, notFound, unprocessable } from '@tradeplane/kit';

/** Portfolio's error codes (docs/errors.md). Another user's data is always a plain 404. */
export const PortfolioErrors = {
  accountNotFound: () => notFound('PORTFOLIO_ACCOUNT_NOT_FOUND', 'Account not found'),
  // Alpaca keys act on the user's default account; a user without one has nothing to show.
  noDefaultAccount: () => notFound('PORTFOLIO_ACCOUNT_NOT_FOUND', 'account not found'),
  positionNotFound: (symbol: string) =>
    notFound('PORTFOLIO_POSITION_NOT_FOUND', `position does not exist: ${symbol}`),
  tradeNotFound: () => notFound('PORTFOLIO_TRADE_NOT_FOUND', 'Trade not found'),
  journalNotFound: () => notFound('PORTFOLIO_JOURNAL_NOT_FOUND', 'Journal entry not found'),
  journalExists: () =>
    conflict('PORTFOLIO_JOURNAL_EXISTS', 'This trade already has a journal entry; PATCH it'),
  watchlistNotFound: () => notFound('PORTFOLIO_WATCHLIST_NOT_FOUND', 'watchlist not found'),
  watchlistExists: (name: string) =>
    unprocessable('PORTFOLIO_WATCHLIST_EXISTS', `a watchlist named ${name} already exists`),
  invalidClose: (message: string) => unprocessable('PORTFOLIO_INVALID_CLOSE', message),
  insufficientQty: (message: string) => new AppError('PORTFOLIO_INSUFFICIENT_QTY', 403, message),
  invalidExits: (message: string) => unprocessable('PORTFOLIO_INVALID_EXITS', message),
  invalidHistory: (message: string) => unprocessable('PORTFOLIO_INVALID_HISTORY', message),
  invalidActivityType: (t: string) =>
    unprocessable('PORTFOLIO_INVALID_ACTIVITY_TYPE', `invalid activity type: ${t}`),
  invalidActivityQuery: (message: string) => unprocessable('PORTFOLIO_INVALID_ACTIVITY_QUERY', message),
  badCursor: () => badRequest('PORTFOLIO_BAD_CURSOR', 'The cursor is not one this API returned'),
  // The same code as orders' native Idempotency-Key (docs/errors.md): one meaning across the API.
  idempotencyKeyReused: () =>
    unprocessable('IDEMPOTENCY_KEY_REUSED', 'this Idempotency-Key was used with a different request'),
  closeInProgress: () =>
    conflict(
      'PORTFOLIO_CLOSE_IN_PROGRESS',
      'the close with this Idempotency-Key is still being placed; retry shortly',
    ),
  orderRejected: (code: string, message: string, status: number) =>
    new AppError(code, status >= 400 && status < 500 ? status : 422, message),
} as const;
