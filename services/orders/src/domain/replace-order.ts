import { randomUUID } from 'node:crypto';
import { dec, isUuid, uuidv7, type AnyTx, type Dec as D } from '@tradeplane/kit';
import { orderEvent, orderReplaced } from '../events/order-events.ts';
import {
  lockAccount,
  publicAccount,
  recordPlacement,
  type AccountWithSecret,
  type PlacementGuard,
} from '../store/accounts.store.ts';
import {
  getByClientOrderId,
  getLegs,
  getOrder,
  insertOrders,
  lockGroup,
  openOrdersSnapshot,
  updateOrder,
  type OpenOrdersSnapshot,
} from '../store/orders.store.ts';
import { restorePending } from './cancel-order.ts';
import type { OrdersDeps, ReplacePatch } from './deps.ts';
import { OrdersErrors } from './errors.ts';
import { summarizeOpenOrders } from './open-orders-summary.ts';
import { isReplaceable, isWaitingLeg } from './order-state.ts';
import { validateShape, type OrderRequest, type ValidOrder } from './order-rules.ts';
import type { Quote } from './quote-source.ts';
import {
  initialTrail,
  latestQuote,
  lifetimes,
  newTimestamps,
  reservationOf,
  riskRequest,
  withLegs,
} from './place-order.ts';
import type { Actor, Order, OrderWithLegs, TimeInForce } from './types.ts';

export interface ReplaceInput {
  qty?: string | undefined;
  timeInForce?: string | undefined;
  limitPrice?: string | undefined;
  stopPrice?: string | undefined;
  /** Alpaca's `trail`: the new trail_price or trail_percent of a trailing stop. */
  trail?: string | undefined;
  clientOrderId?: string | undefined;
}

/**
 * Replaces an order (Alpaca PATCH /v2/orders/{id}): the order goes to pending_replace, the
 * replacement passes the same risk check as a new order, and then — in one transaction — the old
 * order becomes `replaced` (replaced_by → the new id) and a NEW order is created with
 * `replaces` → the old id. `order.replaced` and `order.accepted` are published together.
 *
 * The replacement's qty is its own quantity; it defaults to what the old order had left. A
 * refused replacement (risk, broker, or a fill that got there first) leaves the old order
 * working as it was. OTO orders cannot be replaced (Alpaca), nor can the qty of an order in a
 * bracket or OCO group (its legs are sized to it).
 */
export async function replaceOrder(
  deps: OrdersDeps,
  actor: Actor,
  account: AccountWithSecret,
  orderId: string,
  input: ReplaceInput,
): Promise<OrderWithLegs> {
  if (!isUuid(orderId)) throw OrdersErrors.orderNotFound();
  const old = await getOrder(deps.db, account.id, orderId);
  if (!old) throw OrdersErrors.orderNotFound();
  if (!isReplaceable(old)) throw OrdersErrors.notReplaceable(old.status);
  if (old.orderClass === 'oto')
    throw OrdersErrors.notReplaceable(old.status, 'oto orders cannot be replaced');
  if (old.notional !== null)
    throw OrdersErrors.notReplaceable(old.status, 'notional orders cannot be replaced');
  const inGroup = old.orderClass !== 'simple';
  if (inGroup && input.qty !== undefined)
    throw OrdersErrors.notReplaceable(
      old.status,
      'the qty of an order in a bracket or oco group cannot be changed',
    );
  if (inGroup && old.parentId === null && dec(old.filledQty).gt(0))
    throw OrdersErrors.notReplaceable(old.status, 'a partially filled bracket entry cannot be replaced');
  const changes = [
    input.qty,
    input.timeInForce,
    input.limitPrice,
    input.stopPrice,
    input.trail,
    input.clientOrderId,
  ];
  if (changes.every((c) => c === undefined)) throw OrdersErrors.invalidOrder('nothing to replace');
  if (input.trail !== undefined && old.type !== 'trailing_stop')
    throw OrdersErrors.invalidOrder('trail is only for trailing_stop orders');
  if (input.limitPrice !== undefined && old.type !== 'limit' && old.type !== 'stop_limit')
    throw OrdersErrors.invalidOrder(`limit_price is not allowed for ${old.type} orders`);
  if (input.stopPrice !== undefined && old.type !== 'stop' && old.type !== 'stop_limit')
    throw OrdersErrors.invalidOrder(`stop_price is not allowed for ${old.type} orders`);

  const remaining = dec(old.qty!).minus(old.filledQty);
  const request: OrderRequest = {
    symbol: old.symbol,
    side: old.side,
    type: old.type,
    timeInForce: input.timeInForce ?? old.timeInForce,
    orderClass: 'simple',
    qty: input.qty ?? remaining.toFixed(),
    limitPrice: input.limitPrice ?? old.limitPrice ?? undefined,
    stopPrice: old.type === 'trailing_stop' ? undefined : (input.stopPrice ?? old.stopPrice ?? undefined),
    trailPrice:
      old.type === 'trailing_stop' && old.trailPrice !== null ? (input.trail ?? old.trailPrice) : undefined,
    trailPercent:
      old.type === 'trailing_stop' && old.trailPercent !== null
        ? (input.trail ?? old.trailPercent)
        : undefined,
    extendedHours: old.extendedHours,
    clientOrderId: input.clientOrderId,
  };
  const v = validateShape(request);
  if (inGroup && v.timeInForce !== 'day' && v.timeInForce !== 'gtc')
    throw OrdersErrors.invalidOrder('bracket and oco orders must be day or gtc');
  const clientOrderId = v.clientOrderId ?? randomUUID();
  if (await getByClientOrderId(deps.db, account.id, clientOrderId))
    throw OrdersErrors.clientOrderIdNotUnique();
  const [quote, clock] = await Promise.all([latestQuote(deps, old.symbol, actor), deps.clock.current()]);

  // Phase 1: take the order off the book while the replacement is decided.
  const taken = await deps.transaction(async (tx) => {
    const group = await lockGroup(tx, orderId);
    const current = group.get(orderId);
    if (!current || !isReplaceable(current)) throw OrdersErrors.notReplaceable(current?.status ?? 'unknown');
    await updateOrder(tx, orderId, { status: 'pending_replace', prevStatus: current.status });
    return current;
  });
  deps.onOrdersChanged([orderId]);
  // An exit still waiting for its entry is no order of its own yet: the entry's check covers the
  // group, and only its prices change (its quantity is the entry's).
  const waitingExit = taken.parentId !== null && isWaitingLeg(taken);

  try {
    const trail = v.type === 'trailing_stop' ? trailFrom(old, v, quote) : undefined;
    const now = () => deps.clock.now();
    const tifChanged = v.timeInForce !== old.timeInForce;
    const life = () =>
      tifChanged ? lifetimes(v, clock, now()) : { expiresAt: old.expiresAt, auctionAt: old.auctionAt };
    const spec = (brokerAnswer?: BrokerAnswer): ReplacementSpec => ({
      orderId,
      clientOrderId,
      v,
      // Without a qty of its own, the replacement is for what the order has left when it is
      // stored: fills and an OCO partner's fills may have shrunk it since it was read.
      qtyLeftOnOrder: input.qty === undefined,
      trail,
      life: life(),
      brokerAnswer,
    });
    const check = async (snapshot: OpenOrdersSnapshot) => {
      const decision = await deps.risk.check(
        riskRequest(
          account,
          v,
          quote,
          trail?.stopPrice ?? null,
          summarizeOpenOrders(snapshot.groups, deps.quotes),
        ),
        actor,
      );
      if (!decision.approved)
        throw OrdersErrors.riskRejected(
          decision.code ?? 'RISK_REJECTED',
          decision.message ?? 'rejected by risk',
          orderId,
        );
      return decision;
    };

    let replacement: Order;
    if (old.broker === 'alpaca') {
      // Alpaca keeps the account's buying power: one check, then Alpaca's word.
      if (!waitingExit) await check(await openOrdersSnapshot(deps.db, account.id, orderId));
      const broker = deps.broker('alpaca');
      if (!broker.replace) throw OrdersErrors.brokerUnavailable();
      // The broker stores the replacement Alpaca made (storeReplacement, adopted as the stream
      // would), or settles a replace whose outcome is unknown: alpaca-broker.ts.
      replacement = await broker.replace(
        publicAccount(account),
        old,
        alpacaPatch(
          input,
          clientOrderId,
          old.orderClass === 'simple' ? dec(taken.qty!).minus(taken.filledQty) : undefined,
        ),
      );
    } else if (waitingExit) {
      replacement = await deps.transaction((tx) =>
        storeReplacement(deps, tx, spec(), { quote, guard: undefined }),
      );
    } else {
      // As a placement (place-order.ts): optimistic attempts that store the replacement only if
      // the orders placed since its summary fit the approval's headroom, then one that holds the
      // group and the account across its check and cannot conflict.
      let snapshot: OpenOrdersSnapshot | undefined = await openOrdersSnapshot(deps.db, account.id, orderId);
      for (let n = 1; ; n++) {
        const seen = snapshot;
        const decision = seen ? await check(seen) : undefined;
        const stored = await deps
          .transaction(async (tx) => {
            if (seen && decision) {
              const h = decision.headroom;
              const guard = h
                ? {
                    before: seen.counters,
                    openOrders: h.openOrders,
                    buyNotional: h.buyNotional,
                    sellQty: h.sellQty,
                    crossingOrders: h.crossingOrders ?? null,
                    spendNotional: h.spendNotional ?? null,
                  }
                : undefined;
              return storeReplacement(deps, tx, spec(), { quote, guard });
            }
            await lockGroup(tx, orderId);
            if (!(await lockAccount(tx, account.userId, account.id))) throw OrdersErrors.accountNotFound();
            await check(await openOrdersSnapshot(tx, account.id, orderId));
            return storeReplacement(deps, tx, spec(), { quote, guard: undefined });
          })
          .catch((err: unknown): typeof CONFLICT => {
            if (err instanceof ReplacementConflict) return CONFLICT;
            throw err;
          });
        if (stored !== CONFLICT) {
          replacement = stored;
          break;
        }
        snapshot =
          n < OPTIMISTIC_ATTEMPTS ? await openOrdersSnapshot(deps.db, account.id, orderId) : undefined;
      }
    }
    deps.onOrdersChanged([orderId]);
    if (replacement.broker === 'paper')
      // The legs (an entry's, handed over above) go to the exchange with it, as on a placement.
      await deps
        .broker('paper')
        .submit(publicAccount(account), replacement, await getLegs(deps.db, [replacement.id]));
    return withLegs(deps, (await getOrder(deps.db, account.id, replacement.id)) ?? replacement);
  } catch (err) {
    await restorePending(deps, orderId, 'pending_replace');
    deps.onOrdersChanged([orderId]);
    throw err;
  }
}

/** Optimistic replacements before the one that holds the account across its risk check. */
const OPTIMISTIC_ATTEMPTS = 3;
const CONFLICT: unique symbol = Symbol('conflict');

/** What a broker (Alpaca) said of a replacement it made: its id and status there. */
export interface BrokerAnswer {
  brokerOrderId: string;
  status: Order['status'];
}

/** The replacement of a pending_replace order, as decided. */
export interface ReplacementSpec {
  orderId: string;
  clientOrderId: string;
  /** The qty is what the order has left when the replacement is stored, not `v.qty`. */
  qtyLeftOnOrder?: boolean;
  v: Pick<ValidOrder, 'timeInForce' | 'qty' | 'limitPrice' | 'stopPrice' | 'trailPrice' | 'trailPercent'>;
  trail: { hwm: D; stopPrice: D } | undefined;
  life: { expiresAt: Date | null; auctionAt: Date | null };
  brokerAnswer: BrokerAnswer | undefined;
}

/** The orders placed since a replacement's summary used up its approval's headroom. */
export class ReplacementConflict extends Error {}

/**
 * Phase 2 of a replacement, in the caller's transaction: the old order (pending_replace) becomes
 * `replaced` and the new one takes its place (`replaces` → old, the entry's legs handed over),
 * with `order.replaced` and `order.accepted`. A paper replacement's reservation is counted on the
 * account like a placement's, last, and — with a guard — only if the approval still holds:
 * otherwise it throws ReplacementConflict and the caller rolls the transaction back.
 */
export async function storeReplacement(
  deps: Pick<OrdersDeps, 'emit' | 'clock'>,
  tx: AnyTx,
  r: ReplacementSpec,
  paper?: { quote: Pick<Quote, 'last'>; guard: PlacementGuard | undefined },
): Promise<Order> {
  const { orderId, v, trail, life, brokerAnswer } = r;
  const now = deps.clock.now();
  const group = await lockGroup(tx, orderId);
  const current = group.get(orderId);
  if (!current || current.status !== 'pending_replace')
    throw OrdersErrors.notReplaceable(current?.status ?? 'unknown');
  const qty = r.qtyLeftOnOrder ? dec(current.qty!).minus(current.filledQty) : v.qty!;
  if (!qty.gt(0)) throw OrdersErrors.notReplaceable(current.status, 'the order has nothing left to replace');
  const fresh: Order = {
    ...current,
    id: uuidv7(),
    clientOrderId: r.clientOrderId,
    idempotencyKey: null,
    timeInForce: v.timeInForce as TimeInForce,
    qty: qty.toFixed(),
    filledQty: '0',
    filledAvgPrice: null,
    commission: '0',
    limitPrice: v.limitPrice?.toFixed() ?? null,
    stopPrice: trail ? trail.stopPrice.toFixed() : (v.stopPrice?.toFixed() ?? null),
    trailPrice: v.trailPrice?.toFixed() ?? null,
    trailPercent: v.trailPercent?.toFixed() ?? null,
    hwm: trail ? trail.hwm.toFixed() : current.hwm,
    status:
      brokerAnswer?.status ??
      (current.prevStatus === 'held' || current.prevStatus === 'accepted' ? current.prevStatus : 'new'),
    prevStatus: null,
    replaces: current.id,
    replacedBy: null,
    brokerOrderId: brokerAnswer?.brokerOrderId ?? null,
    triggeredAt: null,
    auctionAt: life.auctionAt,
    expiresAt: life.expiresAt,
    ...newTimestamps(now),
  };
  const [inserted] = await insertOrders(tx, [fresh]);
  const replaced = await updateOrder(tx, orderId, {
    status: 'replaced',
    prevStatus: null,
    replacedBy: fresh.id,
    replacedAt: now,
  });
  // A replaced entry hands its legs to the replacement.
  if (current.parentId === null && current.orderClass !== 'simple') {
    await tx
      .updateTable('orders')
      .set({ parent_id: fresh.id })
      .where('parent_id', '=', current.id)
      .where('id', '!=', fresh.id)
      .execute();
  }
  await deps.emit(tx, [orderReplaced(replaced, inserted!), orderEvent('order.accepted', inserted!)]);
  // Counted like a placement, last, so placements checked meanwhile see what it reserves.
  if (paper && inserted!.broker === 'paper') {
    const recorded = await recordPlacement(
      tx,
      current.accountId,
      reservationOf(inserted!, paper.quote),
      paper.guard,
    );
    if (recorded === 'conflict') throw new ReplacementConflict();
    if (recorded === undefined) throw OrdersErrors.accountClosed();
  }
  return inserted!;
}

/** A replaced trailing stop keeps its high-water mark; a new trail is measured from it. */
function trailFrom(
  old: Order,
  v: { side: Order['side']; trailPrice: D | null; trailPercent: D | null },
  quote: Parameters<typeof initialTrail>[1],
) {
  if (old.hwm === null) return initialTrail(v, quote);
  const fromOld = initialTrail(v, { ...quote, last: dec(old.hwm) });
  return fromOld;
}

/**
 * The PATCH body. Alpaca keeps every attribute not sent, qty included — its original qty even
 * when part of the order filled (Alpaca-API #165) — so a simple order's replacement states its
 * quantity: what was asked, else what the order has left (`left`).
 */
function alpacaPatch(input: ReplaceInput, clientOrderId: string, left: D | undefined): ReplacePatch {
  const p: ReplacePatch = { client_order_id: clientOrderId };
  if (input.qty !== undefined) p.qty = input.qty;
  else if (left !== undefined) p.qty = left.toFixed();
  if (input.timeInForce !== undefined) p.time_in_force = input.timeInForce;
  if (input.limitPrice !== undefined) p.limit_price = input.limitPrice;
  if (input.stopPrice !== undefined) p.stop_price = input.stopPrice;
  if (input.trail !== undefined) p.trail = input.trail;
  return p;
}
