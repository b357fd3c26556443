import { NotificationDelivered } from '@tradeplane/contracts';
import type { ChannelSender, SendOutcome } from '../channels/channel.ts';
import { describeError } from '../channels/channel.ts';
import {
  claimDelivery,
  claimDue,
  finishAttempt,
  getDelivery,
  type AttemptResult,
} from '../store/deliveries.store.ts';
import { getNotificationById } from '../store/notifications.store.ts';
import { retryDelayMs } from './backoff.ts';
import type { NotificationsDeps } from './deps.ts';
import { deliveredData } from './notify.ts';
import type { Channel, Delivery, Notification } from './types.ts';

export type Senders = Record<Exclude<Channel, 'inbox' | 'websocket'>, ChannelSender>;

/** After a wake the worker looks again a little later: the waking transaction may not have committed yet. */
const WAKE_FOLLOW_UPS_MS = [10, 100];

async function eachLimited<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  const lanes = Array.from({ length: Math.min(limit, items.length) }, async () => {
    while (next < items.length) await fn(items[next++]!);
  });
  await Promise.all(lanes);
}

/**
 * Sends pending deliveries: claims due rows (each attempt counted, leased, SKIP LOCKED so instances
 * share the queue), sends them outside any transaction, and records each outcome fenced by the
 * claimed attempt number. A failure is retried with exponential backoff and jitter until the
 * delivery's retry window closes; then it is dead. Every delivered channel is also announced as
 * `notification.delivered`.
 */
export class DeliveryWorker {
  readonly #deps: NotificationsDeps;
  readonly #senders: Senders;
  #running: Promise<void> | undefined;
  #again = false;
  #started = false;
  #stopping = false;
  readonly #timers = new Set<NodeJS.Timeout>();

  constructor(deps: NotificationsDeps, senders: Senders) {
    this.#deps = deps;
    this.#senders = senders;
  }

  /** Lets wake() run the worker (the service's start; route-only tests leave it off). */
  start(): void {
    this.#started = true;
  }

  wake(): void {
    if (!this.#started) return;
    for (const ms of WAKE_FOLLOW_UPS_MS) {
      const t = setTimeout(() => {
        this.#timers.delete(t);
        void this.run();
      }, ms);
      t.unref();
      this.#timers.add(t);
    }
  }

  /** Sends everything due now, batch after batch. Concurrent calls share one run. */
  run(): Promise<void> {
    if (this.#running) {
      this.#again = true;
      return this.#running;
    }
    this.#running = (async () => {
      try {
        do {
          this.#again = false;
          while (!this.#stopping && (await this.runOnce()) > 0) {
            /* until nothing is due */
          }
        } while (this.#again && !this.#stopping);
      } catch (err) {
        this.#deps.log.error({ err }, 'delivery worker failed');
      } finally {
        this.#running = undefined;
      }
    })();
    return this.#running;
  }

  /** Claims and sends one batch; returns how many deliveries it attempted. */
  async runOnce(): Promise<number> {
    const { config } = this.#deps;
    const now = this.#deps.now();
    const claimed = await claimDue(
      this.#deps.db,
      now,
      config.NOTIFICATIONS_DELIVERY_BATCH,
      new Date(now.getTime() + config.NOTIFICATIONS_DELIVERY_LEASE_MS),
    );
    await eachLimited(claimed, config.NOTIFICATIONS_DELIVERY_CONCURRENCY, (d) => this.#attempt(d));
    return claimed.length;
  }

  /** Sends one delivery now, outside the queue (a webhook endpoint's test). */
  async attemptNow(id: string): Promise<Delivery | undefined> {
    const now = this.#deps.now();
    const claimed = await claimDelivery(
      this.#deps.db,
      id,
      now,
      new Date(now.getTime() + this.#deps.config.NOTIFICATIONS_DELIVERY_LEASE_MS),
    );
    if (claimed) await this.#attempt(claimed);
    return getDelivery(this.#deps.db, id);
  }

  async stop(): Promise<void> {
    this.#started = false;
    this.#stopping = true;
    for (const t of this.#timers) clearTimeout(t);
    this.#timers.clear();
    await this.#running;
  }

  async #attempt(d: Delivery): Promise<void> {
    const deps = this.#deps;
    let notification: Notification | null = null;
    let outcome: SendOutcome;
    try {
      notification = d.notificationId
        ? ((await getNotificationById(deps.db, d.notificationId)) ?? null)
        : null;
      if (d.channel === 'inbox' || d.channel === 'websocket')
        outcome = { kind: 'skipped', reason: `${d.channel} is delivered when the notification is made` };
      else if (d.notificationId && !notification)
        outcome = { kind: 'failed', error: 'the notification is gone' };
      else outcome = await this.#senders[d.channel].send({ delivery: d, notification });
    } catch (err) {
      outcome = { kind: 'retry', error: describeError(err) };
    }
    const at = deps.now();
    const result = this.#result(d, outcome, at);
    let recorded: boolean;
    try {
      recorded = await deps.transaction(async (tx) => {
        const ok = await finishAttempt(tx, d, result, at);
        if (ok && result.status === 'delivered' && notification)
          await deps.emit(tx, {
            type: NotificationDelivered.type,
            data: deliveredData(notification, d.channel),
            subject: notification.id,
            userId: notification.userId,
          });
        return ok;
      });
    } catch (err) {
      // The row keeps its lease and is attempted again when it ends.
      deps.log.error({ err, deliveryId: d.id, channel: d.channel }, 'could not record a delivery outcome');
      return;
    }
    const log = { deliveryId: d.id, channel: d.channel, attempt: d.attempts, status: result.status };
    if (!recorded) deps.log.warn(log, 'delivery outcome not recorded: the claim was lost');
    else if (result.status === 'dead') deps.log.warn({ ...log, error: result.lastError }, 'delivery dead');
    else deps.log.debug({ ...log, error: result.lastError }, 'delivery attempted');
  }

  #result(d: Delivery, o: SendOutcome, at: Date): AttemptResult {
    switch (o.kind) {
      case 'delivered':
        return {
          status: 'delivered',
          nextAttemptAt: null,
          lastStatusCode: o.statusCode ?? null,
          lastError: null,
          deliveredAt: at,
        };
      case 'skipped':
        return {
          status: 'skipped',
          nextAttemptAt: null,
          lastStatusCode: null,
          lastError: o.reason,
          deliveredAt: null,
        };
      case 'failed':
        return {
          status: 'dead',
          nextAttemptAt: null,
          lastStatusCode: o.statusCode ?? null,
          lastError: o.error,
          deliveredAt: null,
        };
      case 'retry': {
        const { config, random } = this.#deps;
        if (at.getTime() >= d.giveUpAt.getTime())
          return {
            status: 'dead',
            nextAttemptAt: null,
            lastStatusCode: o.statusCode ?? null,
            lastError: o.error,
            deliveredAt: null,
          };
        const delay = retryDelayMs(
          d.attempts,
          config.NOTIFICATIONS_RETRY_BASE_MS,
          config.NOTIFICATIONS_RETRY_MAX_MS,
          random,
        );
        // The last try lands on the window's end rather than past it.
        const next = Math.min(at.getTime() + delay, d.giveUpAt.getTime());
        return {
          status: 'failed',
          nextAttemptAt: new Date(next),
          lastStatusCode: o.statusCode ?? null,
          lastError: o.error,
          deliveredAt: null,
        };
      }
    }
  }
}
