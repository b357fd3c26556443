import type { SchedulerDeps } from './deps.ts';
import { StaleLeaderError } from './errors.ts';
import { missedWords, planFire } from './misfire.ts';
import { checkFence, recordFire, type Fence } from './record-fire.ts';
import { cronSchedule, marketSchedule, type TimeSchedule } from './time-schedule.ts';
import type { TimeTrigger, TriggerRun, TriggerSpec } from './trigger.ts';

type TimeSpec = Extract<TriggerSpec, { kind: 'cron' | 'market' }>;
import { advanceNextFire, listDueTriggers } from '../store/triggers.store.ts';

/** The schedule a cron or market trigger fires on. */
export function timeScheduleOf(deps: SchedulerDeps, t: TimeSpec): TimeSchedule {
  return t.kind === 'cron' ? cronSchedule(t.schedule) : marketSchedule(t.schedule, deps.calendar);
}

/** The first fire of a time trigger after `after`; null when its schedule has no more. */
export async function nextFireAt(deps: SchedulerDeps, t: TimeSpec, after: Date): Promise<Date | null> {
  return (await timeScheduleOf(deps, t).next(after))?.at ?? null;
}

/**
 * Handles one due trigger in one transaction: the fence check (a deposed leader's write fails
 * here), next_fire_at moved on, the run row, and `trigger.fired` in the outbox. Returns the run
 * written, if any.
 */
export async function fireDueTrigger(
  deps: SchedulerDeps,
  t: TimeTrigger,
  fence: Fence,
  now: Date = deps.now(),
): Promise<TriggerRun | undefined> {
  const due = t.nextFireAt;
  if (!due || due > now) return undefined;
  const schedule = timeScheduleOf(deps, t);
  const window = await schedule.window(due, now);
  const next = (await schedule.next(now))?.at ?? null;
  const plan = planFire(now, window, deps.config.SCHEDULER_MISFIRE_GRACE_MS, t.misfirePolicy);
  return deps.transaction(async (tx) => {
    await checkFence(tx, fence);
    if (!(await advanceNextFire(tx, t.id, due, next))) return undefined;
    switch (plan.type) {
      case 'none':
        return undefined;
      case 'on_time':
        return recordFire(
          deps,
          tx,
          {
            trigger: t,
            scheduledFor: plan.occurrence.at,
            status: 'fired',
            misfire: false,
            reason: `Fired ${plan.occurrence.description}`,
            context: plan.occurrence.context,
          },
          fence,
        );
      case 'missed': {
        const missed = {
          missedCount: plan.count,
          missedCountCapped: plan.capped,
          missedFrom: plan.first.at.toISOString(),
          missedTo: plan.occurrence.at.toISOString(),
        };
        const fireOnce = plan.policy === 'fire_once';
        return recordFire(
          deps,
          tx,
          {
            trigger: t,
            scheduledFor: plan.occurrence.at,
            status: fireOnce ? 'fired' : 'skipped',
            misfire: true,
            reason: fireOnce
              ? `Fired late ${plan.occurrence.description}: ${missedWords(plan)} while no scheduler was running; fired once (misfire policy fire_once)`
              : `Skipped ${plan.occurrence.description}: ${missedWords(plan)} while no scheduler was running (misfire policy skip)`,
            context: { ...plan.occurrence.context, ...missed },
          },
          fence,
        );
      }
    }
  });
}

/**
 * One pass of the leader's loop: every due cron and market trigger, most overdue first. Stops at
 * once when the fence refuses a write (a newer leader exists) by rethrowing StaleLeaderError.
 * A trigger that fails otherwise (the calendar is unreachable) is logged and retried next pass.
 */
export async function fireDueTriggers(
  deps: SchedulerDeps,
  fence: Fence,
  stillLeading: () => boolean = () => true,
): Promise<TriggerRun[]> {
  const runs: TriggerRun[] = [];
  const failed = new Set<string>();
  // Each pass moves every trigger it sees past `now`; the bound only guards against a schedule bug.
  for (let pass = 0; pass < 100; pass++) {
    const now = deps.now();
    const due = (await listDueTriggers(deps.db, now, deps.config.SCHEDULER_DUE_BATCH)).filter(
      (t) => !failed.has(t.id),
    );
    if (due.length === 0) return runs;
    for (const t of due) {
      if (!stillLeading()) return runs;
      try {
        const run = await fireDueTrigger(deps, t, fence, now);
        if (run) runs.push(run);
      } catch (err) {
        if (err instanceof StaleLeaderError) throw err;
        failed.add(t.id);
        deps.log.error(
          { err, triggerId: t.id, kind: t.kind },
          'trigger could not be fired; retrying next pass',
        );
      }
    }
    if (due.length < deps.config.SCHEDULER_DUE_BATCH) return runs;
  }
  return runs;
}
