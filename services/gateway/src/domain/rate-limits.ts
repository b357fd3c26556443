import type { AnyDB } from '@tradeplane/kit';
import { listPlans } from '../store/plans.store.ts';

/**
 * Requests per minute by plan, read from the edge schema and refreshed periodically so a plan
 * change applies without a restart. An unknown plan gets the free plan's limit.
 */
export class PlanLimits {
  #limits = new Map<string, number>();

  constructor(
    private readonly db: AnyDB,
    readonly anonymousPerMinute: number,
  ) {}

  async refresh(): Promise<void> {
    const plans = await listPlans(this.db);
    this.#limits = new Map(plans.map((p) => [p.plan, p.requestsPerMinute]));
  }

  forPlan(plan: string): number {
    return this.#limits.get(plan) ?? this.#limits.get('free') ?? 200;
  }
}
