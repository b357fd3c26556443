import { uuidv7, type ServiceContext } from '@tradeplane/kit';
import { MARKET_CHANNELS } from '@tradeplane/contracts';
import type { SchedulerConfig } from '../config.ts';
import type { SchedulerDeps } from './deps.ts';
import { StaleLeaderError } from './errors.ts';
import { fireDueTriggers } from './fire-due.ts';
import { Leadership, LEADER_LOCK, type LeadershipStatus } from './leadership.ts';
import { PriceWatcher, quotesOf } from './price-watch.ts';
import type { Fence } from './record-fire.ts';
import type { TriggerRun } from './trigger.ts';
import { readFence, type FenceState } from '../store/fence.store.ts';
import { pruneRuns } from '../store/runs.store.ts';
import { schedulerSubscriber, SCHEDULER_EVENT_TYPES } from '../events/scheduler.subscribers.ts';

const PRUNE_EVERY_MS = 3_600_000;

export interface SchedulerStatus extends LeadershipStatus {
  lock: { name: string; ttlMs: number; renewMs: number; retryMs: number };
  /** The database's fence: the highest token used to fire, and the instance that used it. */
  fence: { token: number; holder: string | null; updatedAt: string };
  lastTick: { at: string; fired: number } | null;
  watchedSymbols: string[];
}

/**
 * One scheduler instance: it contends for the leader lease, and while leading runs the loop over
 * due cron and market triggers and the price watch. News triggers are consumed by every instance
 * (the bus hands each event to one). A gained leadership starts with a pass over due triggers:
 * that is the recovery from the previous leader's end, under each trigger's misfire policy.
 */
export class SchedulerRuntime {
  readonly leadership: Leadership;
  readonly prices: PriceWatcher;
  #ticks: Promise<unknown> = Promise.resolve();
  #lastTick: { at: Date; fired: number } | undefined;
  #stopping = false;

  constructor(
    private readonly ctx: ServiceContext<SchedulerConfig>,
    readonly deps: SchedulerDeps,
  ) {
    this.leadership = new Leadership({
      locks: ctx.locks,
      db: ctx.db,
      log: ctx.log,
      ttlMs: ctx.config.SCHEDULER_LEADER_TTL_MS,
      instanceId: `scheduler-${process.pid}-${uuidv7().slice(-12)}`,
      onGain: () => this.#onGain(),
      onLose: () => this.prices.reset(),
    });
    this.prices = new PriceWatcher(
      deps,
      () => this.leadership.fence(),
      (fence, err) => this.#fenced(fence, err),
    );
  }

  async start(): Promise<void> {
    const { ctx } = this;
    const c = ctx.config;
    ctx.subscribe(SCHEDULER_EVENT_TYPES, schedulerSubscriber(this.deps));
    const off = ctx.bus.onBroadcast(MARKET_CHANNELS.quotes, (payload) => {
      if (this.leadership.isLeader()) this.prices.observe(quotesOf(payload));
    });
    ctx.onClose(async () => {
      off();
      await this.stop();
    });
    ctx.every('scheduler-lease-contend', c.SCHEDULER_LEADER_RETRY_MS, () => this.leadership.contend());
    ctx.every('scheduler-lease-renew', c.SCHEDULER_LEADER_RENEW_MS, () => this.leadership.renew());
    ctx.every('scheduler-tick', c.SCHEDULER_TICK_MS, async () => {
      await this.tick();
    });
    ctx.every('scheduler-price-refresh', c.SCHEDULER_PRICE_REFRESH_MS, async () => {
      if (this.leadership.isLeader()) await this.prices.refresh();
    });
    ctx.every('scheduler-prune', PRUNE_EVERY_MS, () => this.#prune());
    // Contend at once rather than one retry interval after start.
    await this.leadership
      .contend()
      .catch((err: unknown) => ctx.log.warn({ err }, 'first lease attempt failed'));
  }

  /**
   * One pass over due cron and market triggers, if leading. Passes never overlap in one process
   * (the loop, a gained leadership and tests all come through here).
   */
  tick(): Promise<TriggerRun[]> {
    const run = this.#ticks.then(() => this.#tickOnce());
    this.#ticks = run.catch(() => undefined);
    return run;
  }

  async #tickOnce(): Promise<TriggerRun[]> {
    const fence = this.leadership.fence();
    if (!fence || this.#stopping) return [];
    try {
      const runs = await fireDueTriggers(
        this.deps,
        fence,
        () => this.leadership.holds(fence) && !this.#stopping,
      );
      this.#lastTick = { at: new Date(), fired: runs.filter((r) => r.status === 'fired').length };
      return runs;
    } catch (err) {
      if (err instanceof StaleLeaderError) {
        this.#fenced(fence, err);
        return [];
      }
      throw err;
    }
  }

  #onGain(): void {
    this.ctx.log.info('recovering: firing what is due under each trigger’s misfire policy');
    void this.prices
      .refresh()
      .catch((err: unknown) => this.ctx.log.error({ err }, 'loading price triggers failed'));
    void this.tick().catch((err: unknown) => this.ctx.log.error({ err }, 'recovery pass failed'));
  }

  #fenced(fence: Fence, err: StaleLeaderError): void {
    if (this.leadership.holds(fence)) this.leadership.stepDown(`fenced: ${err.message}`);
  }

  async #prune(): Promise<void> {
    if (!this.leadership.isLeader()) return;
    const c = this.ctx.config;
    await pruneRuns(this.ctx.db, c.SCHEDULER_RUN_RETENTION_DAYS);
  }

  /** Waits for in-flight work and hands the lease over. */
  async stop(): Promise<void> {
    this.#stopping = true;
    await this.#ticks;
    await this.prices.idle();
    await this.leadership.release();
  }

  async status(): Promise<SchedulerStatus> {
    const c = this.ctx.config;
    const fence: FenceState = await readFence(this.ctx.db);
    return {
      ...this.leadership.status(),
      lock: {
        name: LEADER_LOCK,
        ttlMs: c.SCHEDULER_LEADER_TTL_MS,
        renewMs: c.SCHEDULER_LEADER_RENEW_MS,
        retryMs: c.SCHEDULER_LEADER_RETRY_MS,
      },
      fence: { token: fence.token, holder: fence.holder, updatedAt: fence.updatedAt.toISOString() },
      lastTick: this.#lastTick ? { at: this.#lastTick.at.toISOString(), fired: this.#lastTick.fired } : null,
      watchedSymbols: this.prices.watchedSymbols,
    };
  }
}
