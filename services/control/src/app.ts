import { defineService, type Lease, type ServiceContext } from '@tradeplane/kit';
import { ControlConfig } from './config.ts';
import { migrations } from '../migrations/index.ts';
import { controlRoutes } from './routes/control.routes.ts';
import { pollHealth } from './domain/poll-health.ts';

export const controlService = defineService({
  name: 'control',
  schema: 'control',
  config: ControlConfig,
  migrations,
  async routes(app, ctx) {
    await controlRoutes(
      app,
      ctx as unknown as ServiceContext,
      expectedServices(ctx.config.CONTROL_EXPECTED_SERVICES),
    );
  },
  async start(ctx) {
    const expected = expectedServices(ctx.config.CONTROL_EXPECTED_SERVICES);
    const ttl = Math.max(ctx.config.HEALTH_POLL_MS * 3, 5_000);
    let lease: Lease | undefined;
    ctx.every('health-monitor', ctx.config.HEALTH_POLL_MS, async () => {
      if (lease && !(await lease.extend(ttl))) lease = undefined;
      lease ??= await ctx.locks.tryAcquire('control:health-monitor', ttl);
      if (!lease) return;
      await pollHealth(ctx as unknown as ServiceContext, expected, ctx.config.HEALTH_RETENTION_DAYS);
    });
    ctx.onClose(async () => {
      await lease?.release();
    });
  },
});

function expectedServices(list: string): string[] {
  return list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}
