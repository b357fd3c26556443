import { Dec, dec, uuidv7, type AnyTx, type Dec as D, type NewEvent } from '@tradeplane/kit';
import { sql } from 'kysely';
import { orderEvent, orderFillEvent, tradeExecuted, type OrderEventType } from '../events/order-events.ts';
import { hasExecution, insertFill, type Fill } from '../store/fills.store.ts';
import { recordPlacement } from '../store/accounts.store.ts';
import { lockGroup, toOrder, updateOrder } from '../store/orders.store.ts';
import type { OrdersDeps } from './deps.ts';
import { isLegToArm, isOpen, staysHeldWhileWorking } from './order-state.ts';
import { trailingStopPrice } from './paper-exchange/pricing.ts';
import type { Order, OrderStatus } from './types.ts';

/**
 * The one way an execution is recorded, for the paper exchange and for Alpaca alike: in ONE
 * transaction the order's filled quantity, average price and status change, the fill row is
 * inserted and `trade.executed` plus `order.partially_filled` / `order.filled` are staged in the
 * outbox. The order's group (bracket, OCO, OTO) is locked first, in id order, so a cancel on any
 * order of the group waits for the fill or the fill for the cancel — never both at once.
 *
 * No overfill: the quantity is clamped to what remains under the lock, the UPDATE repeats the
 * check in its WHERE clause, and the table's CHECK constraint refuses `filled_qty > qty`.
 * No fill after a cancel: a canceled order is not in any fillable status, checked under the lock.
 */
export interface ExecutionRequest {
  qty: D;
  price: D;
  at: Date;
  /** Commission of this fill, knowing whether it is the order's first. */
  commission: (qty: D, price: D, firstFill: boolean) => D;
  /** Statuses in which the order may execute, or a test of the order (the paper exchange's). */
  fillable: readonly OrderStatus[] | ((o: Order) => boolean);
  /** FOK: fill the whole request or nothing. Otherwise the request is clamped to what remains. */
  allOrNothing?: boolean;
  brokerExecutionId?: string | undefined;
  /** The status the broker reports after this fill (Alpaca); default filled / partially_filled. */
  statusAfter?: OrderStatus | undefined;
  /** Bracket activation and OCO cancel/resize are the paper exchange's job; Alpaca does its own. */
  groupEffects: boolean;
  /** The paper exchange fills a notional order in one execution (default); a broker may split it. */
  notionalOnce?: boolean;
}

export interface ExecutionOutcome {
  order: Order;
  fill: Fill;
  /** Other orders of the group the fill changed (legs activated, resized or canceled). */
  changed: Order[];
}

export async function recordExecution(
  deps: OrdersDeps,
  orderId: string,
  req: ExecutionRequest,
): Promise<ExecutionOutcome | undefined> {
  return deps.transaction(async (tx) => {
    const group = await lockGroup(tx, orderId);
    const order = group.get(orderId);
    if (!order || !mayExecute(req.fillable, order)) return undefined;
    if (req.brokerExecutionId && (await hasExecution(tx, orderId, req.brokerExecutionId))) return undefined;
    if (!req.price.gt(0)) return undefined;

    const filled = dec(order.filledQty);
    let qty = req.qty;
    if (order.qty !== null) {
      const remaining = dec(order.qty).minus(filled);
      if (remaining.lte(0)) return undefined;
      if (qty.gt(remaining)) {
        if (req.allOrNothing) return undefined;
        qty = remaining;
      }
    } else if (filled.gt(0) && req.notionalOnce !== false) {
      // A notional order fills once (see pricing.ts); a second execution would overspend it.
      return undefined;
    }
    if (qty.lte(0)) return undefined;

    const firstFill = filled.isZero();
    const commission = req.commission(qty, req.price, firstFill);
    const newFilled = filled.plus(qty);
    const prevValue = order.filledAvgPrice === null ? dec(0) : dec(order.filledAvgPrice).times(filled);
    const avg = prevValue.plus(qty.times(req.price)).div(newFilled).toDecimalPlaces(9, Dec.ROUND_HALF_EVEN);
    const complete = order.qty === null || newFilled.eq(order.qty);
    const status: OrderStatus = req.statusAfter ?? (complete ? 'filled' : 'partially_filled');

    const row = await tx
      .updateTable('orders')
      .set({
        filled_qty: newFilled.toFixed(),
        filled_avg_price: avg.toFixed(),
        commission: dec(order.commission).plus(commission).toFixed(),
        status,
        filled_at: status === 'filled' ? req.at : order.filledAt,
        updated_at: sql`now()`,
      })
      .where('id', '=', orderId)
      .where('filled_qty', '=', order.filledQty)
      .where(sql<boolean>`(qty is null or filled_qty + ${qty.toFixed()}::numeric <= qty)`)
      .returningAll()
      .executeTakeFirst();
    // Unreachable under the row lock; if it ever happens the transaction must not commit a fill.
    if (!row) throw new Error(`overfill guard refused a fill of order ${orderId}`);
    const updated = toOrder(row);
    group.set(updated.id, updated);

    const fill = await insertFill(tx, {
      id: uuidv7(),
      orderId,
      accountId: order.accountId,
      userId: order.userId,
      symbol: order.symbol,
      side: order.side,
      qty: qty.toFixed(),
      price: req.price.toFixed(),
      commission: commission.toFixed(),
      brokerExecutionId: req.brokerExecutionId ?? null,
      executedAt: req.at,
    });

    const effects: NewEvent[] = [];
    const changed = req.groupEffects ? await afterFill(tx, group, updated, req.price, effects) : [];
    for (const c of changed) group.set(c.id, c);
    // The entry's event shows its legs as the fill left them (turned on, resized or canceled).
    const events: NewEvent[] = [
      tradeExecuted(fill),
      orderFillEvent(updated, fill, legsOf(group, updated)),
      ...effects,
    ];
    await deps.emit(tx, events);
    return { order: updated, fill, changed };
  });
}

const mayExecute = (fillable: ExecutionRequest['fillable'], o: Order) =>
  typeof fillable === 'function' ? fillable(o) : fillable.includes(o.status);

/** The legs of a group's parent (bracket, OCO, OTO), in id order, for its event; else undefined. */
export function legsOf(group: Map<string, Order>, o: Order): Order[] | undefined {
  if (o.parentId !== null || o.orderClass === 'simple') return undefined;
  return [...group.values()].filter((l) => l.parentId === o.id).sort((a, b) => (a.id < b.id ? -1 : 1));
}

/** Roots and legs: which orders of a group are the exits that share one position (OCO). */
function exitsOf(group: Map<string, Order>, o: Order): Order[] {
  const all = [...group.values()];
  if (o.orderClass === 'bracket' && o.parentId !== null) return all.filter((x) => x.parentId !== null);
  if (o.orderClass === 'oco') return all;
  return [];
}

/**
 * What a fill does to the rest of its group:
 * - a bracket or OTO entry that is now completely filled turns its held exit legs on, sized to
 *   the filled quantity (Alpaca: "exit legs turn on only once the entry is completely filled");
 * - a fill on an OCO exit shrinks what the group may still trade: the other exit is resized to
 *   the remainder (a partial take-profit resizes the stop), or canceled when nothing remains.
 */
async function afterFill(
  tx: AnyTx,
  group: Map<string, Order>,
  o: Order,
  price: D,
  events: NewEvent[],
): Promise<Order[]> {
  const changed: Order[] = [];
  if (
    o.parentId === null &&
    (o.orderClass === 'bracket' || o.orderClass === 'oto') &&
    o.status === 'filled'
  ) {
    const armed: Order[] = [];
    for (const leg of group.values()) {
      if (leg.parentId !== o.id || !isLegToArm(leg)) continue;
      armed.push(await activateLeg(tx, leg, o.filledQty, price));
    }
    await countArmed(tx, armed);
    changed.push(...armed);
    return changed;
  }
  const exits = exitsOf(group, o);
  if (exits.length < 2 || o.exitQty === null) return changed;
  const remaining = dec(o.exitQty).minus(exits.reduce((s, x) => s.plus(x.filledQty), dec(0)));
  for (const other of exits) {
    if (other.id === o.id || !isOpen(other.status)) continue;
    if (remaining.lte(0)) {
      const closed = await closeOne(tx, other, 'canceled', new Date());
      events.push(
        orderEvent('order.canceled', closed, 'the other order of its OCO group filled', 'ORDERS_OCO'),
      );
      changed.push(closed);
    } else {
      const qty = dec(other.filledQty).plus(remaining).toFixed();
      if (other.qty !== qty) changed.push(await updateOrder(tx, other.id, { qty }));
    }
  }
  if (remaining.gt(0) && isOpen(o.status)) {
    const qty = dec(o.filledQty).plus(remaining).toFixed();
    if (o.qty !== qty) changed.push(await updateOrder(tx, o.id, { qty }));
  }
  return changed;
}

/**
 * Turns a waiting exit on for `qty`. The take-profit (and an OTO's lone exit) becomes `new`; a
 * bracket's stop-loss stays `held` as Alpaca shows it, armed by its exitQty (order-state.ts).
 */
async function activateLeg(tx: AnyTx, leg: Order, qty: string, entryPrice: D): Promise<Order> {
  const on = staysHeldWhileWorking(leg) ? 'held' : 'new';
  const patch: Partial<Order> = {
    // A leg being replaced keeps pending_replace; its replacement (or its restoration) takes this.
    ...(leg.status === 'pending_replace' ? { prevStatus: on } : { status: on }),
    qty,
    exitQty: qty,
    submittedAt: new Date(),
  };
  if (leg.type === 'trailing_stop') {
    // The trail starts from the entry's execution price.
    patch.hwm = entryPrice.toFixed();
    patch.stopPrice = trailingStopPrice(leg, entryPrice).toFixed();
  }
  return updateOrder(tx, leg.id, patch);
}

/**
 * Exits turned on start reserving the position's shares (once per group: they sell the same
 * shares) and working on their side of the symbol: counted on the account like a placement, so a
 * placement checked on a summary from before this fill does not take the same shares
 * (place-order.ts, the headroom guard). Paper legs only: Alpaca keeps its own legs.
 */
async function countArmed(tx: AnyTx, armed: Order[]): Promise<void> {
  const first = armed.find((l) => l.broker === 'paper');
  if (!first || first.qty === null) return;
  const qty = dec(first.qty);
  const price = first.limitPrice ?? first.stopPrice ?? '0';
  await recordPlacement(tx, first.accountId, {
    symbol: first.symbol,
    side: first.side,
    buyNotional: first.side === 'buy' ? qty.times(price).toFixed() : '0',
    sellQty: first.side === 'sell' ? qty.toFixed() : '0',
    sellNotional: first.side === 'sell' ? qty.times(price).toFixed() : '0',
  });
}

async function closeOne(tx: AnyTx, o: Order, how: 'canceled' | 'expired', at: Date): Promise<Order> {
  return updateOrder(
    tx,
    o.id,
    how === 'canceled' ? { status: 'canceled', canceledAt: at } : { status: 'expired', expiredAt: at },
  );
}

export interface CloseResult {
  closed: Order[];
  activated: Order[];
}

/**
 * Cancels or expires an order together with its group, inside the caller's transaction with
 * the group locked (lockGroup). Alpaca: "canceling one order cancels the rest of the group" —
 * except that a bracket or OTO entry closed after a partial fill turns its exit legs on for the
 * filled quantity instead, so the shares bought are never left without their exits.
 */
export async function closeInGroup(
  tx: AnyTx,
  deps: Pick<OrdersDeps, 'emit'>,
  group: Map<string, Order>,
  target: Order,
  how: 'canceled' | 'expired',
  reason: { message: string; code: string } | undefined,
  at: Date,
): Promise<CloseResult> {
  const closed: Order[] = [];
  const activated: Order[] = [];
  const type: OrderEventType = how === 'canceled' ? 'order.canceled' : 'order.expired';
  const close = async (o: Order) => {
    const c = await closeOne(tx, o, how, at);
    group.set(c.id, c);
    closed.push(c);
  };
  const isEntry =
    target.parentId === null && (target.orderClass === 'bracket' || target.orderClass === 'oto');
  if (isEntry) {
    await close(target);
    const legs = [...group.values()].filter((l) => l.parentId === target.id && isOpen(l.status));
    const filled = dec(target.filledQty);
    for (const leg of legs) {
      if (filled.gt(0) && isLegToArm(leg) && target.broker === 'paper') {
        const price =
          target.filledAvgPrice !== null
            ? dec(target.filledAvgPrice)
            : dec(leg.limitPrice ?? leg.stopPrice ?? 1);
        const on = await activateLeg(tx, leg, filled.toFixed(), price);
        group.set(on.id, on);
        activated.push(on);
      } else if (filled.isZero()) {
        await close(leg);
      }
    }
    await countArmed(tx, activated);
  } else {
    for (const o of [...group.values()].sort((a, b) => (a.id < b.id ? -1 : 1))) {
      if (o.id === target.id || isOpen(o.status)) await close(o);
    }
  }
  // Built once every order of the group is in its final state, so a parent's event shows its legs so.
  await deps.emit(
    tx,
    closed.map((c) => orderEvent(type, c, reason?.message, reason?.code, legsOf(group, c))),
  );
  return { closed, activated };
}
