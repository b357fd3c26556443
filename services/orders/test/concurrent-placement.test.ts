import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RiskCheckRequest, RiskCheckResponse } from '@tradeplane/contracts';
import { dec, sum, type DatabaseHandle } from '@tradeplane/kit';
import { hasPostgres, scratchPostgres, type ScratchDatabase } from '@tradeplane/kit/testing';
import { call, newUser, startOrders, type OrdersHarness } from './helper.ts';

/**
 * Orders placed at the same moment on one account: each is checked by risk on a summary that
 * cannot show the others, so the placement stores its order only if what the others reserved
 * meanwhile fits the headroom risk stated (place-order.ts). The stand-in risk here enforces
 * buying power exactly as risk does: cash − pending buys ≥ the order's value. Two orders instances
 * on one PostgreSQL database race for real (PGlite has one connection and serializes too much to
 * race); skipped when PostgreSQL does not answer.
 */
const pgUp = await hasPostgres();
class BuyingPowerRisk {
  readonly calls: RiskCheckRequest[] = [];
  constructor(private readonly cash: string) {}
  check = (req: RiskCheckRequest): Promise<RiskCheckResponse> => {
    this.calls.push(req);
    const value = req.order.side === 'sell' ? dec(0) : dec(req.order.qty!).times(req.order.limitPrice!);
    const left = dec(this.cash).minus(req.openOrders.pendingBuyNotional).minus(value);
    const id = `chk-${this.calls.length}`;
    if (left.isNeg())
      return Promise.resolve({
        checkId: id,
        approved: false,
        code: 'RISK_INSUFFICIENT_BUYING_POWER',
        message: 'insufficient buying power',
        state: 'ACTIVE',
      });
    return Promise.resolve({
      checkId: id,
      approved: true,
      state: 'ACTIVE',
      headroom: { openOrders: null, buyNotional: left.toFixed(), sellQty: null },
    });
  };
}

/**
 * The wash-trade guard as risk runs it: refuses a limit order that crosses a working order on the
 * other side of its symbol, as the summary shows them, and states that its approval holds only
 * while no order appears on the other side.
 */
const washRisk = (req: RiskCheckRequest): Promise<RiskCheckResponse> => {
  const mine = dec(req.order.limitPrice!);
  const crossed = (req.workingSummary ?? []).some(
    (w) =>
      w.symbol === req.order.symbol &&
      w.side !== req.order.side &&
      w.count > 0 &&
      (req.order.side === 'buy' ? mine.gte(w.minLimitPrice!) : mine.lte(w.maxLimitPrice!)),
  );
  return Promise.resolve(
    crossed
      ? {
          checkId: 'chk',
          approved: false,
          code: 'COMPLIANCE_WASH_TRADE',
          message: 'wash trade',
          state: 'ACTIVE',
        }
      : {
          checkId: 'chk',
          approved: true,
          state: 'ACTIVE',
          headroom: { openOrders: null, buyNotional: null, sellQty: null, crossingOrders: 0 },
        },
  );
};

/**
 * A margin account that may short, holding nothing, with $1,000 of buying power: every sell is a
 * short sale, and resting short sales hold buying power as buys do (risk's pre-trade.ts). The
 * stand-in prices everything at its limit.
 */
const marginRisk = (req: RiskCheckRequest): Promise<RiskCheckResponse> => {
  const shorts = Object.values(req.openOrders.pendingSellQty)
    .reduce((n, q) => n.plus(q), dec(0))
    .times(100);
  const left = dec(1000)
    .minus(req.openOrders.pendingBuyNotional)
    .minus(shorts)
    .minus(dec(req.order.qty!).times(req.order.limitPrice!));
  if (left.isNeg())
    return Promise.resolve({
      checkId: 'chk',
      approved: false,
      code: 'RISK_INSUFFICIENT_BUYING_POWER',
      message: 'insufficient buying power',
      state: 'ACTIVE',
    });
  const slack = left.toFixed();
  return Promise.resolve({
    checkId: 'chk',
    approved: true,
    state: 'ACTIVE',
    headroom: {
      openOrders: null,
      buyNotional: slack,
      sellQty: req.order.side === 'sell' ? '0' : null,
      spendNotional: slack,
    },
  });
};

describe.skipIf(!pgUp)('orders placed at once on one account', () => {
  let scratch: ScratchDatabase | undefined;
  const handles: DatabaseHandle[] = [];
  let a: OrdersHarness;
  let b: OrdersHarness;

  beforeAll(async () => {
    scratch = await scratchPostgres('orders_race');
    handles.push(...scratch.handles);
    a = await startOrders({ database: handles[0]! });
    b = await startOrders({ database: handles[1]! });
    for (const h of [a, b]) {
      h.assets.add({ symbol: 'RACE' });
      // Quoted far above the limits below: every order rests and reserves qty × limit.
      h.quotes.set({ symbol: 'RACE', bid: '500', ask: '500.10', bidSize: '1000', askSize: '1000' });
    }
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await scratch?.close();
  });

  it('never reserves more buying power than risk approved, however many race', async () => {
    const risk = new BuyingPowerRisk('1000');
    for (const h of [a, b]) h.risk.check = risk.check;
    const u = newUser();
    await call(a, 'GET', '/v1/accounts', u);
    const body = (i: number) => ({
      symbol: 'RACE',
      side: 'buy',
      type: 'limit',
      timeInForce: 'gtc',
      qty: '1',
      limitPrice: '100',
      clientOrderId: `race-${i}`,
    });
    const answers = await Promise.all(
      Array.from({ length: 30 }, (_, i) => call(i % 2 ? a : b, 'POST', '/v1/orders', u, body(i))),
    );
    const accepted = answers.filter((r) => r.statusCode === 201);
    const refused = answers.filter((r) => r.statusCode === 403);
    expect(accepted.length + refused.length).toBe(30);
    expect(accepted).toHaveLength(10);
    const open = (await call(a, 'GET', '/v1/orders?status=open&limit=500', u)).json().data as {
      qty: string;
      limitPrice: string;
    }[];
    expect(sum(open.map((o) => dec(o.qty).times(o.limitPrice))).toFixed()).toBe('1000');
  });

  it('a placement outrun again and again holds the account for its last attempt, and goes through', async () => {
    // Approves everything, with no headroom at all: any order placed meanwhile means ask again.
    let checks = 0;
    const tight = (): Promise<RiskCheckResponse> => {
      checks += 1;
      return Promise.resolve({
        checkId: `chk-${checks}`,
        approved: true,
        state: 'ACTIVE',
        headroom: { openOrders: null, buyNotional: '0', sellQty: null },
      });
    };
    for (const h of [a, b]) h.risk.check = tight;
    const u = newUser();
    await call(a, 'GET', '/v1/accounts', u);
    const answers = await Promise.all(
      Array.from({ length: 20 }, (_, i) =>
        call(i % 2 ? a : b, 'POST', '/v1/orders', u, {
          symbol: 'RACE',
          side: 'buy',
          type: 'limit',
          timeInForce: 'gtc',
          qty: '1',
          limitPrice: '100',
          clientOrderId: `held-${i}`,
        }),
      ),
    );
    expect(answers.map((r) => r.statusCode)).toEqual(Array.from({ length: 20 }, () => 201));
    expect(checks).toBeGreaterThan(20);
    const list = (await call(a, 'GET', '/v1/orders?status=open&limit=500', u)).json().data as unknown[];
    expect(list).toHaveLength(20);
  });

  it('a replacement racing placements never takes more buying power than risk approved', async () => {
    for (let round = 0; round < 3; round++) {
      const risk = new BuyingPowerRisk('1000');
      for (const h of [a, b]) h.risk.check = risk.check;
      const u = newUser();
      await call(a, 'GET', '/v1/accounts', u);
      const first = await call(a, 'POST', '/v1/orders', u, {
        symbol: 'RACE',
        side: 'buy',
        type: 'limit',
        timeInForce: 'gtc',
        qty: '1',
        limitPrice: '100',
      });
      expect(first.statusCode).toBe(201);
      // The replacement alone fits ($600 of $1,000), as do the nine placements ($900); not both.
      const [replaced, ...placed] = await Promise.all([
        call(b, 'PATCH', `/v1/orders/${first.json().id}`, u, { qty: '6' }),
        ...Array.from({ length: 9 }, (_, i) =>
          call(i % 2 ? a : b, 'POST', '/v1/orders', u, {
            symbol: 'RACE',
            side: 'buy',
            type: 'limit',
            timeInForce: 'gtc',
            qty: '1',
            limitPrice: '100',
            clientOrderId: `rr-${round}-${i}`,
          }),
        ),
      ]);
      expect([200, 403]).toContain(replaced!.statusCode);
      for (const r of placed) expect([201, 403]).toContain(r.statusCode);
      const open = (await call(a, 'GET', '/v1/orders?status=open&limit=500', u)).json().data as {
        qty: string;
        limitPrice: string;
        status: string;
      }[];
      expect(open.every((o) => o.status !== 'pending_replace')).toBe(true);
      const reserved = sum(open.map((o) => dec(o.qty).times(o.limitPrice)));
      expect(reserved.lte(1000)).toBe(true);
      if (replaced!.statusCode === 200) expect(open.some((o) => o.qty === '6')).toBe(true);
    }
  });

  /**
   * Rounds of `count` limit orders at $100 of `qty`, buys and sells alternating between the two
   * instances, each round on a fresh account, in a wide market (a buy and a sell at $100 both
   * rest); returns each round's open orders after the race.
   */
  async function sidesRace(
    risk: typeof washRisk,
    symbol: string,
    count: number,
    qty: string,
  ): Promise<{ side: string }[][]> {
    for (const h of [a, b]) {
      h.risk.check = risk;
      h.assets.add({ symbol });
      h.quotes.set({ symbol, bid: '50', ask: '2000', bidSize: '1000', askSize: '1000' });
    }
    const rounds: { side: string }[][] = [];
    for (let round = 0; round < 5; round++) {
      const u = newUser();
      await call(a, 'GET', '/v1/accounts', u);
      const answers = await Promise.all(
        Array.from({ length: count }, (_, i) =>
          call(i % 2 ? a : b, 'POST', '/v1/orders', u, {
            symbol,
            side: i % 2 ? 'sell' : 'buy',
            type: 'limit',
            timeInForce: 'gtc',
            qty,
            limitPrice: '100',
            clientOrderId: `${symbol}-${round}-${i}`,
          }),
        ),
      );
      for (const r of answers) expect([201, 403]).toContain(r.statusCode);
      rounds.push((await call(a, 'GET', '/v1/orders?status=open&limit=500', u)).json().data);
    }
    return rounds;
  }

  it('a buy and a sell that cross, placed at the same instant, are never both accepted (wash trade)', async () => {
    for (const open of await sidesRace(washRisk, 'WASH', 6, '1')) {
      expect(open.length).toBeGreaterThan(0);
      expect(new Set(open.map((o) => o.side)).size).toBe(1);
    }
  });

  it('a buy and a short sale placed at once on a margin account never hold more buying power than there is', async () => {
    // Each fits alone ($600 of $1,000); no two do.
    for (const open of await sidesRace(marginRisk, 'MRGN', 4, '6')) expect(open).toHaveLength(1);
  });
});
