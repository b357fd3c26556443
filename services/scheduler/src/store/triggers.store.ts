import { sql } from 'kysely';
import type { AnyDB, AnyTx } from '@tradeplane/kit';
import type {
  MisfirePolicy,
  TimeTrigger,
  Trigger,
  TriggerKind,
  TriggerSpec,
  TriggerTarget,
} from '../domain/trigger.ts';

type Db = AnyDB | AnyTx;

interface Row {
  id: string;
  user_id: string;
  name: string;
  kind: TriggerKind;
  schedule: unknown;
  target: unknown;
  misfire_policy: MisfirePolicy;
  enabled: boolean;
  next_fire_at: Date | null;
  last_fired_at: Date | null;
  version: number;
  created_at: Date;
  updated_at: Date;
}

const json = <T>(v: unknown): T => (typeof v === 'string' ? (JSON.parse(v) as T) : (v as T));

const toTrigger = (r: Row): Trigger =>
  ({
    id: r.id,
    userId: r.user_id,
    name: r.name,
    kind: r.kind,
    schedule: json(r.schedule),
    target: json<TriggerTarget>(r.target),
    misfirePolicy: r.misfire_policy,
    enabled: r.enabled,
    nextFireAt: r.next_fire_at,
    lastFiredAt: r.last_fired_at,
    version: Number(r.version),
    createdAt: r.created_at,
    updatedAt: r.updated_at,
  }) as Trigger;

export interface NewTrigger {
  id: string;
  userId: string;
  name: string;
  spec: TriggerSpec;
  target: TriggerTarget;
  misfirePolicy: MisfirePolicy;
  enabled: boolean;
  nextFireAt: Date | null;
}

export async function insertTrigger(db: Db, t: NewTrigger): Promise<Trigger> {
  const row = (await db
    .insertInto('triggers')
    .values({
      id: t.id,
      user_id: t.userId,
      name: t.name,
      kind: t.spec.kind,
      schedule: JSON.stringify(t.spec.schedule),
      target: JSON.stringify(t.target),
      misfire_policy: t.misfirePolicy,
      enabled: t.enabled,
      next_fire_at: t.nextFireAt,
    })
    .returningAll()
    .executeTakeFirstOrThrow()) as Row;
  return toTrigger(row);
}

/** A user's trigger; undefined for an unknown id and for another user's trigger alike. */
export async function getOwnedTrigger(db: Db, userId: string, id: string): Promise<Trigger | undefined> {
  const row = (await db
    .selectFrom('triggers')
    .selectAll()
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst()) as Row | undefined;
  return row ? toTrigger(row) : undefined;
}

export async function listOwnedTriggers(db: Db, userId: string): Promise<Trigger[]> {
  const rows = (await db
    .selectFrom('triggers')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute()) as Row[];
  return rows.map(toTrigger);
}

export async function countOwnedTriggers(db: Db, userId: string): Promise<number> {
  const r = await db
    .selectFrom('triggers')
    .select((eb) => eb.fn.countAll<string>().as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirstOrThrow();
  return Number(r.n);
}

export interface TriggerChanges {
  name: string;
  spec: TriggerSpec;
  target: TriggerTarget;
  misfirePolicy: MisfirePolicy;
  enabled: boolean;
  /** undefined keeps the stored next fire (a fire may have moved it meanwhile). */
  nextFireAt: Date | null | undefined;
}

/** Rewrites a user's trigger if it is still at `version`; undefined when it changed or went away meanwhile. */
export async function updateOwnedTrigger(
  db: Db,
  userId: string,
  id: string,
  version: number,
  c: TriggerChanges,
): Promise<Trigger | undefined> {
  const row = (await db
    .updateTable('triggers')
    .set({
      name: c.name,
      kind: c.spec.kind,
      schedule: JSON.stringify(c.spec.schedule),
      target: JSON.stringify(c.target),
      misfire_policy: c.misfirePolicy,
      enabled: c.enabled,
      ...(c.nextFireAt !== undefined ? { next_fire_at: c.nextFireAt } : {}),
      version: sql`version + 1`,
      updated_at: sql`now()`,
    })
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .where('version', '=', version)
    .returningAll()
    .executeTakeFirst()) as Row | undefined;
  return row ? toTrigger(row) : undefined;
}

export async function deleteOwnedTrigger(db: Db, userId: string, id: string): Promise<boolean> {
  const r = await db
    .deleteFrom('triggers')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(r.numDeletedRows) > 0;
}

/** Enabled cron and market triggers due at `now`, most overdue first. */
export async function listDueTriggers(db: Db, now: Date, limit: number): Promise<TimeTrigger[]> {
  const rows = (await db
    .selectFrom('triggers')
    .selectAll()
    .where('next_fire_at', 'is not', null)
    .where('next_fire_at', '<=', now)
    .where('enabled', '=', true)
    .orderBy('next_fire_at')
    .orderBy('id')
    .limit(limit)
    .execute()) as Row[];
  return rows.map(toTrigger) as TimeTrigger[];
}

/** Every enabled trigger of a kind (price triggers for the watcher, news triggers per article). */
export async function listEnabledByKind(db: Db, kind: 'price' | 'news'): Promise<Trigger[]> {
  const rows = (await db
    .selectFrom('triggers')
    .selectAll()
    .where('kind', '=', kind)
    .where('enabled', '=', true)
    .execute()) as Row[];
  return rows.map(toTrigger);
}

/**
 * Moves a time trigger's next fire from `due` to `next`, only if it is still enabled and due at
 * `due` (a PATCH, a delete or another fire meanwhile makes this a no-op). True when it moved.
 */
export async function advanceNextFire(db: Db, id: string, due: Date, next: Date | null): Promise<boolean> {
  const r = await db
    .updateTable('triggers')
    .set({ next_fire_at: next })
    .where('id', '=', id)
    .where('enabled', '=', true)
    .where('next_fire_at', '=', due)
    .executeTakeFirst();
  return Number(r.numUpdatedRows) > 0;
}

/**
 * True when the trigger is enabled and still at `version`; locks its row for the rest of the
 * transaction, so a PATCH waits for the fire decided on the version it replaces, or vice versa.
 */
export async function isCurrent(db: Db, id: string, version: number): Promise<boolean> {
  const row = await db
    .selectFrom('triggers')
    .select(['version', 'enabled'])
    .where('id', '=', id)
    .forUpdate()
    .executeTakeFirst();
  return row !== undefined && row.enabled === true && Number(row.version) === version;
}

export async function markFired(db: Db, id: string, firedAt: Date): Promise<void> {
  await db.updateTable('triggers').set({ last_fired_at: firedAt }).where('id', '=', id).execute();
}
