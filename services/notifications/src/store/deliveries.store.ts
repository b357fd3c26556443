import type { AnyDB } from '@tradeplane/kit';
import type { Channel, Delivery, DeliveryStatus } from '../domain/types.ts';

interface Row {
  id: string;
  notification_id: string | null;
  user_id: string;
  channel: Channel;
  endpoint_id: string | null;
  type: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  give_up_at: Date;
  last_status_code: number | null;
  last_error: string | null;
  delivered_at: Date | null;
  created_at: Date;
}

const COLUMNS = [
  'id',
  'notification_id',
  'user_id',
  'channel',
  'endpoint_id',
  'type',
  'status',
  'attempts',
  'next_attempt_at',
  'give_up_at',
  'last_status_code',
  'last_error',
  'delivered_at',
  'created_at',
] as const;

const toDelivery = (r: Row): Delivery => ({
  id: r.id,
  notificationId: r.notification_id,
  userId: r.user_id,
  channel: r.channel,
  endpointId: r.endpoint_id,
  type: r.type,
  status: r.status,
  attempts: Number(r.attempts),
  nextAttemptAt: r.next_attempt_at,
  giveUpAt: r.give_up_at,
  lastStatusCode: r.last_status_code,
  lastError: r.last_error,
  deliveredAt: r.delivered_at,
  createdAt: r.created_at,
});

export type NewDelivery = Pick<
  Delivery,
  | 'id'
  | 'notificationId'
  | 'userId'
  | 'channel'
  | 'endpointId'
  | 'type'
  | 'status'
  | 'nextAttemptAt'
  | 'giveUpAt'
> & { deliveredAt: Date | null; createdAt: Date };

/** Inserts deliveries; one that exists for the same notification, channel and endpoint is left as is. */
export async function insertDeliveries(db: AnyDB, rows: NewDelivery[]): Promise<number> {
  if (rows.length === 0) return 0;
  const result = await db
    .insertInto('deliveries')
    .values(
      rows.map((d) => ({
        id: d.id,
        notification_id: d.notificationId,
        user_id: d.userId,
        channel: d.channel,
        endpoint_id: d.endpointId,
        target_key: d.endpointId ?? '',
        type: d.type,
        status: d.status,
        next_attempt_at: d.nextAttemptAt,
        give_up_at: d.giveUpAt,
        delivered_at: d.deliveredAt,
        created_at: d.createdAt,
        updated_at: d.createdAt,
      })),
    )
    .onConflict((oc) => oc.columns(['notification_id', 'channel', 'target_key']).doNothing())
    .returning('id')
    .execute();
  return result.length;
}

/**
 * Claims up to `limit` due deliveries for one attempt each: the attempt is counted and the row is
 * hidden from other workers until `leaseUntil` (SKIP LOCKED keeps concurrent claims apart). The
 * claimed attempt number fences the result: see finishAttempt.
 */
export async function claimDue(db: AnyDB, now: Date, limit: number, leaseUntil: Date): Promise<Delivery[]> {
  return db.transaction().execute(async (tx) => {
    const due: { id: string }[] = await tx
      .selectFrom('deliveries')
      .select('id')
      .where('status', 'in', ['pending', 'failed'])
      .where('next_attempt_at', '<=', now)
      .orderBy('next_attempt_at')
      .limit(limit)
      .forUpdate()
      .skipLocked()
      .execute();
    if (due.length === 0) return [];
    const rows = (await tx
      .updateTable('deliveries')
      .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: leaseUntil, updated_at: now }))
      .where(
        'id',
        'in',
        due.map((d) => d.id),
      )
      .returning(COLUMNS)
      .execute()) as Row[];
    return rows.map(toDelivery);
  });
}

/** Claims one delivery by id, queued or not (a test delivery is sent at once, outside the queue). */
export async function claimDelivery(
  db: AnyDB,
  id: string,
  now: Date,
  leaseUntil: Date,
): Promise<Delivery | undefined> {
  const row: Row | undefined = await db
    .updateTable('deliveries')
    .set((eb) => ({ attempts: eb('attempts', '+', 1), next_attempt_at: leaseUntil, updated_at: now }))
    .where('id', '=', id)
    .where('status', 'in', ['pending', 'failed'])
    .where((eb) => eb.or([eb('next_attempt_at', 'is', null), eb('next_attempt_at', '<=', now)]))
    .returning(COLUMNS)
    .executeTakeFirst();
  return row && toDelivery(row);
}

export interface AttemptResult {
  status: Exclude<DeliveryStatus, 'pending'>;
  nextAttemptAt: Date | null;
  lastStatusCode: number | null;
  lastError: string | null;
  deliveredAt: Date | null;
}

/**
 * Records the outcome of a claimed attempt, only if the row is still the one claimed (same attempt
 * number, not finished): a worker whose lease ran out cannot overwrite a newer attempt's outcome.
 */
export async function finishAttempt(
  db: AnyDB,
  claimed: Pick<Delivery, 'id' | 'attempts'>,
  r: AttemptResult,
  at: Date,
): Promise<boolean> {
  const result = await db
    .updateTable('deliveries')
    .set({
      status: r.status,
      next_attempt_at: r.nextAttemptAt,
      last_status_code: r.lastStatusCode,
      last_error: r.lastError,
      delivered_at: r.deliveredAt,
      updated_at: at,
    })
    .where('id', '=', claimed.id)
    .where('attempts', '=', claimed.attempts)
    .where('status', 'in', ['pending', 'failed'])
    .executeTakeFirst();
  return Number(result.numUpdatedRows) > 0;
}

export async function getDelivery(db: AnyDB, id: string): Promise<Delivery | undefined> {
  const row: Row | undefined = await db
    .selectFrom('deliveries')
    .select(COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toDelivery(row);
}

/** A webhook endpoint's delivery log, newest first. */
export async function listEndpointDeliveries(
  db: AnyDB,
  endpointId: string,
  page: { limit: number; before?: string | undefined },
): Promise<Delivery[]> {
  let q = db.selectFrom('deliveries').select(COLUMNS).where('endpoint_id', '=', endpointId);
  if (page.before) q = q.where('id', '<', page.before);
  const rows = (await q.orderBy('id', 'desc').limit(page.limit).execute()) as Row[];
  return rows.map(toDelivery);
}

/** Every delivery of a notification (tests, support). */
export async function listNotificationDeliveries(db: AnyDB, notificationId: string): Promise<Delivery[]> {
  const rows = (await db
    .selectFrom('deliveries')
    .select(COLUMNS)
    .where('notification_id', '=', notificationId)
    .orderBy('channel')
    .execute()) as Row[];
  return rows.map(toDelivery);
}
