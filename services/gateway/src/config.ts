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
  /** `/v1/stream`: time a client has to authenticate, and the heartbeat interval. */
  STREAM_AUTH_TIMEOUT_MS: Type.Integer({ minimum: 100, maximum: 60_000, default: 10_000 }),
  STREAM_HEARTBEAT_MS: Type.Integer({ minimum: 100, maximum: 300_000, default: 15_000 }),
  /** Unsent bytes above which a client's market messages are coalesced to the latest per symbol. */
  STREAM_MARKET_HIGH_WATER_BYTES: Type.Integer({ minimum: 1_024, default: 1_048_576 }),
  /** Unsent bytes above which a client is cut off with its resume point (account channels never drop). */
  STREAM_ACCOUNT_MAX_BUFFERED_BYTES: Type.Integer({ minimum: 1_024, default: 8_388_608 }),
  /** Trust X-Forwarded-For from a reverse proxy in front of the gateway. */
  TRUST_PROXY: Type.Boolean({ default: false }),
  /** The built dashboard served at `/`; default: this repository's apps/dashboard/dist. */
  DASHBOARD_DIR: Type.Optional(Type.String({ minLength: 1 })),
});
