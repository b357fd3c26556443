/**
 * `npm run bench [-- --quick] [-- --only=name,name]`: starts the platform in cluster mode on
 * loopback (PostgreSQL + Redis), the bare baseline beside it, and runs each scenario with
 * autocannon, bounded in time and count. Writes bench/results/<timestamp>.json and the table in
 * bench/RESULTS.md. `--quick` runs every scenario briefly as a smoke check; it never judges a
 * timing.
 */
import { execSync, fork, spawn } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync, existsSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import autocannon from 'autocannon';
import pg from 'pg';
import { Redis } from 'ioredis';
import { SCENARIOS, type BenchContext, type ScenarioResult } from './scenarios.ts';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const args = process.argv.slice(2);
const quick = args.includes('--quick');
const only = args
  .find((a) => a.startsWith('--only='))
  ?.slice('--only='.length)
  .split(',');

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
  const stops: (() => void)[] = [
    () => {
      try {
        process.kill(-cluster.pid!, 'SIGTERM');
      } catch {
        /* gone */
      }
    },
    () => baseline.kill('SIGTERM'),
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
    for (const stop of stops) stop();
    await new Promise((r) => setTimeout(r, 1_500));
  }
  report(results);
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

function report(results: ScenarioResult[]): void {
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
    JSON.stringify({ date, commit, machine, quick, results }, null, 2),
  );
  if (quick) return;
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
