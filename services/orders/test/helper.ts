import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import type { RiskCheckRequest, RiskCheckResponse, AccountStateResponse } from '@tradeplane/contracts';
import type { DatabaseHandle, ServiceDefinition } from '@tradeplane/kit';
import { startTestService, type TestService } from '@tradeplane/kit/testing';
import { createOrdersService, type OrdersRuntime } from '../src/index.ts';
import { InMemoryAssetSource } from '../src/domain/asset-source.ts';
import { OrdersErrors } from '../src/domain/errors.ts';
import { InMemoryMarketClock, type SessionMode } from '../src/domain/market-clock.ts';
import { InMemoryQuoteSource } from '../src/domain/quote-source.ts';
import type { PortfolioGate, RiskGate } from '../src/domain/risk-gate.ts';

/** A risk service stand-in: approves, rejects or is unreachable, and remembers what it was asked. */
export class FakeRisk implements RiskGate {
  mode: 'approve' | 'reject' | 'fail' = 'approve';
  reject = { code: 'RISK_INSUFFICIENT_BUYING_POWER', message: 'insufficient buying power' };
  readonly calls: RiskCheckRequest[] = [];
  check(req: RiskCheckRequest): Promise<RiskCheckResponse> {
    this.calls.push(req);
    if (this.mode === 'fail') return Promise.reject(OrdersErrors.riskUnavailable());
    if (this.mode === 'reject')
      return Promise.resolve({
        checkId: `chk-${this.calls.length}`,
        approved: false,
        ...this.reject,
        state: 'ACTIVE',
      });
    return Promise.resolve({ checkId: `chk-${this.calls.length}`, approved: true, state: 'ACTIVE' });
  }
}

export class FakePortfolio implements PortfolioGate {
  positions = new Map<string, { symbol: string; qty: string }[]>();
  down = false;
  accountState(accountId: string): Promise<AccountStateResponse> {
    if (this.down) return Promise.reject(OrdersErrors.portfolioUnavailable());
    const positions = (this.positions.get(accountId) ?? []).map((p) => ({
      symbol: p.symbol,
      qty: p.qty,
      avgEntryPrice: '1',
      marketValue: '1',
      lastPrice: '1',
    }));
    return Promise.resolve({
      accountId,
      userId: 'u',
      cash: '0',
      equity: '0',
      buyingPower: '0',
      longMarketValue: '0',
      shortMarketValue: '0',
      startOfDayEquity: '0',
      highWaterMark: '0',
      marginEnabled: false,
      positions,
    });
  }
}

export interface OrdersHarness {
  t: TestService;
  rt: OrdersRuntime;
  quotes: InMemoryQuoteSource;
  assets: InMemoryAssetSource;
  clock: InMemoryMarketClock;
  risk: FakeRisk;
  portfolio: FakePortfolio;
  close(): Promise<void>;
}

/** Quiet defaults: no slippage, no background loops firing during a test. */
export const TEST_ENV: Record<string, string> = {
  PAPER_SLIPPAGE_MODEL: 'none',
  ORDERS_EXPIRY_CHECK_MS: '600000',
  ORDERS_RESYNC_MS: '600000',
};

export async function startOrders(
  opts: {
    env?: Record<string, string>;
    mode?: SessionMode;
    now?: Date;
    withRisk?: boolean;
    database?: DatabaseHandle;
  } = {},
): Promise<OrdersHarness> {
  const quotes = new InMemoryQuoteSource();
  const assets = new InMemoryAssetSource([
    { symbol: 'AAPL' },
    { symbol: 'MSFT' },
    { symbol: 'BRK.A', fractionable: false },
    { symbol: 'HALT', tradable: false },
  ]);
  const clock = new InMemoryMarketClock({
    mode: opts.mode ?? 'always',
    ...(opts.now ? { now: opts.now } : {}),
  });
  const risk = new FakeRisk();
  const portfolio = new FakePortfolio();
  let rt: OrdersRuntime | undefined;
  const def = createOrdersService({
    adapters: { quotes, assets, clock, portfolio, ...(opts.withRisk === false ? {} : { risk }) },
    onRuntime: (r) => {
      rt = r;
    },
  });
  const t = await startTestService(def as unknown as ServiceDefinition, {
    env: { ...TEST_ENV, ...opts.env },
    ...(opts.database ? { database: opts.database } : {}),
  });
  return {
    t,
    rt: rt!,
    quotes,
    assets,
    clock,
    risk,
    portfolio,
    close: () => t.close(),
  };
}

type Json = Record<string, any>;

export async function call(
  h: OrdersHarness,
  method: 'GET' | 'POST' | 'PATCH' | 'DELETE',
  url: string,
  userId: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse & { body: string }> {
  return h.t.service.app.inject({
    method,
    url,
    headers: { ...h.t.as({ userId }), ...headers },
    ...(body !== undefined ? { payload: body as Json } : {}),
  });
}

/** A fresh user id per call (uuid-shaped, like identity's). */
export const newUser = (): string => randomUUID();

/** Places a native order and returns the parsed body (throws with the body on a non-201). */
export async function place(
  h: OrdersHarness,
  userId: string,
  order: Json,
  headers: Record<string, string> = {},
): Promise<Json> {
  const res = await call(h, 'POST', '/v1/orders', userId, order, headers);
  if (res.statusCode !== 201) throw new Error(`place ${res.statusCode}: ${res.body}`);
  return res.json();
}

export async function getOrder(h: OrdersHarness, userId: string, id: string): Promise<Json> {
  const res = await call(h, 'GET', `/v1/orders/${id}`, userId);
  if (res.statusCode !== 200) throw new Error(`get ${res.statusCode}: ${res.body}`);
  return res.json();
}

/** Pushes a quote on the feed and waits until the exchange has handled it. */
export async function quote(
  h: OrdersHarness,
  symbol: string,
  bid: string,
  ask: string,
  size = '1000',
  at?: Date,
): Promise<void> {
  h.quotes.pushQuote({ symbol, bid, ask, bidSize: size, askSize: size, ...(at ? { at } : {}) });
  await h.rt.exchange.idle();
}

export async function trade(
  h: OrdersHarness,
  symbol: string,
  price: string,
  size = '100',
  at?: Date,
): Promise<void> {
  h.quotes.pushTrade({ symbol, price, size, ...(at ? { at } : {}) });
  await h.rt.exchange.idle();
}

/** The outbox rows of a type, newest last. */
export async function outbox(h: OrdersHarness, type?: string): Promise<Json[]> {
  let q = h.rt.deps.db.selectFrom('outbox').select(['type', 'payload']).orderBy('id');
  if (type) q = q.where('type', '=', type);
  const rows = await q.execute();
  return rows.map((r) => {
    const p = typeof r.payload === 'string' ? JSON.parse(r.payload) : r.payload;
    return p as Json;
  });
}

export async function waitFor<T>(fn: () => Promise<T | undefined>, what: string, tries = 200): Promise<T> {
  for (let i = 0; i < tries; i++) {
    const v = await fn();
    if (v !== undefined) return v;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`gave up waiting for ${what}`);
}

let symbols = 0;
/** A fresh tradable symbol per test (resting orders of one test never meet another's quotes). */
export function newSymbol(
  h: OrdersHarness,
  opts: { fractionable?: boolean; bid?: string; ask?: string; size?: string } = {},
): string {
  symbols += 1;
  const symbol = `T${symbols.toString(36).toUpperCase()}`;
  h.assets.add({ symbol, fractionable: opts.fractionable ?? true });
  h.quotes.set({
    symbol,
    bid: opts.bid ?? '100.00',
    ask: opts.ask ?? '100.10',
    bidSize: opts.size ?? '1000',
    askSize: opts.size ?? '1000',
  });
  return symbol;
}
