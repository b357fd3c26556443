import { Type } from 'typebox';

export const GatewayConfig = Type.Object({
  /** Origins allowed by CORS, comma-separated. */
  CORS_ORIGINS: Type.String({ default: 'http://localhost:3000,http://127.0.0.1:3000' }),
  /** Requests per minute for a client that is not signed in, per IP. */
  RATE_LIMIT_ANONYMOUS_PER_MINUTE: Type.Integer({ minimum: 1, default: 300 }),
  /** How often plan limits are re-read from the edge schema. */
  RATE_LIMIT_REFRESH_MS: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 30_000 }),
  /** Services whose readiness makes `GET /health` 200; comma-separated. */
  GATEWAY_REQUIRED_SERVICES: Type.String({ default: 'identity,control' }),
  /** Default upstream timeout; an area can override it in the route table. */
  UPSTREAM_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 120_000, default: 10_000 }),
  /** How long a verified API key pair is trusted before identity is asked again. */
  API_KEY_CACHE_MS: Type.Integer({ minimum: 0, maximum: 300_000, default: 30_000 }),
  /** Trust X-Forwarded-For from a reverse proxy in front of the gateway. */
  TRUST_PROXY: Type.Boolean({ default: false }),
});
