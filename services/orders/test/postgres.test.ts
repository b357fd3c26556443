import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dec, sum, type DatabaseHandle } from '@tradeplane/kit';
import { hasPostgres, scratchPostgres, type ScratchDatabase } from '@tradeplane/kit/testing';
import { fillsOfAccount } from '../src/store/fills.store.ts';
import { call, newUser, outbox, startOrders, type OrdersHarness } from './helper.ts';

/**
 * Two orders instances on one PostgreSQL database, with real concurrency (PGlite has a single
 * connection and serializes everything). Each instance has its own in-process lock manager, so
 * both run a matcher at once — the split brain a lost lease could cause — and the database alone
 * must keep fills from doubling. Skipped when PostgreSQL does not answer (required under CI).
 */
const pgUp = await hasPostgres();

describe.skipIf(!pgUp)('orders instances sharing PostgreSQL', () => {
  let scratch: ScratchDatabase | undefined;
  const handles: DatabaseHandle[] = [];
  let a: OrdersHarness;
  let b: OrdersHarness;

  beforeAll(async () => {
    scratch = await scratchPostgres('orders_test');
    handles.push(...scratch.handles);
    // Started together: both migrate the same schema at the same moment.
    [a, b] = await Promise.all([
      startOrders({ database: handles[0]! }),
      startOrders({ database: handles[1]! }),
    ]);
    for (const h of [a, b]) {
      h.assets.add({ symbol: 'RACE' });
      h.quotes.set({ symbol: 'RACE', bid: '100', ask: '100.10', bidSize: '1000', askSize: '1000' });
    }
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await scratch?.close();
  });

  it('creates one order from 50 parallel submissions with one client_order_id across two instances', async () => {
    const u = newUser();
    await call(a, 'GET', '/v1/accounts', u);
    const body = {
      symbol: 'RACE',
      side: 'buy',
      type: 'limit',
      limitPrice: '50',
      timeInForce: 'gtc',
      qty: '1',
      clientOrderId: 'pg-same',
    };
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) => call(i % 2 ? a : b, 'POST', '/v1/orders', u, body)),
    );
    expect(answers.filter((r) => r.statusCode === 201)).toHaveLength(1);
    expect(answers.filter((r) => r.statusCode === 422)).toHaveLength(49);
  });

  it('never overfills nor fills after a cancel when two matchers race on the same orders', async () => {
    const u = newUser();
    const ids: string[] = [];
    for (let i = 0; i < 12; i++) {
      const res = await call(a, 'POST', '/v1/orders', u, {
        symbol: 'RACE',
        side: 'buy',
        type: 'limit',
        limitPrice: '99',
        timeInForce: 'gtc',
        qty: '30',
      });
      ids.push(res.json().id);
    }
    await b.rt.exchange.resync();
    await a.rt.exchange.idle();
    // Both matchers see a marketable quote at once, while the owner cancels a third of the orders.
    const cancels = ids.filter((_, i) => i % 3 === 0);
    const results = await Promise.all([
      ...[a, b].map(async (h) => {
        for (let i = 0; i < 4; i++)
          h.quotes.pushQuote({ symbol: 'RACE', bid: '98.80', ask: '98.90', bidSize: '20', askSize: '20' });
        await h.rt.exchange.idle();
      }),
      ...cancels.map((id, i) => call(i % 2 ? a : b, 'DELETE', `/v1/orders/${id}`, u)),
    ]);
    const acknowledged = new Map<string, string>();
    for (const r of results.slice(2) as Awaited<ReturnType<typeof call>>[]) {
      if (r.statusCode === 200) acknowledged.set(r.json().id, r.json().filledQty);
    }
    await a.rt.exchange.idle();
    await b.rt.exchange.idle();
    const list = (await call(a, 'GET', '/v1/orders?status=all&limit=500', u)).json().data as any[];
    const fills = await fillsOfAccount(a.rt.deps.db, list[0].accountId);
    expect(fills.length).toBeGreaterThan(0);
    for (const o of list) {
      expect(dec(o.filledQty).lte(o.qty)).toBe(true);
      expect(sum(fills.filter((f) => f.orderId === o.id).map((f) => f.qty)).eq(o.filledQty)).toBe(true);
      if (acknowledged.has(o.id)) expect(o.filledQty).toBe(acknowledged.get(o.id));
    }
    const events = (await outbox(a, 'trade.executed')).filter((e) => e.data.accountId === list[0].accountId);
    expect(events.map((e) => e.data.tradeId).sort()).toEqual(fills.map((f) => f.id).sort());
  });
});
