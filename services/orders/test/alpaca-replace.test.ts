import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { getOrderById } from '../src/store/orders.store.ts';
import type { Order } from '../src/domain/types.ts';
import { Gate, startWithAlpaca, type FakeAlpaca, type ReplacePlan } from './fake-alpaca.ts';
import { call, getOrder, newUser, outbox, waitFor, type OrdersHarness } from './helper.ts';

/**
 * Replacing an order at Alpaca (PATCH /v2/orders/{id}) when its outcome is unknown or races the
 * stream: whoever learns of Alpaca's new order first adopts it, exactly once, and nothing is sent
 * twice. Against a local server that speaks Alpaca's REST API and trade_updates stream.
 */
let h: OrdersHarness;
let alpaca: FakeAlpaca;
let accountId: string;
const user = newUser();
let sentinel: { id: string; brokerId: string };
let drained = 0;

/**
 * Waits until every stream message sent so far has been handled: the stream is handled in order,
 * so once one more share of the sentinel order, sent last, is recorded, all before it were too.
 */
async function drain(): Promise<void> {
  drained += 1;
  alpaca.fill(sentinel.brokerId, '1', '90');
  const want = String(drained);
  await waitFor(
    async () => ((await getOrderById(h.rt.deps.db, sentinel.id))?.filledQty === want ? true : undefined),
    'stream drained',
  );
}

beforeAll(async () => {
  ({ h, alpaca, accountId } = await startWithAlpaca({
    userId: user,
    env: { ALPACA_SUBMIT_TIMEOUT_MS: '3000', ALPACA_UNCONFIRMED_AFTER_MS: '60000' },
    stream: true,
  }));
  sentinel = await placeAtAlpaca('1000');
});
afterAll(async () => {
  await h?.close();
  await alpaca?.close();
});

/** A resting buy limit at Alpaca: ours, and its id there. */
async function placeAtAlpaca(qty = '10'): Promise<{ id: string; brokerId: string }> {
  const res = await call(h, 'POST', '/v1/orders', user, {
    accountId,
    symbol: 'AAPL',
    side: 'buy',
    type: 'limit',
    limitPrice: '90',
    timeInForce: 'gtc',
    qty,
  });
  if (res.statusCode !== 201) throw new Error(res.body);
  const stored = await getOrderById(h.rt.deps.db, res.json().id);
  return { id: stored!.id, brokerId: stored!.brokerOrderId! };
}

const replace = (id: string, body: Record<string, unknown>) =>
  call(h, 'PATCH', `/v1/orders/${id}`, user, body);

async function replacementsOf(oldId: string): Promise<Order[]> {
  const rows = await h.rt.deps.db.selectFrom('orders').select('id').where('replaces', '=', oldId).execute();
  return Promise.all(rows.map(async (r) => (await getOrderById(h.rt.deps.db, r.id as string))!));
}

async function tradesOf(orderId: string): Promise<[string, string][]> {
  return (await outbox(h, 'trade.executed'))
    .filter((e) => e.data.orderId === orderId)
    .map((e) => [e.data.qty as string, e.data.price as string]);
}

/** Exactly one replacement: linked both ways, with Alpaca's id and client_order_id, announced once. */
async function expectOneReplacement(oldId: string, oldBrokerId: string): Promise<Order> {
  const replacements = await replacementsOf(oldId);
  expect(replacements).toHaveLength(1);
  const mine = replacements[0]!;
  const old = await getOrderById(h.rt.deps.db, oldId);
  const theirs = alpaca.orders.get(alpaca.orders.get(oldBrokerId)!.replaced_by!)!;
  expect([old?.status, old?.replacedBy]).toEqual(['replaced', mine.id]);
  expect([mine.replaces, mine.brokerOrderId, mine.clientOrderId]).toEqual([
    oldId,
    theirs.id,
    theirs.client_order_id,
  ]);
  const replacedEvents = (await outbox(h, 'order.replaced')).filter((e) => e.data.order.id === oldId);
  expect(replacedEvents.map((e) => e.data.replacedBy)).toEqual([mine.id]);
  const accepted = (await outbox(h, 'order.accepted')).filter((e) => e.data.order.id === mine.id);
  expect(accepted).toHaveLength(1);
  // Sent once: an unknown outcome is read back, never resent.
  expect(alpaca.replaceRequests.filter((id) => id === oldBrokerId)).toHaveLength(1);
  return mine;
}

describe('Alpaca replace with an unknown outcome', () => {
  it.each<[string, ReplacePlan]>([
    ['the answer never comes (timeout), unannounced', { outcome: 'timeout', announce: false }],
    ['the connection drops after replacing, unannounced', { outcome: 'drop', announce: false }],
    ['the connection drops after replacing, announced on the stream', { outcome: 'drop' }],
    ['Alpaca answers 500 after replacing, announced on the stream', { outcome: 'fail' }],
    ['Alpaca answers 500 after replacing, unannounced', { outcome: 'fail', announce: false }],
  ])('adopts Alpaca’s replacement once when %s', async (_what, plan) => {
    const { id, brokerId } = await placeAtAlpaca();
    alpaca.nextReplace = plan;
    const res = await replace(id, {
      limitPrice: '91',
      clientOrderId: `rep-${plan.outcome}-${plan.announce}`,
    });
    expect(res.statusCode).toBe(200);
    const mine = await expectOneReplacement(id, brokerId);
    expect(res.json()).toMatchObject({ id: mine.id, replaces: id, limitPrice: '91', qty: '10' });
    expect(mine.clientOrderId).toBe(`rep-${plan.outcome}-${plan.announce}`);
    // The stream's events, whenever they come, find the replacement in place.
    alpaca.announceReplace(brokerId);
    await drain();
    await expectOneReplacement(id, brokerId);
    expect(mine.status).toBe('new');
  });

  it('restores the order when Alpaca failed without replacing it', async () => {
    const { id, brokerId } = await placeAtAlpaca();
    alpaca.nextReplace = { outcome: 'fail-before' };
    const res = await replace(id, { limitPrice: '92' });
    expect([res.statusCode, res.json().code]).toEqual([503, 'ORDERS_BROKER_UNAVAILABLE']);
    const old = await getOrder(h, user, id);
    expect([old.status, old.limitPrice]).toEqual(['new', '90']);
    expect(await replacementsOf(id)).toEqual([]);
    expect(alpaca.replaceRequests.filter((x) => x === brokerId)).toHaveLength(1);
  });

  it('leaves the order pending_replace when the read-back fails too; the reconcile loop adopts later', async () => {
    const { id, brokerId } = await placeAtAlpaca();
    alpaca.nextReplace = { outcome: 'drop', announce: false };
    alpaca.failOrderReads = 1;
    const res = await replace(id, { limitPrice: '93' });
    expect(res.statusCode).toBe(200);
    expect([res.json().id, res.json().status]).toEqual([id, 'pending_replace']);
    expect(await replacementsOf(id)).toEqual([]);
    // Not yet stuck: the loop leaves a replace that may still be in flight alone.
    await h.rt.alpaca.reconcileUnconfirmed(new Date());
    expect((await getOrder(h, user, id)).status).toBe('pending_replace');
    await h.rt.alpaca.reconcileUnconfirmed(new Date(Date.now() + 10 * 60_000));
    const mine = await expectOneReplacement(id, brokerId);
    expect(mine.limitPrice).toBe('93');
  });
});

describe('Alpaca replace racing the stream', () => {
  it('the stream adopts the replacement before the PATCH answer, which then finds it', async () => {
    const { id, brokerId } = await placeAtAlpaca();
    const answer = new Gate();
    alpaca.nextReplace = { holdAnswer: answer };
    const pending = replace(id, { limitPrice: '94' });
    await answer.reached;
    const adopted = await waitFor(
      async () => ((await replacementsOf(id)).length > 0 ? true : undefined),
      'adopted from the stream',
    );
    expect(adopted).toBe(true);
    await expectOneReplacement(id, brokerId);
    answer.open();
    const res = await pending;
    expect(res.statusCode).toBe(200);
    const mine = await expectOneReplacement(id, brokerId);
    expect(res.json().id).toBe(mine.id);
  });

  it('records a fill during the replace once, on the old order; the replacement works the rest', async () => {
    const { id, brokerId } = await placeAtAlpaca();
    const before = new Gate();
    alpaca.nextReplace = { holdBefore: before };
    const pending = replace(id, { limitPrice: '95' });
    await before.reached;
    alpaca.fill(brokerId, '4', '90', 'exec-during-replace');
    await waitFor(
      async () => ((await getOrderById(h.rt.deps.db, id))?.filledQty === '4' ? true : undefined),
      'fill during the replace',
    );
    before.open();
    const res = await pending;
    expect(res.statusCode).toBe(200);
    const mine = await expectOneReplacement(id, brokerId);
    // The PATCH stated the 10 shares the order had left when it was sent; Alpaca takes that
    // quantity as it is (the 4 that filled meanwhile are the old order's).
    expect([res.json().id, res.json().qty]).toEqual([mine.id, '10']);
    alpaca.fill(mine.brokerOrderId!, '10', '94.5', 'exec-after-replace');
    await waitFor(
      async () => ((await getOrder(h, user, mine.id)).status === 'filled' ? true : undefined),
      'replacement filled',
    );
    const old = await getOrder(h, user, id);
    expect([old.status, old.filledQty]).toEqual(['replaced', '4']);
    expect(await tradesOf(id)).toEqual([['4', '90']]);
    expect(await tradesOf(mine.id)).toEqual([['10', '94.5']]);
  });

  it('records a fill reported after the replace was adopted on the old order, once', async () => {
    const { id, brokerId } = await placeAtAlpaca();
    // The old order fills 3 at Alpaca, but the event only arrives after the PATCH answer.
    alpaca.orders.get(brokerId)!.filled_qty = '3';
    alpaca.orders.get(brokerId)!.filled_avg_price = '89.5';
    alpaca.orders.get(brokerId)!.status = 'partially_filled';
    alpaca.nextReplace = { announce: false };
    const res = await replace(id, { limitPrice: '96' });
    expect(res.statusCode).toBe(200);
    const mine = await expectOneReplacement(id, brokerId);
    // We sent the 10 we knew to be left; Alpaca's replacement is for 10.
    expect(res.json().qty).toBe('10');
    const late = { ...alpaca.orders.get(brokerId)!, status: 'partially_filled', replaced_by: null };
    alpaca.send({ event: 'partial_fill', execution_id: 'late-1', order: late, price: '89.5', qty: '3' });
    alpaca.send({ event: 'partial_fill', execution_id: 'late-1', order: late, price: '89.5', qty: '3' });
    alpaca.announceReplace(brokerId);
    await drain();
    expect(await tradesOf(id)).toEqual([['3', '89.5']]);
    const old = await getOrder(h, user, id);
    expect([old.status, old.filledQty]).toEqual(['replaced', '3']);
    await expectOneReplacement(id, brokerId);
    expect((await getOrder(h, user, mine.id)).filledQty).toBe('0');
  });

  it('adopts a replacement made outside Tradeplane from the stream’s replaced event', async () => {
    const { id, brokerId } = await placeAtAlpaca();
    const theirs = alpaca.replaceNow(brokerId, { limit_price: '97', qty: '8' });
    alpaca.announceReplace(brokerId, 'replaced');
    await waitFor(async () => ((await replacementsOf(id)).length > 0 ? true : undefined), 'adopted');
    const mine = (await replacementsOf(id))[0]!;
    expect([mine.brokerOrderId, mine.clientOrderId, mine.limitPrice, mine.qty, mine.status]).toEqual([
      theirs.id,
      theirs.client_order_id,
      '97',
      '8',
      'new',
    ]);
    // Told again (the new order's own event, a repeat): still one.
    alpaca.announceReplace(brokerId);
    alpaca.announceReplace(brokerId);
    await drain();
    const replacements = await replacementsOf(id);
    expect(replacements.map((r) => r.id)).toEqual([mine.id]);
    const old = await getOrderById(h.rt.deps.db, id);
    expect([old?.status, old?.replacedBy]).toEqual(['replaced', mine.id]);
  });

  it('puts the old order back when it fills before the accepted replacement reaches the venue', async () => {
    const { id, brokerId } = await placeAtAlpaca();
    alpaca.nextReplace = { completion: 'pending' };
    const res = await replace(id, { limitPrice: '98' });
    expect(res.statusCode).toBe(200);
    const mine = res.json();
    expect(mine.status).toBe('pending_new');
    alpaca.fillBeforeReplace(brokerId, '89');
    await waitFor(async () => {
      const [old, repl] = await Promise.all([getOrder(h, user, id), getOrder(h, user, mine.id)]);
      return old.status === 'filled' && repl.status === 'rejected' ? true : undefined;
    }, 'old filled, replacement rejected');
    await drain();
    const old = await getOrderById(h.rt.deps.db, id);
    expect([old?.status, old?.filledQty, old?.replacedBy, old?.filledAt]).toEqual([
      'filled',
      '10',
      null,
      expect.any(Date),
    ]);
    expect(await tradesOf(id)).toEqual([['10', '89']]);
    expect(await tradesOf(mine.id)).toEqual([]);
    expect((await outbox(h, 'order.rejected')).filter((e) => e.data.order.id === mine.id)).toHaveLength(1);
  });

  it('puts the order back to work on order_replace_rejected', async () => {
    const { id, brokerId } = await placeAtAlpaca();
    const o = alpaca.orders.get(brokerId)!;
    alpaca.send({ event: 'pending_replace', order: { ...o, status: 'pending_replace' } });
    await waitFor(
      async () => ((await getOrder(h, user, id)).status === 'pending_replace' ? true : undefined),
      'pending_replace',
    );
    alpaca.send({ event: 'order_replace_rejected', order: { ...o, status: 'new' } });
    await drain();
    expect((await getOrder(h, user, id)).status).toBe('new');
    expect(await replacementsOf(id)).toEqual([]);
  });
});
