import { randomUUID } from 'node:crypto';
import { dec, isUniqueViolation, uuidv7, type AnyDB, type Dec as D } from '@tradeplane/kit';
import type { RiskCheckRequest, RiskCheckResponse } from '@tradeplane/contracts';
import { acceptedEvents, orderEvent } from '../events/order-events.ts';
import {
  lockAccount,
  publicAccount,
  type AccountWithSecret,
  type PlacementReservation,
} from '../store/accounts.store.ts';
import {
  getByIdempotencyKey,
  getLegs,
  getOrderById,
  insertOrders,
  openOrdersSnapshot,
  storePlacement,
  type OpenOrdersSnapshot,
} from '../store/orders.store.ts';
import type { AssetInfo } from './asset-source.ts';
import type { OrdersDeps } from './deps.ts';
import { OrdersErrors } from './errors.ts';
import { isExtendedHours, isRegularHours, type MarketClockInfo } from './market-clock.ts';
import { summarizeOpenOrders } from './open-orders-summary.ts';
import { validateAgainstMarket, validateShape, type OrderRequest, type ValidOrder } from './order-rules.ts';
import { trailingStopPrice } from './paper-exchange/pricing.ts';
import { QuoteMissingError, type Quote } from './quote-source.ts';
import type { Actor, Order, OrderSource, OrderStatus, OrderWithLegs } from './types.ts';

/** Alpaca cancels GTC orders 90 days after they were placed. */
const GTC_LIFETIME_MS = 90 * 86_400_000;
/** An auction order the auction did not fill is expired this long after the auction time. */
export const AUCTION_GRACE_MS = 5 * 60_000;
/** Alpaca's extended-hours day orders work until the after-hours session ends (20:00 ET). */
const AFTER_HOURS_MS = 4 * 3_600_000;

export interface PlaceOrderInput {
  request: OrderRequest;
  source: OrderSource;
  /** The native API's Idempotency-Key, kept on the order so a retry after a crash finds it. */
  idempotencyKey?: string | undefined;
}

/**
 * Places an order — the money path (ARCHITECTURE §7):
 *   validate → price it (quote) → pre-trade risk check → persist + outbox `order.accepted`
 *   atomically (one statement, see `attempt`) → hand to the broker.
 * If risk cannot be reached the order is refused (503) and nothing is stored or sent anywhere.
 * If risk rejects it the order is stored as `rejected` with risk's code and reason,
 * `order.rejected` is published, and the caller gets a 403 carrying risk's code.
 * Orders placed at once on one account never reserve together more than risk approved
 * (`attempt`: the approval's headroom, checked when the order is stored).
 */
export async function placeOrder(
  deps: OrdersDeps,
  actor: Actor,
  account: AccountWithSecret,
  input: PlaceOrderInput,
): Promise<OrderWithLegs> {
  if (account.status !== 'active') throw OrdersErrors.accountClosed();
  const v = validateShape(input.request);
  if (account.broker === 'alpaca' && v.legs.some((l) => l.type === 'trailing_stop'))
    throw OrdersErrors.invalidOrder(
      'a trailing stop as bracket leg is a paper exchange feature; Alpaca does not take it',
    );
  const clientOrderId = v.clientOrderId ?? randomUUID();
  if (input.idempotencyKey) {
    const earlier = await getByIdempotencyKey(deps.db, actor.userId, input.idempotencyKey);
    if (earlier) return withLegs(deps, earlier);
  }
  // Independent reads, side by side: the market (asset, quote, clock), and in one statement what
  // the account has open and whether the client order id is taken. Their errors keep their order:
  // a duplicate id first, then the market.
  const [open, market] = await Promise.allSettled([
    openOrdersSnapshot(deps.db, account.id, undefined, clientOrderId),
    marketFor(deps, v.symbol, actor),
  ]);
  if (open.status === 'rejected') throw open.reason;
  if (open.value.duplicate) throw OrdersErrors.clientOrderIdNotUnique();
  if (market.status === 'rejected') throw market.reason;
  const [asset, quote, clock] = market.value;
  validateAgainstMarket(v, asset, quote, clock);

  const trail = v.type === 'trailing_stop' ? initialTrail(v, quote) : undefined;
  const placing: Placing = { deps, actor, account, input, v, clientOrderId, asset, quote, clock, trail };
  // Optimistic attempts (see `attempt`), then one that holds the account and cannot conflict.
  let snapshot: OpenOrdersSnapshot | undefined = open.value;
  for (let n = 1; ; n++) {
    const placed = await attempt(placing, snapshot);
    if (placed !== CONFLICT) return placed;
    snapshot = n < OPTIMISTIC_ATTEMPTS ? await openOrdersSnapshot(deps.db, account.id) : undefined;
  }
}

/**
 * Optimistic placements before the one that holds the account row across its risk check. Each
 * attempt that conflicts was outrun by orders placed on the same account meanwhile that used up
 * the approval's headroom: near its limits, an account trading from many connections at once.
 */
const OPTIMISTIC_ATTEMPTS = 3;
const CONFLICT = Symbol('conflict');

interface Placing {
  deps: OrdersDeps;
  actor: Actor;
  account: AccountWithSecret;
  input: PlaceOrderInput;
  v: ValidOrder;
  clientOrderId: string;
  asset: AssetInfo;
  quote: Quote;
  clock: MarketClockInfo;
  trail: { hwm: D; stopPrice: D } | undefined;
}

/**
 * One attempt: risk check on a summary of the account's open orders, then the order stored with
 * its `order.accepted` (or `order.rejected`), then the broker.
 *
 * Buying power, shares and the open-orders limit hold across orders placed at once on one
 * account: an approval states its headroom (how much more the open orders may reserve beyond the
 * summary it was given), and the order is stored — in one statement with its events and its
 * reservation on the account's counters (store: storePlacement) — only if what the placements
 * committed since the summary reserved fits it. Otherwise nothing is written and the caller asks
 * again with a fresh summary. The account row is held only while that statement commits. With
 * `snapshot` undefined the attempt holds the account row from the start (summary, risk check,
 * store), so it cannot conflict.
 */
async function attempt(
  p: Placing,
  snapshot: OpenOrdersSnapshot | undefined,
): Promise<OrderWithLegs | typeof CONFLICT> {
  const { deps, actor, account } = p;
  let decision: RiskCheckResponse | undefined;
  let rows: Order[] = [];
  const check = async (s: OpenOrdersSnapshot) => {
    decision = await deps.risk.check(
      riskRequest(
        account,
        p.v,
        p.quote,
        p.trail?.stopPrice ?? null,
        summarizeOpenOrders(s.groups, deps.quotes),
      ),
      actor,
    );
    rows = orderRows(p, decision);
  };
  if (snapshot) await check(snapshot);
  let stored: Order[];
  try {
    const store = async (db: AnyDB): Promise<Order[] | typeof CONFLICT> => {
      const d = decision!;
      if (!d.approved) return storeRejected(deps, db, account, rows[0]!);
      const mine = reservationOf(rows[0]!, p.quote);
      const h = d.headroom;
      const placed = await storePlacement(db, {
        accountId: account.id,
        orders: rows,
        outbox: deps.outboxRows(acceptedEvents(rows)),
        mine,
        // A risk that states no headroom is taken at its word, as before.
        guard:
          snapshot && h
            ? {
                before: snapshot.counters,
                openOrders: h.openOrders,
                buyNotional: h.buyNotional,
                sellQty: h.sellQty,
                crossingOrders: h.crossingOrders ?? null,
                spendNotional: h.spendNotional ?? null,
              }
            : undefined,
      });
      if (placed.outcome === 'inactive') throw OrdersErrors.accountClosed();
      if (placed.outcome === 'conflict') return CONFLICT;
      deps.kickOutbox();
      return placed.orders;
    };
    const result = snapshot
      ? await store(deps.db)
      : await deps.transaction(async (tx) => {
          // Held from here to the commit: placements of the account wait for this one.
          if (!(await lockAccount(tx, account.userId, account.id))) throw OrdersErrors.accountNotFound();
          await check(await openOrdersSnapshot(tx, account.id));
          return store(tx);
        });
    if (result === CONFLICT) return CONFLICT;
    stored = result;
  } catch (err) {
    if (isUniqueViolation(err, 'orders_client_order_id_key')) throw OrdersErrors.clientOrderIdNotUnique();
    if (isUniqueViolation(err, 'orders_idempotency_key') && p.input.idempotencyKey) {
      const earlier = await getByIdempotencyKey(deps.db, actor.userId, p.input.idempotencyKey);
      if (earlier) return withLegs(deps, earlier);
    }
    throw err;
  }
  const [storedParent, ...storedLegs] = stored;
  if (!decision!.approved)
    throw OrdersErrors.riskRejected(storedParent!.rejectCode!, storedParent!.rejectReason!, storedParent!.id);

  const untouched = await deps
    .broker(account.broker)
    .submit(publicAccount(account), storedParent!, storedLegs);
  // The broker may have filled it already: answer the order as it is now (read again unless the
  // broker says it left it as it was). An order placed without legs has none to read.
  const after = untouched ?? (await getOrderById(deps.db, storedParent!.id)) ?? storedParent!;
  return storedLegs.length > 0 ? withLegs(deps, after) : { ...after, legs: [] };
}

/**
 * A rejected order, stored with its `order.rejected` in one transaction (or in the caller's). A
 * reset or close of the account waits for it, or it sees the account closed.
 */
async function storeRejected(
  deps: OrdersDeps,
  db: AnyDB,
  account: AccountWithSecret,
  order: Order,
): Promise<Order[]> {
  const write = async (tx: AnyDB) => {
    const current = await tx
      .selectFrom('accounts')
      .select('status')
      .where('id', '=', account.id)
      .forShare()
      .executeTakeFirst();
    if (current?.status !== 'active') throw OrdersErrors.accountClosed();
    const rows = await insertOrders(tx, [order]);
    await deps.emit(tx, orderEvent('order.rejected', rows[0]!, order.rejectReason!, order.rejectCode!));
    return rows;
  };
  return db.isTransaction ? write(db) : deps.transaction(write);
}

/** The lifecycle timestamps of an order created at `now` (a placement, a replacement). */
export function newTimestamps(now: Date) {
  return {
    createdAt: now,
    updatedAt: now,
    submittedAt: now,
    filledAt: null,
    expiredAt: null,
    canceledAt: null,
    failedAt: null,
    replacedAt: null,
  } satisfies Partial<Order>;
}

/** What an order reserves the moment it is placed, as the open-orders summary will count it. */
export function reservationOf(o: Order, quote: Pick<Quote, 'last'>): PlacementReservation {
  const qty = o.qty === null ? dec(0) : dec(o.qty).minus(o.filledQty);
  const value = o.notional !== null ? dec(o.notional) : qty.times(o.limitPrice ?? o.stopPrice ?? quote.last);
  if (o.side === 'sell')
    return {
      symbol: o.symbol,
      side: 'sell',
      buyNotional: '0',
      sellQty: qty.toFixed(),
      sellNotional: value.toFixed(),
    };
  return { symbol: o.symbol, side: 'buy', buyNotional: value.toFixed(), sellQty: '0', sellNotional: '0' };
}

/** The order (and its legs) as risk's decision makes it: working, or rejected with risk's reason. */
function orderRows(p: Placing, decision: RiskCheckResponse): Order[] {
  const { account, v, clock, trail, input, clientOrderId, asset } = p;
  const now = p.deps.clock.now();
  const parentId = uuidv7();
  const base = {
    accountId: account.id,
    userId: account.userId,
    idempotencyKey: null,
    symbol: v.symbol,
    assetId: asset?.id ?? null,
    assetClass: asset?.assetClass ?? 'us_equity',
    side: v.side,
    timeInForce: v.timeInForce,
    orderClass: v.orderClass,
    notional: null,
    filledQty: '0',
    filledAvgPrice: null,
    commission: '0',
    extendedHours: v.extendedHours,
    prevStatus: null,
    rejectCode: null,
    rejectReason: null,
    replaces: null,
    replacedBy: null,
    positionIntent: null,
    broker: account.broker,
    brokerOrderId: null,
    source: input.source,
    triggeredAt: null,
    ...newTimestamps(now),
  } satisfies Partial<Order>;
  const life = lifetimes(v, clock, now);
  const parent: Order = {
    ...base,
    id: parentId,
    clientOrderId,
    idempotencyKey: input.idempotencyKey ?? null,
    type: v.type,
    qty: v.qty?.toFixed() ?? null,
    notional: v.notional?.toFixed() ?? null,
    limitPrice: v.limitPrice?.toFixed() ?? null,
    stopPrice: trail?.stopPrice.toFixed() ?? v.stopPrice?.toFixed() ?? null,
    trailPrice: v.trailPrice?.toFixed() ?? null,
    trailPercent: v.trailPercent?.toFixed() ?? null,
    hwm: trail?.hwm.toFixed() ?? null,
    status: decision.approved ? initialStatus(account, v, clock, now) : 'rejected',
    positionIntent: v.positionIntent,
    parentId: null,
    legRole: null,
    exitQty: v.orderClass === 'oco' ? (v.qty?.toFixed() ?? null) : null,
    auctionAt: life.auctionAt,
    expiresAt: life.expiresAt,
    ...(decision.approved
      ? {}
      : {
          rejectCode: decision.code ?? 'RISK_REJECTED',
          rejectReason: decision.message ?? 'rejected by risk',
          failedAt: now,
        }),
  };
  const legs: Order[] = decision.approved
    ? v.legs.map((leg) => ({
        ...base,
        id: uuidv7(),
        clientOrderId: randomUUID(),
        type: leg.type,
        // Exits close what the entry opens: the opposite side (an OCO's legs are both exits).
        side: v.orderClass === 'oco' ? v.side : v.side === 'buy' ? 'sell' : 'buy',
        qty: v.qty!.toFixed(),
        limitPrice: leg.limitPrice?.toFixed() ?? null,
        stopPrice: leg.stopPrice?.toFixed() ?? null,
        trailPrice: leg.trailPrice?.toFixed() ?? null,
        trailPercent: leg.trailPercent?.toFixed() ?? null,
        hwm: null,
        // Bracket/OTO exits wait for the entry; an OCO's stop works held from the start (order-state.ts).
        status: 'held' as OrderStatus,
        parentId,
        legRole: leg.role,
        exitQty: v.orderClass === 'oco' ? v.qty!.toFixed() : null,
        auctionAt: null,
        expiresAt: life.expiresAt,
      }))
    : [];
  return [parent, ...legs];
}

/**
 * Asset, quote and clock, fetched together. An unknown symbol is the answer (422) even when the
 * quote lookup failed first, since market-data has no quote for a symbol it does not know.
 */
async function marketFor(deps: OrdersDeps, symbol: string, actor: Actor) {
  const [asset, quote, clock] = await Promise.allSettled([
    deps.assets.get(symbol, actor),
    latestQuote(deps, symbol, actor),
    deps.clock.current(),
  ]);
  if (asset.status === 'rejected') throw asset.reason;
  if (asset.value === null) throw OrdersErrors.assetNotFound(symbol);
  if (!asset.value.tradable) throw OrdersErrors.assetNotTradable(symbol);
  if (clock.status === 'rejected') throw clock.reason;
  if (quote.status === 'rejected') throw quote.reason;
  return [asset.value, quote.value, clock.value] as const;
}

export async function withLegs(deps: Pick<OrdersDeps, 'db'>, o: Order): Promise<OrderWithLegs> {
  return { ...o, legs: await getLegs(deps.db, [o.id]) };
}

export async function latestQuote(
  deps: Pick<OrdersDeps, 'quotes'>,
  symbol: string,
  actor: Actor,
): Promise<Quote> {
  try {
    return await deps.quotes.latest(symbol, actor);
  } catch (err) {
    if (err instanceof QuoteMissingError) throw OrdersErrors.noQuote(symbol);
    throw err;
  }
}

export function riskRequest(
  account: AccountWithSecret,
  v: ValidOrder,
  quote: Quote,
  stopPrice: D | null,
  open: { summary: RiskCheckRequest['openOrders']; working: NonNullable<RiskCheckRequest['workingSummary']> },
): RiskCheckRequest {
  return {
    accountId: account.id,
    userId: account.userId,
    order: {
      symbol: v.symbol,
      side: v.side,
      type: v.type,
      timeInForce: v.timeInForce,
      orderClass: v.orderClass,
      qty: v.qty?.toFixed() ?? null,
      notional: v.notional?.toFixed() ?? null,
      limitPrice: v.limitPrice?.toFixed() ?? null,
      stopPrice: stopPrice?.toFixed() ?? v.stopPrice?.toFixed() ?? null,
      extendedHours: v.extendedHours,
    },
    quote: { bid: quote.bid.toFixed(), ask: quote.ask.toFixed(), last: quote.last.toFixed() },
    openOrders: open.summary,
    workingSummary: open.working,
  };
}

/** A trailing stop starts from the last trade: hwm = last, stop = last ∓ trail. */
export function initialTrail(
  v: Pick<ValidOrder, 'side' | 'trailPrice' | 'trailPercent'>,
  quote: Quote,
): { hwm: D; stopPrice: D } {
  const o = {
    side: v.side,
    trailPrice: v.trailPrice?.toFixed() ?? null,
    trailPercent: v.trailPercent?.toFixed() ?? null,
  };
  return { hwm: quote.last, stopPrice: trailingStopPrice(o, quote.last) };
}

/**
 * Alpaca's first visible status: `new` once the exchange has the order; `accepted` while the
 * market is closed and the order waits for the session; `pending_new` until Alpaca acknowledges.
 */
function initialStatus(
  account: AccountWithSecret,
  v: ValidOrder,
  clock: MarketClockInfo,
  now: Date,
): OrderStatus {
  if (account.broker === 'alpaca') return 'pending_new';
  if (v.timeInForce === 'opg' || v.timeInForce === 'cls') return 'accepted';
  const tradable = isRegularHours(clock, now) || (v.extendedHours && isExtendedHours(clock, now));
  return tradable ? 'new' : 'accepted';
}

/**
 * When an order stops working. day: at the session close (in 'always' mode the next UTC
 * midnight), extended-hours day orders at the end of after-hours; gtc: 90 days; opg/cls: a few
 * minutes after their auction; ioc/fok never rest.
 */
export function lifetimes(
  v: Pick<ValidOrder, 'timeInForce' | 'extendedHours'>,
  clock: MarketClockInfo,
  now: Date,
): { expiresAt: Date | null; auctionAt: Date | null } {
  switch (v.timeInForce) {
    case 'day':
      return {
        expiresAt:
          v.extendedHours && clock.mode === 'exchange'
            ? new Date(clock.nextClose.getTime() + AFTER_HOURS_MS)
            : clock.nextClose,
        auctionAt: null,
      };
    case 'gtc':
      return { expiresAt: new Date(now.getTime() + GTC_LIFETIME_MS), auctionAt: null };
    case 'opg':
      return { auctionAt: clock.nextOpen, expiresAt: new Date(clock.nextOpen.getTime() + AUCTION_GRACE_MS) };
    case 'cls':
      return {
        auctionAt: clock.nextClose,
        expiresAt: new Date(clock.nextClose.getTime() + AUCTION_GRACE_MS),
      };
    case 'ioc':
    case 'fok':
      return { expiresAt: null, auctionAt: null };
  }
}
