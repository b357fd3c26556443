import type { AnyTx, Fence } from '@tradeplane/kit';
import { uuidv7 } from '@tradeplane/kit';
import { TriggerFired } from '@tradeplane/contracts';
import type { SchedulerDeps } from './deps.ts';
import type { Trigger, TriggerRun } from './trigger.ts';
import { insertRun, setRunEvent } from '../store/runs.store.ts';
import { isCurrent, markFired } from '../store/triggers.store.ts';

export interface FireRecord {
  trigger: Trigger;
  scheduledFor: Date;
  /** Distinguishes occurrences at the same instant (a news article id); '' otherwise. */
  occurrenceKey?: string;
  status: 'fired' | 'skipped';
  misfire: boolean;
  reason: string;
  context: Record<string, unknown>;
  /** Only fire if the trigger is still at this version (the watcher's copy may be stale). */
  version?: number;
}

// The leader's right to write (its lease's fencing token) and the check every fire's transaction
// runs first, refusing it once a newer leader has fired: the kit's, shared with market-data.
export { checkFence, type Fence } from '@tradeplane/kit';

/**
 * Inside the caller's transaction: the run row and, for a fire, `trigger.fired` in the outbox, so
 * the event exists exactly when the run does. Returns the run, or undefined when that occurrence
 * already had one (a duplicate attempt changes nothing) or the trigger changed meanwhile.
 */
export async function recordFire(
  deps: SchedulerDeps,
  tx: AnyTx,
  r: FireRecord,
  fence?: Fence,
): Promise<TriggerRun | undefined> {
  if (r.version !== undefined && !(await isCurrent(tx, r.trigger.id, r.version))) return undefined;
  const firedAt = deps.now();
  const run: TriggerRun = {
    id: uuidv7(),
    triggerId: r.trigger.id,
    userId: r.trigger.userId,
    scheduledFor: r.scheduledFor,
    firedAt,
    misfire: r.misfire,
    status: r.status,
    reason: r.reason,
    context: r.context,
  };
  const inserted = await insertRun(tx, {
    ...run,
    occurrenceKey: r.occurrenceKey ?? '',
    fencingToken: fence?.token ?? null,
  });
  if (!inserted) return undefined;
  if (r.status === 'skipped') return run;
  await markFired(tx, r.trigger.id, firedAt);
  const data: TriggerFired = {
    triggerId: r.trigger.id,
    runId: run.id,
    userId: r.trigger.userId,
    name: r.trigger.name,
    kind: r.trigger.kind,
    target: r.trigger.target,
    scheduledFor: run.scheduledFor.toISOString(),
    firedAt: firedAt.toISOString(),
    misfire: run.misfire,
    reason: run.reason,
    context: run.context,
  };
  const [event] = await deps.emit(tx, {
    type: TriggerFired.type,
    data,
    subject: r.trigger.id,
    userId: r.trigger.userId,
    correlationId: run.id,
  });
  if (event) await setRunEvent(tx, run.id, event.id);
  return run;
}
