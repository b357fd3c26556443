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
import { restorePending } from '../cancel-order.ts';
import type { BrokerPort, OrdersDeps, ReplacePatch } from '../deps.ts';
import { OrdersErrors } from '../errors.ts';
import { recordExecution } from '../executions.ts';
import { BROKER_FILLABLE, isOpen, isTerminal, OPEN_STATUSES } from '../order-state.ts';
import { lifetimes } from '../place-order.ts';
import { storeReplacement, type ReplacementSpec } from '../replace-order.ts';
import type { Account, Order, OrderStatus, TimeInForce } from '../types.ts';
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
 * recorded is what executed, whoever reports it (stream, REST reconcile), and it is recorded only
 * if the order's filled quantity is still the one the difference was taken from (checked under
 * the order's lock), so two reporters racing each other record it once.
 *
 * Replace (PATCH /v2/orders/{id}) makes a NEW order at Alpaca. Whoever learns of it first — the
 * PATCH answer, the stream (`replaced` for the old order, or any event of the new one, whose
 * `replaces` names the old), or a read-back after an unknown outcome — adopts it: one transaction
 * under the old order's group lock creates our replacement (`storeReplacement`, as the paper
 * path does) with Alpaca's id, client_order_id and fields, unless it exists already. An unknown
 * outcome (timeout, network error, 5xx) is never resent: the old order is read back — replaced:
 * adopted; still working: restored; unreadable or still pending_replace at Alpaca: left
 * pending_replace and read back again by the reconcile loop. Alpaca warns that a 200 does not
 * guarantee the replace (the old order may fill first; the new one is then rejected), so a
 * replacement Alpaca rejects, or an `order_replace_rejected`, puts the old order back to work.
 */
const KNOWN_STATUSES = new Set<string>([
  ...OPEN_STATUSES,
  'filled',
  'canceled',
  'expired',
  'replaced',
  'rejected',
]);

/** A replace is read back from Alpaca once it has been pending this long (see reconcileUnconfirmed). */
const STUCK_REPLACE_MS = 30_000;

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

  /**
   * Replaces at Alpaca and stores the replacement Alpaca made (adopted as the stream would); after
   * an unknown outcome, what a read-back of the old order shows. Answers our replacement, or the
   * old order still pending_replace when Alpaca cannot tell yet (the reconcile loop settles it).
   * Throws when the replace did not happen (Alpaca refused it, or the read-back shows the old
   * order not replaced — then already restored).
   */
  async replace(account: Account, order: Order, patch: ReplacePatch): Promise<Order> {
    if (!order.brokerOrderId)
      throw OrdersErrors.notReplaceable(order.status, 'the order is not yet acknowledged by Alpaca');
    const rest = await this.#rest(account.id);
    let res;
    try {
      res = await rest.replaceOrder(order.brokerOrderId, { ...patch });
    } catch (err) {
      if (!(err instanceof AlpacaTransportError)) throw err;
      this.#o.log.warn(
        { orderId: order.id, kind: err.kind },
        'alpaca replace unanswered; reading the order back instead of sending it again',
      );
      return this.#settleReplace(order, true);
    }
    if (res.status === 200 && typeof res.body?.id === 'string') {
      const adopted = await this.#adopt(account.id, order.id, res.body);
      if (adopted) return adopted;
      return this.#settleReplace(order, true);
    }
    if (res.status >= 500 || (res.status >= 200 && res.status < 300)) {
      // A 5xx, or a success we cannot read: what happened is read back, never sent again.
      this.#o.log.warn(
        { orderId: order.id, status: res.status },
        'alpaca replace answer unusable; reading the order back',
      );
      return this.#settleReplace(order, true);
    }
    throw OrdersErrors.brokerRejected(res.status, alpacaMessage(res.body, 'replace refused'));
  }

  /**
   * A replace whose outcome we do not know: the old order as Alpaca has it decides. Replaced: its
   * replacement is adopted and answered. Still pending_replace at Alpaca, or not readable: the
   * order stays pending_replace and is answered as it is. Anything else: the replace did not
   * happen; the order is brought to Alpaca's state (fills included) and, with `refuse`, an error
   * is thrown.
   */
  async #settleReplace(order: Order, refuse: boolean): Promise<Order> {
    const now = await this.#fetch(order.accountId, order.brokerOrderId!);
    if (now?.status === 'replaced' && typeof now.replaced_by === 'string') {
      const by = await this.#fetch(order.accountId, now.replaced_by);
      const adopted = by ? await this.#adopt(order.accountId, order.id, by) : undefined;
      if (adopted) {
        // The old order's own last fills, if the read-back shows more than we recorded.
        await this.apply(order.accountId, now, undefined);
        return adopted;
      }
    }
    const current = (await getOrderById(this.#deps.db, order.id)) ?? order;
    if (!now || now.status === 'pending_replace' || now.status === 'replaced') {
      this.#o.log.warn(
        { orderId: order.id, alpacaStatus: now?.status },
        'alpaca replace outcome still unknown; the order stays pending_replace until it is read back',
      );
      return current;
    }
    if (current.status === 'pending_replace') await restorePending(this.#deps, order.id, 'pending_replace');
    await this.apply(order.accountId, now, undefined);
    if (!refuse) return (await getOrderById(this.#deps.db, order.id)) ?? current;
    const after = (await getOrderById(this.#deps.db, order.id)) ?? current;
    throw isTerminal(after.status)
      ? OrdersErrors.notReplaceable(after.status)
      : OrdersErrors.brokerUnavailable();
  }

  /**
   * Creates our replacement for the order Alpaca made to replace `oldId`, unless it exists: one
   * transaction holding the old order's group lock, so the PATCH answer, the stream and a
   * read-back racing each other create it once. Then its fills and status as Alpaca has them.
   */
  async #adopt(accountId: string, oldId: string, ao: AlpacaOrder): Promise<Order | undefined> {
    const before = await getOrderById(this.#deps.db, oldId);
    if (!before) return undefined;
    const spec = await this.#replacementSpec(before, ao);
    if (!spec) {
      this.#o.log.error(
        { orderId: oldId, brokerOrderId: ao.id },
        'alpaca replacement without a quantity; not adopted',
      );
      return undefined;
    }
    const adopted = await this.#deps.transaction(async (tx) => {
      const group = await lockGroup(tx, oldId);
      const old = group.get(oldId);
      if (!old) return undefined;
      const existing =
        (await getByBrokerOrderId(tx, accountId, ao.id)) ??
        (old.replacedBy !== null ? await getOrderById(tx, old.replacedBy) : undefined);
      if (existing) return { order: existing, created: false };
      // Alpaca replaced it, whatever we last thought of it (restored after an unknown outcome, or
      // replaced from outside Tradeplane): it is taken through pending_replace like any replace.
      if (old.status !== 'pending_replace')
        await updateOrder(tx, oldId, { status: 'pending_replace', prevStatus: old.status });
      return { order: await storeReplacement(this.#deps, tx, spec), created: true };
    });
    if (!adopted) return undefined;
    if (adopted.created)
      this.#o.log.info(
        { orderId: oldId, replacementId: adopted.order.id, brokerOrderId: ao.id },
        'alpaca replacement adopted',
      );
    await this.apply(accountId, ao, undefined);
    return (await getOrderById(this.#deps.db, adopted.order.id)) ?? adopted.order;
  }

  /** Our replacement as Alpaca made it: its id, client_order_id, fields and (open) status. */
  async #replacementSpec(old: Order, ao: AlpacaOrder): Promise<ReplacementSpec | undefined> {
    const field = (v: string | null | undefined, mine: string | null): D | null => {
      const text = v === undefined ? mine : v;
      return text === null || text === '' ? null : dec(text);
    };
    const remaining = old.qty === null ? null : dec(old.qty).minus(old.filledQty).toFixed();
    const qty = field(ao.qty, remaining);
    if (qty === null) return undefined;
    const tif = (TIFS as readonly string[]).includes(String(ao.time_in_force))
      ? (ao.time_in_force as TimeInForce)
      : old.timeInForce;
    let life = { expiresAt: old.expiresAt, auctionAt: old.auctionAt };
    if (tif !== old.timeInForce) {
      try {
        life = lifetimes(
          { timeInForce: tif, extendedHours: old.extendedHours },
          await this.#deps.clock.current(),
          this.#deps.clock.now(),
        );
      } catch (err) {
        this.#o.log.warn(
          { err, orderId: old.id },
          'no market clock; the replacement keeps the old lifetimes',
        );
      }
    }
    const stopPrice = field(ao.stop_price, old.stopPrice);
    const hwm = field(ao.hwm, old.hwm);
    return {
      orderId: old.id,
      clientOrderId: ao.client_order_id,
      v: {
        timeInForce: tif,
        qty,
        limitPrice: field(ao.limit_price, old.limitPrice),
        stopPrice,
        trailPrice: field(ao.trail_price as string | null | undefined, old.trailPrice),
        trailPercent: field(ao.trail_percent as string | null | undefined, old.trailPercent),
      },
      trail: old.type === 'trailing_stop' && hwm && stopPrice ? { hwm, stopPrice } : undefined,
      life,
      brokerAnswer: { brokerOrderId: ao.id, status: adoptedStatus(ao.status) },
    };
  }

  /**
   * The replace did not happen after all (Alpaca rejected the replacement, or said
   * order_replace_rejected): the old order, stored as replaced, goes back to work — its status by
   * its fills, then Alpaca's — and gets back the legs it had handed over.
   */
  async #unreplace(accountId: string, oldId: string, replacementId: string): Promise<void> {
    const old = await this.#deps.transaction(async (tx) => {
      const group = await lockGroup(tx, oldId);
      const o = group.get(oldId);
      if (!o || o.status !== 'replaced' || o.replacedBy !== replacementId) return undefined;
      const filled = dec(o.filledQty);
      const complete = o.qty !== null && filled.gte(o.qty);
      const back = await updateOrder(tx, oldId, {
        status: complete ? 'filled' : filled.gt(0) ? 'partially_filled' : 'new',
        prevStatus: null,
        replacedBy: null,
        replacedAt: null,
        ...(complete && o.filledAt === null ? { filledAt: new Date() } : {}),
      });
      if (o.parentId === null && o.orderClass !== 'simple')
        await tx
          .updateTable('orders')
          .set({ parent_id: oldId })
          .where('parent_id', '=', replacementId)
          .execute();
      return back;
    });
    if (!old) return;
    this.#o.log.warn(
      { orderId: oldId, replacementId },
      'alpaca did not replace the order after all; restored',
    );
    if (old.brokerOrderId) {
      const now = await this.#fetch(accountId, old.brokerOrderId);
      if (now) await this.apply(accountId, now, undefined);
    }
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

  /**
   * One pass of the loop: unconfirmed submissions looked up again, and given up on after a while;
   * replaces whose outcome is still unknown read back from Alpaca.
   */
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
    // A replace in flight answers within a PATCH and two reads; one pending longer was left so.
    const replaceAfterMs = Math.max(STUCK_REPLACE_MS, 3 * this.#o.timeoutMs);
    const replacing = (
      await stuckOrders(this.#deps.db, ['pending_replace'], new Date(now.getTime() - replaceAfterMs))
    ).filter((o) => o.broker === 'alpaca' && o.brokerOrderId !== null);
    for (const o of replacing) {
      try {
        await this.#settleReplace(o, false);
      } catch (err) {
        this.#o.log.warn({ err, orderId: o.id }, 'alpaca replace read-back failed; tried again later');
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
        codec: this.#deps.config.ALPACA_STREAM_CODEC,
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
      if (!ours) return;
      const from = event === 'order_cancel_rejected' ? 'pending_cancel' : 'pending_replace';
      if (from === 'pending_replace' && ours.status === 'replaced' && ours.replacedBy !== null) {
        // Adopted on Alpaca's 200, then refused (Alpaca: the old order filled first).
        const replacement = await getOrderById(this.#deps.db, ours.replacedBy);
        await this.#unreplace(accountId, ours.id, ours.replacedBy);
        const theirs = replacement?.brokerOrderId
          ? await this.#fetch(accountId, replacement.brokerOrderId)
          : undefined;
        if (theirs) await this.apply(accountId, theirs, undefined);
      } else {
        await restorePending(this.#deps, ours.id, from);
      }
      // Its fills and status as Alpaca reports them (a fill status waits for the fills).
      if (ao.status !== from) await this.apply(accountId, ao, undefined);
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
   * status is final. A replacement Alpaca made of one of our orders is adopted; other orders
   * Alpaca has that we never placed are ignored.
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
      const old =
        typeof ao.replaces === 'string'
          ? await getByBrokerOrderId(this.#deps.db, accountId, ao.replaces)
          : undefined;
      if (old) {
        await this.#adopt(accountId, old.id, ao);
        return;
      }
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
    if (
      status === 'replaced' &&
      typeof ao.replaced_by === 'string' &&
      ours.replacedBy === null &&
      !(await getByBrokerOrderId(this.#deps.db, accountId, ao.replaced_by))
    ) {
      // Replaced at Alpaca by an order we do not have yet: fetched and adopted, never dropped. If
      // it cannot be read now the order is left as it is, to be read back again.
      const by = await this.#fetch(accountId, ao.replaced_by);
      if (by) await this.#adopt(accountId, ours.id, by);
      else this.#o.log.warn({ orderId: ours.id }, 'alpaca replacement not readable yet; adopted later');
      return;
    }
    if (status) await this.#applyStatus(ours.id, ao, status);
    if (status === 'rejected' && ours.replaces !== null) {
      const old = await getOrderById(this.#deps.db, ours.replaces);
      if (old?.replacedBy === ours.id) await this.#unreplace(accountId, old.id, ours.id);
    }
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
    if (ao.filled_qty === undefined || ao.filled_qty === null) return;
    const cum = dec(ao.filled_qty);
    // Recorded only while the order's filled quantity is still the one the difference was taken
    // from (checked under its lock); a reporter that lost that race takes the difference again.
    for (let attempt = 0; attempt < 5; attempt++) {
      const current = await getOrderById(this.#deps.db, orderId);
      if (!current) return;
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
      // An order we already stored as replaced still executes if Alpaca says so (the fill beat
      // the replace, or its event arrived after the PATCH answer): it stays replaced here.
      const replaced = current.status === 'replaced';
      const recorded = await recordExecution(this.#deps, orderId, {
        qty: delta,
        price,
        at: execution?.at && !Number.isNaN(execution.at.getTime()) ? execution.at : new Date(),
        commission: () => dec(0),
        fillable: (o: Order) =>
          dec(o.filledQty).eq(mine) &&
          (replaced ? o.status === 'replaced' : BROKER_FILLABLE.includes(o.status)),
        brokerExecutionId: execution?.id ?? `${ao.id}:${cum.toFixed()}`,
        statusAfter: replaced
          ? 'replaced'
          : status === 'filled' || status === 'partially_filled'
            ? status
            : undefined,
        groupEffects: false,
        notionalOnce: false,
      });
      if (recorded) return;
      const again = await getOrderById(this.#deps.db, orderId);
      // Not fillable, or that execution is recorded already: nothing moved, nothing to retry.
      if (!again || (again.filledQty === current.filledQty && again.status === current.status)) return;
    }
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
      if (status === 'filled' && o.filledAt === null) patch.filledAt = now;
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

const TIFS: readonly TimeInForce[] = ['day', 'gtc', 'opg', 'cls', 'ioc', 'fok'];

/**
 * The status an adopted replacement starts in: Alpaca's while it is open and not a fill status;
 * else `new`, and `apply` then records its fills and takes it to Alpaca's status with its events.
 */
function adoptedStatus(reported: string): OrderStatus {
  if (!KNOWN_STATUSES.has(reported)) return 'new';
  const s = reported as OrderStatus;
  return isOpen(s) && s !== 'partially_filled' ? s : 'new';
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
