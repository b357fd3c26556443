import { Dec, dec, type Dec as D, type Logger, type NewEvent } from '@tradeplane/kit';
import { orderEvent, orderReplaced } from '../../events/order-events.ts';
import { activeBrokerAccounts, getAccountById } from '../../store/accounts.store.ts';
import {
  getByBrokerOrderId,
  getByClientOrderId,
  getLegs,
  getOrderById,
  lockGroup,
  openOrders,
  stuckOrders,
  updateOrder,
} from '../../store/orders.store.ts';
import type { BrokerPort, OrdersDeps, ReplacePatch } from '../deps.ts';
import { OrdersErrors } from '../errors.ts';
import { recordExecution } from '../executions.ts';
import { BROKER_FILLABLE, isTerminal, OPEN_STATUSES } from '../order-state.ts';
import type { Account, Order, OrderStatus } from '../types.ts';
import { AlpacaRest, AlpacaTransportError, alpacaMessage, type AlpacaOrder } from './alpaca-api.ts';
import { AlpacaTradeStream, streamUrlOf } from './alpaca-stream.ts';

/**
 * The Alpaca broker: accounts configured with Alpaca keys send their orders to Alpaca's Trading
 * API (paper or live), keep our order in step with Alpaca's (statuses map one to one: our
 * lifecycle is Alpaca's), and record Alpaca's fills from its trade_updates stream through the
 * same `recordExecution` as the paper exchange.
 *
 * Never twice: a submission that times out (or gets a 5xx) has an unknown outcome, so instead of
 * sending it again the adapter asks Alpaca for the order by client_order_id (which Alpaca keeps
 * unique). Found: adopted. Not found: it stays pending_new and is looked up again by the
 * reconcile loop, and only marked rejected after ALPACA_UNCONFIRMED_AFTER_MS.
 *
 * Fills are applied from Alpaca's cumulative `filled_qty` / `filled_avg_price`, so a repeated or
 * missed stream event can neither double nor lose an execution: the difference with what is
 * recorded is what executed, whoever reports it (stream, REST reconcile).
 */
const KNOWN_STATUSES = new Set<string>([
  ...OPEN_STATUSES,
  'filled',
  'canceled',
  'expired',
  'replaced',
  'rejected',
]);

export interface AlpacaBrokerOptions {
  timeoutMs: number;
  unconfirmedAfterMs: number;
  log: Logger;
}

export class AlpacaBroker implements BrokerPort {
  readonly #deps: OrdersDeps;
  readonly #o: AlpacaBrokerOptions;
  readonly #streams = new Map<string, AlpacaTradeStream>();

  constructor(deps: OrdersDeps, opts: AlpacaBrokerOptions) {
    this.#deps = deps;
    this.#o = opts;
  }

  async #rest(accountId: string): Promise<AlpacaRest> {
    const account = await getAccountById(this.#deps.db, accountId);
    if (!account?.alpaca || !account.alpacaSecretEnc) throw OrdersErrors.brokerUnavailable();
    return new AlpacaRest({
      baseUrl: account.alpaca.baseUrl,
      keyId: account.alpaca.keyId,
      secret: this.#deps.secrets.open(account.alpacaSecretEnc),
      timeoutMs: this.#o.timeoutMs,
    });
  }

  // ----------------------------------------------------------------------- BrokerPort
  async submit(account: Account, order: Order, legs: Order[]): Promise<void> {
    const rest = await this.#rest(account.id);
    let res;
    try {
      res = await rest.submitOrder(alpacaOrderBody(order, legs));
    } catch (err) {
      if (!(err instanceof AlpacaTransportError)) throw err;
      this.#o.log.warn(
        { orderId: order.id, kind: err.kind },
        'alpaca submission unanswered; reconciling by client_order_id',
      );
      await this.reconcile(order.id);
      return;
    }
    if (res.status === 200 || res.status === 201) {
      await this.apply(order.accountId, res.body, undefined);
      return;
    }
    if (res.status >= 500) {
      await this.reconcile(order.id);
      return;
    }
    const message = alpacaMessage(res.body, `alpaca answered ${res.status}`);
    await this.#reject(order.id, message, 'ORDERS_BROKER_REJECTED');
    throw OrdersErrors.brokerRejected(res.status, message);
  }

  async cancel(account: Account, order: Order): Promise<'canceled' | 'pending'> {
    let brokerId = order.brokerOrderId;
    if (!brokerId) brokerId = (await this.reconcile(order.id))?.brokerOrderId ?? null;
    // Not at Alpaca (yet): the reconcile loop cancels it there if it ever shows up.
    if (!brokerId) return 'pending';
    const rest = await this.#rest(account.id);
    let res;
    try {
      res = await rest.cancelOrder(brokerId);
    } catch {
      throw OrdersErrors.brokerUnavailable();
    }
    if (res.status === 204 || res.status === 200) return 'pending';
    if (res.status === 422 || res.status === 404) {
      const now = await this.#fetch(account.id, brokerId);
      const status = now && KNOWN_STATUSES.has(now.status) ? now.status : 'unknown';
      throw OrdersErrors.notCancelable(status);
    }
    throw res.status >= 500
      ? OrdersErrors.brokerUnavailable()
      : OrdersErrors.brokerRejected(res.status, alpacaMessage(res.body, 'cancel refused'));
  }

  async replace(
    account: Account,
    order: Order,
    patch: ReplacePatch,
  ): Promise<{ brokerOrderId: string; status: OrderStatus }> {
    if (!order.brokerOrderId)
      throw OrdersErrors.notReplaceable(order.status, 'the order is not yet acknowledged by Alpaca');
    const rest = await this.#rest(account.id);
    let res;
    try {
      res = await rest.replaceOrder(order.brokerOrderId, { ...patch });
    } catch {
      throw OrdersErrors.brokerUnavailable();
    }
    if (res.status === 200 && typeof res.body?.id === 'string') {
      const status = KNOWN_STATUSES.has(res.body.status) ? (res.body.status as OrderStatus) : 'pending_new';
      return { brokerOrderId: res.body.id, status };
    }
    if (res.status >= 500) throw OrdersErrors.brokerUnavailable();
    throw OrdersErrors.brokerRejected(res.status, alpacaMessage(res.body, 'replace refused'));
  }

  // ----------------------------------------------------------------------- reconcile
  /** Looks the order up at Alpaca by client_order_id and adopts what Alpaca has. */
  async reconcile(orderId: string): Promise<Order | undefined> {
    const order = await getOrderById(this.#deps.db, orderId);
    if (!order || order.broker !== 'alpaca') return undefined;
    const rest = await this.#rest(order.accountId);
    let res;
    try {
      res = await rest.getByClientOrderId(order.clientOrderId);
    } catch {
      return undefined;
    }
    if (res.status !== 200 || !res.body?.id) return undefined;
    await this.apply(order.accountId, res.body, undefined);
    return getOrderById(this.#deps.db, orderId);
  }

  /** One pass of the loop: unconfirmed submissions looked up again, and given up on after a while. */
  async reconcileUnconfirmed(now: Date): Promise<void> {
    const unconfirmed = (
      await stuckOrders(this.#deps.db, ['pending_new', 'pending_cancel'], new Date(now.getTime() - 1_000))
    ).filter((o) => o.broker === 'alpaca' && o.brokerOrderId === null && o.parentId === null);
    for (const o of unconfirmed) {
      const found = await this.reconcile(o.id);
      if (found?.brokerOrderId) {
        if (o.status === 'pending_cancel') {
          const account = await getAccountById(this.#deps.db, o.accountId);
          if (account) await this.cancel(account, found).catch(() => undefined);
        }
        continue;
      }
      if (now.getTime() - o.createdAt.getTime() >= this.#o.unconfirmedAfterMs) {
        await this.#reject(o.id, 'Alpaca never acknowledged the order', 'ORDERS_BROKER_UNCONFIRMED');
      }
    }
  }

  /** Catch-up after (re)connecting the stream: every open order is read back from Alpaca. */
  async catchUp(accountId: string): Promise<void> {
    for (const o of await openOrders(this.#deps.db, accountId)) {
      if (o.broker !== 'alpaca' || !o.brokerOrderId || o.parentId !== null) continue;
      const now = await this.#fetch(accountId, o.brokerOrderId);
      if (now) await this.apply(accountId, now, undefined);
    }
  }

  async #fetch(accountId: string, brokerId: string): Promise<AlpacaOrder | undefined> {
    try {
      const res = await (await this.#rest(accountId)).getOrder(brokerId);
      return res.status === 200 ? res.body : undefined;
    } catch {
      return undefined;
    }
  }

  // ----------------------------------------------------------------------- streams
  /** Opens a trade_updates stream for every active Alpaca account that has none yet. */
  async ensureStreams(): Promise<void> {
    for (const account of await activeBrokerAccounts(this.#deps.db, 'alpaca')) {
      if (this.#streams.has(account.id) || !account.alpaca || !account.alpacaSecretEnc) continue;
      const stream = new AlpacaTradeStream({
        url: streamUrlOf(account.alpaca.baseUrl),
        keyId: account.alpaca.keyId,
        secret: this.#deps.secrets.open(account.alpacaSecretEnc),
        log: this.#o.log,
        onUpdate: (data) => this.onTradeUpdate(account.id, data),
        onListening: () => this.catchUp(account.id),
      });
      this.#streams.set(account.id, stream);
      stream.start();
    }
  }

  stream(accountId: string): AlpacaTradeStream | undefined {
    return this.#streams.get(accountId);
  }

  async closeStreams(): Promise<void> {
    const all = [...this.#streams.values()];
    this.#streams.clear();
    await Promise.all(all.map((s) => s.close()));
  }

  /** A trade_updates event: the order's new state, with its execution if it is a fill. */
  async onTradeUpdate(accountId: string, data: Record<string, unknown>): Promise<void> {
    const ao = data.order as AlpacaOrder;
    const event = String(data.event ?? '');
    const execution =
      event === 'fill' || event === 'partial_fill'
        ? {
            qty: typeof data.qty === 'string' ? data.qty : undefined,
            price: typeof data.price === 'string' ? data.price : undefined,
            id: typeof data.execution_id === 'string' ? data.execution_id : undefined,
            at: typeof data.timestamp === 'string' ? new Date(data.timestamp) : undefined,
          }
        : undefined;
    if (event === 'order_cancel_rejected' || event === 'order_replace_rejected') {
      const ours = await this.#find(accountId, ao);
      if (ours)
        await restoreTo(
          this.#deps,
          ours.id,
          event === 'order_cancel_rejected' ? 'pending_cancel' : 'pending_replace',
          ao.status,
        );
      return;
    }
    await this.apply(accountId, ao, execution);
  }

  async #find(accountId: string, ao: AlpacaOrder): Promise<Order | undefined> {
    return (
      (await getByBrokerOrderId(this.#deps.db, accountId, ao.id)) ??
      (ao.client_order_id
        ? await getByClientOrderId(this.#deps.db, accountId, ao.client_order_id)
        : undefined)
    );
  }

  /**
   * Brings our order (and its legs) to Alpaca's state: broker id, executions by cumulative
   * difference, then status — with order.canceled / expired / rejected / replaced when Alpaca's
   * status is final. Orders Alpaca has that we never placed are ignored.
   */
  async apply(
    accountId: string,
    ao: AlpacaOrder,
    execution:
      | {
          qty?: string | undefined;
          price?: string | undefined;
          id?: string | undefined;
          at?: Date | undefined;
        }
      | undefined,
  ): Promise<void> {
    const ours = await this.#find(accountId, ao);
    if (!ours) {
      this.#o.log.debug({ brokerOrderId: ao.id }, 'alpaca order not placed through Tradeplane; ignored');
      return;
    }
    if (ours.brokerOrderId !== ao.id && ours.replacedBy === null) {
      await this.#deps.transaction(async (tx) => {
        await lockGroup(tx, ours.id);
        await updateOrder(tx, ours.id, { brokerOrderId: ao.id });
      });
    }
    // Legs come with the parent when Alpaca nests them; they are matched by role.
    if (Array.isArray(ao.legs) && ao.legs.length > 0) {
      const legs = await getLegs(this.#deps.db, [ours.id]);
      for (const leg of ao.legs) {
        const mine =
          legs.find((l) => l.brokerOrderId === leg.id) ??
          legs.find((l) => l.brokerOrderId === null && legRoleOf(leg) === l.legRole);
        if (mine && mine.brokerOrderId !== leg.id)
          await updateOrder(this.#deps.db, mine.id, { brokerOrderId: leg.id });
        if (mine) await this.apply(accountId, leg, undefined);
      }
    }
    const status = KNOWN_STATUSES.has(ao.status) ? (ao.status as OrderStatus) : undefined;
    await this.#applyFills(ours.id, ao, status, execution);
    if (status) await this.#applyStatus(ours.id, ao, status);
  }

  async #applyFills(
    orderId: string,
    ao: AlpacaOrder,
    status: OrderStatus | undefined,
    execution:
      | {
          qty?: string | undefined;
          price?: string | undefined;
          id?: string | undefined;
          at?: Date | undefined;
        }
      | undefined,
  ): Promise<void> {
    const current = await getOrderById(this.#deps.db, orderId);
    if (!current || ao.filled_qty === undefined || ao.filled_qty === null) return;
    const cum = dec(ao.filled_qty);
    const mine = dec(current.filledQty);
    const delta = cum.minus(mine);
    if (delta.lte(0)) return;
    let price: D | undefined;
    if (execution?.qty && execution.price && dec(execution.qty).eq(delta)) price = dec(execution.price);
    else if (ao.filled_avg_price) {
      // What executed since our last record, priced so that the average matches Alpaca's.
      const value = cum
        .times(ao.filled_avg_price)
        .minus(current.filledAvgPrice === null ? 0 : mine.times(current.filledAvgPrice));
      price = value.div(delta).toDecimalPlaces(9, Dec.ROUND_HALF_EVEN);
    }
    if (!price || price.lte(0)) {
      this.#o.log.warn({ orderId }, 'alpaca fill without a usable price; waiting for the next update');
      return;
    }
    await recordExecution(this.#deps, orderId, {
      qty: delta,
      price,
      at: execution?.at && !Number.isNaN(execution.at.getTime()) ? execution.at : new Date(),
      commission: () => dec(0),
      fillable: BROKER_FILLABLE,
      brokerExecutionId: execution?.id ?? `${ao.id}:${cum.toFixed()}`,
      statusAfter: status === 'filled' || status === 'partially_filled' ? status : undefined,
      groupEffects: false,
      notionalOnce: false,
    });
  }

  async #applyStatus(orderId: string, ao: AlpacaOrder, status: OrderStatus): Promise<void> {
    await this.#deps.transaction(async (tx) => {
      const group = await lockGroup(tx, orderId);
      const o = group.get(orderId);
      if (!o || o.status === status) return;
      // Final is final: a late "new" never reopens an order we know is done.
      if (isTerminal(o.status)) return;
      // A fill status waits until the fill itself is recorded.
      if (
        (status === 'filled' || status === 'partially_filled') &&
        !dec(o.filledQty).eq(ao.filled_qty ?? '0')
      )
        return;
      const now = new Date();
      const patch: Partial<Order> = { status, prevStatus: null };
      const events: NewEvent[] = [];
      if (status === 'canceled') {
        patch.canceledAt = now;
        events.push(
          orderEvent(
            'order.canceled',
            { ...o, ...patch } as Order,
            'canceled at Alpaca',
            'ORDERS_BROKER_CANCELED',
          ),
        );
      } else if (status === 'expired') {
        patch.expiredAt = now;
        events.push(
          orderEvent('order.expired', { ...o, ...patch } as Order, 'expired at Alpaca', 'ORDERS_EXPIRED'),
        );
      } else if (status === 'rejected') {
        patch.failedAt = now;
        patch.rejectReason = alpacaMessage(ao, 'rejected by Alpaca');
        patch.rejectCode = 'ORDERS_BROKER_REJECTED';
        events.push(
          orderEvent('order.rejected', { ...o, ...patch } as Order, patch.rejectReason, patch.rejectCode),
        );
      } else if (status === 'replaced') {
        patch.replacedAt = now;
        const by =
          typeof ao.replaced_by === 'string'
            ? await getByBrokerOrderId(tx, o.accountId, ao.replaced_by)
            : undefined;
        if (by) {
          patch.replacedBy = by.id;
          events.push(orderReplaced({ ...o, ...patch } as Order, by));
        }
      }
      if (o.replacedBy !== null && status !== 'replaced') return;
      await updateOrder(tx, orderId, patch);
      await this.#deps.emit(tx, events);
    });
  }

  async #reject(orderId: string, message: string, code: string): Promise<void> {
    await this.#deps.transaction(async (tx) => {
      const group = await lockGroup(tx, orderId);
      const events: NewEvent[] = [];
      for (const o of group.values()) {
        if (isTerminal(o.status)) continue;
        const r = await updateOrder(tx, o.id, {
          status: 'rejected',
          failedAt: new Date(),
          rejectReason: message,
          rejectCode: code,
        });
        events.push(orderEvent('order.rejected', r, message, code));
      }
      await this.#deps.emit(tx, events);
    });
  }
}

async function restoreTo(
  deps: OrdersDeps,
  orderId: string,
  from: OrderStatus,
  reported: string,
): Promise<void> {
  await deps.transaction(async (tx) => {
    const group = await lockGroup(tx, orderId);
    const o = group.get(orderId);
    if (!o || o.status !== from) return;
    const status =
      KNOWN_STATUSES.has(reported) && reported !== from ? (reported as OrderStatus) : (o.prevStatus ?? 'new');
    await updateOrder(tx, orderId, { status, prevStatus: null });
  });
}

function legRoleOf(leg: AlpacaOrder): 'take_profit' | 'stop_loss' {
  return leg.type === 'limit' ? 'take_profit' : 'stop_loss';
}

/** Our order as Alpaca's POST /v2/orders body (Alpaca's field names; numbers as strings). */
export function alpacaOrderBody(o: Order, legs: Order[]): Record<string, unknown> {
  const body: Record<string, unknown> = {
    symbol: o.symbol,
    side: o.side,
    type: o.type,
    time_in_force: o.timeInForce,
    client_order_id: o.clientOrderId,
    extended_hours: o.extendedHours,
  };
  if (o.qty !== null) body.qty = o.qty;
  if (o.notional !== null) body.notional = o.notional;
  if (o.limitPrice !== null) body.limit_price = o.limitPrice;
  if (o.type === 'stop' || o.type === 'stop_limit') body.stop_price = o.stopPrice;
  if (o.trailPrice !== null) body.trail_price = o.trailPrice;
  if (o.trailPercent !== null) body.trail_percent = o.trailPercent;
  if (o.positionIntent !== null) body.position_intent = o.positionIntent;
  if (o.orderClass !== 'simple') {
    body.order_class = o.orderClass;
    const tp = legs.find((l) => l.legRole === 'take_profit');
    const sl = legs.find((l) => l.legRole === 'stop_loss');
    if (o.orderClass === 'oco') body.take_profit = { limit_price: o.limitPrice };
    else if (tp) body.take_profit = { limit_price: tp.limitPrice };
    if (sl)
      body.stop_loss = {
        stop_price: sl.stopPrice,
        ...(sl.limitPrice !== null ? { limit_price: sl.limitPrice } : {}),
      };
  }
  return body;
}
