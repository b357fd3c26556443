import {
  AppError,
  buildEvent,
  handleOnce,
  type DatabaseHandle,
  type ServiceContext,
  type ServiceDefinition,
} from '@tradeplane/kit';
import { startTestService, type TestService } from '@tradeplane/kit/testing';
import type {
  CloudEvent,
  InternalOrderRequest,
  InternalOrderResponse,
  RiskAccountSummary,
} from '@tradeplane/contracts';
import {
  createPortfolioService,
  InMemoryMarketReference,
  InMemoryQuoteSource,
  portfolioDeps,
  type OrderPlacer,
  type PlaceResult,
  type RiskSummarySource,
} from '../src/index.ts';
import { ledgerSubscriber } from '../src/events/ledger.subscriber.ts';
import type { PortfolioDeps } from '../src/domain/deps.ts';
import type { PortfolioConfig } from '../src/config.ts';

/** Orders as portfolio sees it: keeps every order placed, refuses a reused clientOrderId like orders does. */
export class FakeOrders implements OrderPlacer {
  readonly placed: InternalOrderRequest[] = [];
  readonly calls: InternalOrderRequest[] = [];
  /** The orders as orders would answer them now, by account and clientOrderId (tests move them on: filled…). */
  readonly orders = new Map<string, InternalOrderResponse>();
  /** Lookups by clientOrderId. */
  readonly lookups: string[] = [];
  /** Calls that fail as if orders were down, before any succeeds. */
  failing = 0;
  /** Rejects every order with this, when set. */
  reject: { code: string; message: string; httpStatus: number } | undefined;
  /** Places the next order, then fails as if its answer were lost on the way back. */
  loseNextAnswer = false;

  async place(order: InternalOrderRequest): Promise<PlaceResult> {
    this.calls.push(order);
    if (this.failing > 0) {
      this.failing -= 1;
      throw new AppError('PORTFOLIO_ORDERS_UNAVAILABLE', 503, 'orders is unavailable');
    }
    if (this.reject) return { status: 'rejected', ...this.reject };
    if (this.placed.some((o) => o.accountId === order.accountId && o.clientOrderId === order.clientOrderId))
      return { status: 'duplicate' };
    this.placed.push(order);
    const placed = snapshot(order, this.placed.length);
    this.orders.set(`${order.accountId}|${order.clientOrderId}`, placed);
    if (this.loseNextAnswer) {
      this.loseNextAnswer = false;
      throw new AppError('PORTFOLIO_ORDERS_UNAVAILABLE', 503, 'orders is unavailable');
    }
    return { status: 'placed', order: placed };
  }

  async byClientOrderId(accountId: string, _userId: string, clientOrderId: string) {
    this.lookups.push(clientOrderId);
    return this.orders.get(`${accountId}|${clientOrderId}`);
  }
}

export function snapshot(o: InternalOrderRequest, n: number): InternalOrderResponse {
  const now = new Date().toISOString();
  // Orders answers its native order: more fields than the contract names (legs, commission…).
  const extra = { legs: [], commission: '0' } as object;
  return {
    ...extra,
    id: `order-${n}`,
    clientOrderId: o.clientOrderId,
    accountId: o.accountId,
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    timeInForce: o.timeInForce,
    orderClass: 'simple',
    qty: o.qty,
    notional: null,
    filledQty: '0',
    filledAvgPrice: null,
    limitPrice: o.limitPrice ?? null,
    stopPrice: o.stopPrice ?? null,
    status: 'accepted',
    createdAt: now,
    updatedAt: now,
  };
}

export class FakeRisk implements RiskSummarySource {
  readonly summaries = new Map<string, RiskAccountSummary>();
  async get(accountId: string): Promise<RiskAccountSummary | undefined> {
    return this.summaries.get(accountId);
  }
}

export class TestClock {
  constructor(public current = new Date('2026-03-10T15:02:30Z')) {}
  now = () => this.current;
  set(iso: string) {
    this.current = new Date(iso);
  }
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface PortfolioHarness {
  t: TestService;
  deps: PortfolioDeps;
  quotes: InMemoryQuoteSource;
  market: InMemoryMarketReference;
  orders: FakeOrders;
  risk: FakeRisk;
  clock: TestClock;
  /** Runs an event through the ledger's consumer exactly as ctx.subscribe does (inbox + effect, one transaction). */
  deliver(event: CloudEvent): Promise<boolean>;
  close(): Promise<void>;
}

export async function startPortfolio(
  opts: { background?: boolean; env?: Record<string, string>; database?: DatabaseHandle } = {},
): Promise<PortfolioHarness> {
  const quotes = new InMemoryQuoteSource();
  const market = new InMemoryMarketReference();
  const orders = new FakeOrders();
  const risk = new FakeRisk();
  const clock = new TestClock();
  const options = { quotes, market, orders, risk, now: clock.now };
  const def = createPortfolioService(options);
  const t = await startTestService(def as unknown as ServiceDefinition, {
    startBackground: opts.background ?? false,
    ...(opts.database ? { database: opts.database } : {}),
    // Loops stay out of the way: tests run the domain functions themselves.
    env: {
      PORTFOLIO_EXIT_SWEEP_MS: '600000',
      PORTFOLIO_VALUATION_MS: '3600000',
      PORTFOLIO_SNAPSHOT_MS: '3600000',
      ...opts.env,
    },
  });
  const deps = portfolioDeps(t.service.ctx as unknown as ServiceContext<PortfolioConfig>, options);
  const handler = ledgerSubscriber(deps);
  return {
    t,
    deps,
    quotes,
    market,
    orders,
    risk,
    clock,
    deliver: (event) => handleOnce(t.service.ctx.db, 'portfolio', event, (tx) => handler(event, tx)),
    close: () => t.close(),
  };
}

let n = 0;
export const uniqueId = (prefix: string) => `${prefix}-${Date.now().toString(36)}-${(n++).toString(36)}`;

export function event(type: string, data: unknown, time?: string): CloudEvent {
  const e = buildEvent('orders', { type, data });
  if (time) e.time = time;
  return e;
}

export interface Acct {
  accountId: string;
  userId: string;
}

export async function openAccount(
  h: PortfolioHarness,
  o: { userId?: string; cash?: string; marginEnabled?: boolean; isDefault?: boolean } = {},
): Promise<Acct> {
  const a = { accountId: uniqueId('acct'), userId: o.userId ?? uniqueId('user') };
  await h.deliver(
    event(
      'account.opened',
      {
        ...a,
        name: 'paper',
        cash: o.cash ?? '100000',
        isDefault: o.isDefault ?? true,
        broker: 'paper',
        marginEnabled: o.marginEnabled ?? false,
      },
      h.clock.current.toISOString(),
    ),
  );
  return a;
}

export function trade(
  a: Acct,
  t: {
    symbol?: string;
    side: 'buy' | 'sell';
    qty: string;
    price: string;
    commission?: string;
    orderId?: string;
    tradeId?: string;
    at?: string;
  },
) {
  return event('trade.executed', {
    tradeId: t.tradeId ?? uniqueId('trd'),
    orderId: t.orderId ?? uniqueId('ord'),
    accountId: a.accountId,
    userId: a.userId,
    symbol: t.symbol ?? 'AAPL',
    side: t.side,
    qty: t.qty,
    price: t.price,
    commission: t.commission ?? '0',
    at: t.at ?? new Date().toISOString(),
  });
}

export async function get(h: PortfolioHarness, url: string, userId: string) {
  return h.t.service.app.inject({ method: 'GET', url, headers: h.t.as({ userId }) });
}

export async function outbox(h: PortfolioHarness, type: string): Promise<CloudEvent[]> {
  const rows: { payload: CloudEvent | string }[] = await h.t.service.ctx.db
    .selectFrom('outbox')
    .select('payload')
    .where('type', '=', type)
    .orderBy('id')
    .execute();
  return rows.map((r) => (typeof r.payload === 'string' ? (JSON.parse(r.payload) as CloudEvent) : r.payload));
}

/** Polls until `fn` returns a value (for effects of background work); fails after `ms`. */
export async function waitFor<T>(fn: () => Promise<T | undefined | false>, ms = 5_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
