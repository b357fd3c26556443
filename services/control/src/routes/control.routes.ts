import { Type } from 'typebox';
import { ProblemSchema, type ServiceApp, type ServiceContext } from '@tradeplane/kit';
import { latestSamples, uptimeSince } from '../store/health.store.ts';

const Instance = Type.Object({
  instanceId: Type.String(),
  url: Type.String(),
  version: Type.String(),
  pid: Type.Integer(),
  startedAt: Type.String(),
  lastHeartbeat: Type.String(),
});

const ServicesResponse = Type.Object({
  data: Type.Array(Type.Object({ service: Type.String(), instances: Type.Array(Instance) })),
});

const Uptime = Type.Object({
  service: Type.String(),
  status: Type.Union([Type.Literal('up'), Type.Literal('down'), Type.Literal('unknown')]),
  lastCheckedAt: Type.Union([Type.String(), Type.Null()]),
  lastLatencyMs: Type.Union([Type.Integer(), Type.Null()]),
  lastError: Type.Union([Type.String(), Type.Null()]),
  uptime1h: Type.Union([Type.Number(), Type.Null()]),
  uptime24h: Type.Union([Type.Number(), Type.Null()]),
  samples24h: Type.Integer(),
});

const errors = { 401: ProblemSchema, 403: ProblemSchema };

export async function controlRoutes(
  app: ServiceApp,
  ctx: ServiceContext,
  expected: readonly string[],
): Promise<void> {
  app.get(
    '/v1/control/services',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['control'],
        summary: 'Registered service instances',
        response: { 200: ServicesResponse, ...errors },
      },
    },
    async () => {
      const instances = await ctx.registry.list();
      const names = [...new Set([...expected, ...instances.map((i) => i.service)])].sort();
      return {
        data: names.map((service) => ({
          service,
          instances: instances
            .filter((i) => i.service === service)
            .map(({ instanceId, url, version, pid, startedAt, lastHeartbeat }) => ({
              instanceId,
              url,
              version,
              pid,
              startedAt,
              lastHeartbeat,
            })),
        })),
      };
    },
  );

  app.get(
    '/v1/control/uptime',
    {
      config: { auth: 'admin' },
      schema: {
        tags: ['control'],
        summary: 'Uptime per service over the last hour and day, from the health monitor',
        response: { 200: Type.Object({ data: Type.Array(Uptime) }), ...errors },
      },
    },
    async () => {
      const now = Date.now();
      const [hour, day, latest] = await Promise.all([
        uptimeSince(ctx.db, new Date(now - 3_600_000)),
        uptimeSince(ctx.db, new Date(now - 86_400_000)),
        latestSamples(ctx.db),
      ]);
      const names = [
        ...new Set([...expected, ...day.map((r) => r.service), ...latest.map((r) => r.service)]),
      ].sort();
      const pct = (rows: typeof hour, service: string) => {
        const r = rows.find((x) => x.service === service);
        return r && r.samples > 0 ? Math.round((r.upSamples / r.samples) * 10_000) / 100 : null;
      };
      return {
        data: names.map((service) => {
          const last = latest.find((l) => l.service === service);
          return {
            service,
            status: last ? (last.up ? 'up' : 'down') : 'unknown',
            lastCheckedAt: last ? new Date(last.checkedAt).toISOString() : null,
            lastLatencyMs: last?.latencyMs ?? null,
            lastError: last?.error ?? null,
            uptime1h: pct(hour, service),
            uptime24h: pct(day, service),
            samples24h: day.find((r) => r.service === service)?.samples ?? 0,
          } as const;
        }),
      };
    },
  );
}
