import { uuidv7 } from '@tradeplane/kit';
import type { SchedulerDeps } from './deps.ts';
import { SchedulerErrors } from './errors.ts';
import { nextFireAt } from './fire-due.ts';
import type { MisfirePolicy, Trigger, TriggerRun, TriggerSpec } from './trigger.ts';
import { parseKind, parseMisfirePolicy, parseName, parseSpec, parseTarget } from './validate-trigger.ts';
import { listRuns as listRunRows } from '../store/runs.store.ts';
import {
  countOwnedTriggers,
  deleteOwnedTrigger,
  getOwnedTrigger,
  insertTrigger,
  listOwnedTriggers,
  updateOwnedTrigger,
} from '../store/triggers.store.ts';

/** A trigger as the client sends it; every field is checked here, with a message naming the field. */
export interface TriggerInput {
  name: unknown;
  kind: unknown;
  schedule: unknown;
  target: unknown;
  misfirePolicy?: unknown;
  enabled?: boolean | undefined;
}

export type TriggerPatch = Partial<TriggerInput>;

/** When an enabled trigger of this kind and schedule fires next (null for price and news triggers). */
async function firstFire(deps: SchedulerDeps, spec: TriggerSpec): Promise<Date | null> {
  switch (spec.kind) {
    case 'cron':
    case 'market':
      return nextFireAt(deps, spec, deps.now());
    case 'price':
    case 'news':
      return null;
  }
}

export async function createTrigger(
  deps: SchedulerDeps,
  userId: string,
  input: TriggerInput,
): Promise<Trigger> {
  const name = parseName(input.name);
  const spec = parseSpec(parseKind(input.kind), input.schedule, deps.now());
  const target = parseTarget(input.target);
  const misfirePolicy: MisfirePolicy =
    input.misfirePolicy === undefined ? 'fire_once' : parseMisfirePolicy(input.misfirePolicy);
  const enabled = input.enabled ?? true;
  const max = deps.config.SCHEDULER_MAX_TRIGGERS_PER_USER;
  if ((await countOwnedTriggers(deps.db, userId)) >= max) throw SchedulerErrors.tooManyTriggers(max);
  return insertTrigger(deps.db, {
    id: uuidv7(),
    userId,
    name,
    spec,
    target,
    misfirePolicy,
    enabled,
    nextFireAt: enabled ? await firstFire(deps, spec) : null,
  });
}

export const listTriggers = (deps: SchedulerDeps, userId: string) => listOwnedTriggers(deps.db, userId);

export async function getTrigger(deps: SchedulerDeps, userId: string, id: string): Promise<Trigger> {
  const t = await getOwnedTrigger(deps.db, userId, id);
  if (!t) throw SchedulerErrors.triggerNotFound();
  return t;
}

/**
 * Changes some fields. The next fire is recomputed from now when the schedule (or kind) changes or
 * the trigger is enabled again, so re-enabling never fires for the time it was off; a disabled
 * trigger has none.
 */
export async function updateTrigger(
  deps: SchedulerDeps,
  userId: string,
  id: string,
  patch: TriggerPatch,
): Promise<Trigger> {
  const cur = await getTrigger(deps, userId, id);
  const kind = patch.kind !== undefined ? parseKind(patch.kind) : cur.kind;
  if (kind !== cur.kind && patch.schedule === undefined)
    throw SchedulerErrors.invalidTrigger('schedule', `is required when kind changes to ${kind}`);
  const spec: TriggerSpec =
    patch.schedule !== undefined
      ? parseSpec(kind, patch.schedule, deps.now())
      : ({ kind: cur.kind, schedule: cur.schedule } as TriggerSpec);
  const name = patch.name !== undefined ? parseName(patch.name) : cur.name;
  const target = patch.target !== undefined ? parseTarget(patch.target) : cur.target;
  const misfirePolicy =
    patch.misfirePolicy !== undefined ? parseMisfirePolicy(patch.misfirePolicy) : cur.misfirePolicy;
  const enabled = patch.enabled ?? cur.enabled;
  const rescheduled = patch.schedule !== undefined || kind !== cur.kind;
  let next: Date | null | undefined;
  if (!enabled) next = null;
  else if (rescheduled || !cur.enabled) next = await firstFire(deps, spec);
  const updated = await updateOwnedTrigger(deps.db, userId, id, cur.version, {
    name,
    spec,
    target,
    misfirePolicy,
    enabled,
    nextFireAt: next,
  });
  if (updated) return updated;
  if (!(await getOwnedTrigger(deps.db, userId, id))) throw SchedulerErrors.triggerNotFound();
  throw SchedulerErrors.changedConcurrently();
}

export async function deleteTrigger(deps: SchedulerDeps, userId: string, id: string): Promise<void> {
  if (!(await deleteOwnedTrigger(deps.db, userId, id))) throw SchedulerErrors.triggerNotFound();
}

export async function listTriggerRuns(
  deps: SchedulerDeps,
  userId: string,
  id: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: TriggerRun[]; nextCursor: string | null }> {
  await getTrigger(deps, userId, id);
  const rows = await listRunRows(deps.db, id, { limit: page.limit + 1, before: page.cursor });
  const items = rows.slice(0, page.limit);
  return { items, nextCursor: rows.length > page.limit ? items[items.length - 1]!.id : null };
}
