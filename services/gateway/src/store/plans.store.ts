import type { AnyDB } from '@tradeplane/kit';

export interface RateLimitPlan {
  plan: string;
  requestsPerMinute: number;
}

export async function listPlans(db: AnyDB): Promise<RateLimitPlan[]> {
  const rows = await db
    .selectFrom('rate_limit_plans')
    .select(['plan', 'requests_per_minute'])
    .orderBy('plan')
    .execute();
  return rows.map((r: { plan: string; requests_per_minute: number }) => ({
    plan: r.plan,
    requestsPerMinute: r.requests_per_minute,
  }));
}
