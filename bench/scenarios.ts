import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type autocannon from 'autocannon';
import pg from 'pg';

export interface BenchContext {
  gateway: string;
  baseline: string;
  quick: boolean;
  root: string;
  env: Record<string, string | undefined>;
  redisUrl: string;
  databaseUrl: string;
  autocannon(opts: autocannon.Options): Promise<autocannon.Result>;
  servicePids(): Promise<Record<string, number>>;
}

export interface ScenarioResult {
  name: string;
  title: string;
  skipped?: string;
  summary: Record<string, unknown>;
  detail?: unknown;
}

export interface Scenario {
  name: string;
  title: string;
  run(ctx: BenchContext): Promise<ScenarioResult>;
}

/** CPU seconds and RSS of a process, from /proc (Linux). */
function procStat(pid: number): { cpuSeconds: number; rssMb: number } | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[11]) + Number(fields[12]);
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const rssKb = Number(/VmRSS:\s+(\d+)/.exec(status)?.[1] ?? 0);
    return { cpuSeconds: ticks / 100, rssMb: Math.round(rssKb / 1024) };
  } catch {
    return undefined;
  }
}

/** Pids of the PostgreSQL backends serving the bench database (the services' pooled connections). */
async function postgresPids(databaseUrl: string): Promise<number[]> {
  const c = new pg.Client({ connectionString: databaseUrl });
  await c.connect();
  try {
    const { rows } = await c.query<{ pid: number }>(
      'select pid from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()',
    );
    return rows.map((r) => r.pid);
  } finally {
    await c.end();
  }
}

/**
 * Runs `fn` and reports each service's CPU (% of one core) and RSS over it, and as `postgres` the
 * CPU of the database backends serving the bench database (the RSS there is the largest one's).
 */
export async function withProcessStats<T>(
  ctx: BenchContext,
  fn: () => Promise<T>,
): Promise<{ value: T; services: Record<string, { cpuPct: number; rssMb: number }> }> {
  const pids = await ctx.servicePids();
  const before = Object.fromEntries(Object.entries(pids).map(([s, p]) => [s, procStat(p)]));
  const pgBefore = new Map((await postgresPids(ctx.databaseUrl)).map((p) => [p, procStat(p)]));
  const started = performance.now();
  const value = await fn();
  const seconds = (performance.now() - started) / 1000;
  const services: Record<string, { cpuPct: number; rssMb: number }> = {};
  const pct = (cpuSeconds: number) => Math.round((cpuSeconds / seconds) * 1000) / 10;
  for (const [s, pid] of Object.entries(pids)) {
    const a = before[s];
    const b = procStat(pid);
    if (a && b) services[s] = { cpuPct: pct(b.cpuSeconds - a.cpuSeconds), rssMb: b.rssMb };
  }
  // Backends opened during the run count from zero; those gone since are lost (rare: pools keep them).
  let pgCpu = 0;
  let pgRss = 0;
  for (const pid of new Set([...pgBefore.keys(), ...(await postgresPids(ctx.databaseUrl))])) {
    const b = procStat(pid);
    if (!b) continue;
    pgCpu += b.cpuSeconds - (pgBefore.get(pid)?.cpuSeconds ?? 0);
    pgRss = Math.max(pgRss, b.rssMb);
  }
  services.postgres = { cpuPct: pct(pgCpu), rssMb: pgRss };
  return { value, services };
}

/** CPU milliseconds per request of each process over a run (the order path's cost, load aside). */
export function cpuPerRequest(
  services: Record<string, { cpuPct: number }>,
  seconds: number,
  requests: number,
): string {
  const ms = Object.entries(services)
    .map(([s, v]) => [s, ((v.cpuPct / 100) * seconds * 1000) / Math.max(1, requests)] as const)
    .filter(([, v]) => v >= 0.05)
    .sort((a, b) => b[1] - a[1]);
  const total = ms.reduce((n, [, v]) => n + v, 0);
  return `CPU ms/request ${total.toFixed(1)}: ${ms.map(([s, v]) => `${s} ${v.toFixed(1)}`).join(', ')}`;
}

export function latencySummary(r: autocannon.Result) {
  return {
    rps: Math.round(r.requests.average),
    p50: r.latency.p50,
    p95: (r.latency as unknown as Record<string, number>).p97_5 ?? r.latency.p90,
    p99: r.latency.p99,
    max: r.latency.max,
    errors: r.errors + r.timeouts + (r.non2xx ?? 0),
    requests: r.requests.total,
  };
}

export async function json(
  method: string,
  url: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<any> {
  const res = await fetch(url, {
    method,
    headers: { ...(body ? { 'content-type': 'application/json' } : {}), ...headers },
    ...(body ? { body: JSON.stringify(body) } : {}),
  });
  const text = await res.text();
  if (res.status >= 400) throw new Error(`${method} ${url} → ${res.status} ${text.slice(0, 200)}`);
  return text ? JSON.parse(text) : undefined;
}

const password = 'bench-password-123';
let session: Promise<{ token: string; keyId: string; secret: string }> | undefined;
/** One bench user with a token and an API key pair. */
export function benchUser(ctx: BenchContext) {
  session ??= (async () => {
    const email = `bench-${Date.now()}@example.com`;
    await json('POST', `${ctx.gateway}/v1/auth/register`, { email, password });
    const login = await json('POST', `${ctx.gateway}/v1/auth/login`, { email, password });
    const key = await json(
      'POST',
      `${ctx.gateway}/v1/api-keys`,
      { name: 'bench' },
      { authorization: `Bearer ${login.accessToken}` },
    );
    return {
      token: login.accessToken as string,
      keyId: key.keyId as string,
      secret: key.secret as string,
      email,
    };
  })();
  return session;
}

export const dur = (ctx: BenchContext, full: number) => (ctx.quick ? 2 : full);

export const SCENARIOS: Scenario[] = [
  {
    name: 'baseline',
    title: 'bare validate + INSERT + XADD, 100 connections',
    async run(ctx) {
      const r = await ctx.autocannon({
        url: `${ctx.baseline}/v2/orders`,
        method: 'POST',
        connections: 100,
        duration: dur(ctx, 15),
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ symbol: 'AAPL', side: 'buy', qty: '1', type: 'market', time_in_force: 'day' }),
      });
      baselineRps = r.requests.average;
      return { name: this.name, title: this.title, summary: latencySummary(r) };
    },
  },
  {
    name: 'orders',
    title: 'order placement through the gateway (API key, risk, persistence, outbox), 100 connections',
    async run(ctx) {
      const pids = await ctx.servicePids();
      if (!pids.orders) throw new Error('the orders service is not part of this build yet');
      const u = await benchUser(ctx);
      // Resting limit orders far below the market: each request runs the whole placement path
      // (auth, risk with the account state, persistence, outbox) and none spends the cash.
      const accounts = await json('GET', `${ctx.gateway}/v1/accounts`, undefined, {
        authorization: `Bearer ${u.token}`,
      });
      const accountId = accounts.data[0].id as string;
      await json(
        'PUT',
        `${ctx.gateway}/v1/risk/limits?accountId=${accountId}`,
        { maxOpenOrders: 100_000 },
        { authorization: `Bearer ${u.token}` },
      );
      let n = 0;
      const { value: r, services } = await withProcessStats(ctx, () =>
        ctx.autocannon({
          url: `${ctx.gateway}/alpaca/v2/orders`,
          method: 'POST',
          connections: 100,
          duration: dur(ctx, 15),
          headers: {
            'content-type': 'application/json',
            'apca-api-key-id': u.keyId,
            'apca-api-secret-key': u.secret,
          },
          requests: [
            {
              setupRequest: (req) => ({
                ...req,
                body: JSON.stringify({
                  symbol: 'AAPL',
                  side: 'buy',
                  qty: '1',
                  type: 'limit',
                  limit_price: '1.00',
                  time_in_force: 'gtc',
                  client_order_id: `b-${process.pid}-${n++}`,
                }),
              }),
            },
          ],
        }),
      );
      const s = latencySummary(r);
      return {
        name: this.name,
        title: this.title,
        summary: {
          ...s,
          ratio: baselineRps ? Math.round((r.requests.average / baselineRps) * 100) / 100 : undefined,
          note: cpuPerRequest(services, r.duration, r.requests.total),
        },
        detail: { services },
      };
    },
  },
  {
    name: 'portfolio-enriched',
    title: 'GET /v1/portfolio/enriched (JWT; account, positions and their snapshots), 100 connections',
    async run(ctx) {
      const pids = await ctx.servicePids();
      if (!pids.portfolio) throw new Error('the portfolio service is not part of this build yet');
      const u = await benchUser(ctx);
      const auth = { authorization: `Bearer ${u.token}` };
      const accounts = await json('GET', `${ctx.gateway}/v1/accounts`, undefined, auth);
      const accountId = accounts.data[0].id as string;
      // A few positions, so every request gathers quotes and day changes as well.
      const symbols = ['AAPL', 'MSFT', 'NVDA', 'AMZN', 'JPM'];
      for (const symbol of symbols)
        await json(
          'POST',
          `${ctx.gateway}/alpaca/v2/orders`,
          { symbol, side: 'buy', qty: '1', type: 'market', time_in_force: 'day' },
          { 'apca-api-key-id': u.keyId, 'apca-api-secret-key': u.secret },
        );
      const url = `${ctx.gateway}/v1/portfolio/enriched?accountId=${accountId}`;
      const end = Date.now() + 20_000;
      for (;;) {
        const body = await json('GET', url, undefined, auth);
        if ((body.positions as unknown[]).length >= symbols.length) break;
        if (Date.now() > end) throw new Error('the positions did not reach portfolio in 20 s');
        await new Promise((res) => setTimeout(res, 250));
      }
      const { value: r, services } = await withProcessStats(ctx, () =>
        ctx.autocannon({ url, connections: 100, duration: dur(ctx, 15), headers: auth }),
      );
      return {
        name: this.name,
        title: this.title,
        summary: { ...latencySummary(r), note: cpuPerRequest(services, r.duration, r.requests.total) },
        detail: { services },
      };
    },
  },
  {
    name: 'read-1000',
    title: '1,000 concurrent connections on GET /v1/users/me (JWT), held',
    async run(ctx) {
      const u = await benchUser(ctx);
      const { value: r, services } = await withProcessStats(ctx, () =>
        ctx.autocannon({
          url: `${ctx.gateway}/v1/users/me`,
          connections: 1000,
          duration: dur(ctx, 30),
          headers: { authorization: `Bearer ${u.token}` },
        }),
      );
      return {
        name: this.name,
        title: this.title,
        summary: {
          ...latencySummary(r),
          note: `${Object.entries(services)
            .map(([k, v]) => `${k} ${v.cpuPct}% ${v.rssMb}MB`)
            .join(', ')}`,
        },
        detail: { services },
      };
    },
  },
  {
    name: 'login',
    title: 'login throughput (argon2id m=19456 t=2 p=1), 10 connections',
    async run(ctx) {
      const u = (await benchUser(ctx)) as unknown as { email: string };
      const { value: r, services } = await withProcessStats(ctx, () =>
        ctx.autocannon({
          url: `${ctx.gateway}/v1/auth/login`,
          method: 'POST',
          connections: 10,
          duration: dur(ctx, 10),
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ email: u.email, password }),
        }),
      );
      return {
        name: this.name,
        title: this.title,
        summary: { ...latencySummary(r), note: `identity ${services.identity?.cpuPct ?? '?'}% CPU` },
        detail: { services },
      };
    },
  },
  {
    name: 'embedded-start',
    title: 'embedded mode: npm start to a healthy gateway, and RSS',
    async run(ctx) {
      const dir = mkdtempSync(join(tmpdir(), 'tp-bench-embedded-'));
      const port = 19_800;
      const env = {
        ...process.env,
        TRADEPLANE_DATA_DIR: dir,
        LOG_LEVEL: 'warn',
        GATEWAY_PORT: String(port),
      } as Record<string, string>;
      for (const [k, v] of Object.entries({
        IDENTITY_PORT: 19809,
        CONTROL_PORT: 19814,
        MARKET_DATA_PORT: 19805,
        ORDERS_PORT: 19802,
        PORTFOLIO_PORT: 19801,
        RISK_PORT: 19804,
        NOTIFICATIONS_PORT: 19808,
        SCHEDULER_PORT: 19812,
      }))
        env[k] = String(v);
      // What `npm start` runs: the build (current, so skipped here) and the bundled launcher.
      execFileSync(process.execPath, ['scripts/build.mjs'], { cwd: ctx.root, stdio: 'ignore' });
      const measure = async () => {
        const started = performance.now();
        const child = spawn(process.execPath, ['--enable-source-maps', 'dist/start.mjs', 'embedded'], {
          cwd: ctx.root,
          env,
          stdio: 'ignore',
        });
        let healthyMs = -1;
        for (let i = 0; i < 600; i++) {
          try {
            if ((await fetch(`http://127.0.0.1:${port}/health`)).status === 200) {
              healthyMs = Math.round(performance.now() - started);
              break;
            }
          } catch {
            /* starting */
          }
          await new Promise((r) => setTimeout(r, 50));
        }
        const rss = procStat(child.pid!)?.rssMb;
        child.kill('SIGTERM');
        await new Promise((r) => child.once('exit', r));
        return { healthyMs, rssMb: rss };
      };
      const first = await measure();
      const second = await measure();
      rmSync(dir, { recursive: true, force: true });
      return {
        name: this.name,
        title: this.title,
        summary: {
          p50: second.healthyMs,
          note: `first start ${first.healthyMs} ms; restart ${second.healthyMs} ms; RSS ${second.rssMb} MB`,
        },
        detail: { first, second },
      };
    },
  },
];

let baselineRps = 0;
