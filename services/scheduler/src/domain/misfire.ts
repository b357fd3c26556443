import type { MisfirePolicy } from './trigger.ts';
import type { Occurrence, OccurrenceWindow } from './time-schedule.ts';

/** What to do with a due time trigger, decided from the occurrences between its due time and now. */
export type FirePlan =
  | { type: 'none' }
  | { type: 'on_time'; occurrence: Occurrence }
  | {
      type: 'missed';
      policy: MisfirePolicy;
      /** The latest missed occurrence: the run is recorded against it. */
      occurrence: Occurrence;
      first: Occurrence;
      count: number;
      capped: boolean;
    };

/**
 * An occurrence fires on time when it is the only one due and at most `graceMs` late. Anything
 * else — due longer ago than the grace, or a later occurrence already due as well (the leader was
 * down, or its loop fell a whole period behind) — is one missed window, handled once under the
 * trigger's policy: 'fire_once' fires for the latest missed occurrence (misfire: true), 'skip'
 * records a skipped run. Never one fire per missed occurrence.
 */
export function planFire(
  now: Date,
  window: OccurrenceWindow,
  graceMs: number,
  policy: MisfirePolicy,
): FirePlan {
  if (!window.first || !window.last) return { type: 'none' };
  if (window.count === 1 && now.getTime() - window.first.at.getTime() <= graceMs)
    return { type: 'on_time', occurrence: window.first };
  return {
    type: 'missed',
    policy,
    occurrence: window.last,
    first: window.first,
    count: window.count,
    capped: window.capped,
  };
}

export function missedWords(p: Extract<FirePlan, { type: 'missed' }>): string {
  const n = `${p.count}${p.capped ? '+' : ''} occurrence${p.count === 1 && !p.capped ? '' : 's'}`;
  return p.count === 1 && !p.capped
    ? `missed ${n} (${p.first.at.toISOString()})`
    : `missed ${n} from ${p.first.at.toISOString()} to ${p.occurrence.at.toISOString()}`;
}
