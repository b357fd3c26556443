import { Type, type Static } from 'typebox';
import { ConfigError } from '@tradeplane/kit';

const Ms = (dflt: number, min: number, max: number, description: string) =>
  Type.Integer({ minimum: min, maximum: max, default: dflt, description });

/**
 * Leader election, the fire loop, misfire grace, the market calendar cache and limits. The lease
 * timings bound takeover: a killed leader's lease expires after SCHEDULER_LEADER_TTL_MS and a
 * follower tries every SCHEDULER_LEADER_RETRY_MS, so another instance leads within TTL + RETRY.
 */
export const SchedulerConfig = Type.Object({
  SCHEDULER_LEADER_TTL_MS: Ms(5_000, 500, 600_000, 'Lease of the one active scheduler'),
  SCHEDULER_LEADER_RENEW_MS: Ms(1_500, 100, 300_000, 'How often the leader extends its lease'),
  SCHEDULER_LEADER_RETRY_MS: Ms(1_000, 100, 300_000, 'How often a follower tries to take the lease'),
  SCHEDULER_TICK_MS: Ms(250, 10, 3_600_000, 'How often the leader looks for due cron and market triggers'),
  SCHEDULER_MISFIRE_GRACE_MS: Ms(
    60_000,
    0,
    86_400_000,
    'A fire later than this (or with a later occurrence already due) is a misfire',
  ),
  SCHEDULER_DUE_BATCH: Type.Integer({ minimum: 1, maximum: 10_000, default: 200 }),
  SCHEDULER_PRICE_REFRESH_MS: Ms(1_000, 50, 3_600_000, 'How often the leader reloads price triggers'),
  SCHEDULER_CALENDAR_DAYS: Type.Integer({
    minimum: 7,
    maximum: 366,
    default: 42,
    description: 'Days of NYSE sessions fetched from market-data at a time and cached',
  }),
  SCHEDULER_CALENDAR_REFRESH_MS: Ms(
    21_600_000,
    1_000,
    604_800_000,
    'Age at which cached sessions are refetched',
  ),
  SCHEDULER_CALENDAR_TIMEOUT_MS: Ms(2_000, 50, 30_000, 'Deadline of a calendar call to market-data'),
  SCHEDULER_MAX_TRIGGERS_PER_USER: Type.Integer({ minimum: 1, maximum: 100_000, default: 200 }),
  SCHEDULER_RUN_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 90 }),
  SCHEDULER_EVENT_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 365, default: 7 }),
});

export type SchedulerConfig = Static<typeof SchedulerConfig>;

/** Relations between keys a schema cannot state; a bad combination stops the boot like a bad value. */
export function checkSchedulerConfig(c: Readonly<SchedulerConfig>): void {
  const problems: string[] = [];
  if (c.SCHEDULER_LEADER_RENEW_MS * 2 > c.SCHEDULER_LEADER_TTL_MS)
    problems.push(
      `SCHEDULER_LEADER_RENEW_MS (${c.SCHEDULER_LEADER_RENEW_MS}) must be at most half of SCHEDULER_LEADER_TTL_MS (${c.SCHEDULER_LEADER_TTL_MS}), or one slow renewal loses the lease`,
    );
  if (problems.length > 0) throw new ConfigError(problems);
}
