import { sql } from 'kysely';
import type { AnyDB } from '@tradeplane/kit';

export interface HealthSample {
  service: string;
  up: boolean;
  instances: number;
  latencyMs: number | null;
  error: string | null;
}

export async function insertSamples(db: AnyDB, samples: HealthSample[]): Promise<void> {
  if (samples.length === 0) return;
  await db
    .insertInto('health_samples')
    .values(
      samples.map((s) => ({
        service: s.service,
        up: s.up,
        instances: s.instances,
        latency_ms: s.latencyMs,
        error: s.error,
      })),
    )
    .execute();
}

export interface UptimeRow {
  service: string;
  samples: number;
  upSamples: number;
}

/** Samples and up-samples per service since `since`. */
export async function uptimeSince(db: AnyDB, since: Date): Promise<UptimeRow[]> {
  const rows = await db
    .selectFrom('health_samples')
    .select([
      'service',
      sql<string>`count(*)`.as('samples'),
      sql<string>`count(*) filter (where up)`.as('up_samples'),
    ])
    .where('checked_at', '>=', since)
    .groupBy('service')
    .execute();
  return rows.map((r: { service: string; samples: string; up_samples: string }) => ({
    service: r.service,
    samples: Number(r.samples),
    upSamples: Number(r.up_samples),
  }));
}

export async function latestSamples(db: AnyDB): Promise<(HealthSample & { checkedAt: Date })[]> {
  const rows = await db
    .selectFrom('health_samples')
    .distinctOn('service')
    .select(['service', 'up', 'instances', 'latency_ms', 'error', 'checked_at'])
    .orderBy('service')
    .orderBy('checked_at', 'desc')
    .execute();
  return rows.map(
    (r: {
      service: string;
      up: boolean;
      instances: number;
      latency_ms: number | null;
      error: string | null;
      checked_at: Date;
    }) => ({
      service: r.service,
      up: r.up,
      instances: r.instances,
      latencyMs: r.latency_ms,
      error: r.error,
      checkedAt: r.checked_at,
    }),
  );
}

export async function pruneSamples(db: AnyDB, before: Date): Promise<void> {
  await db.deleteFrom('health_samples').where('checked_at', '<', before).execute();
}
