/**
 * `npm start` (embedded) and `npm run start:cluster` (one process per service under the kit's
 * supervisor). In cluster mode each child runs scripts/service.ts for one service.
 */
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import {
  closeOnSignals,
  createLogger,
  createPgliteTemplate,
  loadConfig,
  migrateService,
  openPglite,
  processEnv,
  runEmbedded,
  Supervisor,
} from '@tradeplane/kit';
import { Type } from 'typebox';
import { selectServices } from './catalog.ts';
import { seedDemo } from './demo.ts';

const mode = process.argv[2];
const env = processEnv();
const log = createLogger('info', 'launcher');

const LauncherConfig = Type.Object({
  SERVICES: Type.Optional(Type.String()),
  DEMO_EMAIL: Type.String({ default: 'demo@tradeplane.local' }),
  DEMO_PASSWORD: Type.String({ default: 'demo-password-123', minLength: 10 }),
  DEMO_DATA: Type.Boolean({ default: true }),
  SUPERVISOR_MIN_BACKOFF_MS: Type.Integer({ minimum: 10, maximum: 60_000, default: 250 }),
});

async function embedded(): Promise<void> {
  const started = performance.now();
  const cfg = loadConfig(LauncherConfig, env);
  const defs = selectServices(cfg.SERVICES);
  const names = defs.map((d) => d.name);
  const running = await runEmbedded(defs, {
    env: {
      ...env,
      GATEWAY_REQUIRED_SERVICES:
        env.GATEWAY_REQUIRED_SERVICES ?? names.filter((n) => n !== 'gateway').join(','),
      CONTROL_EXPECTED_SERVICES: env.CONTROL_EXPECTED_SERVICES ?? names.join(','),
      // Embedded mode is for laptops and demos, at any hour: a continuous market unless told otherwise.
      MARKET_SESSION_MODE: env.MARKET_SESSION_MODE ?? 'always',
      // One database connection for every service: let the platform come up before the history
      // backfill takes its share of it.
      MARKET_BACKFILL_DELAY_MS: env.MARKET_BACKFILL_DELAY_MS ?? '8000',
      // `npm run build` leaves an initialized empty database next to the bundle: a first start
      // copies it rather than running PGlite's initdb.
      PGLITE_TEMPLATE_DIR:
        env.PGLITE_TEMPLATE_DIR ?? fileURLToPath(new URL('./pglite-template', import.meta.url)),
    },
  });
  closeOnSignals(running.close, log);
  const gatewayUrl = running.urls.get('gateway');
  const ms = Math.round(performance.now() - started);
  if (gatewayUrl && cfg.DEMO_DATA) {
    const demo = await seedDemo(gatewayUrl, cfg.DEMO_EMAIL, cfg.DEMO_PASSWORD);
    log.info(
      { url: gatewayUrl, email: demo.email, password: demo.password, startedInMs: ms },
      `Tradeplane is up at ${gatewayUrl} (demo login ${demo.email} / ${demo.password})`,
    );
  } else {
    log.info({ url: gatewayUrl, startedInMs: ms }, `Tradeplane is up at ${gatewayUrl ?? '(no gateway)'}`);
  }
}

async function cluster(): Promise<void> {
  const cfg = loadConfig(LauncherConfig, env);
  const missing = ['DATABASE_URL', 'REDIS_URL'].filter((k) => !env[k]);
  if (missing.length) {
    log.fatal({ missing }, `cluster mode needs ${missing.join(' and ')} (PostgreSQL and Redis URLs)`);
    process.exit(2);
  }
  const defs = selectServices(cfg.SERVICES);
  const names = defs.map((d) => d.name);
  // One secret for all children, so they accept each other's internal tokens.
  const secret = env.INTERNAL_AUTH_SECRET ?? randomBytes(32).toString('base64url');
  // Run from the bundle (dist/start.mjs, `npm start`) the children run the bundle too; run from
  // source (tsx scripts/start.ts) they run from source.
  const bundled = import.meta.url.endsWith('.mjs');
  const entry = fileURLToPath(new URL(bundled ? './service.mjs' : './service.ts', import.meta.url));
  const supervisor = new Supervisor({
    log,
    minBackoffMs: cfg.SUPERVISOR_MIN_BACKOFF_MS,
    baseEnv: {
      ...env,
      INTERNAL_AUTH_SECRET: secret,
      GATEWAY_REQUIRED_SERVICES:
        env.GATEWAY_REQUIRED_SERVICES ?? names.filter((n) => n !== 'gateway').join(','),
      CONTROL_EXPECTED_SERVICES: env.CONTROL_EXPECTED_SERVICES ?? names.join(','),
    },
    processes: names.map((name) => ({ name, entry, args: [name] })),
    execArgv: bundled ? ['--enable-source-maps'] : ['--import', 'tsx'],
  });
  supervisor.start();
  closeOnSignals(() => supervisor.stop(), log);
}

/**
 * `start.ts template <dir>` (run by scripts/build.mjs): an embedded database with every service's
 * migrations applied and nothing else, which a first `npm start` copies instead of running
 * PGlite's initdb and creating every table itself.
 */
async function template(dir: string | undefined): Promise<void> {
  if (!dir) throw new Error('usage: start.ts template <dir>');
  await createPgliteTemplate(dir);
  const { handle } = await openPglite({ dataDir: dir });
  try {
    for (const def of selectServices(undefined)) await migrateService(handle, def);
  } finally {
    await handle.close();
  }
}

try {
  if (mode === 'embedded') await embedded();
  else if (mode === 'cluster') await cluster();
  else if (mode === 'template') await template(process.argv[3]);
  else throw new Error('usage: start.ts embedded|cluster');
} catch (err) {
  log.fatal({ err: (err as Error).message }, 'failed to start');
  process.exit(1);
}
