import { randomBytes } from 'node:crypto';
import { resolve as resolvePath } from 'node:path';
import { Redis } from 'ioredis';
import { Type } from 'typebox';
import { SERVICES } from '@tradeplane/contracts';
import { loadConfig, processEnv, type Env } from './config.ts';
import { connectPostgres, openPglite, pgliteHandle, type DatabaseHandle } from './db.ts';
import type { Cache, EventBus, KeyedLog, LockManager, Registry, ServiceInstance } from './ports.ts';
import { createMemoryBus, createRedisBus } from './bus/index.ts';
import { createMemoryCache, createRedisCache } from './cache.ts';
import { createMemoryKeyedLog, createRedisKeyedLog } from './keyed-log.ts';
import { createMemoryLocks, createRedisLocks } from './locks.ts';
import { createMemoryRegistry, createRedisRegistry } from './registry.ts';
import { InternalAuth } from './internal-auth.ts';
import { createLogger, type Logger, type LogLevel } from './logger.ts';

/**
 * What the runtime hands every service: storage, bus, cache, locks, registry and the internal
 * auth secret, with the adapters of the mode. Service code never branches on the mode.
 */
export type Mode = 'embedded' | 'cluster';

export interface Platform {
  readonly mode: Mode;
  readonly env: Env;
  readonly log: Logger;
  readonly logLevel: LogLevel;
  /** Interface services listen on. */
  readonly host: string;
  /** Host name registered for other services to call; undefined means the listen address. */
  readonly advertiseHost: string | undefined;
  readonly bus: EventBus;
  readonly cache: Cache;
  readonly locks: LockManager;
  readonly registry: Registry;
  /** Short capped per-key logs shared by every instance (stream resume points). */
  readonly keyedLog: KeyedLog;
  readonly internalAuth: InternalAuth;
  /** Redis connection for adapters that take one (rate-limit store); undefined in embedded mode. */
  readonly redis: Redis | undefined;
  /** The database handle a service works on (its own schema inside). */
  database(service: string): Promise<DatabaseHandle>;
  /** The port a service listens on: `<SERVICE>_PORT` or its default. */
  port(service: string): number;
  /** A service's base URL: `<SERVICE>_URL` override, else a live registry instance, else its default port on this host. */
  resolveService(service: string): Promise<string>;
  close(): Promise<void>;
}

const LogLevelSchema = Type.Union(
  ['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent'].map((l) => Type.Literal(l)),
  { default: 'info' },
);

const EmbeddedConfig = Type.Object({
  TRADEPLANE_DATA_DIR: Type.String({ default: './data' }),
  /** An initialized empty PGlite directory a first start copies instead of running initdb. */
  PGLITE_TEMPLATE_DIR: Type.Optional(Type.String({ minLength: 1 })),
  /** PGlite's shared_buffers (db.ts DEFAULT_PGLITE_SHARED_BUFFERS). */
  PGLITE_SHARED_BUFFERS: Type.String({ pattern: '^[1-9][0-9]*(kB|MB|GB)$', default: '32MB' }),
  LOG_LEVEL: LogLevelSchema,
  HOST: Type.String({ default: '127.0.0.1' }),
  INTERNAL_AUTH_SECRET: Type.Optional(Type.String({ minLength: 32 })),
});

const ClusterConfig = Type.Object({
  DATABASE_URL: Type.String({ pattern: '^postgres(ql)?://' }),
  REDIS_URL: Type.String({ pattern: '^rediss?://' }),
  LOG_LEVEL: LogLevelSchema,
  HOST: Type.String({ default: '127.0.0.1' }),
  /** The host name other services reach this one at (a container's name); default: loopback. */
  ADVERTISE_HOST: Type.Optional(Type.String({ minLength: 1 })),
  INTERNAL_AUTH_SECRET: Type.String({ minLength: 32 }),
  DB_POOL_SIZE: Type.Integer({ minimum: 1, maximum: 100, default: 10 }),
});

export const envKey = (service: string, suffix: string) =>
  `${service.toUpperCase().replace(/-/g, '_')}_${suffix}`;

function defaultPort(service: string): number {
  const known = (SERVICES as Record<string, { port: number }>)[service];
  if (!known) throw new Error(`unknown service ${service}`);
  return known.port;
}

function portOf(env: Env, service: string): number {
  const v = env[envKey(service, 'PORT')];
  if (v === undefined || v === '') return defaultPort(service);
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0 || n > 65535)
    throw new Error(`${envKey(service, 'PORT')} is not a port: ${v}`);
  return n;
}

/** How long a registry lookup is reused: a hot path (every proxied request) must not scan Redis. */
const RESOLVE_CACHE_MS = 1_000;

function makeResolver(env: Env, registry: Registry, host: string) {
  const connectHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host;
  const cache = new Map<string, { at: number; instances: Promise<ServiceInstance[]> }>();
  const live = (service: string) => {
    const hit = cache.get(service);
    if (hit && Date.now() - hit.at < RESOLVE_CACHE_MS) return hit.instances;
    const instances = registry.list(service).catch(() => [] as ServiceInstance[]);
    cache.set(service, { at: Date.now(), instances });
    return instances;
  };
  return async (service: string): Promise<string> => {
    const override = env[envKey(service, 'URL')];
    if (override) return override.replace(/\/$/, '');
    const instances = await live(service);
    if (instances.length > 0) {
      // Spread calls over live instances.
      const pick = instances[Math.floor(Math.random() * instances.length)]!;
      return pick.url;
    }
    return `http://${connectHost}:${portOf(env, service)}`;
  };
}

export interface EmbeddedPlatformOptions {
  env?: Env;
  /** Use this database instead of opening ./data (tests pass a fresh PGlite). */
  database?: DatabaseHandle;
  /** Keep the database open on close() (the caller owns it). */
  keepDatabase?: boolean;
}

/** One process, one PGlite database, in-process bus, cache, locks and registry. */
export async function createEmbeddedPlatform(opts: EmbeddedPlatformOptions = {}): Promise<Platform> {
  const env = opts.env ?? processEnv();
  const cfg = loadConfig(EmbeddedConfig, env);
  const log = createLogger(cfg.LOG_LEVEL as LogLevel);
  let handle = opts.database;
  if (!handle) {
    const opened = await openPglite({
      dataDir: resolvePath(cfg.TRADEPLANE_DATA_DIR, 'pglite'),
      sharedBuffers: cfg.PGLITE_SHARED_BUFFERS,
      ...(cfg.PGLITE_TEMPLATE_DIR ? { template: cfg.PGLITE_TEMPLATE_DIR } : {}),
    });
    handle = opened.handle;
  }
  const db = handle;
  const bus = createMemoryBus();
  const cache = createMemoryCache({});
  const locks = createMemoryLocks();
  const registry = createMemoryRegistry({});
  const internalAuth = new InternalAuth(cfg.INTERNAL_AUTH_SECRET ?? randomBytes(32).toString('base64url'));
  // Services share the one PGlite; each gets a view whose close() is a no-op.
  const shared: DatabaseHandle = { ...db, close: async () => undefined };
  return {
    mode: 'embedded',
    env,
    log,
    logLevel: cfg.LOG_LEVEL as LogLevel,
    host: cfg.HOST,
    advertiseHost: undefined,
    bus,
    cache,
    locks,
    registry,
    keyedLog: createMemoryKeyedLog(),
    internalAuth,
    redis: undefined,
    database: () => Promise.resolve(shared),
    port: (service) => portOf(env, service),
    resolveService: makeResolver(env, registry, cfg.HOST),
    async close() {
      await bus.close();
      await registry.close();
      await locks.close();
      await cache.close();
      if (!opts.keepDatabase) await db.close();
    },
  };
}

export { pgliteHandle };

/** PostgreSQL + Redis: the same adapters in one process per service, or in containers. */
export async function createClusterPlatform(
  opts: { env?: Env; consumerName?: string } = {},
): Promise<Platform> {
  const env = opts.env ?? processEnv();
  const cfg = loadConfig(ClusterConfig, env);
  const log = createLogger(cfg.LOG_LEVEL as LogLevel);
  await assertReachable(cfg.DATABASE_URL, cfg.REDIS_URL);
  const redis = new Redis(cfg.REDIS_URL, {
    maxRetriesPerRequest: 2,
    enableOfflineQueue: true,
    lazyConnect: false,
  });
  redis.on('error', (err: Error) => log.warn({ err: err.message }, 'redis connection error'));
  const bus = createRedisBus({
    url: cfg.REDIS_URL,
    ...(opts.consumerName ? { consumerName: opts.consumerName } : {}),
  });
  const cache = createRedisCache({ redis });
  const locks = createRedisLocks({ redis });
  const registry = createRedisRegistry({ redis });
  const internalAuth = new InternalAuth(cfg.INTERNAL_AUTH_SECRET);
  const handles = new Map<string, DatabaseHandle>();
  return {
    mode: 'cluster',
    env,
    log,
    logLevel: cfg.LOG_LEVEL as LogLevel,
    host: cfg.HOST,
    advertiseHost: cfg.ADVERTISE_HOST,
    bus,
    cache,
    locks,
    registry,
    keyedLog: createRedisKeyedLog(redis),
    internalAuth,
    redis,
    database(service) {
      const existing = handles.get(service);
      if (existing) return Promise.resolve(existing);
      const url = env[envKey(service, 'DATABASE_URL')] || cfg.DATABASE_URL;
      const h = connectPostgres({ url, max: cfg.DB_POOL_SIZE, applicationName: `tradeplane-${service}` });
      handles.set(service, h);
      return Promise.resolve(h);
    },
    port: (service) => portOf(env, service),
    resolveService: makeResolver(env, registry, cfg.HOST),
    async close() {
      await bus.close();
      await registry.close();
      await locks.close();
      await cache.close();
      for (const h of handles.values()) await h.close();
      redis.disconnect();
    },
  };
}

/** Fails fast with the variable's name when PostgreSQL or Redis does not answer. */
async function assertReachable(databaseUrl: string, redisUrl: string): Promise<void> {
  const pgHandle = connectPostgres({ url: databaseUrl, max: 1 });
  try {
    await withTimeout(pgHandle.ping(), 5_000);
  } catch (err) {
    throw new Error(`DATABASE_URL: PostgreSQL is not reachable (${(err as Error).message})`);
  } finally {
    await pgHandle.close().catch(() => undefined);
  }
  const r = new Redis(redisUrl, {
    lazyConnect: true,
    maxRetriesPerRequest: 0,
    enableOfflineQueue: false,
    retryStrategy: () => null,
  });
  r.on('error', () => undefined);
  try {
    await withTimeout(
      r.connect().then(() => r.ping()),
      5_000,
    );
  } catch (err) {
    throw new Error(`REDIS_URL: Redis is not reachable (${(err as Error).message})`);
  } finally {
    r.disconnect();
  }
}

function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  return Promise.race([
    p,
    new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
    }),
  ]).finally(() => clearTimeout(timer));
}
