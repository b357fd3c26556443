import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Value } from 'typebox/value';
import { RiskCheckRequest } from '@tradeplane/contracts';
import { call, newSymbol, newUser, outbox, startOrders, type OrdersHarness } from './helper.ts';

/**
 * The real risk client (kit HTTP client, timeouts, breaker) against a local stand-in for risk:
 * when risk answers 503 or is not there at all, the order is refused with 503 and nothing is
 * stored or sent to the exchange.
 */
let h: OrdersHarness;
let server: Server;
let answer: 'approve' | 'unavailable' = 'unavailable';
const seen: { body: unknown; token: string | undefined }[] = [];
let submitted = 0;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve) => {
    let data = '';
    req.on('data', (c: Buffer) => (data += c.toString('utf8')));
    req.on('end', () => resolve(data));
  });
}

beforeAll(async () => {
  server = createServer((req, res) => {
    void readBody(req).then((body) => {
      seen.push({
        body: body ? JSON.parse(body) : undefined,
        token: req.headers['x-internal-token'] as string | undefined,
      });
      if (req.url !== '/internal/risk/check' || answer === 'unavailable') {
        res.writeHead(503, { 'content-type': 'application/problem+json' });
        res.end(
          JSON.stringify({
            type: 'about:blank',
            title: 'Service Unavailable',
            status: 503,
            detail: 'down',
            code: 'UNAVAILABLE',
          }),
        );
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ checkId: 'c1', approved: true, state: 'ACTIVE' }));
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  h = await startOrders({
    withRisk: false,
    env: { RISK_URL: `http://127.0.0.1:${port}`, RISK_TIMEOUT_MS: '1000' },
  });
  const submit = h.rt.exchange.submit.bind(h.rt.exchange);
  h.rt.exchange.submit = async (...args) => {
    submitted += 1;
    return submit(...args);
  };
});
afterAll(async () => {
  await h?.close();
  await new Promise<void>((r) => server.close(() => r()));
});

describe('risk over HTTP', () => {
  it('refuses the order with 503 when risk answers 503, storing and sending nothing', async () => {
    const u = newUser();
    const s = newSymbol(h);
    answer = 'unavailable';
    const res = await call(h, 'POST', '/v1/orders', u, {
      symbol: s,
      side: 'buy',
      type: 'market',
      timeInForce: 'day',
      qty: '1',
    });
    expect([res.statusCode, res.json().code]).toEqual([503, 'ORDERS_RISK_UNAVAILABLE']);
    expect(seen.length).toBeGreaterThan(0);
    expect((await call(h, 'GET', '/v1/orders?status=all', u)).json().data).toEqual([]);
    expect(submitted).toBe(0);
    const events = (await outbox(h)).filter(
      (e) => e.type.startsWith('order.') || e.type === 'trade.executed',
    );
    expect(events).toEqual([]);
  });

  it('sends risk a RiskCheckRequest with an internal token, and accepts what risk approves', async () => {
    const u = newUser();
    const s = newSymbol(h);
    answer = 'approve';
    seen.length = 0;
    const res = await call(h, 'POST', '/v1/orders', u, {
      symbol: s,
      side: 'buy',
      type: 'limit',
      limitPrice: '99',
      timeInForce: 'day',
      qty: '2',
    });
    expect(res.statusCode).toBe(201);
    const check = seen.find((x) => x.body !== undefined)!;
    expect(Value.Check(RiskCheckRequest, check.body)).toBe(true);
    expect(check.body).toMatchObject({ userId: u, order: { symbol: s, qty: '2', limitPrice: '99' } });
    expect(h.t.platform.internalAuth.verify(check.token!, 'risk')).toMatchObject({
      userId: u,
      via: 'service',
      issuer: 'orders',
    });
    expect(submitted).toBe(1);
  });

  it('refuses with 503 when risk is not listening at all', async () => {
    const u = newUser();
    const s = newSymbol(h);
    const port = (server.address() as AddressInfo).port;
    await new Promise<void>((r) => server.close(() => r()));
    try {
      const res = await call(h, 'POST', '/v1/orders', u, {
        symbol: s,
        side: 'buy',
        type: 'market',
        timeInForce: 'day',
        qty: '1',
      });
      expect([res.statusCode, res.json().code]).toEqual([503, 'ORDERS_RISK_UNAVAILABLE']);
      expect((await call(h, 'GET', '/v1/orders?status=all', u)).json().data).toEqual([]);
      expect(submitted).toBe(1);
    } finally {
      await new Promise<void>((r) => server.listen(port, '127.0.0.1', r));
    }
  });
});
