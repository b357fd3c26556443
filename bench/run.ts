/**
 * `npm run bench [-- --quick] [-- --only=name,name] [-- --profile=service,service]`: starts the
 * platform in cluster mode on loopback (PostgreSQL + Redis), the bare baseline beside it, and runs
 * each scenario with autocannon, bounded in time and count. Writes bench/results/<timestamp>.json
 * and the table in bench/RESULTS.md. `--quick` runs every scenario briefly as a smoke check; it
 * never judges a timing. `--only orders` (or `--only=baseline,orders`) runs the named scenarios
 * (the ratio to the baseline needs `baseline` among them); like a profiled run, it writes its
 * JSON but leaves the table in RESULTS.md, which is always one full run.
 * `--profile=orders,risk` runs those services under `node --cpu-prof` and writes their profiles
 * to bench/results/profiles-<timestamp>/ when the cluster stops (`tsx bench/profile-summary.ts
 * <dir>` reads them); a profiled run's figures carry the profiler's overhead.
 */
import { execSync, fork, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { Redis } from 'ioredis';
import { SCENARIOS as TRADING_SCENARIOS, type BenchContext, type ScenarioResult } from './scenarios.ts';
import { MARKET_SCENARIOS } from './market.ts';
import { REALTIME_SCENARIOS } from './realtime.ts';

/** Every scenario, in the order they run. */
const SCENARIOS = [...TRADING_SCENARIOS, ...MARKET_SCENARIOS, ...REALTIME_SCENARIOS];

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
/** `--name=value` or `--name value`. */
function flag(name: string): string | undefined {
  const eq = args.find((a) => a.startsWith(`--${name}=`));
  if (eq) return eq.slice(name.length + 3);
  const i = args.indexOf(`--${name}`);
  const next = i >= 0 ? args[i + 1] : undefined;
  return next && !next.startsWith('--') ? next : undefined;
}
const only = flag('only')?.split(',');
const profile = flag('profile');

const PG_ADMIN = process.env.BENCH_DATABASE_URL ?? 'postgres://postgres@127.0.0.1:5432/postgres';
const REDIS_BASE = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const BASE_PORT = 19_000;
const DB = 'tradeplane_bench';

async function waitFor(url: string, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try {
      const res = await fetch(url);
      if (res.status === 200) return;
    } catch {
      /* not up yet */
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`${url} not healthy within ${ms} ms`);
}

async function main(): Promise<void> {
  const admin = new pg.Client({ connectionString: PG_ADMIN });
  await admin.connect();
  await admin.query(`drop database if exists ${DB} with (force)`);
  await admin.query(`create database ${DB}`);
  await admin.end();
  const databaseUrl = PG_ADMIN.replace(/\/[^/]*$/, `/${DB}`);
  const redisUrl = `${REDIS_BASE}/7`;
  const r = new Redis(redisUrl);
  await r.flushdb();
  r.disconnect();

  const env = {
    ...process.env,
    DATABASE_URL: databaseUrl,
    REDIS_URL: redisUrl,
    LOG_LEVEL: 'warn',
    GATEWAY_PORT: String(BASE_PORT),
    PORTFOLIO_PORT: String(BASE_PORT + 1),
    ORDERS_PORT: String(BASE_PORT + 2),
    RISK_PORT: String(BASE_PORT + 4),
    MARKET_DATA_PORT: String(BASE_PORT + 5),
    NOTIFICATIONS_PORT: String(BASE_PORT + 8),
    IDENTITY_PORT: String(BASE_PORT + 9),
    SCHEDULER_PORT: String(BASE_PORT + 12),
    CONTROL_PORT: String(BASE_PORT + 14),
    RATE_LIMIT_REFRESH_MS: '500',
    RATE_LIMIT_ANONYMOUS_PER_MINUTE: '1000000000',
    LOGIN_MAX_PER_IP: '1000000',
    LOGIN_MAX_PER_EMAIL: '100000',
    MARKET_SESSION_MODE: 'always',
    MARKET_BACKFILL_MINUTE_SESSIONS: '2',
    MARKET_NEWS_PER_HOUR: '0',
  };
  const profileDir = profile
    ? join(ROOT, 'bench/results', `profiles-${new Date().toISOString().replace(/[:.]/g, '-')}`)
    : undefined;
  if (profileDir) {
    mkdirSync(profileDir, { recursive: true });
    Object.assign(env, { CPU_PROF_SERVICES: profile, CPU_PROF_DIR: profileDir });
  }
  const gateway = `http://127.0.0.1:${BASE_PORT}`;
  const cluster = spawn(process.execPath, ['--import', 'tsx', 'scripts/start.ts', 'cluster'], {
    cwd: ROOT,
    env,
    stdio: 'inherit',
    detached: true,
  });
  const baselinePort = BASE_PORT + 500;
  const baseline = fork(join(ROOT, 'bench/baseline.ts'), [String(baselinePort)], {
    execArgv: ['--import', 'tsx'],
    env,
    stdio: 'inherit',
  });
  const clusterExited = new Promise<void>((resolve) => cluster.once('exit', () => resolve()));
  const stops: (() => void | Promise<void>)[] = [
    async () => {
      try {
        // Profiled children must get one SIGTERM only (a second one kills them before V8 writes
        // the profile): the supervisor forwards it. Otherwise the whole group goes at once.
        if (profileDir) process.kill(cluster.pid!, 'SIGTERM');
        else process.kill(-cluster.pid!, 'SIGTERM');
      } catch {
        /* gone */
      }
      if (profileDir) {
        await Promise.race([clusterExited, new Promise((r) => setTimeout(r, 20_000))]);
        process.stdout.write(`\nCPU profiles in ${profileDir}\n`);
      }
    },
    () => {
      baseline.kill('SIGTERM');
    },
  ];
  const results: ScenarioResult[] = [];
  try {
    await waitFor(`${gateway}/health`, 90_000);
    await new Promise<void>((resolve) => baseline.once('message', () => resolve()));
    // The rate limiter stays on (its cost is part of the path), with limits no bench can reach.
    const db = new pg.Client({ connectionString: databaseUrl });
    await db.connect();
    await db.query(`update edge.rate_limit_plans set requests_per_minute = 1000000000`);
    await db.end();
    await new Promise((r) => setTimeout(r, 1_000));

    const ctx: BenchContext = {
      gateway,
      baseline: `http://127.0.0.1:${baselinePort}`,
      quick,
      root: ROOT,
      env,
      redisUrl,
      databaseUrl,
      autocannon: (opts) => runAutocannon(opts),
      servicePids: () => servicePids(redisUrl),
    };
    for (const s of SCENARIOS) {
      if (only && !only.includes(s.name)) continue;
      process.stdout.write(`\n== ${s.name}: ${s.title}\n`);
      try {
        const res = await s.run(ctx);
        results.push(res);
        process.stdout.write(`${JSON.stringify(res.summary)}\n`);
      } catch (err) {
        results.push({ name: s.name, title: s.title, skipped: (err as Error).message, summary: {} });
        process.stdout.write(`skipped: ${(err as Error).message}\n`);
      }
    }
  } finally {
    for (const stop of stops) await stop();
    await new Promise((r) => setTimeout(r, 1_500));
  }
  // The table in RESULTS.md is one full run; a partial or profiled run only leaves its JSON.
  report(results, Boolean(profileDir) || only !== undefined);
  if (quick) {
    const ran = results.filter((r) => !r.skipped).length;
    process.stdout.write(`\n${ran} scenarios ran, ${results.length - ran} skipped\n`);
  }
}

async function runAutocannon(opts: autocannon.Options): Promise<autocannon.Result> {
  return new Promise((resolve, reject) => {
    const inst = autocannon(opts, (err, result) => (err ? reject(err) : resolve(result)));
    autocannon.track(inst, {
      renderProgressBar: false,
      renderResultsTable: false,
      renderLatencyTable: false,
    });
  });
}

/** Pids of the running services, from the registry (cluster mode registers each with its pid). */
async function servicePids(redisUrl: string): Promise<Record<string, number>> {
  const r = new Redis(redisUrl);
  const out: Record<string, number> = {};
  let cursor = '0';
  do {
    const [next, keys] = await r.scan(cursor, 'MATCH', 'tp:registry:*', 'COUNT', 100);
    cursor = next;
    for (const k of keys) {
      const v = await r.get(k);
      if (!v) continue;
      const inst = JSON.parse(v) as { service: string; pid: number };
      out[inst.service] = inst.pid;
    }
  } while (cursor !== '0');
  r.disconnect();
  return out;
}

function report(results: ScenarioResult[], partial: boolean): void {
  const commit = (() => {
    try {
      return execSync('git rev-parse --short HEAD', { cwd: ROOT }).toString().trim();
    } catch {
      return 'unknown';
    }
  })();
  const machine = `${cpus().length} cores (${cpus()[0]?.model ?? 'cpu'}), ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}`;
  const date = new Date().toISOString();
  const dir = join(ROOT, 'bench/results');
  mkdirSync(dir, { recursive: true });
  writeFileSync(
    join(dir, `${date.replace(/[:.]/g, '-')}.json`),
    JSON.stringify({ date, commit, machine, quick, partial, profiled: Boolean(profile), results }, null, 2),
  );
  if (quick || partial) return;
  const rows = results.map((r) => {
    const s = r.summary as Record<string, unknown>;
    const f = (k: string) => (s[k] === undefined ? '' : String(s[k]));
    return `| ${r.name} | ${r.skipped ? `skipped: ${r.skipped}` : f('rps')} | ${f('p50')} | ${f('p95')} | ${f('p99')} | ${f('max')} | ${f('errors')} | ${f('ratio')} | ${f('note')} |`;
  });
  const table = [
    `Run ${date}, commit ${commit}, ${machine}.`,
    '',
    '| scenario | req/s | p50 ms | p95 ms | p99 ms | max ms | errors | vs baseline | notes |',
    '|---|---|---|---|---|---|---|---|---|',
    ...rows,
  ].join('\n');
  const file = join(ROOT, 'bench/RESULTS.md');
  const existing = existsSync(file)
    ? readFileSync(file, 'utf8')
    : '# Benchmark results\n\n<!-- results:start -->\n<!-- results:end -->\n';
  const next = existing.replace(
    /<!-- results:start -->[\s\S]*<!-- results:end -->/,
    `<!-- results:start -->\n${table}\n<!-- results:end -->`,
  );
  writeFileSync(file, next);
}

await main();
process.exit(0);
