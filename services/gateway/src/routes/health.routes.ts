import { Type, type Static } from 'typebox';
import type { ServiceApp, ServiceContext } from '@tradeplane/kit';

const ServiceHealth = Type.Object({
  status: Type.Union([Type.Literal('up'), Type.Literal('down')]),
  required: Type.Boolean(),
  instances: Type.Integer(),
  error: Type.Optional(Type.String()),
  checks: Type.Optional(Type.Unknown()),
});

const HealthResponse = Type.Object({
  status: Type.Union([Type.Literal('ok'), Type.Literal('degraded')]),
  mode: Type.String(),
  services: Type.Record(Type.String(), ServiceHealth),
});

/**
 * `GET /health`: the readiness of every required and every registered service, asked in
 * parallel with a short timeout so one hung service can't hang the answer. 200 only when every
 * required service is up.
 */
export async function healthRoutes(
  app: ServiceApp,
  ctx: ServiceContext,
  required: readonly string[],
): Promise<void> {
  app.get(
    '/health',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['health'],
        summary: 'Platform health',
        response: { 200: HealthResponse, 503: HealthResponse },
      },
    },
    async (_req, reply) => {
      const instances = await ctx.registry.list();
      const names = new Set<string>([...required, ...instances.map((i) => i.service)]);
      names.delete('gateway');
      const services: Record<string, Static<typeof ServiceHealth>> = {};
      await Promise.all(
        [...names].map(async (name) => {
          const count = instances.filter((i) => i.service === name).length;
          try {
            const res = await ctx
              .client(name, { timeoutMs: 1000 })
              .request<{ checks?: unknown }>({ method: 'GET', path: '/health/ready', idempotent: false });
            services[name] = {
              status: res.status === 200 ? 'up' : 'down',
              required: required.includes(name),
              instances: count,
              checks: res.body?.checks,
            };
          } catch (err) {
            services[name] = {
              status: 'down',
              required: required.includes(name),
              instances: count,
              error: (err as Error).message,
            };
          }
        }),
      );
      const ok = required.every((r) => services[r]?.status === 'up');
      return reply.code(ok ? 200 : 503).send({ status: ok ? 'ok' : 'degraded', mode: ctx.mode, services });
    },
  );
}
