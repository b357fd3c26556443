import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dec, sum } from '@tradeplane/kit';
import { recordExecution } from '../src/domain/executions.ts';
import { PAPER_FILLABLE } from '../src/domain/order-state.ts';
import { fillsOfAccount } from '../src/store/fills.store.ts';
import { call, newSymbol, newUser, outbox, startOrders, type OrdersHarness } from './helper.ts';

/**
 * Invariants of the money path over randomized sequences of orders, cancels, replaces, quotes and
 * trades (some cancels racing a quote): no order ever fills beyond its quantity; no fill follows
 * an acknowledged cancel; the fills recorded and the trade.executed events in the outbox are the
 * same executions, so cash and positions rebuilt from the events equal those from the fills.
 */
let h: OrdersHarness;
beforeAll(async () => {
  h = await startOrders({
    env: {
      PAPER_SLIPPAGE_MODEL: 'fixed_bps',
      PAPER_SLIPPAGE_BPS: '3',
      PAPER_SLIPPAGE_JITTER_BPS: '5',
      PAPER_COMMISSION_PER_SHARE: '0.005',
      PAPER_COMMISSION_PER_ORDER: '1',
      PAPER_PARTICIPATION_RATE: '0.5',
    },
  });
});
afterAll(async () => h?.close());

/** A price in cents as a decimal string, built without floating point. */
const price = (cents: number) => `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;

const placeCmd = fc.record({
  kind: fc.constant('place' as const),
  side: fc.constantFrom('buy', 'sell'),
  type: fc.constantFrom('market', 'limit', 'stop', 'stop_limit'),
  tif: fc.constantFrom('day', 'gtc', 'ioc', 'fok'),
  qty: fc.integer({ min: 1, max: 60 }),
  limit: fc.integer({ min: 9_500, max: 10_500 }),
  stop: fc.integer({ min: 9_500, max: 10_500 }),
  bracket: fc.boolean(),
});
const cancelCmd = fc.record({ kind: fc.constant('cancel' as const), pick: fc.nat() });
const replaceCmd = fc.record({
  kind: fc.constant('replace' as const),
  pick: fc.nat(),
  limit: fc.integer({ min: 9_500, max: 10_500 }),
});
const quoteCmd = fc.record({
  kind: fc.constant('quote' as const),
  bid: fc.integer({ min: 9_400, max: 10_600 }),
  spread: fc.integer({ min: 1, max: 40 }),
  size: fc.integer({ min: 0, max: 80 }),
});
const tradeCmd = fc.record({
  kind: fc.constant('trade' as const),
  px: fc.integer({ min: 9_400, max: 10_600 }),
  size: fc.integer({ min: 1, max: 200 }),
});
const raceCmd = fc.record({
  kind: fc.constant('race' as const),
  pick: fc.nat(),
  bid: fc.integer({ min: 9_400, max: 10_600 }),
});
/** A matcher acting on a stale view: an execution of any size against any order, even a finished one. */
const staleCmd = fc.record({
  kind: fc.constant('stale' as const),
  pick: fc.nat(),
  qty: fc.integer({ min: 1, max: 100 }),
  px: fc.integer({ min: 9_400, max: 10_600 }),
});
const command = fc.oneof(placeCmd, cancelCmd, replaceCmd, quoteCmd, quoteCmd, tradeCmd, raceCmd, staleCmd);

describe('order invariants (property)', () => {
  it('never overfills, never fills after an acknowledged cancel, and the outbox matches the fills', async () => {
    const seen = { fills: 0, cancels: 0, partial: 0 };
    await fc.assert(
      fc.asyncProperty(fc.array(command, { minLength: 10, maxLength: 30 }), async (cmds) => {
        const u = newUser();
        const s = newSymbol(h);
        const ids: string[] = [];
        const canceledAt = new Map<string, string>();
        const cancel = async (id: string) => {
          const res = await call(h, 'DELETE', `/v1/orders/${id}`, u);
          expect([200, 422, 404]).toContain(res.statusCode);
          if (res.statusCode === 200) {
            const body = res.json();
            // Acknowledged: what had filled by then is all that will ever fill.
            if (body.status === 'canceled') canceledAt.set(id, body.filledQty);
            for (const l of body.legs ?? []) if (l.status === 'canceled') canceledAt.set(l.id, l.filledQty);
          }
        };
        const quoteAt = async (bid: number, spread: number, size: number) => {
          h.quotes.pushQuote({
            symbol: s,
            bid: price(bid),
            ask: price(bid + spread),
            bidSize: String(size),
            askSize: String(size),
          });
          await h.rt.exchange.idle();
        };
        for (const c of cmds) {
          switch (c.kind) {
            case 'place': {
              const stopLike = c.type === 'stop' || c.type === 'stop_limit';
              const tif = stopLike && (c.tif === 'ioc' || c.tif === 'fok') ? 'gtc' : c.tif;
              const body: Record<string, unknown> = {
                symbol: s,
                side: c.side,
                type: c.type,
                timeInForce: tif,
                qty: String(c.qty),
              };
              if (c.type === 'limit' || c.type === 'stop_limit') body.limitPrice = price(c.limit);
              if (stopLike) body.stopPrice = price(c.stop);
              if (c.bracket && c.type === 'limit' && (tif === 'day' || tif === 'gtc')) {
                body.orderClass = 'bracket';
                const up = c.side === 'buy' ? 1 : -1;
                body.takeProfit = { limitPrice: price(c.limit + up * 150) };
                body.stopLoss = { stopPrice: price(c.limit - up * 150) };
              }
              const res = await call(h, 'POST', '/v1/orders', u, body);
              expect([201, 422], res.body).toContain(res.statusCode);
              if (res.statusCode === 201) {
                const o = res.json();
                ids.push(o.id, ...o.legs.map((l: { id: string }) => l.id));
              }
              break;
            }
            case 'cancel':
              if (ids.length) await cancel(ids[c.pick % ids.length]!);
              break;
            case 'replace':
              if (ids.length) {
                const res = await call(h, 'PATCH', `/v1/orders/${ids[c.pick % ids.length]}`, u, {
                  limitPrice: price(c.limit),
                });
                expect([200, 422], res.body).toContain(res.statusCode);
                if (res.statusCode === 200) ids.push(res.json().id);
              }
              break;
            case 'quote':
              await quoteAt(c.bid, c.spread, c.size);
              break;
            case 'trade':
              h.quotes.pushTrade({ symbol: s, price: price(c.px), size: String(c.size) });
              await h.rt.exchange.idle();
              break;
            case 'stale':
              if (ids.length)
                await recordExecution(h.rt.deps, ids[c.pick % ids.length]!, {
                  qty: dec(c.qty),
                  price: dec(price(c.px)),
                  at: new Date(),
                  commission: () => dec('0.5'),
                  fillable: PAPER_FILLABLE,
                  groupEffects: true,
                });
              break;
            case 'race':
              if (ids.length) await Promise.all([quoteAt(c.bid, 5, 50), cancel(ids[c.pick % ids.length]!)]);
              break;
          }
        }
        await h.rt.exchange.idle();

        const list = (await call(h, 'GET', '/v1/orders?status=all&nested=false&limit=500', u)).json()
          .data as any[];
        const accountId = list[0]?.accountId;
        if (!accountId) return;
        const fills = await fillsOfAccount(h.rt.deps.db, accountId);
        seen.fills += fills.length;
        seen.cancels += canceledAt.size;
        seen.partial += list.filter(
          (o) => o.status === 'partially_filled' || (o.status === 'canceled' && o.filledQty !== '0'),
        ).length;
        for (const o of list) {
          if (o.qty !== null) expect(dec(o.filledQty).lte(o.qty), `overfill ${o.id}`).toBe(true);
          const mine = fills.filter((f) => f.orderId === o.id);
          expect(sum(mine.map((f) => f.qty)).eq(o.filledQty), `fills of ${o.id}`).toBe(true);
          if (o.status === 'filled') expect(dec(o.filledQty).eq(o.qty)).toBe(true);
          if (canceledAt.has(o.id))
            expect(o.filledQty, `fill after cancel ${o.id}`).toBe(canceledAt.get(o.id));
        }
        const events = (await outbox(h, 'trade.executed'))
          .filter((e) => e.data.accountId === accountId)
          .map((e) => e.data);
        expect(events.map((e) => e.tradeId).sort()).toEqual(fills.map((f) => f.id).sort());
        const ledger = (
          rows: { side: string; qty: string; price: string; commission: string; symbol: string }[],
        ) => {
          let cash = dec(0);
          let shares = dec(0);
          let fees = dec(0);
          for (const r of rows) {
            const value = dec(r.qty).times(r.price);
            cash = r.side === 'buy' ? cash.minus(value) : cash.plus(value);
            cash = cash.minus(r.commission);
            shares = r.side === 'buy' ? shares.plus(r.qty) : shares.minus(r.qty);
            fees = fees.plus(r.commission);
          }
          return { cash: cash.toFixed(), shares: shares.toFixed(), fees: fees.toFixed() };
        };
        expect(ledger(events)).toEqual(ledger(fills));
        const perOrder = new Map(list.map((o) => [o.id, o.commission]));
        for (const [id, commission] of perOrder) {
          expect(sum(fills.filter((f) => f.orderId === id).map((f) => f.commission)).eq(commission)).toBe(
            true,
          );
        }
      }),
      { numRuns: 40, seed: 20260514, endOnFailure: true },
    );
    // The sequences did exercise what the invariants are about.
    expect(seen.fills).toBeGreaterThan(20);
    expect(seen.cancels).toBeGreaterThan(5);
    expect(seen.partial).toBeGreaterThan(0);
  });
});
