import { lazyCompilersFactory } from './lazy-compilers.ts';
import Fastify, {
  LogController,
  type FastifyInstance,
  type FastifyReply,
  type FastifyRequest,
  type RawServerDefault,
  type FastifyBaseLogger,
} from 'fastify';
import type { IncomingMessage, ServerResponse } from 'node:http';
import fastifySwagger from '@fastify/swagger';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { Type, type Static, type TObject, type TProperties } from 'typebox';
import { collectDefaultMetrics, Histogram, Registry as MetricsRegistry } from 'prom-client';
import { pino } from 'pino';
import type { CloudEvent } from '@tradeplane/contracts';
import { loadConfig } from './config.ts';
import { schemaDb, type AnyDB, type AnyTx, type DatabaseHandle } from './db.ts';
import { migrateSchema, type Migrations } from './migrate.ts';
import { AppError, forbidden, unauthorized } from './errors.ts';
import { installErrorHandling } from './http-problem.ts';
import { uuidv7 } from './ids.ts';
import { INTERNAL_TOKEN_HEADER, type AuthContext, type InternalAuth } from './internal-auth.ts';
import { loggerOptions, type Logger } from './logger.ts';
import type { Cache, EventBus, LockManager, Registry, Subscription } from './ports.ts';
import type { Platform } from './platform.ts';
import {
  createOutbox,
  eventTablesMigration,
  handleOnce,
  pruneInbox,
  pruneOutbox,
  type NewEvent,
  type Outbox,
} from './outbox.ts';
import { createServiceClient, type ServiceClient } from './http-client.ts';

export type ServiceApp = FastifyInstance<
  RawServerDefault,
  IncomingMessage,
  ServerResponse,
  FastifyBaseLogger,
  TypeBoxTypeProvider
>;

declare module 'fastify' {
  interface FastifyRequest {
    /** The verified identity behind the request, or null when it carried no internal token. */
    auth: AuthContext | null;
  }
  interface FastifyContextConfig {
    /** Who may call the route: 'public' (anyone), 'user' (default), 'admin', 'service'. */
    auth?: 'public' | 'user' | 'admin' | 'service';
  }
}

export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

export interface ServiceContext<C = Record<string, unknown>> {
  readonly name: string;
  readonly version: string;
  readonly mode: Platform['mode'];
  readonly config: Readonly<C>;
  readonly log: Logger;
  /** Kysely scoped to the service's own schema. */
  readonly db: AnyDB;
  readonly dbHandle: DatabaseHandle | undefined;
  readonly bus: EventBus;
  readonly cache: Cache;
  readonly locks: LockManager;
  readonly registry: Registry;
  readonly internalAuth: InternalAuth;
  readonly platform: Platform;
  readonly metrics: MetricsRegistry;
  /** Stages events in the caller's transaction; published after commit. */
  readonly outbox: Outbox;
  /** Records events in the outbox inside `tx` and asks the relay to publish soon after commit. */
  emit(tx: AnyDB | AnyTx, events: NewEvent | NewEvent[]): Promise<CloudEvent[]>;
  /** Runs `fn` in a transaction on the service's schema, then has the outbox publish at once. */
  transaction<T>(fn: (tx: AnyTx) => Promise<T>): Promise<T>;
  /**
   * Consumes events exactly once in effect: the handler runs in a transaction together with the
   * inbox record of the event id, so a redelivery changes nothing.
   */
  subscribe(
    types: readonly string[],
    handler: (event: CloudEvent, tx: AnyTx) => Promise<void>,
    opts?: { maxAttempts?: number },
  ): void;
  /** A typed HTTP client to another service (timeouts, retries, breaker, internal token). */
  client(target: string, opts?: { timeoutMs?: number }): ServiceClient;
  /** Adds a readiness check to /health/ready. */
  addReadinessCheck(check: ReadinessCheck): void;
  /** Runs a function at shutdown, in reverse order of registration. */
  onClose(fn: () => Promise<void> | void): void;
  /** Starts a background loop, stopped at shutdown; errors are logged, never thrown. */
  every(name: string, intervalMs: number, fn: () => Promise<void>): void;
}

export interface ServiceDefinition<P extends TProperties = TProperties> {
  name: string;
  version?: string;
  /** The schema the service owns; omit for a stateless service. */
  schema?: string;
  config?: TObject<P>;
  migrations?: Migrations;
  /** Services whose absence makes this one not ready. */
  hardDependencies?: readonly string[];
  /** Registers routes (a Fastify plugin body). */
  routes(app: ServiceApp, ctx: ServiceContext<Static<TObject<P>>>): Promise<void>;
  /** Starts background work (subscribers, loops) once the database is migrated. */
  start?(ctx: ServiceContext<Static<TObject<P>>>): Promise<void>;
  /**
   * Whether the service verifies `x-internal-token` (default true). The gateway sets false: it
   * faces clients, so it authenticates them itself and drops any internal token they send.
   */
  acceptsInternalTokens?: boolean;
  /** Adjusts the Fastify app before routes. */
  configureApp?(app: ServiceApp, ctx: ServiceContext<Static<TObject<P>>>): Promise<void>;
  /**
   * Days a published outbox row and a processed inbox row are kept (a redelivery older than
   * that is no longer recognised as one). Default DEFAULT_EVENT_RETENTION_DAYS.
   */
  eventRetentionDays?(config: Static<TObject<P>>): number;
}

/** How long events are kept by a service that does not say (ServiceDefinition.eventRetentionDays). */
export const DEFAULT_EVENT_RETENTION_DAYS = 7;
/** How often a service with a schema prunes its outbox and inbox (also once at start). */
export const EVENT_PRUNE_EVERY_MS = 3_600_000;

export function defineService<P extends TProperties>(def: ServiceDefinition<P>): ServiceDefinition<P> {
  return def;
}

export interface BuiltService {
  readonly app: ServiceApp;
  readonly ctx: ServiceContext;
  readonly definition: ServiceDefinition;
  /** Starts background work, listens on the port and registers in the registry. Returns the URL. */
  listen(port?: number): Promise<string>;
  /** Graceful stop: drain HTTP, stop consumers and loops, flush the outbox, close resources. */
  close(): Promise<void>;
}

const REQUEST_ID_RE = /^[A-Za-z0-9._:-]{1,128}$/;

export interface BuildOptions {
  /** Run `start()` (subscribers, loops). Route tests may turn it off. Default true. */
  startBackground?: boolean;
}

/**
 * Builds a service the one way every service is built: config, logger, database and migrations,
 * error handling, internal auth, health, metrics, OpenAPI, then the service's own routes.
 */
/** Applies a service's migrations (the kit's event tables first) to its schema; none without a schema. */
export async function migrateService(
  handle: DatabaseHandle,
  def: Pick<ServiceDefinition, 'schema' | 'migrations'>,
): Promise<string[]> {
  if (!def.schema) return [];
  return migrateSchema(handle, def.schema, {
    '000_kit_events': eventTablesMigration,
    ...(def.migrations ?? {}),
  });
}

export async function buildService<P extends TProperties>(
  def: ServiceDefinition<P>,
  platform: Platform,
  opts: BuildOptions = {},
): Promise<BuiltService> {
  const version = def.version ?? '0.1.0';
  const config = (def.config ? loadConfig(def.config, platform.env) : {}) as Static<TObject<P>>;
  const log = platform.log.child({ service: def.name });

  let dbHandle: DatabaseHandle | undefined;
  let db: AnyDB;
  if (def.schema) {
    dbHandle = await platform.database(def.name);
    await migrateService(dbHandle, def);
    db = schemaDb(dbHandle, def.schema);
  } else {
    db = new Proxy({} as AnyDB, {
      get() {
        throw new Error(`${def.name} has no database schema`);
      },
    });
  }

  const metrics = new MetricsRegistry();
  metrics.setDefaultLabels({ service: def.name });
  collectDefaultMetrics({ register: metrics });
  const httpDuration = new Histogram({
    name: 'http_request_duration_seconds',
    help: 'HTTP request duration by route and status',
    labelNames: ['method', 'route', 'status_code'],
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5],
    registers: [metrics],
  });

  const closers: (() => Promise<void> | void)[] = [];
  const subscriptions: Subscription[] = [];
  const pendingSubscriptions: (() => Subscription)[] = [];
  const timers: NodeJS.Timeout[] = [];
  const checks: ReadinessCheck[] = [];
  const clients = new Map<string, ServiceClient>();
  let stopping = false;

  const outbox = def.schema
    ? createOutbox({ db, bus: platform.bus, source: def.name, log })
    : createOutboxless(def.name);

  const ctx: ServiceContext<Static<TObject<P>>> = {
    name: def.name,
    version,
    mode: platform.mode,
    config,
    log,
    db,
    dbHandle,
    bus: platform.bus,
    cache: platform.cache,
    locks: platform.locks,
    registry: platform.registry,
    internalAuth: platform.internalAuth,
    platform,
    metrics,
    outbox,
    async emit(tx, events) {
      const written = await outbox.add(tx, events);
      outbox.kick();
      return written;
    },
    async transaction(fn) {
      const result = await db.transaction().execute(fn);
      outbox.kick();
      return result;
    },
    subscribe(types, handler, subOpts) {
      pendingSubscriptions.push(() =>
        platform.bus.subscribe({
          group: def.name,
          types,
          ...(subOpts?.maxAttempts ? { maxAttempts: subOpts.maxAttempts } : {}),
          handler: async (event) => {
            await handleOnce(db, def.name, event, (tx) => handler(event, tx));
          },
        }),
      );
    },
    client(target, clientOpts) {
      const key = `${target}:${clientOpts?.timeoutMs ?? ''}`;
      let c = clients.get(key);
      if (!c) {
        c = createServiceClient({
          caller: def.name,
          target,
          resolve: () => platform.resolveService(target),
          auth: platform.internalAuth,
          ...(clientOpts?.timeoutMs ? { timeoutMs: clientOpts.timeoutMs } : {}),
        });
        clients.set(key, c);
      }
      return c;
    },
    addReadinessCheck(check) {
      checks.push(check);
    },
    onClose(fn) {
      closers.push(fn);
    },
    every(name, intervalMs, fn) {
      let running = false;
      const t = setInterval(() => {
        if (running || stopping) return;
        running = true;
        fn()
          .catch((err: unknown) => log.error({ err, loop: name }, 'background loop failed'))
          .finally(() => {
            running = false;
          });
      }, intervalMs);
      t.unref();
      timers.push(t);
    },
  };

  const app = Fastify({
    loggerInstance: pino({ ...loggerOptions(platform.logLevel, def.name) }),
    logController: new LogController({ disableRequestLogging: true, requestIdLogLabel: 'requestId' }),
    genReqId: (req) => {
      const given = req.headers['x-request-id'];
      return typeof given === 'string' && REQUEST_ID_RE.test(given) ? given : uuidv7();
    },
    bodyLimit: 1_048_576,
    forceCloseConnections: 'idle',
    return503OnClosing: true,
    ajv: { customOptions: { coerceTypes: 'array', removeAdditional: false, allErrors: false } },
    schemaController: { compilersFactory: lazyCompilersFactory() as never },
  }).withTypeProvider<TypeBoxTypeProvider>() as unknown as ServiceApp;

  installErrorHandling(app);
  app.decorateRequest('auth', null);

  app.addHook('onRequest', async (req, reply) => {
    void reply.header('x-request-id', req.id);
    const token = def.acceptsInternalTokens === false ? undefined : req.headers[INTERNAL_TOKEN_HEADER];
    if (typeof token === 'string' && token.length > 0) {
      req.auth = platform.internalAuth.verify(token, def.name);
      if (req.auth.userId) req.log = req.log.child({ userId: req.auth.userId });
    }
    // The gateway authenticates clients itself, so its routes are open to the kit by default.
    const rule = req.routeOptions.config?.auth ?? (def.acceptsInternalTokens === false ? 'public' : 'user');
    enforce(rule, req);
  });

  app.addHook('onResponse', async (req, reply) => {
    const route = req.routeOptions.url ?? 'unmatched';
    httpDuration.observe(
      { method: req.method, route, status_code: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
    if (reply.statusCode >= 500)
      req.log.warn({ route, statusCode: reply.statusCode, ms: reply.elapsedTime }, 'request failed');
    else req.log.debug({ route, statusCode: reply.statusCode, ms: reply.elapsedTime }, 'request completed');
  });

  await app.register(fastifySwagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: `Tradeplane ${def.name}`, version },
      components: {
        securitySchemes: {
          bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' },
          apiKeyId: { type: 'apiKey', in: 'header', name: 'APCA-API-KEY-ID' },
          apiKeySecret: { type: 'apiKey', in: 'header', name: 'APCA-API-SECRET-KEY' },
        },
      },
      security: [{ bearer: [] }, { apiKeyId: [], apiKeySecret: [] }],
    },
  });

  const internal = { hide: true } as const;
  app.get('/health/live', { schema: internal, config: { auth: 'public' } }, async () => ({
    status: 'ok',
    service: def.name,
  }));
  app.get('/health/ready', { schema: internal, config: { auth: 'public' } }, async (_req, reply) => {
    const results: Record<string, { status: 'up' | 'down'; error?: string }> = {};
    const all: ReadinessCheck[] = [
      ...(dbHandle ? [{ name: 'database', check: () => dbHandle!.ping() }] : []),
      { name: 'bus', check: () => platform.bus.ping() },
      ...(def.hardDependencies ?? []).map((dep) => ({
        name: dep,
        check: async () => {
          const res = await ctx
            .client(dep, { timeoutMs: 1000 })
            .request({ method: 'GET', path: '/health/live' });
          if (res.status !== 200) throw new Error(`status ${res.status}`);
        },
      })),
      ...checks,
    ];
    await Promise.all(
      all.map(async (c) => {
        try {
          await c.check();
          results[c.name] = { status: 'up' };
        } catch (err) {
          results[c.name] = {
            status: 'down',
            error: err instanceof AppError ? err.message : (err as Error).message,
          };
        }
      }),
    );
    const ok = !stopping && Object.values(results).every((r) => r.status === 'up');
    return reply
      .code(ok ? 200 : 503)
      .send({ status: ok ? 'ready' : 'unavailable', service: def.name, version, checks: results });
  });
  app.get('/metrics', { schema: internal, config: { auth: 'public' } }, async (_req, reply) =>
    reply.type(metrics.contentType).send(await metrics.metrics()),
  );
  app.get('/openapi.json', { schema: internal, config: { auth: 'public' } }, async () => app.swagger());

  if (def.configureApp) await def.configureApp(app, ctx);
  await app.register(async (scope) => def.routes(scope as unknown as ServiceApp, ctx));
  await app.ready();

  let stopRegistration: (() => Promise<void>) | undefined;
  let backgroundStarted = false;

  const startBackground = async () => {
    if (backgroundStarted) return;
    backgroundStarted = true;
    if (def.start) await def.start(ctx);
    for (const make of pendingSubscriptions.splice(0)) subscriptions.push(make());
    if (def.schema) {
      outbox.start();
      // Published and processed events do not pile up: pruned at start, then every hour.
      const days = def.eventRetentionDays?.(config) ?? DEFAULT_EVENT_RETENTION_DAYS;
      const prune = async () => {
        const outboxRows = await pruneOutbox(ctx.db, days);
        const inboxRows = await pruneInbox(ctx.db, days);
        if (outboxRows + inboxRows > 0) log.info({ outboxRows, inboxRows, days }, 'old events pruned');
      };
      void prune().catch((err: unknown) => log.warn({ err }, 'pruning old events failed'));
      ctx.every('prune-events', EVENT_PRUNE_EVERY_MS, prune);
    }
  };
  if (opts.startBackground !== false) await startBackground();

  return {
    app,
    ctx: ctx as ServiceContext,
    definition: def as unknown as ServiceDefinition,
    async listen(port) {
      const address = await app.listen({ port: port ?? platform.port(def.name), host: platform.host });
      const url = address.replace('[::1]', '127.0.0.1');
      stopRegistration = await platform.registry.register({
        service: def.name,
        instanceId: `${def.name}-${process.pid}-${uuidv7().slice(-8)}`,
        url: advertisedUrl(url, platform.host, platform.advertiseHost),
        version,
        pid: process.pid,
        startedAt: new Date().toISOString(),
      });
      log.info({ url }, 'service listening');
      return url;
    },
    async close() {
      stopping = true;
      if (stopRegistration) await stopRegistration().catch(() => undefined);
      await app.close();
      for (const t of timers) clearInterval(t);
      await Promise.all(subscriptions.map((s) => s.close()));
      if (def.schema) await outbox.stop();
      for (const fn of closers.reverse()) await fn();
      for (const c of clients.values()) await c.close();
      if (dbHandle) await dbHandle.close();
    },
  };
}

function advertisedUrl(listenUrl: string, host: string, advertiseHost: string | undefined): string {
  const port = new URL(listenUrl).port;
  if (advertiseHost) return `http://${advertiseHost}:${port}`;
  if (host === '0.0.0.0' || host === '::') return `http://127.0.0.1:${port}`;
  return listenUrl;
}

function enforce(rule: 'public' | 'user' | 'admin' | 'service', req: FastifyRequest): void {
  switch (rule) {
    case 'public':
      return;
    case 'user':
      if (!req.auth?.userId) throw unauthorized();
      return;
    case 'admin':
      if (!req.auth?.userId) throw unauthorized();
      if (!req.auth.roles.includes('admin'))
        throw forbidden('This needs the admin role', 'AUTH_ADMIN_REQUIRED');
      return;
    case 'service':
      // A service acting on its own behalf mints via 'service'; tokens forwarded for a client carry how the client signed in.
      if (!req.auth || req.auth.via !== 'service')
        throw forbidden('Only platform services may call this', 'AUTH_SERVICE_ONLY');
      return;
  }
}

/** The authenticated user of a request on a route whose auth rule guarantees one. */
export function currentUser(req: FastifyRequest): AuthContext & { userId: string } {
  if (!req.auth?.userId) throw unauthorized();
  return req.auth as AuthContext & { userId: string };
}

function createOutboxless(name: string): Outbox {
  const fail = () => Promise.reject(new Error(`${name} has no schema, so no outbox`));
  return {
    add: fail,
    flush: () => Promise.resolve(0),
    start: () => undefined,
    stop: () => Promise.resolve(),
    kick: () => undefined,
  } as Outbox;
}

export type { FastifyReply, FastifyRequest };
export { Type };
