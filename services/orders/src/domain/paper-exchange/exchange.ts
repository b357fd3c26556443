import {
  Dec,
  dec,
  type Dec as D,
  type EventBus,
  type Lease,
  type LockManager,
  type Logger,
} from '@tradeplane/kit';
import { getAccountById } from '../../store/accounts.store.ts';
import { getLegs, getOrderById, lockGroup, updateOrder, workingOrders } from '../../store/orders.store.ts';
import type { BrokerPort, OrdersDeps } from '../deps.ts';
import { closeInGroup, recordExecution, type ExecutionOutcome } from '../executions.ts';
import { isExtendedHours, isRegularHours } from '../market-clock.ts';
import { isOpen, isPaperWorking, PAPER_FILLABLE } from '../order-state.ts';
import type { Quote, Trade } from '../quote-source.ts';
import type { Account, CommissionModel, Order } from '../types.ts';
import {
  commissionFor,
  displayedSize,
  isLimitLike,
  isMarketLike,
  lotRound,
  nextHwm,
  onQuote,
  onTradeForLimit,
  remainingQty,
  roundToNearestTick,
  trailingStopPrice,
  triggers,
  type PaperModel,
} from './pricing.ts';
import { SeededRandom } from './rng.ts';

/** The lease that makes one instance the matcher (cluster mode runs several orders instances). */
export const MATCHER_LOCK = 'orders:matcher';
/** Other instances tell the matcher about an order they accepted (lossy: the resync catches misses). */
export const WAKE_CHANNEL = 'orders.paper.wake';

export interface PaperExchangeOptions {
  deps: OrdersDeps;
  locks: LockManager;
  bus: EventBus;
  log: Logger;
  model: PaperModel;
  seed: number;
  /** The platform-wide commission model; an account may carry its own. */
  commission: CommissionModel;
  leaseMs: number;
}

/**
 * The paper exchange: the default broker. It keeps the working paper orders in memory, indexed
 * by symbol, and evaluates them on every quote and trade of the live feed; executions go
 * through `recordExecution`, so the database decides what really fills.
 *
 * Determinism: every event (quote, trade, new order, clock tick) is handled one after another on
 * one queue, orders of a symbol in time priority (id order), and the only randomness (slippage
 * jitter) comes from a generator seeded with PAPER_SEED — the same events give the same fills.
 *
 * Cluster mode: only the holder of the `orders:matcher` lease runs the book; the others hand new
 * orders over on the bus, and the leader re-reads the working orders every ORDERS_RESYNC_MS.
 */
export class PaperExchange implements BrokerPort {
  readonly #o: PaperExchangeOptions;
  readonly #book = new Map<string, Map<string, Order>>();
  readonly #rng: SeededRandom;
  /** Last price per symbol (trade price or quote midpoint) with its time: the close auction's price. */
  readonly #last = new Map<string, { price: D; at: Date }>();
  readonly #commission = new Map<string, CommissionModel | null>();
  readonly #unsubscribe: (() => void)[] = [];
  #queue: Promise<unknown> = Promise.resolve();
  #lease: Lease | undefined;
  #stopped = false;

  constructor(opts: PaperExchangeOptions) {
    this.#o = opts;
    this.#rng = new SeededRandom(opts.seed);
  }

  get isLeader(): boolean {
    return this.#lease !== undefined;
  }

  /** Starts listening to the feed; leadership comes with `maintainLease`. */
  start(): void {
    const { deps, bus } = this.#o;
    this.#unsubscribe.push(
      deps.quotes.onQuote((q) => {
        if (!this.isLeader) return;
        // Most symbols have no working paper order: remember the price, skip the queue.
        if (!this.#book.has(q.symbol))
          this.#track(q.symbol, roundToNearestTick(q.bid.plus(q.ask).div(2)), q.at);
        else void this.#enqueue(() => this.#handleQuote(q));
      }),
      deps.quotes.onTrade((t) => {
        if (!this.isLeader) return;
        if (!this.#book.has(t.symbol)) this.#track(t.symbol, t.price, t.at);
        else void this.#enqueue(() => this.#handleTrade(t));
      }),
      bus.onBroadcast(WAKE_CHANNEL, (payload) => {
        const id = (payload as { orderId?: unknown } | null)?.orderId;
        if (this.isLeader && typeof id === 'string') void this.#enqueue(() => this.#onNew(id));
      }),
    );
  }

  /** Takes or keeps the matcher lease; a new leader loads the book from the database. */
  async maintainLease(): Promise<void> {
    if (this.#stopped) return;
    const { locks, leaseMs, log } = this.#o;
    if (this.#lease) {
      if (await this.#lease.extend(leaseMs)) return;
      log.warn('paper exchange lost the matcher lease');
      this.#lease = undefined;
      this.#book.clear();
      return;
    }
    const lease = await locks.tryAcquire(MATCHER_LOCK, leaseMs);
    if (!lease) return;
    this.#lease = lease;
    log.info({ fencingToken: lease.fencingToken }, 'paper exchange is the matcher');
    await this.#enqueue(() => this.#loadBook());
  }

  /** Re-reads the working orders (orders another instance accepted while the wake was lost). */
  resync(): Promise<void> {
    if (!this.isLeader) return Promise.resolve();
    return this.#enqueue(() => this.#loadBook());
  }

  /** Runs `fn` on the exchange's queue (the expiry loop uses it so expiry and fills never interleave). */
  run<T>(fn: () => Promise<T>): Promise<T> {
    return this.#enqueue(fn);
  }

  /** Resolves when every queued event has been handled (tests await this instead of sleeping). */
  async idle(): Promise<void> {
    let seen: Promise<unknown>;
    do {
      seen = this.#queue;
      await seen;
    } while (seen !== this.#queue);
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    for (const u of this.#unsubscribe.splice(0)) u();
    await this.idle();
    const lease = this.#lease;
    this.#lease = undefined;
    this.#book.clear();
    if (lease) await lease.release();
  }

  // ------------------------------------------------------------------------- BrokerPort
  /**
   * Never throws: the order is already accepted and committed, so a failure to work it now must
   * not turn into an error for the client (who could not tell whether to retry); the next
   * resync picks the order up.
   */
  async submit(_account: Account, order: Order, legs: Order[] = []): Promise<Order | void> {
    try {
      // The rows were just committed and nobody has their ids yet: no need to read them again.
      if (this.isLeader) {
        const untouched = await this.#enqueue(() => this.#onNew(order.id, { order, legs }));
        return untouched ? order : undefined;
      }
      await this.#o.bus.broadcast(WAKE_CHANNEL, { orderId: order.id });
    } catch (err) {
      this.#o.log.error({ err, orderId: order.id }, 'paper exchange could not take an accepted order yet');
    }
  }

  /** The paper exchange acknowledges a cancel at once: the cancel use case has already made it final. */
  cancel(): Promise<'canceled'> {
    return Promise.resolve('canceled');
  }

  /** Orders changed outside the exchange: re-read them (drops canceled ones, adds activated legs). */
  changed(ids: string[]): void {
    if (!this.isLeader || ids.length === 0) return;
    void this.#enqueue(async () => {
      for (const id of ids) await this.#refresh(id);
    });
  }

  /** Fills close-auction orders whose auction time has passed, at the last price before it. */
  async runAuctions(now: Date): Promise<void> {
    for (const [symbol, orders] of this.#book) {
      const last = this.#last.get(symbol);
      for (const o of [...orders.values()]) {
        if (o.timeInForce !== 'cls' || !o.auctionAt || o.auctionAt > now) continue;
        if (!last || last.at >= o.auctionAt) continue;
        await this.#auctionFill(o, last.price, now);
      }
    }
  }

  // ------------------------------------------------------------------------- internals
  #enqueue<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.#queue.then(fn);
    this.#queue = run.catch((err: unknown) => this.#o.log.error({ err }, 'paper exchange step failed'));
    return run;
  }

  async #loadBook(): Promise<void> {
    // Held orders too: the armed ones (a bracket's or an OCO's stop) work, the waiting legs do not.
    const candidates = await workingOrders(this.#o.deps.db, 'paper', [...PAPER_FILLABLE, 'held']);
    this.#book.clear();
    for (const o of candidates.filter(isPaperWorking)) this.#put(o);
  }

  #ordersOf(symbol: string): Order[] {
    return [...(this.#book.get(symbol)?.values() ?? [])].sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  #put(o: Order): void {
    if (o.broker !== 'paper') return;
    let bySymbol = this.#book.get(o.symbol);
    if (isPaperWorking(o)) {
      if (!bySymbol) {
        bySymbol = new Map();
        this.#book.set(o.symbol, bySymbol);
      }
      bySymbol.set(o.id, o);
    } else if (bySymbol) {
      bySymbol.delete(o.id);
      if (bySymbol.size === 0) this.#book.delete(o.symbol);
    }
  }

  async #refresh(id: string): Promise<Order | undefined> {
    const o = await getOrderById(this.#o.deps.db, id);
    if (!o) return undefined;
    this.#put(o);
    return o;
  }

  #sessionOk(o: Order, at: Date): boolean {
    const clock = this.#o.deps.clock.cached();
    if (!clock) return false;
    if (isRegularHours(clock, at)) return true;
    return o.extendedHours && isExtendedHours(clock, at);
  }

  async #commissionModel(accountId: string): Promise<CommissionModel> {
    if (!this.#commission.has(accountId)) {
      const account = await getAccountById(this.#o.deps.db, accountId);
      this.#commission.set(accountId, account?.commission ?? null);
    }
    return this.#commission.get(accountId) ?? this.#o.commission;
  }

  async #execute(
    o: Order,
    qty: D,
    price: D,
    at: Date,
    allOrNothing = false,
  ): Promise<ExecutionOutcome | undefined> {
    const model = await this.#commissionModel(o.accountId);
    const out = await recordExecution(this.#o.deps, o.id, {
      qty,
      price,
      at,
      commission: (q, p, first) => commissionFor(model, q, p, first),
      fillable: isPaperWorking,
      allOrNothing,
      groupEffects: true,
    });
    if (!out) {
      await this.#refresh(o.id);
      return undefined;
    }
    this.#put(out.order);
    for (const c of out.changed) this.#put(c);
    return out;
  }

  #track(symbol: string, price: D, at: Date): void {
    const known = this.#last.get(symbol);
    if (!known || known.at <= at) this.#last.set(symbol, { price, at });
  }

  async #handleQuote(q: Quote): Promise<void> {
    const mid = roundToNearestTick(q.bid.plus(q.ask).div(2));
    await this.#runAuctionsFor(q.symbol, q.at, mid);
    this.#track(q.symbol, mid, q.at);
    let buy = displayedSize('buy', q, this.#o.model);
    let sell = displayedSize('sell', q, this.#o.model);
    for (const o of this.#ordersOf(q.symbol)) {
      if (o.timeInForce === 'opg' || o.timeInForce === 'cls' || !this.#sessionOk(o, q.at)) continue;
      const available = o.side === 'buy' ? buy : sell;
      if (available !== undefined && available.lte(0)) continue;
      const d = onQuote(o, q, available, this.#o.model, this.#rng);
      if (!d) continue;
      const out = await this.#execute(o, d.qty, d.price, q.at);
      if (!out || o.qty === null) continue;
      const took = dec(out.fill.qty);
      if (o.side === 'buy' && buy !== undefined) buy = Dec.max(buy.minus(took), 0);
      if (o.side === 'sell' && sell !== undefined) sell = Dec.max(sell.minus(took), 0);
    }
  }

  async #handleTrade(t: Trade): Promise<void> {
    await this.#runAuctionsFor(t.symbol, t.at, t.price);
    this.#track(t.symbol, t.price, t.at);
    for (let o of this.#ordersOf(t.symbol)) {
      if (o.timeInForce === 'opg' || o.timeInForce === 'cls' || !this.#sessionOk(o, t.at)) continue;
      if (o.type === 'trailing_stop' && o.triggeredAt === null) {
        const hwm = nextHwm(o, t.price);
        if (hwm) o = (await this.#moveTrail(o, hwm)) ?? o;
      }
      if (triggers(o, t)) {
        const fired = await this.#trigger(o, t.at);
        if (!fired) continue;
        o = fired;
        const q = this.#o.deps.quotes.peek(o.symbol);
        if (q && (isMarketLike(o) || isLimitLike(o))) {
          const d = onQuote(o, q, displayedSize(o.side, q, this.#o.model), this.#o.model, this.#rng);
          if (d) await this.#execute(o, d.qty, d.price, t.at);
        }
        continue;
      }
      const d = onTradeForLimit(o, t, this.#o.model);
      if (d) await this.#execute(o, d.qty, d.price, t.at);
    }
  }

  /** Raises (sell) or lowers (buy) a trailing stop's high-water mark and its stop price. */
  async #moveTrail(o: Order, hwm: D): Promise<Order | undefined> {
    const stopPrice = trailingStopPrice(o, hwm).toFixed();
    const updated = await this.#o.deps.transaction(async (tx) => {
      const group = await lockGroup(tx, o.id);
      const current = group.get(o.id);
      if (!current || !isPaperWorking(current) || current.triggeredAt !== null) return undefined;
      if (current.hwm !== null && !nextHwm(current, hwm)) return current;
      return updateOrder(tx, o.id, { hwm: hwm.toFixed(), stopPrice });
    });
    if (updated) this.#put(updated);
    else await this.#refresh(o.id);
    return updated;
  }

  async #trigger(o: Order, at: Date): Promise<Order | undefined> {
    const updated = await this.#o.deps.transaction(async (tx) => {
      const group = await lockGroup(tx, o.id);
      const current = group.get(o.id);
      if (!current || !isPaperWorking(current) || current.triggeredAt !== null) return undefined;
      return updateOrder(tx, o.id, { triggeredAt: at });
    });
    if (updated) this.#put(updated);
    else await this.#refresh(o.id);
    return updated;
  }

  /**
   * Auction orders: opg fills at the first price at or after the open (the opening print, or the
   * first quote's midpoint); cls at the last price before the close. One price for buyers and
   * sellers, no slippage and no size limit, as an auction clears; a limit that the auction price
   * does not satisfy stays unfilled and expires.
   */
  async #runAuctionsFor(symbol: string, at: Date, price: D): Promise<void> {
    for (const o of this.#ordersOf(symbol)) {
      if (!o.auctionAt || at < o.auctionAt) continue;
      if (o.timeInForce === 'opg') await this.#auctionFill(o, price, at);
      if (o.timeInForce === 'cls') {
        const last = this.#last.get(symbol);
        if (last && last.at < o.auctionAt) await this.#auctionFill(o, last.price, at);
      }
    }
  }

  async #auctionFill(o: Order, price: D, at: Date): Promise<void> {
    if (o.limitPrice !== null) {
      const limit = dec(o.limitPrice);
      if (o.side === 'buy' ? price.gt(limit) : price.lt(limit)) return;
    }
    const qty = lotRound(o, remainingQty(o, price));
    if (qty.gt(0)) await this.#execute(o, qty, price, at);
  }

  /**
   * A new order: on the book, and executed at once when it can be. `known` is the order and its
   * legs as the placement stored them (the leader's own placements); an order another instance
   * accepted is read from the database. Either way executions go through the database, which
   * decides what really fills.
   */
  async #onNew(orderId: string, known?: { order: Order; legs: Order[] }): Promise<boolean> {
    const { deps } = this.#o;
    const o = known?.order ?? (await getOrderById(deps.db, orderId));
    if (!o || o.broker !== 'paper') return false;
    this.#put(o);
    for (const leg of known?.legs ?? (await getLegs(deps.db, [o.id]))) this.#put(leg);
    // Auction orders wait for their auction (#runAuctionsFor).
    if (!isPaperWorking(o) || o.timeInForce === 'opg' || o.timeInForce === 'cls') return true;
    let untouched = true;
    const now = deps.clock.now();
    const immediate = o.timeInForce === 'ioc' || o.timeInForce === 'fok';
    if (immediate || isMarketLike(o) || isLimitLike(o)) {
      let q: Quote | undefined = deps.quotes.peek(o.symbol);
      if (!q) q = await deps.quotes.latest(o.symbol).catch(() => undefined);
      if (q && this.#sessionOk(o, now)) {
        const d = onQuote(o, q, displayedSize(o.side, q, this.#o.model), this.#o.model, this.#rng);
        const fok = o.timeInForce === 'fok';
        // FOK: all of it in one execution, or nothing (Alpaca: "filled in its entirety or canceled").
        if (d && !(fok && d.qty.lt(remainingQty(o, d.price)))) {
          untouched = false;
          await this.#execute(o, d.qty, d.price, now, fok);
        }
      }
    }
    if (immediate) {
      untouched = false;
      // IOC: whatever did not fill at once is canceled; FOK: all of it when it did not fill.
      await this.#systemCancel(
        o.id,
        o.timeInForce === 'ioc' ? 'IOC remainder canceled' : 'FOK order could not fill in full',
        'ORDERS_' + o.timeInForce.toUpperCase(),
      );
    }
    return untouched;
  }

  async #systemCancel(orderId: string, message: string, code: string): Promise<void> {
    const { deps } = this.#o;
    const result = await deps.transaction(async (tx) => {
      const group = await lockGroup(tx, orderId);
      const target = group.get(orderId);
      if (!target || !isOpen(target.status)) return undefined;
      return closeInGroup(tx, deps, group, target, 'canceled', { message, code }, deps.clock.now());
    });
    for (const o of [...(result?.closed ?? []), ...(result?.activated ?? [])]) this.#put(o);
  }
}
