import { sql } from 'kysely';
import type { AnyDB, AnyTx } from '@tradeplane/kit';
import type { TriggerRun } from '../domain/trigger.ts';

type Db = AnyDB | AnyTx;

interface Row {
  id: string;
  trigger_id: string;
  user_id: string;
  scheduled_for: Date;
  fired_at: Date;
  misfire: boolean;
  status: 'fired' | 'skipped';
  reason: string;
  context: unknown;
}

const toRun = (r: Row): TriggerRun => ({
  id: r.id,
  triggerId: r.trigger_id,
  userId: r.user_id,
  scheduledFor: r.scheduled_for,
  firedAt: r.fired_at,
  misfire: r.misfire,
  status: r.status,
  reason: r.reason,
  context: (typeof r.context === 'string' ? JSON.parse(r.context) : r.context) as Record<string, unknown>,
});

export interface NewRun extends TriggerRun {
  occurrenceKey: string;
  fencingToken: number | null;
}

/**
 * Writes the run of one occurrence. False, writing nothing, when that occurrence already has a
 * run: the unique (trigger, scheduled_for, occurrence_key) index is what makes a double fire
 * impossible, whoever attempts it.
 */
export async function insertRun(db: Db, r: NewRun): Promise<boolean> {
  const inserted = await db
    .insertInto('runs')
    .values({
      id: r.id,
      trigger_id: r.triggerId,
      user_id: r.userId,
      scheduled_for: r.scheduledFor,
      occurrence_key: r.occurrenceKey,
      fired_at: r.firedAt,
      misfire: r.misfire,
      status: r.status,
      reason: r.reason,
      context: JSON.stringify(r.context),
      fencing_token: r.fencingToken,
    })
    .onConflict((oc) => oc.columns(['trigger_id', 'scheduled_for', 'occurrence_key']).doNothing())
    .returning('id')
    .executeTakeFirst();
  return inserted !== undefined;
}

/** The id of the `trigger.fired` event a run emitted (for tracing a fire to its consumers). */
export async function setRunEvent(db: Db, runId: string, eventId: string): Promise<void> {
  await db.updateTable('runs').set({ event_id: eventId }).where('id', '=', runId).execute();
}

/** A trigger's runs, newest first; `before` is the last id of the previous page (ids are UUIDv7). */
export async function listRuns(
  db: Db,
  triggerId: string,
  page: { limit: number; before?: string | undefined },
): Promise<TriggerRun[]> {
  let q = db.selectFrom('runs').selectAll().where('trigger_id', '=', triggerId);
  if (page.before) q = q.where('id', '<', page.before);
  const rows = (await q.orderBy('id', 'desc').limit(page.limit).execute()) as Row[];
  return rows.map(toRun);
}

export async function pruneRuns(db: Db, olderThanDays: number): Promise<number> {
  const r = await db
    .deleteFrom('runs')
    .where('fired_at', '<', sql<Date>`now() - (${olderThanDays}::float8 * interval '1 day')`)
    .executeTakeFirst();
  return Number(r.numDeletedRows);
}
