import type { AnyTx } from '@tradeplane/kit';
import { NewsPublished, type CloudEvent } from '@tradeplane/contracts';
import type { Static } from 'typebox';
import type { SchedulerDeps } from '../domain/deps.ts';
import { fireNewsTriggers } from '../domain/fire-news.ts';

export const SCHEDULER_EVENT_TYPES = [NewsPublished.type] as const;

/**
 * The scheduler's consumer: news triggers fire on `news.published`. It runs on whichever instance
 * the bus hands the event to, inside the inbox transaction (ctx.subscribe), so the runs and
 * `trigger.fired` events commit together with the inbox record and a redelivery changes nothing;
 * this is not leader work, and needs no fencing token.
 */
export function schedulerSubscriber(deps: SchedulerDeps) {
  return async (event: CloudEvent, tx: AnyTx): Promise<void> => {
    switch (event.type) {
      case NewsPublished.type:
        await fireNewsTriggers(deps, tx, event.data as Static<typeof NewsPublished.data>, event.time);
        return;
      default:
        deps.log.debug({ type: event.type }, 'scheduler ignores this event type');
    }
  };
}
