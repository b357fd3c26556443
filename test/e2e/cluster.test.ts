import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPostgres, hasRedis } from '@tradeplane/kit/testing';
import { bearer, http, signUp, trader } from './embedded.ts';
import { startClusterPlatform, startExtraInstance, waitFor, type ClusterPlatform } from './cluster.ts';
import { StreamClient } from './stream-client.ts';
import { realtimeContract, startSinks, type Sinks } from './realtime-contract.ts';
import { identityContract } from './identity-through-gateway.ts';
import { CATALOG } from '../../scripts/catalog.ts';

const infra = (await hasPostgres()) && (await hasRedis());

describe.skipIf(!infra)('cluster mode (PostgreSQL + Redis, one process per service)', () => {
  let cluster: ClusterPlatform;
  let sinks: Sinks;
  beforeAll(async () => {
    sinks = await startSinks();
    cluster = await startClusterPlatform({
      basePort: 18100,
      redisDb: 9,
      env: {
        ADMIN_EMAIL: 'ops@example.com',
        SUPERVISOR_MIN_BACKOFF_MS: '3000',
        MARKET_SESSION_MODE: 'always',
        MARKET_BACKFILL_DAILY_YEARS: '1',
        MARKET_BACKFILL_MINUTE_SESSIONS: '1',
        MARKET_NEWS_PER_HOUR: '0',
        ...sinks.env,
      },
    });
  }, 90_000);
  afterAll(async () => {
    await cluster?.close();
    await sinks?.close();
  }, 30_000);

  it('runs each service in its own process', async () => {
    const admin = await signUp(cluster.gateway, 'ops@example.com');
    const services = await http(cluster.gateway, 'GET', '/v1/control/services', {
      headers: bearer(admin.accessToken),
    });
    expect(services.status).toBe(200);
    const pids = services.body.data.flatMap((s: { instances: { pid: number }[] }) =>
      s.instances.map((i) => i.pid),
    );
    expect(new Set(pids).size).toBe(CATALOG.length);
    expect(pids).not.toContain(process.pid);
  });

  identityContract(() => cluster.gateway, 'cluster');

  describe('real time (cluster)', () => {
    realtimeContract(
      () => cluster.gateway,
      () => sinks,
    );
  });

  it('answers 503 problem+json at once when identity is killed, shows it down, and recovers', async () => {
    const email = `survivor-${Date.now()}@example.com`;
    await signUp(cluster.gateway, email);
    const admin = await http(cluster.gateway, 'POST', '/v1/auth/login', {
      body: { email: 'ops@example.com', password: 'correct-horse-battery' },
    });
    const services = await http(cluster.gateway, 'GET', '/v1/control/services', {
      headers: bearer(admin.body.accessToken),
    });
    const identity = services.body.data.find((s: { service: string }) => s.service === 'identity');
    const pid = identity.instances[0].pid as number;

    process.kill(pid, 'SIGKILL');
    await waitFor(async () => {
      try {
        process.kill(pid, 0);
        return false;
      } catch {
        return true;
      }
    }, 5_000);

    // No hang: the answer must come back well before a client would give up.
    const res = await fetch(`${cluster.gateway}/v1/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email, password: 'correct-horse-battery' }),
      signal: AbortSignal.timeout(2_000),
    });
    // The supervisor waits SUPERVISOR_MIN_BACKOFF_MS (3 s here) before the restart.
    expect(res.status).toBe(503);
    expect(res.headers.get('content-type')).toContain('application/problem+json');
    const problem = (await res.json()) as { code: string };
    expect(problem.code).toBe('UPSTREAM_UNAVAILABLE');
    const down = await http(cluster.gateway, 'GET', '/health');
    expect(down.status).toBe(503);
    expect(down.body.services.identity.status).toBe('down');

    // The supervisor brings identity back, and the stored user can log in.
    await waitFor(
      async () =>
        (
          await http(cluster.gateway, 'POST', '/v1/auth/login', {
            body: { email, password: 'correct-horse-battery' },
          })
        ).status === 200,
      30_000,
      cluster.output,
    );
    const health = await http(cluster.gateway, 'GET', '/health');
    expect(health.status).toBe(200);
  }, 60_000);

  describe('/v1/stream with two gateway instances', () => {
    let second: Awaited<ReturnType<typeof startExtraInstance>>;
    beforeAll(async () => {
      second = await startExtraInstance(cluster, 'gateway', 18160);
    }, 90_000);
    afterAll(async () => {
      await second?.stop();
    }, 30_000);

    it('fans account events and quotes out through Redis to clients of either, and resumes on the other', async () => {
      const t = await trader(cluster.gateway, 'fanout');
      const url = (gateway: string) => `${gateway.replace(/^http/, 'ws')}/v1/stream?token=${t.token}`;
      const one = await StreamClient.open(url(cluster.gateway));
      const two = await StreamClient.open(url(second.url));
      try {
        await one.subscribe(['orders', 'quotes:AAPL']);
        await two.subscribe(['orders', 'quotes:AAPL']);
        await one.next((m) => m.type === 'quote');
        await two.next((m) => m.type === 'quote');

        const placed = await http(second.url, 'POST', '/alpaca/v2/orders', {
          headers: t.keyHeaders,
          body: { symbol: 'AAPL', qty: '1', side: 'buy', type: 'market', time_in_force: 'day' },
        });
        expect(placed.status).toBe(200);
        const filled = (c: StreamClient) =>
          c.next((m) => m.event === 'order.filled' && m.data.order.id === placed.body.id);
        const [a, b] = await Promise.all([filled(one), filled(two)]);
        // One log, so one seq for the event on both instances, each delivered once.
        expect(a.seq).toBe(b.seq);
        for (const c of [one, two])
          expect(c.events('orders').filter((e) => e.event === 'order.filled')).toHaveLength(1);

        // Resume on the other instance from the seq seen on the first: the missed events come back.
        one.close();
        const missed = await http(cluster.gateway, 'POST', '/alpaca/v2/orders', {
          headers: t.keyHeaders,
          body: { symbol: 'MSFT', qty: '1', side: 'buy', type: 'market', time_in_force: 'day' },
        });
        expect(missed.status).toBe(200);
        await two.next((m) => m.event === 'order.filled' && m.data.order.id === missed.body.id);
        const again = await StreamClient.open(url(second.url));
        try {
          await again.subscribe(['orders'], { resumeFrom: a.seq });
          await again.next((m) => m.event === 'order.filled' && m.data.order.id === missed.body.id);
          expect(again.events().every((e) => e.data.order.id === missed.body.id)).toBe(true);
        } finally {
          again.close();
        }
      } finally {
        one.close();
        two.close();
      }
    });
  });

  describe('the money path survives crashes', () => {
    let keyHeaders: Record<string, string>;
    let token: string;
    let accountId: string;
    const pidOf = async (service: string): Promise<number> => {
      const admin = await http(cluster.gateway, 'POST', '/v1/auth/login', {
        body: { email: 'ops@example.com', password: 'correct-horse-battery' },
      });
      const services = await http(cluster.gateway, 'GET', '/v1/control/services', {
        headers: bearer(admin.body.accessToken),
      });
      return services.body.data.find((s: { service: string }) => s.service === service).instances[0]
        .pid as number;
    };
    const killAndWait = async (pid: number) => {
      process.kill(pid, 'SIGKILL');
      await waitFor(async () => {
        try {
          process.kill(pid, 0);
          return false;
        } catch {
          return true;
        }
      }, 5_000);
    };

    beforeAll(async () => {
      // The admin who reads the registry (registered by the first test, or here when run alone).
      await http(cluster.gateway, 'POST', '/v1/auth/register', {
        body: { email: 'ops@example.com', password: 'correct-horse-battery' },
      });
      const s = await signUp(cluster.gateway, `burst-${Date.now()}@example.com`);
      token = s.accessToken;
      const key = await http(cluster.gateway, 'POST', '/v1/api-keys', {
        body: { name: 'burst' },
        headers: bearer(token),
      });
      keyHeaders = { 'apca-api-key-id': key.body.keyId, 'apca-api-secret-key': key.body.secret };
      await waitFor(
        async () => {
          const res = await http(cluster.gateway, 'GET', '/alpaca/v2/account', { headers: keyHeaders });
          accountId = res.body?.id ?? '';
          return res.status === 200;
        },
        30_000,
        cluster.output,
      );
    }, 60_000);

    it('refuses orders with 503 while risk is down, and none reaches the exchange', async () => {
      const before = await http(cluster.gateway, 'GET', '/alpaca/v2/orders?status=all&limit=500', {
        headers: keyHeaders,
      });
      await killAndWait(await pidOf('risk'));
      const res = await http(cluster.gateway, 'POST', '/alpaca/v2/orders', {
        body: { symbol: 'AAPL', qty: '1', side: 'buy', type: 'market', time_in_force: 'day' },
        headers: keyHeaders,
      });
      expect(res.status).toBe(503);
      const after = await http(cluster.gateway, 'GET', '/alpaca/v2/orders?status=all&limit=500', {
        headers: keyHeaders,
      });
      expect(after.body.length).toBe(before.body.length);
      // Back once the supervisor restarts risk.
      await waitFor(
        async () => (await http(cluster.gateway, 'GET', '/health')).status === 200,
        30_000,
        cluster.output,
      );
    }, 60_000);

    it('reflects every accepted order exactly once after orders and portfolio are killed mid-burst', async () => {
      const accepted: string[] = [];
      const place = async (i: number) => {
        const res = await http(cluster.gateway, 'POST', '/alpaca/v2/orders', {
          body: {
            symbol: 'MSFT',
            qty: '1',
            side: 'buy',
            type: 'market',
            time_in_force: 'day',
            client_order_id: `burst-${i}`,
          },
          headers: keyHeaders,
        }).catch(() => ({ status: 0, body: undefined }));
        if (res.status === 200) accepted.push(res.body.id as string);
      };
      const ordersPid = await pidOf('orders');
      const portfolioPid = await pidOf('portfolio');
      const burst: Promise<void>[] = [];
      for (let i = 0; i < 40; i++) {
        burst.push(place(i));
        if (i === 15) await killAndWait(ordersPid);
        if (i === 25) await killAndWait(portfolioPid);
        await new Promise((r) => setTimeout(r, 50));
      }
      await Promise.all(burst);
      expect(accepted.length).toBeGreaterThan(0);
      await waitFor(
        async () => (await http(cluster.gateway, 'GET', '/health')).status === 200,
        60_000,
        cluster.output,
      );

      // Reconciliation: every accepted order filled once; the position and the cash agree with the fills.
      let filledQty = 0;
      let spent = 0;
      let seen = '';
      await waitFor(
        async () => {
          const orders = await http(
            cluster.gateway,
            'GET',
            '/alpaca/v2/orders?status=all&limit=500&symbols=MSFT',
            { headers: keyHeaders },
          );
          if (orders.status !== 200) return false;
          // Every order the platform holds counts, acknowledged or not: an order committed just before
          // its service was killed exists even though the client saw an error.
          const mine = (
            orders.body as {
              id: string;
              client_order_id: string;
              status: string;
              filled_qty: string;
              filled_avg_price: string | null;
            }[]
          ).filter((o) => o.client_order_id.startsWith('burst-'));
          seen = `accepted ${accepted.length}, held ${mine.length}, statuses ${JSON.stringify(mine.map((o) => o.status))}`;
          if (!accepted.every((id) => mine.some((o) => o.id === id))) return false;
          if (mine.some((o) => o.status !== 'filled')) return false;
          filledQty = mine.reduce((n, o) => n + Number(o.filled_qty), 0);
          spent = mine.reduce((n, o) => n + Number(o.filled_qty) * Number(o.filled_avg_price), 0);
          const position = await http(cluster.gateway, 'GET', '/alpaca/v2/positions/MSFT', {
            headers: keyHeaders,
          });
          seen += `; position ${position.status} ${JSON.stringify(position.body?.qty)} vs filled ${filledQty}`;
          return position.status === 200 && Number(position.body.qty) === filledQty;
        },
        60_000,
        () => seen,
      );
      expect(filledQty).toBeGreaterThanOrEqual(accepted.length);
      const activities = await http(cluster.gateway, 'GET', '/alpaca/v2/account/activities/FILL', {
        headers: keyHeaders,
      });
      const msftFills = (activities.body as { symbol: string; order_id: string }[]).filter(
        (a) => a.symbol === 'MSFT',
      );
      // One fill per order, none applied twice.
      expect(new Set(msftFills.map((a) => a.order_id)).size).toBe(msftFills.length);
      const account = await http(cluster.gateway, 'GET', '/alpaca/v2/account', { headers: keyHeaders });
      const position = await http(cluster.gateway, 'GET', '/alpaca/v2/positions/MSFT', {
        headers: keyHeaders,
      });
      expect(Math.abs(Number(position.body.cost_basis) - spent)).toBeLessThan(0.01);
      // Cash moved by the cost of the MSFT fills (plus the AAPL orders of the earlier test: none were accepted).
      expect(Math.abs(100000 - Number(account.body.cash) - spent)).toBeLessThan(0.01);
      void accountId;
    }, 180_000);
  });
});
