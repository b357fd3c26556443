import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPostgres, hasRedis } from '@tradeplane/kit/testing';
import { bearer, http, signUp } from './embedded.ts';
import { startClusterPlatform, waitFor, type ClusterPlatform } from './cluster.ts';
import { identityContract } from './identity-through-gateway.ts';

const infra = (await hasPostgres()) && (await hasRedis());

describe.skipIf(!infra)('cluster mode (PostgreSQL + Redis, one process per service)', () => {
  let cluster: ClusterPlatform;
  beforeAll(async () => {
    cluster = await startClusterPlatform({ basePort: 18100, redisDb: 9, env: { ADMIN_EMAIL: 'ops@example.com', SUPERVISOR_MIN_BACKOFF_MS: '3000' } });
  }, 90_000);
  afterAll(async () => {
    await cluster?.close();
  }, 30_000);

  it('runs each service in its own process', async () => {
    const admin = await signUp(cluster.gateway, 'ops@example.com');
    const services = await http(cluster.gateway, 'GET', '/v1/control/services', { headers: bearer(admin.accessToken) });
    expect(services.status).toBe(200);
    const pids = services.body.data.flatMap((s: { instances: { pid: number }[] }) => s.instances.map((i) => i.pid));
    expect(new Set(pids).size).toBe(3);
    expect(pids).not.toContain(process.pid);
  });

  identityContract(() => cluster.gateway, 'cluster');

  it('answers 503 problem+json at once when identity is killed, shows it down, and recovers', async () => {
    const email = `survivor-${Date.now()}@example.com`;
    await signUp(cluster.gateway, email);
    const admin = await http(cluster.gateway, 'POST', '/v1/auth/login', { body: { email: 'ops@example.com', password: 'correct-horse-battery' } });
    const services = await http(cluster.gateway, 'GET', '/v1/control/services', { headers: bearer(admin.body.accessToken) });
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
    await waitFor(async () => (await http(cluster.gateway, 'POST', '/v1/auth/login', { body: { email, password: 'correct-horse-battery' } })).status === 200, 30_000, cluster.output);
    const health = await http(cluster.gateway, 'GET', '/health');
    expect(health.status).toBe(200);
  }, 60_000);
});
