export { identityService } from './app.ts';
export {
  verifyAccessToken,
  InvalidAccessTokenError,
  type InvalidAccessTokenReason,
  type VerifiedAccessToken,
} from './domain/verify-access-token.ts';
