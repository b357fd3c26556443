import { AppError, conflict, notFound, unauthorized } from '@tradeplane/kit';

/** Identity's error codes (docs/errors.md lists the platform-wide ones). */
export const IdentityErrors = {
  emailTaken: () => conflict('IDENTITY_EMAIL_TAKEN', 'An account with this email already exists'),
  weakPassword: (min: number) =>
    new AppError('IDENTITY_WEAK_PASSWORD', 400, `The password must be at least ${min} characters`),
  // One message for an unknown email and a wrong password, so the answer doesn't reveal which accounts exist.
  invalidCredentials: () => unauthorized('Invalid email or password', 'IDENTITY_INVALID_CREDENTIALS'),
  tooManyAttempts: (retryAfterSeconds: number) =>
    new AppError('IDENTITY_TOO_MANY_ATTEMPTS', 429, 'Too many login attempts; try again later', {
      headers: { 'retry-after': String(retryAfterSeconds) },
      details: { retryAfterSeconds },
    }),
  invalidRefreshToken: () =>
    unauthorized('The refresh token is invalid or expired', 'IDENTITY_INVALID_REFRESH_TOKEN'),
  refreshReused: () =>
    unauthorized(
      'The refresh token was already used; the session has been revoked',
      'IDENTITY_REFRESH_REUSED',
    ),
  userNotFound: () => notFound('IDENTITY_USER_NOT_FOUND', 'User not found'),
  apiKeyNotFound: () => notFound('IDENTITY_API_KEY_NOT_FOUND', 'API key not found'),
  invalidApiKey: () => unauthorized('The API key is unknown, wrong or revoked', 'IDENTITY_INVALID_API_KEY'),
} as const;
