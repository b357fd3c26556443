import type { ServiceContext } from '@tradeplane/kit';
import { insertSamples, pruneSamples, type HealthSample } from '../store/health.store.ts';

/**
 * One round of the health monitor: every expected or registered service is asked for its
 * readiness in parallel and the answers are stored as samples. In cluster mode only the holder
 * of the monitor lock polls, so several control instances do not double-count.
 */
export async function pollHealth(
  ctx: ServiceContext,
  expected: readonly string[],
  retentionDays: number,
): Promise<HealthSample[]> {
  const instances = await ctx.registry.list();
  const names = new Set<string>([...expected, ...instances.map((i) => i.service)]);
  const samples = await Promise.all(
    [...names].map(async (service): Promise<HealthSample> => {
      const count = instances.filter((i) => i.service === service).length;
      const started = performance.now();
      try {
        const res = await ctx
          .client(service, { timeoutMs: 2000 })
          .request({ method: 'GET', path: '/health/ready', idempotent: false });
        const latencyMs = Math.round(performance.now() - started);
        return {
          service,
          up: res.status === 200,
          instances: count,
          latencyMs,
          error: res.status === 200 ? null : `status ${res.status}`,
        };
      } catch (err) {
        return { service, up: false, instances: count, latencyMs: null, error: (err as Error).message };
      }
    }),
  );
  await insertSamples(ctx.db, samples);
  await pruneSamples(ctx.db, new Date(Date.now() - retentionDays * 86_400_000));
  return samples;
}
