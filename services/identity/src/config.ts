import { Type, type Static } from 'typebox';

export const IdentityConfig = Type.Object({
  /** This address is made admin when it registers (the first user registered is admin anyway). */
  ADMIN_EMAIL: Type.Optional(Type.String({ format: 'email', maxLength: 254 })),
  ACCESS_TOKEN_TTL_SECONDS: Type.Integer({ minimum: 60, maximum: 86_400, default: 900 }),
  REFRESH_TOKEN_TTL_DAYS: Type.Integer({ minimum: 1, maximum: 365, default: 30 }),
  /** Login attempts allowed per email address in one window; the next one gets a 429. */
  LOGIN_MAX_PER_EMAIL: Type.Integer({ minimum: 1, maximum: 100_000, default: 10 }),
  /** Login attempts allowed per client IP in one window. */
  LOGIN_MAX_PER_IP: Type.Integer({ minimum: 1, maximum: 1_000_000, default: 50 }),
  LOGIN_WINDOW_SECONDS: Type.Integer({ minimum: 1, maximum: 86_400, default: 900 }),
});

export type IdentityConfig = Static<typeof IdentityConfig>;
