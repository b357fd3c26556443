import type { OrderClass, OrderSide, OrderStatus, OrderType, TimeInForce } from '@tradeplane/contracts';

export type { OrderClass, OrderSide, OrderStatus, OrderType, TimeInForce };

export type BrokerKind = 'paper' | 'alpaca';
export type LegRole = 'take_profit' | 'stop_loss';
/** Where an order came from: the native API, the Alpaca-compatible API, or another service. */
export type OrderSource = 'api' | 'alpaca' | 'internal';

/**
 * An order as orders keeps it. Money and quantities are canonical decimal strings (NUMERIC in SQL);
 * arithmetic converts them to the kit's `Dec` and back.
 */
export interface Order {
  id: string;
  accountId: string;
  userId: string;
  clientOrderId: string;
  idempotencyKey: string | null;
  symbol: string;
  assetId: string | null;
  assetClass: string;
  side: OrderSide;
  type: OrderType;
  timeInForce: TimeInForce;
  orderClass: OrderClass;
  qty: string | null;
  notional: string | null;
  filledQty: string;
  filledAvgPrice: string | null;
  /** Commission charged so far over the order's fills. */
  commission: string;
  limitPrice: string | null;
  stopPrice: string | null;
  trailPrice: string | null;
  trailPercent: string | null;
  /** Trailing stops: the best price since the order started working (Alpaca's high-water mark). */
  hwm: string | null;
  extendedHours: boolean;
  status: OrderStatus;
  prevStatus: OrderStatus | null;
  rejectCode: string | null;
  rejectReason: string | null;
  parentId: string | null;
  legRole: LegRole | null;
  exitQty: string | null;
  replaces: string | null;
  replacedBy: string | null;
  positionIntent: string | null;
  broker: BrokerKind;
  brokerOrderId: string | null;
  source: OrderSource;
  triggeredAt: Date | null;
  auctionAt: Date | null;
  expiresAt: Date | null;
  createdAt: Date;
  updatedAt: Date;
  submittedAt: Date | null;
  filledAt: Date | null;
  expiredAt: Date | null;
  canceledAt: Date | null;
  failedAt: Date | null;
  replacedAt: Date | null;
}

/** An order with its legs (bracket, OCO and OTO exits), as the APIs return it. */
export interface OrderWithLegs extends Order {
  legs: Order[];
}

export interface CommissionModel {
  perShare: string;
  perOrder: string;
  bps: string;
  min: string;
}

export interface Account {
  id: string;
  userId: string;
  name: string;
  isDefault: boolean;
  broker: BrokerKind;
  status: 'active' | 'closed';
  initialCash: string;
  marginEnabled: boolean;
  alpaca: { keyId: string; baseUrl: string; paper: boolean } | null;
  commission: CommissionModel | null;
  createdAt: Date;
  updatedAt: Date;
  closedAt: Date | null;
}

/** Who an operation acts for; calls to other services carry it. */
export interface Actor {
  userId: string;
  roles: string[];
  plan: string;
}

/** One execution to record against an order. */
export interface Execution {
  qty: string;
  price: string;
  commission: string;
  at: Date;
  /** The broker's execution id (Alpaca `execution_id`), so a repeated stream event is recorded once. */
  brokerExecutionId?: string | undefined;
}
