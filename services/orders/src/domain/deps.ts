import type { AnyDB, AnyTx, Logger, NewEvent, OutboxRow, SecretBox, ServiceContext } from '@tradeplane/kit';
import type { OrdersConfig } from '../config.ts';
import type { AssetSource } from './asset-source.ts';
import type { MarketClock } from './market-clock.ts';
import type { QuoteSource } from './quote-source.ts';
import type { PortfolioGate, RiskGate } from './risk-gate.ts';
import type { Account, Order } from './types.ts';

/**
 * What a broker does with an accepted order. The paper exchange executes it here; the Alpaca
 * broker sends it to Alpaca. Both report executions through `recordExecution`.
 */
export interface BrokerPort {
  /**
   * Hands an accepted order (and its legs) to the broker; after commit, never inside a transaction.
   * May answer the order when the broker knows it is still exactly as it was handed over (it did
   * not execute or cancel it), so the caller need not read it again; otherwise nothing.
   */
  submit(account: Account, order: Order, legs: Order[]): Promise<Order | void>;
  /**
   * Asks the broker to cancel. Returns 'canceled' when the cancel is final now (paper), or
   * 'pending' when the broker confirms later (Alpaca: pending_cancel until its stream says canceled).
   */
  cancel(account: Account, order: Order): Promise<'canceled' | 'pending'>;
  /**
   * Reads the order back from the broker and applies what the broker has (status, fills): the
   * broker's word on an order whose outcome we have not heard yet. Brokers that execute here
   * (paper) have nothing to read back.
   */
  reconcile?(orderId: string): Promise<Order | undefined>;
  /**
   * Replaces an order at the broker (Alpaca PATCH /v2/orders/{id}) and stores the replacement the
   * broker made (`storeReplacement`), which comes back — or the order itself, still
   * pending_replace, when the outcome is not known yet. The paper exchange has no such step: the
   * replace use case does it all.
   */
  replace?(account: Account, order: Order, patch: ReplacePatch): Promise<Order>;
}

/** The fields of an Alpaca replace request, as Alpaca names them. */
export interface ReplacePatch {
  qty?: string;
  time_in_force?: string;
  limit_price?: string;
  stop_price?: string;
  trail?: string;
  client_order_id?: string;
}

/** What orders' use cases need from the runtime; routes, loops, subscribers and tests hand the same. */
export interface OrdersDeps {
  db: AnyDB;
  /** A transaction whose outbox events are published right after commit. */
  transaction<T>(fn: (tx: AnyTx) => Promise<T>): Promise<T>;
  emit: ServiceContext['emit'];
  /**
   * Events as outbox rows, for a statement that stages them itself (a placement's one statement);
   * `kickOutbox` then has the relay publish them once it committed.
   */
  outboxRows(events: NewEvent[]): OutboxRow[];
  kickOutbox(): void;
  config: Readonly<OrdersConfig>;
  log: Logger;
  quotes: QuoteSource;
  assets: AssetSource;
  clock: MarketClock;
  risk: RiskGate;
  portfolio: PortfolioGate;
  secrets: SecretBox;
  /** The broker of an account kind. */
  broker(kind: 'paper' | 'alpaca'): BrokerPort;
  /** Tells the paper exchange that orders changed outside it (canceled, expired, replaced, activated). */
  onOrdersChanged(orderIds: string[]): void;
}
