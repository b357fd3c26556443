import type { ServiceDefinition } from '@tradeplane/kit';
import { buildEvent, handleOnce } from '@tradeplane/kit';
import { startTestService, type TestService } from '@tradeplane/kit/testing';
import type { AccountStateResponse, CloudEvent, RiskCheckRequest } from '@tradeplane/contracts';
import { createRiskService, riskDeps, type AccountStateSource } from '../src/index.ts';
import { riskSubscriber } from '../src/events/risk.subscribers.ts';
import type { RiskConfig } from '../src/config.ts';
import type { ServiceContext } from '@tradeplane/kit';
import { RiskErrors } from '../src/domain/errors.ts';

/** Portfolio as risk sees it: account states set by the test; `down` makes it unreachable. */
export class FakePortfolio implements AccountStateSource {
  readonly states = new Map<string, AccountStateResponse>();
  down = false;
  async get(accountId: string): Promise<AccountStateResponse | undefined> {
    if (this.down) throw RiskErrors.portfolioUnavailable(new Error('down'));
    return this.states.get(accountId);
  }
  set(state: Partial<AccountStateResponse> & { accountId: string; userId: string }): AccountStateResponse {
    const full: AccountStateResponse = {
      cash: '100000',
      equity: '100000',
      buyingPower: '100000',
      longMarketValue: '0',
      shortMarketValue: '0',
      startOfDayEquity: '100000',
      highWaterMark: '100000',
      marginEnabled: false,
      positions: [],
      ...state,
    };
    this.states.set(state.accountId, full);
    return full;
  }
}

/** A clock the test moves. */
export class TestClock {
  constructor(public current = new Date('2026-03-10T15:00:00Z')) {}
  now = () => this.current;
  set(iso: string) {
    this.current = new Date(iso);
  }
}

export interface RiskHarness {
  t: TestService;
  portfolio: FakePortfolio;
  clock: TestClock;
  /** Runs an event through risk's consumer exactly as ctx.subscribe does (inbox + effect in one transaction). */
  deliver(event: CloudEvent): Promise<boolean>;
  close(): Promise<void>;
}

export async function startRisk(
  opts: { env?: Record<string, string>; clock?: TestClock; background?: boolean } = {},
): Promise<RiskHarness> {
  const portfolio = new FakePortfolio();
  const clock = opts.clock ?? new TestClock();
  const def = createRiskService({ portfolio, now: clock.now });
  const t = await startTestService(def as unknown as ServiceDefinition, {
    startBackground: opts.background ?? false,
    ...(opts.env ? { env: opts.env } : {}),
  });
  const deps = riskDeps(t.service.ctx as unknown as ServiceContext<RiskConfig>, {
    portfolio,
    now: clock.now,
  });
  const handler = riskSubscriber(deps);
  return {
    t,
    portfolio,
    clock,
    deliver: (event) => handleOnce(t.service.ctx.db, 'risk', event, (tx) => handler(event, tx)),
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

/** Opens an account in risk's copy (account.opened) and in the fake portfolio. */
export async function openAccount(
  h: RiskHarness,
  o: { userId?: string; marginEnabled?: boolean; state?: Partial<AccountStateResponse> } = {},
): Promise<{ accountId: string; userId: string }> {
  const accountId = uniqueId('acct');
  const userId = o.userId ?? uniqueId('user');
  await h.deliver(
    event('account.opened', {
      accountId,
      userId,
      name: 'paper',
      cash: '100000',
      isDefault: true,
      broker: 'paper',
      marginEnabled: o.marginEnabled ?? false,
    }),
  );
  h.portfolio.set({ accountId, userId, marginEnabled: o.marginEnabled ?? false, ...o.state });
  return { accountId, userId };
}

type OrderIn = Partial<RiskCheckRequest['order']>;

export function checkRequest(
  a: { accountId: string; userId: string },
  order: OrderIn = {},
  more: Partial<Omit<RiskCheckRequest, 'order'>> = {},
): RiskCheckRequest {
  return {
    accountId: a.accountId,
    userId: a.userId,
    order: {
      symbol: 'AAPL',
      side: 'buy',
      type: 'market',
      timeInForce: 'day',
      orderClass: 'simple',
      qty: '10',
      notional: null,
      limitPrice: null,
      stopPrice: null,
      extendedHours: false,
      ...order,
    },
    quote: { bid: '99.90', ask: '100.10', last: '100' },
    openOrders: { count: 0, pendingBuyNotional: '0', pendingSellQty: {} },
    ...more,
  };
}

export async function check(h: RiskHarness, req: RiskCheckRequest, headers?: Record<string, string>) {
  return h.t.service.app.inject({
    method: 'POST',
    url: '/internal/risk/check',
    payload: req,
    headers: headers ?? h.t.asService('orders', { userId: req.userId }),
  });
}

/** Events staged in risk's outbox, oldest first. */
export async function outbox(h: RiskHarness, type: string): Promise<CloudEvent[]> {
  const rows: { payload: CloudEvent | string }[] = await h.t.service.ctx.db
    .selectFrom('outbox')
    .select('payload')
    .where('type', '=', type)
    .orderBy('id')
    .execute();
  return rows.map((r) => (typeof r.payload === 'string' ? (JSON.parse(r.payload) as CloudEvent) : r.payload));
}

/** Polls until `fn` returns a value (effects of background work); fails after `ms`. */
export async function waitFor<T>(fn: () => Promise<T | undefined | false>, ms = 5_000): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}
