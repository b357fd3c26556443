import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPostgres, scratchPostgres, type ScratchDatabase } from '@tradeplane/kit/testing';
import { getOrderById } from '../src/store/orders.store.ts';
import { startWithAlpaca, type FakeAlpaca } from './fake-alpaca.ts';
import { call, newUser, outbox, type OrdersHarness } from './helper.ts';

/**
 * The Alpaca adapter hears of one thing from several reporters at once — the stream, REST
 * read-backs, the PATCH answer — and must act on it once. Run on PGlite and, when it answers, on
 * PostgreSQL, where the reporters' transactions really run side by side.
 */
const pgUp = await hasPostgres();
const backends: [string, boolean][] = [
  ['PGlite', false],
  ...(pgUp ? [['PostgreSQL', true] as [string, boolean]] : []),
];

describe.each(backends)('Alpaca reports racing each other (%s)', (_name, onPostgres) => {
  let h: OrdersHarness;
  let alpaca: FakeAlpaca;
  let scratch: ScratchDatabase | undefined;
  let accountId: string;
  const user = newUser();

  beforeAll(async () => {
    if (onPostgres) scratch = await scratchPostgres('orders_alpaca', 1);
    ({ h, alpaca, accountId } = await startWithAlpaca({
      userId: user,
      ...(scratch ? { database: scratch.handles[0]! } : {}),
    }));
  });
  afterAll(async () => {
    await h?.close();
    await alpaca?.close();
    await scratch?.close();
  });

  async function placeAtAlpaca(): Promise<{ id: string; brokerId: string }> {
    const res = await call(h, 'POST', '/v1/orders', user, {
      accountId,
      symbol: 'AAPL',
      side: 'buy',
      type: 'limit',
      limitPrice: '90',
      timeInForce: 'gtc',
      qty: '10',
    });
    if (res.statusCode !== 201) throw new Error(res.body);
    const stored = await getOrderById(h.rt.deps.db, res.json().id);
    return { id: stored!.id, brokerId: stored!.brokerOrderId! };
  }

  const tradesOf = async (orderId: string) =>
    (await outbox(h, 'trade.executed'))
      .filter((e) => e.data.orderId === orderId)
      .map((e) => [e.data.qty as string, e.data.price as string]);

  it('records an execution reported at once by its stream event and by REST read-backs, once', async () => {
    const { id, brokerId } = await placeAtAlpaca();
    const theirs = alpaca.orders.get(brokerId)!;
    const report = async (qty: string, price: string, executionId: string) => {
      const snapshot = { ...theirs };
      await Promise.all([
        ...Array.from({ length: 6 }, () => h.rt.alpaca.apply(accountId, { ...snapshot }, undefined)),
        h.rt.alpaca.onTradeUpdate(accountId, {
          event: 'partial_fill',
          execution_id: executionId,
          order: { ...snapshot },
          qty,
          price,
        }),
        ...Array.from({ length: 6 }, () => h.rt.alpaca.apply(accountId, { ...snapshot }, undefined)),
      ]);
    };
    Object.assign(theirs, { status: 'partially_filled', filled_qty: '4', filled_avg_price: '90' });
    await report('4', '90', 'race-1');
    Object.assign(theirs, { filled_qty: '8', filled_avg_price: '91.25' });
    await report('4', '92.5', 'race-2');
    expect(await tradesOf(id)).toEqual([
      ['4', '90'],
      ['4', '92.5'],
    ]);
    const mine = await getOrderById(h.rt.deps.db, id);
    expect([mine?.filledQty, mine?.filledAvgPrice, mine?.status]).toEqual(['8', '91.25', 'partially_filled']);
  });

  it('adopts one replacement when the old order’s and the new order’s reports arrive at once', async () => {
    const { id, brokerId } = await placeAtAlpaca();
    const fresh = alpaca.replaceNow(brokerId, { limit_price: '91', client_order_id: `race-${brokerId}` });
    const old = alpaca.orders.get(brokerId)!;
    await Promise.all([
      ...Array.from({ length: 5 }, () => h.rt.alpaca.apply(accountId, { ...fresh }, undefined)),
      ...Array.from({ length: 5 }, () => h.rt.alpaca.apply(accountId, { ...old }, undefined)),
    ]);
    const rows = await h.rt.deps.db.selectFrom('orders').select('id').where('replaces', '=', id).execute();
    expect(rows).toHaveLength(1);
    const replacement = await getOrderById(h.rt.deps.db, rows[0]!.id as string);
    expect([replacement?.brokerOrderId, replacement?.clientOrderId, replacement?.limitPrice]).toEqual([
      fresh.id,
      `race-${brokerId}`,
      '91',
    ]);
    const stored = await getOrderById(h.rt.deps.db, id);
    expect([stored?.status, stored?.replacedBy]).toEqual(['replaced', replacement?.id]);
    expect((await outbox(h, 'order.replaced')).filter((e) => e.data.order.id === id)).toHaveLength(1);
    expect(
      (await outbox(h, 'order.accepted')).filter((e) => e.data.order.id === replacement?.id),
    ).toHaveLength(1);
  });
});
