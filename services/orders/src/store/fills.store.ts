import { toWire, type AnyDB } from '@tradeplane/kit';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Row = Record<string, any>;

export interface Fill {
  id: string;
  orderId: string;
  accountId: string;
  userId: string;
  symbol: string;
  side: 'buy' | 'sell';
  qty: string;
  price: string;
  commission: string;
  brokerExecutionId: string | null;
  executedAt: Date;
}

const toFill = (r: Row): Fill => ({
  id: r.id,
  orderId: r.order_id,
  accountId: r.account_id,
  userId: r.user_id,
  symbol: r.symbol,
  side: r.side,
  qty: toWire(String(r.qty)),
  price: toWire(String(r.price)),
  commission: toWire(String(r.commission)),
  brokerExecutionId: r.broker_execution_id ?? null,
  executedAt: new Date(r.executed_at),
});

export async function insertFill(tx: AnyDB, f: Fill): Promise<Fill> {
  const row: Row = await tx
    .insertInto('fills')
    .values({
      id: f.id,
      order_id: f.orderId,
      account_id: f.accountId,
      user_id: f.userId,
      symbol: f.symbol,
      side: f.side,
      qty: f.qty,
      price: f.price,
      commission: f.commission,
      broker_execution_id: f.brokerExecutionId,
      executed_at: f.executedAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow();
  return toFill(row);
}

export async function hasExecution(tx: AnyDB, orderId: string, brokerExecutionId: string): Promise<boolean> {
  const row = await tx
    .selectFrom('fills')
    .select('id')
    .where('order_id', '=', orderId)
    .where('broker_execution_id', '=', brokerExecutionId)
    .executeTakeFirst();
  return row !== undefined;
}

export async function fillsOfOrder(db: AnyDB, orderId: string): Promise<Fill[]> {
  const rows: Row[] = await db
    .selectFrom('fills')
    .selectAll()
    .where('order_id', '=', orderId)
    .orderBy('id')
    .execute();
  return rows.map(toFill);
}

export async function fillsOfAccount(db: AnyDB, accountId: string): Promise<Fill[]> {
  const rows: Row[] = await db
    .selectFrom('fills')
    .selectAll()
    .where('account_id', '=', accountId)
    .orderBy('id')
    .execute();
  return rows.map(toFill);
}
