import swaggerUi from '@fastify/swagger-ui';
import { AppError, type ServiceApp, type ServiceContext } from '@tradeplane/kit';
import { Type } from 'typebox';

/** One Swagger UI over every service's OpenAPI document, each fetched from its service. */
export async function docsRoutes(
  app: ServiceApp,
  ctx: ServiceContext,
  services: readonly string[],
): Promise<void> {
  const all = ['gateway', ...services.filter((s) => s !== 'gateway')];
  app.get(
    '/docs/openapi/:service',
    {
      config: { auth: 'public' },
      schema: { hide: true, params: Type.Object({ service: Type.String({ pattern: '^[a-z-]+\\.json$' }) }) },
    },
    async (req) => {
      const name = req.params.service.replace(/\.json$/, '');
      if (!all.includes(name)) throw new AppError('NOT_FOUND', 404, `No service ${name}`);
      if (name === 'gateway') return app.swagger();
      return ctx.client(name, { timeoutMs: 3000 }).call({ method: 'GET', path: '/openapi.json' });
    },
  );
  await app.register(swaggerUi, {
    routePrefix: '/docs',
    uiConfig: {
      urls: all.map((s) => ({ name: s, url: `/docs/openapi/${s}.json` })),
      'urls.primaryName': 'identity',
    } as never,
    uiHooks: {},
    staticCSP: true,
  });
}
