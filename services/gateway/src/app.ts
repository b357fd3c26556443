import cors from '@fastify/cors';
import helmet from '@fastify/helmet';
import rateLimit from '@fastify/rate-limit';
import { AppError, defineService, type ServiceApp, type ServiceContext } from '@tradeplane/kit';
import { GatewayConfig } from './config.ts';
import { migrations } from '../migrations/index.ts';
import { Authenticator } from './domain/authenticate.ts';
import { PlanLimits } from './domain/rate-limits.ts';
import { proxyRoutes } from './routes/proxy.routes.ts';
import { healthRoutes } from './routes/health.routes.ts';
import { docsRoutes } from './routes/docs.routes.ts';
import { dashboardRoutes } from './routes/dashboard.routes.ts';
import { portfolioEnrichedRoutes } from './routes/portfolio-enriched.routes.ts';
import { registerAlpacaDataStream } from './streams/alpaca-data.stream.ts';
import { registerAlpacaTradingStream } from './streams/alpaca-trading.stream.ts';
import { registerNativeStream } from './streams/native.stream.ts';
import { listedSymbols } from './domain/listed-symbols.ts';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Routes that act for a client at the edge: authenticated and rate-limited here. */
    edge?: boolean;
  }
}

/** Headers a client may send that claim an identity; only the gateway's internal token may. */
const SPOOFABLE = [
  'x-internal-token',
  'x-user-id',
  'x-user-roles',
  'x-user-plan',
  'x-auth-user',
  'x-forwarded-user',
];

export const gatewayService = defineService({
  name: 'gateway',
  schema: 'edge',
  config: GatewayConfig,
  migrations,
  // The edge: client-sent internal tokens are never verified here, only stripped.
  acceptsInternalTokens: false,
  async configureApp(app, ctx) {
    // Security headers and CORS on every answer of the edge, the kit's own routes included.
    await app.register(helmet, { contentSecurityPolicy: false, global: true });
    const origins = ctx.config.CORS_ORIGINS.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    await app.register(cors, {
      origin: origins,
      credentials: true,
      exposedHeaders: [
        'x-request-id',
        'retry-after',
        'x-ratelimit-limit',
        'x-ratelimit-remaining',
        'x-ratelimit-reset',
      ],
    });
  },
  async routes(app, ctx) {
    const cfg = ctx.config;
    const required = cfg.GATEWAY_REQUIRED_SERVICES.split(',')
      .map((s) => s.trim())
      .filter(Boolean);
    const auth = new Authenticator(ctx as unknown as ServiceContext, cfg.API_KEY_CACHE_MS);
    await registerAlpacaDataStream(app, ctx as unknown as ServiceContext, auth);
    await registerAlpacaTradingStream(app, ctx as unknown as ServiceContext, auth);
    await registerNativeStream(app, ctx as unknown as ServiceContext, auth, {
      authTimeoutMs: cfg.STREAM_AUTH_TIMEOUT_MS,
      heartbeatMs: cfg.STREAM_HEARTBEAT_MS,
      marketHighWaterBytes: cfg.STREAM_MARKET_HIGH_WATER_BYTES,
      accountMaxBufferedBytes: cfg.STREAM_ACCOUNT_MAX_BUFFERED_BYTES,
      symbolExists: listedSymbols(ctx as unknown as ServiceContext),
    });
    const limits = new PlanLimits(ctx.db, cfg.RATE_LIMIT_ANONYMOUS_PER_MINUTE);
    await limits.refresh();
    ctx.every('refresh-plan-limits', cfg.RATE_LIMIT_REFRESH_MS, () => limits.refresh());

    app.decorateRequest('edge', undefined);
    app.addHook('onRequest', async (req) => {
      for (const h of SPOOFABLE) delete req.headers[h];
      if (!req.routeOptions.config?.edge) return;
      req.edge = await auth.authenticate(req.headers);
      if (req.edge) req.log = req.log.child({ userId: req.edge.userId });
    });

    await app.register(rateLimit, {
      global: false,
      hook: 'onRequest',
      ...(ctx.platform.redis ? { redis: ctx.platform.redis, nameSpace: 'tp:ratelimit:' } : {}),
      keyGenerator: (req) => (req.edge ? `u:${req.edge.userId}` : `ip:${req.ip}`),
      max: async (req) => (req.edge ? limits.forPlan(req.edge.plan) : limits.anonymousPerMinute),
      timeWindow: 60_000,
      errorResponseBuilder: (_req, context) =>
        new AppError(
          'RATE_LIMITED',
          429,
          `Rate limit of ${context.max} requests per minute exceeded; retry in ${Math.ceil(context.ttl / 1000)} s`,
          {
            headers: { 'retry-after': String(Math.ceil(context.ttl / 1000)) },
          },
        ),
    });

    await healthRoutes(app, ctx as unknown as ServiceContext, required);
    await portfolioEnrichedRoutes(app, ctx as unknown as ServiceContext);
    await docsRoutes(app, ctx as unknown as ServiceContext, required);
    await dashboardRoutes(app, cfg.DASHBOARD_DIR);
    await app.register(async (scope) =>
      proxyRoutes(scope as unknown as ServiceApp, ctx as unknown as ServiceContext, cfg.UPSTREAM_TIMEOUT_MS),
    );
  },
});
