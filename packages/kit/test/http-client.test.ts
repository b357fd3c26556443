import { afterEach, describe, expect, it, vi } from 'vitest';
import {
  createServer,
  type IncomingHttpHeaders,
  type IncomingMessage,
  type Server,
  type ServerResponse,
} from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  createServiceClient,
  upstreamErrorFromTransport,
  type ServiceClient,
  type ServiceClientOptions,
} from '../src/http-client.ts';
import { InternalAuth, INTERNAL_TOKEN_HEADER } from '../src/internal-auth.ts';
import { AppError } from '../src/errors.ts';

const auth = new InternalAuth('http-client-test-secret-0123456789abcdef');

interface Seen {
  method: string;
  url: string;
  headers: IncomingHttpHeaders;
  body: string;
}

interface TestServer {
  url: string;
  seen: Seen[];
  /** Requests whose connection the client dropped before an answer. */
  aborted: number;
  close(): Promise<void>;
}

const servers: TestServer[] = [];
const clients: ServiceClient[] = [];

async function serve(
  handler: (req: IncomingMessage, res: ServerResponse, hit: number) => void,
): Promise<TestServer> {
  const seen: Seen[] = [];
  const state: TestServer = {
    url: '',
    seen,
    aborted: 0,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      res.on('close', () => {
        if (!res.writableFinished) state.aborted += 1;
      });
      handler(req, res, seen.length);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  servers.push(state);
  return state;
}

function json(res: ServerResponse, status: number, body: unknown, type = 'application/json') {
  res.writeHead(status, { 'content-type': type });
  res.end(JSON.stringify(body));
}

function client(
  url: string | (() => Promise<string>),
  opts: Partial<ServiceClientOptions> = {},
): ServiceClient {
  const c = createServiceClient({
    caller: 'orders',
    target: 'identity',
    resolve: typeof url === 'string' ? () => Promise.resolve(url) : url,
    auth,
    ...opts,
  });
  clients.push(c);
  return c;
}

/** A port on which nothing listens: bound, then released. */
async function closedPortUrl(): Promise<string> {
  const s = createServer();
  await new Promise<void>((resolve) => s.listen(0, '127.0.0.1', resolve));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((resolve) => s.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}

async function rejection(p: Promise<unknown>): Promise<AppError> {
  try {
    await p;
  } catch (err) {
    expect(err).toBeInstanceOf(AppError);
    return err as AppError;
  }
  throw new Error('expected the call to fail');
}

afterEach(async () => {
  for (const c of clients.splice(0)) await c.close();
  for (const s of servers.splice(0)) await s.close();
});

describe('service client: what it sends', () => {
  it('forwards the request id and an internal token for the target that carries the user', async () => {
    const srv = await serve((_req, res) => json(res, 200, { ok: true }));
    const c = client(srv.url);
    const res = await c.request({
      method: 'GET',
      path: '/v1/users/me',
      requestId: 'req-123',
      as: { userId: 'user-1', roles: ['user'], plan: 'pro', scopes: ['trading'], via: 'jwt' },
    });
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ ok: true });
    const headers = srv.seen[0]!.headers;
    expect(headers['x-request-id']).toBe('req-123');
    const token = headers[INTERNAL_TOKEN_HEADER] as string;
    const ctx = auth.verify(token, 'identity');
    expect(ctx).toMatchObject({
      userId: 'user-1',
      roles: ['user'],
      plan: 'pro',
      scopes: ['trading'],
      via: 'jwt',
      issuer: 'orders',
    });
    expect(() => auth.verify(token, 'risk')).toThrow(AppError);
  });

  it('sends a service token without a user when the call acts for no one', async () => {
    const srv = await serve((_req, res) => json(res, 200, {}));
    await client(srv.url).request({ method: 'GET', path: '/internal' });
    const ctx = auth.verify(srv.seen[0]!.headers[INTERNAL_TOKEN_HEADER] as string, 'identity');
    expect(ctx.userId).toBeUndefined();
    expect(ctx.via).toBe('service');
  });

  it('encodes the query and sends a JSON body', async () => {
    const srv = await serve((_req, res) => json(res, 201, { id: 'o-1' }));
    const res = await client(srv.url).request({
      method: 'POST',
      path: '/v1/orders',
      query: { symbol: 'AAPL', limit: 5, open: true, skip: undefined, status: ['new', 'filled'] },
      body: { qty: '10', side: 'buy' },
      headers: { 'X-Custom': 'yes' },
    });
    expect(res.status).toBe(201);
    const seen = srv.seen[0]!;
    expect(seen.url).toBe('/v1/orders?symbol=AAPL&limit=5&open=true&status=new&status=filled');
    expect(seen.headers['content-type']).toBe('application/json');
    expect(seen.headers['x-custom']).toBe('yes');
    expect(JSON.parse(seen.body)).toEqual({ qty: '10', side: 'buy' });
  });

  it('returns a non-JSON body as bytes', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'text/csv' });
      res.end('a,b\n1,2\n');
    });
    const res = await client(srv.url).request<Buffer>({ method: 'GET', path: '/export' });
    expect(Buffer.isBuffer(res.body)).toBe(true);
    expect(res.body.toString('utf8')).toBe('a,b\n1,2\n');
    expect(res.headers['content-type']).toBe('text/csv');
  });

  it('returns a JSON body as the bytes that came when asked for raw', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' });
      res.end('{"qty":"1.50", "id":"o-1"}');
    });
    const res = await client(srv.url).request<Buffer>({ method: 'GET', path: '/v1/orders/o-1', raw: true });
    expect(Buffer.isBuffer(res.body)).toBe(true);
    expect(res.body.toString('utf8')).toBe('{"qty":"1.50", "id":"o-1"}');
  });

  it('follows the resolved address to a new origin', async () => {
    const a = await serve((_req, res) => json(res, 200, { from: 'a' }));
    const b = await serve((_req, res) => json(res, 200, { from: 'b' }));
    let current = a.url;
    const c = client(() => Promise.resolve(current));
    expect(await c.call({ method: 'GET', path: '/who' })).toEqual({ from: 'a' });
    current = b.url;
    expect(await c.call({ method: 'GET', path: '/who' })).toEqual({ from: 'b' });
    expect(a.seen).toHaveLength(1);
    expect(b.seen).toHaveLength(1);
  });
});

describe('service client: retries', () => {
  it('retries a GET after a 503 and returns the later success', async () => {
    const srv = await serve((_req, res, hit) =>
      hit === 1 ? json(res, 503, { code: 'BUSY' }) : json(res, 200, { ok: true }),
    );
    const res = await client(srv.url).request({ method: 'GET', path: '/v1/quotes' });
    expect(res.status).toBe(200);
    expect(srv.seen).toHaveLength(2);
  });

  it('does not retry a POST', async () => {
    const srv = await serve((_req, res) => json(res, 503, { code: 'BUSY' }));
    const res = await client(srv.url).request({ method: 'POST', path: '/v1/orders', body: { qty: '1' } });
    expect(res.status).toBe(503);
    expect(srv.seen).toHaveLength(1);
  });

  it('retries a POST that carries an Idempotency-Key, up to the retry limit', async () => {
    const srv = await serve((_req, res) => json(res, 503, { code: 'BUSY' }));
    const res = await client(srv.url, { retries: 2 }).request({
      method: 'POST',
      path: '/v1/orders',
      body: { qty: '1' },
      headers: { 'Idempotency-Key': 'k-1' },
    });
    expect(res.status).toBe(503);
    expect(srv.seen).toHaveLength(3);
  });

  it('does not retry a 4xx or a 500', async () => {
    const srv = await serve((req, res) => json(res, req.url === '/bad' ? 400 : 500, { code: 'X' }));
    const c = client(srv.url);
    expect((await c.request({ method: 'GET', path: '/bad' })).status).toBe(400);
    expect((await c.request({ method: 'GET', path: '/boom' })).status).toBe(500);
    expect(srv.seen).toHaveLength(2);
  });

  it('retries a refused connection for an idempotent call and then reports the target unavailable', async () => {
    let resolves = 0;
    const url = await closedPortUrl();
    const c = client(() => {
      resolves += 1;
      return Promise.resolve(url);
    });
    const err = await rejection(c.request({ method: 'GET', path: '/v1/users/me' }));
    expect(err.status).toBe(503);
    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.message).toBe('identity is unavailable');
    expect(resolves).toBe(3);
  });
});

describe('service client: failures', () => {
  it('answers 504 when the upstream hangs, and aborts the hung request', async () => {
    const srv = await serve(() => undefined);
    const c = client(srv.url, { timeoutMs: 200 });
    const started = Date.now();
    const err = await rejection(c.request({ method: 'GET', path: '/slow' }));
    expect(err.status).toBe(504);
    expect(err.code).toBe('UPSTREAM_TIMEOUT');
    // Generous bound: only catches a timeout that never fires or waits for every retry in turn.
    expect(Date.now() - started).toBeLessThan(1_500);
    await vi.waitFor(() => expect(srv.aborted).toBe(1));
    expect(srv.seen).toHaveLength(1);
  });

  it('answers 504 when the upstream sends headers and then stalls the body', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"partial":');
    });
    const err = await rejection(
      client(srv.url, { timeoutMs: 200 }).request({ method: 'GET', path: '/stall' }),
    );
    expect(err.code).toBe('UPSTREAM_TIMEOUT');
    await vi.waitFor(() => expect(srv.aborted).toBe(1));
  });

  it('lets one call set a shorter deadline than the client', async () => {
    const srv = await serve(() => undefined);
    const err = await rejection(
      client(srv.url, { timeoutMs: 30_000 }).request({ method: 'GET', path: '/slow', timeoutMs: 100 }),
    );
    expect(err.code).toBe('UPSTREAM_TIMEOUT');
  });

  it('answers 503 when the connection is refused', async () => {
    const err = await rejection(
      client(await closedPortUrl()).request({ method: 'POST', path: '/v1/orders', body: {} }),
    );
    expect(err.status).toBe(503);
    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(err.message).toContain('identity');
  });

  it('answers 503 when the address cannot be resolved', async () => {
    const c = client(() => Promise.reject(new Error('no live instance of identity')));
    const err = await rejection(c.request({ method: 'GET', path: '/x' }));
    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
  });

  it('answers 503 once the client is closed', async () => {
    const srv = await serve((_req, res) => json(res, 200, {}));
    const c = client(srv.url);
    await c.close();
    expect((await rejection(c.request({ method: 'GET', path: '/x' }))).code).toBe('UPSTREAM_UNAVAILABLE');
    expect(srv.seen).toHaveLength(0);
  });
});

describe('service client: circuit breaker', () => {
  it('opens after consecutive 5xx and then fails fast without calling the upstream', async () => {
    const srv = await serve((_req, res) => json(res, 500, { code: 'BOOM' }));
    const c = client(srv.url, { retries: 0, breaker: { threshold: 3, halfOpenAfterMs: 60_000 } });
    for (let i = 0; i < 3; i++) expect((await c.request({ method: 'GET', path: '/x' })).status).toBe(500);
    expect(c.breakerState()).toBe('open');
    const err = await rejection(c.request({ method: 'GET', path: '/x' }));
    expect(err.status).toBe(503);
    expect(err.code).toBe('UPSTREAM_UNAVAILABLE');
    expect(srv.seen).toHaveLength(3);
  });

  it('opens on transport failures too', async () => {
    const c = client(await closedPortUrl(), {
      retries: 0,
      breaker: { threshold: 2, halfOpenAfterMs: 60_000 },
    });
    await rejection(c.request({ method: 'GET', path: '/x' }));
    await rejection(c.request({ method: 'GET', path: '/x' }));
    expect(c.breakerState()).toBe('open');
  });

  it('stays closed through 4xx answers', async () => {
    const srv = await serve((_req, res) => json(res, 404, { code: 'NOT_FOUND' }));
    const c = client(srv.url, { breaker: { threshold: 2 } });
    for (let i = 0; i < 5; i++) await c.request({ method: 'GET', path: '/x' });
    expect(c.breakerState()).toBe('closed');
    expect(srv.seen).toHaveLength(5);
  });

  it('closes again when the trial call after the open period succeeds', async () => {
    let healthy = false;
    const srv = await serve((_req, res) =>
      healthy ? json(res, 200, { ok: true }) : json(res, 500, { code: 'BOOM' }),
    );
    const c = client(srv.url, { retries: 0, breaker: { threshold: 1, halfOpenAfterMs: 50 } });
    await c.request({ method: 'GET', path: '/x' });
    expect(c.breakerState()).toBe('open');
    healthy = true;
    await new Promise((r) => setTimeout(r, 120));
    expect(await c.call({ method: 'GET', path: '/x' })).toEqual({ ok: true });
    expect(c.breakerState()).toBe('closed');
  });
});

describe('service client: call', () => {
  it('returns the parsed body of a success', async () => {
    const srv = await serve((_req, res) => json(res, 200, { id: 'u-1' }));
    expect(await client(srv.url).call({ method: 'GET', path: '/v1/users/u-1' })).toEqual({ id: 'u-1' });
  });

  it('passes a 404 problem through with its code, status, detail and extensions', async () => {
    const srv = await serve((_req, res) =>
      json(
        res,
        404,
        {
          type: 'https://tradeplane.dev/problems/orders-not-found',
          title: 'Not Found',
          status: 404,
          detail: 'order o-9 not found',
          code: 'ORDERS_NOT_FOUND',
          instance: '/v1/orders/o-9',
          requestId: 'upstream-req',
          orderId: 'o-9',
        },
        'application/problem+json',
      ),
    );
    const err = await rejection(client(srv.url).call({ method: 'GET', path: '/v1/orders/o-9' }));
    expect(err.status).toBe(404);
    expect(err.code).toBe('ORDERS_NOT_FOUND');
    expect(err.message).toBe('order o-9 not found');
    expect(err.details).toEqual({ orderId: 'o-9' });
  });

  it('turns an upstream 500 into a 502 UPSTREAM_ERROR', async () => {
    const srv = await serve((_req, res) =>
      json(res, 500, { code: 'INTERNAL', status: 500, detail: 'db down' }, 'application/problem+json'),
    );
    const err = await rejection(client(srv.url).call({ method: 'GET', path: '/x' }));
    expect(err.status).toBe(502);
    expect(err.code).toBe('UPSTREAM_ERROR');
    expect(err.message).toContain('identity');
  });

  it('passes a 503 problem through as a 503 with the upstream code', async () => {
    const srv = await serve((_req, res) => {
      res.writeHead(503, { 'content-type': 'application/problem+json', 'retry-after': '2' });
      res.end(
        JSON.stringify({ code: 'RISK_ENGINE_UNAVAILABLE', status: 503, detail: 'risk engine is warming up' }),
      );
    });
    const err = await rejection(client(srv.url, { retries: 0 }).call({ method: 'GET', path: '/x' }));
    expect(err.status).toBe(503);
    expect(err.code).toBe('RISK_ENGINE_UNAVAILABLE');
    expect(err.message).toBe('risk engine is warming up');
    expect(err.headers).toEqual({ 'retry-after': '2' });
  });
});

describe('upstreamErrorFromTransport', () => {
  it('maps connection errors to 503 and timeouts to 504, and keeps an AppError as it is', () => {
    const reset = Object.assign(new Error('socket hang up'), { code: 'ECONNRESET' });
    expect(upstreamErrorFromTransport(reset, 'risk')).toMatchObject({
      status: 503,
      code: 'UPSTREAM_UNAVAILABLE',
      message: 'risk is unavailable',
    });
    const refused = new AggregateError([Object.assign(new Error('refused'), { code: 'ECONNREFUSED' })]);
    expect(upstreamErrorFromTransport(refused, 'risk').status).toBe(503);
    const headers = Object.assign(new Error('Headers Timeout Error'), { code: 'UND_ERR_HEADERS_TIMEOUT' });
    expect(upstreamErrorFromTransport(headers, 'risk')).toMatchObject({
      status: 504,
      code: 'UPSTREAM_TIMEOUT',
    });
    const own = new AppError('X', 418, 'teapot');
    expect(upstreamErrorFromTransport(own, 'risk')).toBe(own);
  });
});
