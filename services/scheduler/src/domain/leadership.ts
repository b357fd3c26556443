import {
  fenceLease,
  type AnyDB,
  type Fence,
  type Lease,
  type LockManager,
  type Logger,
} from '@tradeplane/kit';

export const LEADER_LOCK = 'scheduler:leader';

export interface LeadershipStatus {
  instanceId: string;
  leader: boolean;
  fencingToken: number | null;
  leaderSince: string | null;
  leaseValidUntil: string | null;
  lastStepDown: { at: string; reason: string } | null;
}

export interface LeadershipOptions {
  locks: LockManager;
  db: AnyDB;
  log: Logger;
  ttlMs: number;
  instanceId: string;
  onGain?: (fence: Fence) => void;
  onLose?: (reason: string) => void;
}

/**
 * Exactly one active scheduler: the holder of the `scheduler:leader` lease. Followers call
 * `contend` regularly, the leader `renew`; a renewal that fails (or throws) steps down at once,
 * and so does a fire refused by the fence. The lease's fencing token is what makes a deposed
 * leader harmless: every fire's transaction raises the database's fence to its token and is
 * refused when a higher one is already there, so a leader paused past its lease (GC, a frozen VM)
 * cannot fire once the next one has.
 *
 * `isLeader` also turns false on its own once the time the lease was last known to run until has
 * passed, before any renewal says so.
 */
export class Leadership {
  #lease: Lease | undefined;
  #validUntil = 0;
  #since: Date | undefined;
  #lastStepDown: { at: Date; reason: string } | undefined;

  constructor(private readonly o: LeadershipOptions) {}

  get instanceId(): string {
    return this.o.instanceId;
  }

  isLeader(): boolean {
    return this.#lease !== undefined && Date.now() < this.#validUntil;
  }

  /** The token to fire with, while leading. */
  fence(): Fence | undefined {
    return this.isLeader() && this.#lease
      ? { token: this.#lease.fencingToken, holder: this.o.instanceId }
      : undefined;
  }

  /** A follower's attempt to take the lease (no-op while leading). */
  async contend(): Promise<void> {
    if (this.#lease) return;
    const { locks, ttlMs, log } = this.o;
    const started = Date.now();
    const first = await locks.tryAcquire(LEADER_LOCK, ttlMs);
    if (!first) return;
    // Catches a restarted lock store's counter up past the database fence, then claims the fence.
    const won = await fenceLease(
      { locks, db: this.o.db, log, lock: LEADER_LOCK, ttlMs, holder: this.o.instanceId },
      first,
    );
    if (!won) return;
    const { lease, acquiredAt } = won;
    this.#lease = lease;
    this.#validUntil = (acquiredAt ?? started) + ttlMs;
    this.#since = new Date();
    log.info({ fencingToken: lease.fencingToken, instanceId: this.o.instanceId }, 'leading the scheduler');
    this.o.onGain?.({ token: lease.fencingToken, holder: this.o.instanceId });
  }

  /** The leader's renewal; a lost or failed renewal steps down immediately. */
  async renew(): Promise<void> {
    const lease = this.#lease;
    if (!lease) return;
    const started = Date.now();
    let ok = false;
    try {
      ok = await lease.extend(this.o.ttlMs);
    } catch (err) {
      this.o.log.warn({ err }, 'lease renewal failed');
    }
    if (this.#lease !== lease) return;
    if (ok) this.#validUntil = started + this.o.ttlMs;
    else this.stepDown('lease lost: renewal refused or failed');
  }

  /** Stops leading at once (the lease is released in the background; it may already be someone else's). */
  stepDown(reason: string): void {
    const lease = this.#lease;
    if (!lease) return;
    this.#lease = undefined;
    this.#validUntil = 0;
    this.#since = undefined;
    this.#lastStepDown = { at: new Date(), reason };
    this.o.log.warn({ reason, fencingToken: lease.fencingToken }, 'no longer leading the scheduler');
    this.o.onLose?.(reason);
    void lease.release().catch(() => undefined);
  }

  /** At shutdown: hand the lease over now rather than after its TTL. */
  async release(): Promise<void> {
    const lease = this.#lease;
    if (!lease) return;
    this.stepDown('shutting down');
    await lease.release().catch(() => undefined);
  }

  /** True when `fence` is the token of the lease held now (a stale error about an older lease is no news). */
  holds(fence: Fence): boolean {
    return this.#lease?.fencingToken === fence.token;
  }

  status(): LeadershipStatus {
    const leader = this.isLeader();
    return {
      instanceId: this.o.instanceId,
      leader,
      fencingToken: leader ? (this.#lease?.fencingToken ?? null) : null,
      leaderSince: leader ? (this.#since?.toISOString() ?? null) : null,
      leaseValidUntil: leader ? new Date(this.#validUntil).toISOString() : null,
      lastStepDown: this.#lastStepDown
        ? { at: this.#lastStepDown.at.toISOString(), reason: this.#lastStepDown.reason }
        : null,
    };
  }
}
