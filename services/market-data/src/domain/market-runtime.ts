/**
 * The running market of one service instance. Exactly one instance at a time — the holder of the
 * `market-data:leader` lease, renewed at a third of its TTL — seeds the history and runs the live
 * market (ARCHITECTURE §1: the same code embedded and clustered); the others serve reads from the
 * database, the cache and the broadcasts they follow. Losing the lease stops the live market at
 * once; the next holder resumes the backfill from its recorded progress and continues the market
 * from the stored closes.
 *
 * The lease's fencing token guards every write the leader makes (kit fence.ts): taking the lease
 * raises the database's fence to its token, and each leader write (bars on bar close, backfill
 * batches, SPX, news, market state) runs in a transaction that first checks it. A leader paused
 * past its lease (GC, a frozen VM) that wakes up after the next one has written is refused whole,
 * and stops its live market at once.
 */
import { sql } from 'kysely';
import {
  checkFence,
  fenceLease,
  StaleLeaderError,
  uuidv7,
  type AnyTx,
  type Lease,
  type ServiceContext,
} from '@tradeplane/kit';
import type { MarketDataConfig } from '../config.ts';
import type { SelectedProviders } from '../providers/index.ts';
import { upsertAssets } from '../store/assets.store.ts';
import { latestBars } from '../store/bars.store.ts';
import { readState } from '../store/state.store.ts';
import { AssetDirectory } from './asset-directory.ts';
import { createMarketCache } from './cached.ts';
import { calendarFor } from './calendar.ts';
import { universeAsset } from './catalog.ts';
import type { MarketDeps } from './deps.ts';
import { ProviderSource, SimulatorSource, type FeedSource } from './feed-sources.ts';
import { advanceMarket, createLiveMarket, rewarmIndicators, type LiveMarket } from './live-market.ts';
import { LiveView } from './live-view.ts';
import { pollNewsProviders } from './news.ts';
import { ProviderHistory, type HistorySettle } from './provider-history.ts';
import { addDays } from './ny-time.ts';
import { createRng } from './rng.ts';
import {
  BACKFILL_STATE,
  loadSpx,
  planBackfill,
  runBackfill,
  SPX_STATE,
  type BackfillProgress,
  type SpxState,
} from './seed-history.ts';
import type { AssetDefinition } from './universe.ts';

export const LEADER_LOCK = 'market-data:leader';

type Ctx = ServiceContext<MarketDataConfig>;
type Transaction = <T>(fn: (tx: AnyTx) => Promise<T>) => Promise<T>;

export interface MarketStatus {
  sessionMode: MarketDataConfig['MARKET_SESSION_MODE'];
  calendar: string;
  provider: string;
  newsProviders: string[];
  leader: boolean;
  live: boolean;
  symbols: string[];
  lastBarAt: string | null;
  backfill: {
    status: 'disabled' | 'pending' | 'running' | 'done';
    symbolsDone: number;
    symbolsTotal: number;
    rows: number;
    endDate: string | null;
    startedAt: string | null;
    finishedAt: string | null;
  };
  spx: { loaded: boolean; rows: number };
}

/** The settle delays configured for the provider serving history (alpaca's, or polygon's). */
function historySettle(cfg: MarketDataConfig, provider: string): HistorySettle {
  return provider === 'alpaca'
    ? {
        minuteMs: cfg.ALPACA_DATA_HISTORY_SETTLE_MINUTES * 60_000,
        dailySessions: cfg.ALPACA_DATA_HISTORY_DAILY_SETTLE_SESSIONS,
      }
    : {
        minuteMs: cfg.POLYGON_HISTORY_SETTLE_MINUTES * 60_000,
        dailySessions: cfg.POLYGON_HISTORY_DAILY_SETTLE_SESSIONS,
      };
}

function deferred(): { promise: Promise<void>; resolve(): void; reject(err: unknown): void } {
  let resolve!: () => void;
  let reject!: (err: unknown) => void;
  const promise = new Promise<void>((res, rej) => {
    resolve = res;
    reject = rej;
  });
  // Nobody may be waiting; a failure is logged where it happens.
  promise.catch(() => undefined);
  return { promise, resolve, reject };
}

export class MarketRuntime {
  readonly ctx: Ctx;
  readonly deps: MarketDeps;
  readonly universe: readonly AssetDefinition[];
  readonly providers: SelectedProviders;
  /** Recorded as the fence's holder while this instance leads. */
  readonly instanceId = `market-data-${process.pid}-${uuidv7().slice(-12)}`;
  /** Set when this instance holds the market lease. */
  lease: Lease | undefined;
  /** The live market, while this instance runs it. */
  live: LiveMarket | undefined;
  loaded = false;
  failure: Error | undefined;
  #stopping = false;
  #leading: Promise<void> | undefined;
  #ticking: Promise<unknown> | undefined;
  #settled = false;
  #prepared = deferred();
  #unfollow: (() => void) | undefined;
  #lastNewsPoll: Date | undefined;
  /** The leader's fenced transaction, while leading. */
  #leaderTx: Transaction | undefined;
  #demoting: Promise<void> | undefined;
  /**
   * Until when (epoch ms) the lease is known valid: the start of its last successful acquire or
   * renewal plus the TTL. Past it (a paused process, a slow lock store) the live market neither
   * steps nor broadcasts until a renewal succeeds.
   */
  #leaseValidUntil = 0;

  constructor(ctx: Ctx, universe: readonly AssetDefinition[], providers: SelectedProviders) {
    this.ctx = ctx;
    this.universe = universe;
    this.providers = providers;
    const calendar = calendarFor(ctx.config.MARKET_SESSION_MODE);
    this.deps = {
      db: ctx.db,
      config: ctx.config,
      log: ctx.log,
      calendar,
      assets: new AssetDirectory(ctx.db),
      cache: createMarketCache(ctx.cache, ctx.metrics),
      live: new LiveView(),
      provider: providers.market,
      history: providers.market
        ? new ProviderHistory(
            { db: ctx.db, transaction: ctx.transaction, log: ctx.log, now: () => new Date() },
            providers.market,
            historySettle(ctx.config, providers.market.name),
          )
        : undefined,
      historySettled: () => this.historySettled(),
      now: () => new Date(),
    };
  }

  /** Resolves once this instance has seeded the history (or found it seeded) and started the market. */
  whenPrepared(): Promise<void> {
    return this.#prepared.promise;
  }

  /**
   * Whether to generate history: only for the simulated market. With a real provider the history
   * is the provider's, fetched on demand (get-bars.ts), never simulated bars under real prices.
   */
  get simulatedHistory(): boolean {
    return this.ctx.config.MARKET_BACKFILL && this.providers.market === undefined;
  }

  get sourceName(): string {
    return this.providers.market?.name ?? 'simulator';
  }

  async start(): Promise<void> {
    const { ctx } = this;
    const selected = new Set(this.universe.map((a) => a.symbol));
    await upsertAssets(
      ctx.db,
      this.universe.map((def) => universeAsset(def, true)),
    );
    // Universe symbols an earlier configuration ran and this one does not are listed, not live.
    await ctx.db
      .updateTable('assets')
      .set({ live: false, tradable: false })
      .where('live', '=', true)
      .where('symbol', 'not in', [...selected])
      .execute();
    await this.deps.assets.reload();
    this.#unfollow = this.deps.live.follow(ctx.bus);
    this.loaded = true;

    const ttl = ctx.config.MARKET_LEADER_TTL_MS;
    await this.contend();
    ctx.every('market-leader', Math.max(200, Math.floor(ttl / 3)), () => this.contend());
    ctx.every('market-tick', ctx.config.MARKET_TICK_MS, () => this.#tick());
    if (this.providers.news.length > 0)
      ctx.every('market-news-poll', ctx.config.MARKET_NEWS_POLL_MS, () => this.#pollNews());
    ctx.onClose(() => this.close());
  }

  /**
   * The leader renews its lease; a follower tries to take it, and on success raises the database
   * fence to its token (catching a restarted lock store's counter up first) before leading. The
   * loop runs it every third of the TTL; tests call it to contend at a chosen moment.
   */
  async contend(): Promise<void> {
    const { ctx } = this;
    const ttl = ctx.config.MARKET_LEADER_TTL_MS;
    if (this.#stopping) return;
    if (this.lease) {
      const renewing = Date.now();
      if (await this.lease.extend(ttl)) {
        this.#leaseValidUntil = Math.max(this.#leaseValidUntil, renewing + ttl);
        return;
      }
      ctx.log.warn({ lock: LEADER_LOCK }, 'market lease lost; stopping the live market');
      await this.#demote();
    }
    await this.#demoting;
    const acquiring = Date.now();
    const first = await ctx.locks.tryAcquire(LEADER_LOCK, ttl);
    if (!first) return;
    const won = await fenceLease(
      { locks: ctx.locks, db: ctx.db, log: ctx.log, lock: LEADER_LOCK, ttlMs: ttl, holder: this.instanceId },
      first,
    );
    if (!won) return;
    const { lease } = won;
    if (this.#stopping || this.lease) {
      await lease.release();
      return;
    }
    this.lease = lease;
    this.#leaseValidUntil = acquiring + ttl;
    this.#leaderTx = this.#fencedTransaction(lease);
    ctx.log.info({ lock: LEADER_LOCK, fencingToken: lease.fencingToken }, 'running the market');
    this.#leading = this.#lead(lease);
  }

  /**
   * Transactions of the leader's writes: each first checks the fence with `lease`'s token, so a
   * write of a deposed leader is refused whole (StaleLeaderError) and stops its market.
   */
  #fencedTransaction(lease: Lease): Transaction {
    const fence = { token: lease.fencingToken, holder: this.instanceId };
    return async (fn) => {
      try {
        return await this.ctx.transaction(async (tx) => {
          await checkFence(tx, fence);
          return fn(tx);
        });
      } catch (err) {
        if (err instanceof StaleLeaderError) this.#fenced(lease, err);
        throw err;
      }
    };
  }

  /** A newer leader has written: stop leading now (not awaited: the refused step may be the one `#demote` waits for). */
  #fenced(lease: Lease, err: StaleLeaderError): void {
    if (this.lease !== lease) return;
    this.ctx.log.warn(
      { lock: LEADER_LOCK, fencingToken: err.token, fence: err.current, reason: err.message },
      'a newer market leader has written; stopping the live market',
    );
    this.#demoting = this.#demote().catch((e: unknown) =>
      this.ctx.log.error({ err: e }, 'stopping the fenced-off live market failed'),
    );
    // The lock may be someone else's by now: release only deletes it while this lease owns it.
    void lease.release().catch(() => undefined);
  }

  /** Sleeps up to `ms`, waking early when this instance stops leading or shuts down. */
  async #pause(ms: number, stillLeading: () => boolean): Promise<void> {
    for (let left = ms; left > 0 && stillLeading(); left -= 100)
      await new Promise((r) => setTimeout(r, Math.min(100, left)));
  }

  async #demote(): Promise<void> {
    this.lease = undefined;
    this.#leaseValidUntil = 0;
    this.#leaderTx = undefined;
    const live = this.live;
    this.live = undefined;
    await this.#ticking?.catch(() => undefined);
    await live?.source.close();
  }

  async #lead(lease: Lease): Promise<void> {
    const { ctx, deps } = this;
    const cfg = ctx.config;
    const stillLeading = () => !this.#stopping && this.lease === lease;
    const transaction = this.#leaderTx!;
    let live: LiveMarket | undefined;
    try {
      const importDeps = {
        db: ctx.db,
        transaction,
        cache: ctx.cache,
        calendar: deps.calendar,
      };
      if (cfg.MARKET_LOAD_SPX) {
        await loadSpx(importDeps);
        await deps.assets.reload();
      }
      const progress = this.simulatedHistory
        ? await planBackfill(
            { db: ctx.db, transaction },
            {
              seed: cfg.MARKET_SEED,
              mode: cfg.MARKET_SESSION_MODE,
              calendar: deps.calendar,
              dailyYears: cfg.MARKET_BACKFILL_DAILY_YEARS,
              minuteSessions: cfg.MARKET_BACKFILL_MINUTE_SESSIONS,
              universe: this.universe,
            },
            new Date(),
          )
        : undefined;
      if (!stillLeading()) return;
      live = await this.#startLive(progress, transaction, lease);
      // Place the market now rather than at the first tick, so latest quotes exist from the start.
      await advanceMarket(live, new Date());
      if (!stillLeading()) {
        await live.source.close();
        return;
      }
      this.live = live;
      this.failure = undefined;
      if (progress && progress.status !== 'done') {
        await this.#pause(cfg.MARKET_BACKFILL_DELAY_MS, stillLeading);
        const final = await runBackfill({ transaction }, progress, {
          calendar: deps.calendar,
          universe: this.universe,
          batchRows: cfg.MARKET_BACKFILL_BATCH_ROWS,
          shouldStop: () => !stillLeading(),
        });
        if (final.status === 'done') {
          ctx.log.info({ rows: final.rows, symbols: final.done.length }, 'history backfilled');
          if (this.live === live) await rewarmIndicators(live);
        }
      }
      this.#prepared.resolve();
    } catch (err) {
      // A market started here but never handed to the loop is closed here.
      if (live && this.live !== live) await live.source.close().catch(() => undefined);
      // Fenced off: already stopped and logged (#fenced); the next contention may lead again.
      if (err instanceof StaleLeaderError) return;
      this.failure = err as Error;
      ctx.log.error({ err }, 'preparing the market failed; releasing the lease to try again');
      this.#prepared.reject(err);
      // Give the market up: the next contention (this instance or another) starts over from the
      // recorded progress, so a passing database failure does not stop the market for good.
      if (this.lease === lease) {
        await this.#demote();
        await lease.release().catch(() => undefined);
      }
    }
  }

  /** Start prices: a symbol's latest stored close newer than the planned history, else the plan's last close. */
  async #startPrices(progress: BackfillProgress | undefined): Promise<Record<string, number>> {
    const symbols = this.universe.map((a) => a.symbol);
    const prices: Record<string, number> = { ...(progress?.plan.lastPrices ?? {}) };
    const planEnd = progress
      ? this.deps.calendar.dayStart(addDays(progress.plan.endDate, 1)).getTime()
      : -Infinity;
    const [minutes, days] = await Promise.all([
      latestBars(this.ctx.db, symbols, '1Min', 1),
      latestBars(this.ctx.db, symbols, '1Day', 1),
    ]);
    for (const s of symbols) {
      const candidates = [minutes.get(s)?.[0], days.get(s)?.[0]].filter((b) => b !== undefined);
      const latest = candidates.sort((a, b) => (a.t < b.t ? 1 : -1))[0];
      if (latest && (Date.parse(latest.t) >= planEnd || prices[s] === undefined)) prices[s] = latest.c;
    }
    return prices;
  }

  async #startLive(
    progress: BackfillProgress | undefined,
    transaction: Transaction,
    lease: Lease,
  ): Promise<LiveMarket> {
    const { ctx, deps } = this;
    const cfg = ctx.config;
    const symbols = this.universe.map((a) => a.symbol);
    let source: FeedSource;
    if (this.providers.market) {
      const stream = new ProviderSource(this.providers.market, symbols, ctx.log);
      await stream.prime();
      source = stream;
    } else {
      source = new SimulatorSource({
        seed: cfg.MARKET_SEED,
        universe: this.universe,
        mode: cfg.MARKET_SESSION_MODE,
        calendar: deps.calendar,
        startPrices: await this.#startPrices(progress),
        quotesPerSecond: cfg.MARKET_QUOTES_PER_SECOND,
      });
    }
    const simulatedNews = this.providers.news.length === 0 && cfg.MARKET_NEWS_PER_HOUR > 0;
    return createLiveMarket(
      {
        db: ctx.db,
        lease: {
          fencingToken: lease.fencingToken,
          valid: () => this.lease === lease && Date.now() < this.#leaseValidUntil,
        },
        transaction,
        emit: ctx.emit,
        broadcast: (channel, payload) => ctx.bus.broadcast(channel, payload),
        log: ctx.log,
        calendar: deps.calendar,
        mode: cfg.MARKET_SESSION_MODE,
        view: deps.live,
      },
      {
        source,
        symbols,
        ...(simulatedNews
          ? {
              news: {
                // A stream per start, so a restart does not replay the previous run's headlines.
                rng: createRng(cfg.MARKET_SEED).fork('news').fork(String(Date.now())),
                perHour: cfg.MARKET_NEWS_PER_HOUR,
                universe: this.universe,
              },
            }
          : {}),
      },
    );
  }

  async #tick(): Promise<void> {
    const live = this.live;
    if (!live || this.#stopping) return;
    this.#ticking = advanceMarket(live, new Date());
    try {
      await this.#ticking;
    } catch (err) {
      // Fenced off: the market has already been stopped and the reason logged.
      if (!(err instanceof StaleLeaderError)) throw err;
    }
  }

  async #pollNews(): Promise<void> {
    const transaction = this.#leaderTx;
    if (!this.lease || !transaction || this.#stopping) return;
    const since = this.#lastNewsPoll ?? new Date(Date.now() - 3_600_000);
    this.#lastNewsPoll = new Date();
    try {
      await pollNewsProviders(
        { transaction, emit: this.ctx.emit, log: this.ctx.log },
        this.providers.news,
        this.universe.map((a) => a.symbol),
        since,
      );
    } catch (err) {
      if (!(err instanceof StaleLeaderError)) throw err;
    }
  }

  /** Whether stored history has stopped changing under readers (then it may be cached). */
  async historySettled(): Promise<boolean> {
    if (this.#settled) return true;
    const progress = await readState<BackfillProgress>(this.ctx.db, BACKFILL_STATE);
    this.#settled = progress ? progress.status === 'done' : !this.simulatedHistory;
    return this.#settled;
  }

  async status(): Promise<MarketStatus> {
    const [progress, spx] = await Promise.all([
      readState<BackfillProgress>(this.ctx.db, BACKFILL_STATE),
      readState<SpxState>(this.ctx.db, SPX_STATE),
    ]);
    const cfg = this.ctx.config;
    return {
      sessionMode: cfg.MARKET_SESSION_MODE,
      calendar: this.deps.calendar.name,
      provider: this.sourceName,
      newsProviders: this.providers.news.length > 0 ? this.providers.news.map((p) => p.name) : ['simulator'],
      leader: this.lease !== undefined,
      live: this.live !== undefined,
      symbols: this.universe.map((a) => a.symbol),
      lastBarAt: this.live?.lastBarAt ?? null,
      backfill: {
        status: progress ? progress.status : this.simulatedHistory ? 'pending' : 'disabled',
        symbolsDone: progress?.done.length ?? 0,
        symbolsTotal: progress?.plan.symbols.length ?? (this.simulatedHistory ? this.universe.length : 0),
        rows: progress?.rows ?? 0,
        endDate: progress?.plan.endDate ?? null,
        startedAt: progress?.startedAt ?? null,
        finishedAt: progress?.finishedAt ?? null,
      },
      spx: { loaded: spx !== undefined, rows: spx?.rows ?? 0 },
    };
  }

  /** Readiness: assets seeded, the state table readable, and the market not failed to start. */
  async ready(): Promise<void> {
    if (!this.loaded) throw new Error('market state not loaded yet');
    if (this.failure) throw new Error(`market failed to start: ${this.failure.message}`);
    await sql`select 1 from ${sql.id('market', 'market_state')} limit 1`.execute(this.ctx.db);
  }

  async close(): Promise<void> {
    this.#stopping = true;
    this.#unfollow?.();
    await this.#leading?.catch(() => undefined);
    await this.#ticking?.catch(() => undefined);
    await this.#demoting;
    await this.live?.source.close();
    this.live = undefined;
    await this.lease?.release().catch(() => undefined);
    this.lease = undefined;
    await this.providers.close();
  }
}
