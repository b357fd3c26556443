import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError, type ServiceApp, type ServiceContext } from '@tradeplane/kit';
import { routeFor } from '../domain/route-table.ts';
import type { EdgeIdentity } from '../domain/authenticate.ts';

/** Request headers passed upstream; everything else (identity headers above all) is dropped. */
const FORWARD_REQUEST_HEADERS = [
  'content-type',
  'accept',
  'idempotency-key',
  'accept-language',
  'if-none-match',
];
/** Response headers passed back to the client. */
const FORWARD_RESPONSE_HEADERS = ['content-type', 'location', 'retry-after', 'etag', 'cache-control', 'link'];

declare module 'fastify' {
  interface FastifyRequest {
    edge: EdgeIdentity | undefined;
  }
}

export async function proxyRoutes(
  app: ServiceApp,
  ctx: ServiceContext,
  defaultTimeoutMs: number,
): Promise<void> {
  // The gateway does not parse bodies it forwards: the owning service validates them.
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'buffer', bodyLimit: 1_048_576 }, (_req, body, done) =>
    done(null, body),
  );

  const forward = async (req: FastifyRequest) => {
    const route = routeFor(req.url);
    if (!route) throw new AppError('NOT_FOUND', 404, `No API at ${req.url.split('?')[0]}`);
    // Alpaca's APIs always need credentials; answer here rather than forward an anonymous call.
    if (route.alpaca && !req.edge)
      throw new AppError('AUTH_UNAUTHENTICATED', 401, 'request is not authorized');
    const headers: Record<string, string> = {};
    for (const h of FORWARD_REQUEST_HEADERS) {
      const v = req.headers[h];
      if (typeof v === 'string') headers[h] = v;
    }
    headers['x-forwarded-for'] = req.ip;
    const method = req.method as 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';
    const body = req.body instanceof Buffer && req.body.length > 0 ? req.body : undefined;
    const res = await ctx.client(route.service).request({
      method,
      path: route.upstreamPath,
      ...(body ? { rawBody: body } : {}),
      headers,
      as: req.edge ?? { roles: [], plan: 'anonymous', scopes: [], via: 'anonymous' },
      requestId: req.id,
      timeoutMs: route.timeoutMs ?? defaultTimeoutMs,
      idempotent: method === 'GET' || method === 'HEAD' || headers['idempotency-key'] !== undefined,
      // Passed on as it came: the owning service's body is neither parsed nor serialized again here.
      raw: true,
    });
    return res;
  };

  const handler = async (req: FastifyRequest, reply: FastifyReply) => {
    const res = await forward(req);
    for (const h of FORWARD_RESPONSE_HEADERS) {
      const v = res.headers[h];
      if (v !== undefined) void reply.header(h, v);
    }
    reply.code(res.status);
    if (res.status === 204 || res.status === 304) return reply.send();
    const payload = res.body;
    return reply.send(Buffer.isBuffer(payload) ? payload : JSON.stringify(payload ?? null));
  };
  for (const url of ['/v1/*', '/alpaca/*']) {
    app.route({
      method: ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'],
      url,
      schema: { hide: true },
      config: { auth: 'public', edge: true, rateLimit: {} },
      handler,
    });
  }
}
