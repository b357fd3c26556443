// Bundles the launchers into dist/ so `npm start` loads a few files instead of transpiling
// hundreds of TypeScript modules and resolving thousands of package files at every start (module
// loading was a third of an embedded start). The platform's packages and most npm dependencies
// are bundled; the ones that load files next to their own code (WASM, native addons, worker
// scripts, static assets) or that only tools use stay external and load from node_modules.
//
// It also builds the web dashboard (apps/dashboard, Vite) into apps/dashboard/dist, which the
// gateway serves at `/`. Each build is skipped when its output is newer than its sources;
// `--force` rebuilds both, `--dashboard` builds only the dashboard.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join, resolve } from 'node:path';
import process from 'node:process';

const force = process.argv.includes('--force');
const dashboardOnly = process.argv.includes('--dashboard');

/** Newest modification time under the source folders, to skip a build that is already current. */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'test' || e.name === 'dist') continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

function mtime(path) {
  try {
    const s = statSync(path);
    return s.isDirectory() ? newest(path) : s.mtimeMs;
  } catch {
    return 0;
  }
}

// ------------------------------------------------------------------------------- dashboard
const DASHBOARD = 'apps/dashboard';

function dashboardCurrent() {
  const sources = Math.max(
    ...['src', 'public', 'index.html', 'vite.config.ts', 'tsconfig.json', 'package.json'].map((p) =>
      mtime(join(DASHBOARD, p)),
    ),
  );
  return mtime(join(DASHBOARD, 'dist', 'index.html')) > sources;
}

/** The dashboard workspace's own vite (the root's `vite` is vitest's, another major). */
function dashboardVite() {
  try {
    const pkgPath = createRequire(resolve(DASHBOARD, 'package.json')).resolve('vite/package.json');
    const pkg = JSON.parse(readFileSync(pkgPath, 'utf8'));
    const bin = typeof pkg.bin === 'string' ? pkg.bin : pkg.bin?.vite;
    return bin ? join(dirname(pkgPath), bin) : undefined;
  } catch {
    return undefined;
  }
}

function buildDashboard() {
  if (!existsSync(join(DASHBOARD, 'package.json'))) return;
  if (!force && dashboardCurrent()) return;
  const vite = dashboardVite();
  if (!vite) {
    process.stderr.write(
      'dashboard: vite is not installed (npm ci installs it); the gateway will say the dashboard is not built\n',
    );
    return;
  }
  const started = Date.now();
  const r = spawnSync(process.execPath, [vite, 'build', '--logLevel', 'warn'], {
    cwd: DASHBOARD,
    stdio: 'inherit',
  });
  if (r.status !== 0) {
    process.stderr.write(`dashboard: vite build failed (exit ${r.status ?? r.signal})\n`);
    process.exit(1);
  }
  process.stdout.write(`built ${DASHBOARD}/dist in ${Date.now() - started} ms\n`);
}

// ------------------------------------------------------------------------------- launchers
/** Packages loaded from node_modules at run time rather than bundled. */
const EXTERNAL = [
  '@electric-sql/pglite', // its WASM and data files sit next to its code
  '@electric-sql/pglite/*',
  '@node-rs/argon2', // native addon
  'pino', // worker-thread transports resolve files next to it
  'pino-pretty',
  'thread-stream',
  '@fastify/swagger-ui', // serves its static assets from its package folder
  'nodemailer',
  'croner',
  'pg-native', // an optional addon pg tries to load
  'vite', // dev tools only
  'esbuild',
];

/** Bundles the launchers; true when it did (they were out of date). */
async function buildLaunchers() {
  const started = Date.now();
  const sources = Math.max(
    ...['packages', 'services', 'scripts', 'package-lock.json'].map((d) =>
      statSync(d).isDirectory() ? newest(d) : statSync(d).mtimeMs,
    ),
  );
  let built = 0;
  try {
    built = Math.min(statSync('dist/start.mjs').mtimeMs, statSync('dist/service.mjs').mtimeMs);
  } catch {
    /* not built yet */
  }
  if (built > sources && !force) return false;
  // The previous bundle's files go (chunk names change); the database template stays.
  for (const e of existsSync('dist') ? readdirSync('dist', { withFileTypes: true }) : [])
    if (e.isFile()) rmSync(join('dist', e.name));
  await build({
    entryPoints: { start: 'scripts/start.ts', service: 'scripts/service.ts' },
    outdir: 'dist',
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    sourcemap: 'linked',
    outExtension: { '.js': '.mjs' },
    // start and service share one chunk of everything they both load.
    splitting: true,
    logLevel: 'warning',
    external: EXTERNAL,
    // Bundled CommonJS packages call require() for Node's own modules.
    banner: {
      js: "import { createRequire as __tpRequire } from 'node:module'; const require = __tpRequire(import.meta.url);",
    },
  });
  process.stdout.write(`built dist/ in ${Date.now() - started} ms\n`);
  return true;
}

/**
 * The embedded database a first `npm start` starts from (next to the bundle): PGlite's initdb and
 * every service's migrations, made by the bundle itself, so it always matches the code. Remade
 * whenever the bundle is.
 */
function buildDatabaseTemplate(rebuilt) {
  const dir = join('dist', 'pglite-template');
  if (!rebuilt && existsSync(join(dir, 'PG_VERSION'))) return;
  const started = Date.now();
  rmSync(dir, { recursive: true, force: true });
  const r = spawnSync(process.execPath, ['dist/start.mjs', 'template', dir], {
    stdio: ['ignore', 'ignore', 'inherit'],
    env: { ...process.env, LOG_LEVEL: 'warn' },
  });
  if (r.status !== 0) {
    // A first start still works without it (PGlite runs initdb), only slower.
    rmSync(dir, { recursive: true, force: true });
    process.stderr.write('the database template could not be made; a first start will run initdb\n');
    return;
  }
  process.stdout.write(`built the database template in ${Date.now() - started} ms\n`);
}

buildDashboard();
if (!dashboardOnly) buildDatabaseTemplate(await buildLaunchers());
