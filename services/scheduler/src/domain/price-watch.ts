import { dec, toWire, type Dec } from '@tradeplane/kit';
import type { SchedulerDeps } from './deps.ts';
import { StaleLeaderError } from './errors.ts';
import { checkFence, recordFire, type Fence } from './record-fire.ts';
import type { PriceSchedule, Trigger } from './trigger.ts';
import { listEnabledByKind } from '../store/triggers.store.ts';

export type Side = 'above' | 'below';
type PriceTrigger = Trigger & { kind: 'price' };

/**
 * Where `mid` is relative to the level, as the trigger's direction sees it: touching the level
 * counts as having reached it, so "above 190" fires at 190.00 and "below 190" at 190.00 too.
 */
export function sideOf(mid: Dec, s: Pick<PriceSchedule, 'direction' | 'level'>): Side {
  const level = dec(s.level);
  if (s.direction === 'above') return mid.gte(level) ? 'above' : 'below';
  return mid.lte(level) ? 'below' : 'above';
}

export interface QuoteObservation {
  symbol: string;
  bid: number;
  ask: number;
  /** The quote's own time: the run's scheduledFor. */
  at: Date;
}

export interface Crossing {
  trigger: PriceTrigger;
  mid: string;
  bid: string;
  ask: string;
  at: Date;
}

/** Quotes of a `market.quotes` broadcast ({ quotes: [{ S, bp, ap, t, … }] }); malformed entries are dropped. */
export function quotesOf(payload: unknown): QuoteObservation[] {
  const quotes = (payload as { quotes?: unknown } | null)?.quotes;
  if (!Array.isArray(quotes)) return [];
  const out: QuoteObservation[] = [];
  for (const q of quotes as Record<string, unknown>[]) {
    if (typeof q !== 'object' || q === null) continue;
    const { S, bp, ap, t } = q;
    if (typeof S !== 'string' || typeof bp !== 'number' || typeof ap !== 'number' || typeof t !== 'string')
      continue;
    const at = new Date(t);
    if (Number.isNaN(at.getTime())) continue;
    out.push({ symbol: S.toUpperCase(), bid: bp, ask: ap, at });
  }
  return out;
}

/**
 * The leader's watch over price triggers: the mid price ((bid + ask) / 2) of every quote of a
 * watched symbol is placed on the trigger's side of its level. The first quote a watcher sees for
 * a trigger only sets the side (no fire on what was already true); a fire needs the side to
 * change into the trigger's direction, and another fire needs the price to cross back first
 * (re-arming). Sides live in memory: a new leader (or a changed trigger) starts from its first
 * observation again.
 */
export class PriceWatcher {
  #bySymbol = new Map<string, PriceTrigger[]>();
  #sides = new Map<string, { version: number; side: Side }>();
  #queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly deps: SchedulerDeps,
    private readonly fence: () => Fence | undefined,
    private readonly onStale: (fence: Fence, err: StaleLeaderError) => void,
  ) {}

  /** Reloads the enabled price triggers (the leader does this every SCHEDULER_PRICE_REFRESH_MS). */
  async refresh(): Promise<void> {
    this.setTriggers((await listEnabledByKind(this.deps.db, 'price')) as PriceTrigger[]);
  }

  setTriggers(triggers: PriceTrigger[]): void {
    const bySymbol = new Map<string, PriceTrigger[]>();
    const ids = new Set<string>();
    for (const t of triggers) {
      ids.add(t.id);
      const list = bySymbol.get(t.schedule.symbol) ?? [];
      list.push(t);
      bySymbol.set(t.schedule.symbol, list);
    }
    for (const id of this.#sides.keys()) if (!ids.has(id)) this.#sides.delete(id);
    this.#bySymbol = bySymbol;
  }

  /** Forgets every side and trigger (leadership lost: the next leader starts from fresh observations). */
  reset(): void {
    this.#bySymbol = new Map();
    this.#sides.clear();
  }

  get watchedSymbols(): string[] {
    return [...this.#bySymbol.keys()];
  }

  /** Places each quote, in order, and queues a fire for every crossing. Returns the crossings. */
  observe(quotes: readonly QuoteObservation[]): Crossing[] {
    const crossings: Crossing[] = [];
    for (const q of quotes) {
      const triggers = this.#bySymbol.get(q.symbol);
      if (!triggers || !(q.bid > 0) || !(q.ask > 0)) continue;
      const mid = dec(q.bid).plus(q.ask).div(2);
      for (const t of triggers) {
        const side = sideOf(mid, t.schedule);
        const prev = this.#sides.get(t.id);
        this.#sides.set(t.id, { version: t.version, side });
        if (!prev || prev.version !== t.version || prev.side === side || side !== t.schedule.direction)
          continue;
        const c: Crossing = {
          trigger: t,
          mid: toWire(mid),
          bid: toWire(q.bid),
          ask: toWire(q.ask),
          at: q.at,
        };
        crossings.push(c);
        this.#enqueue(c, prev.side);
      }
    }
    return crossings;
  }

  /** Resolves once every fire queued so far has been written (or has failed). */
  idle(): Promise<void> {
    return this.#queue;
  }

  #enqueue(c: Crossing, previous: Side): void {
    this.#queue = this.#queue.then(async () => {
      const fence = this.fence();
      if (!fence) return;
      try {
        await this.#fire(c, fence);
      } catch (err) {
        if (err instanceof StaleLeaderError) {
          this.onStale(fence, err);
          return;
        }
        // Unwritten: put the side back so the next quote on this side of the level fires instead.
        const now = this.#sides.get(c.trigger.id);
        if (now && now.version === c.trigger.version && now.side === c.trigger.schedule.direction)
          this.#sides.set(c.trigger.id, { version: now.version, side: previous });
        this.deps.log.error({ err, triggerId: c.trigger.id }, 'price trigger fire failed');
      }
    });
  }

  async #fire(c: Crossing, fence: Fence): Promise<void> {
    const s = c.trigger.schedule;
    await this.deps.transaction(async (tx) => {
      await checkFence(tx, fence);
      await recordFire(
        this.deps,
        tx,
        {
          trigger: c.trigger,
          scheduledFor: c.at,
          status: 'fired',
          misfire: false,
          reason: `${s.symbol} crossed ${s.direction} ${s.level} at ${c.mid} (mid price)`,
          context: {
            symbol: s.symbol,
            direction: s.direction,
            level: s.level,
            price: c.mid,
            bid: c.bid,
            ask: c.ask,
            quoteTime: c.at.toISOString(),
          },
          version: c.trigger.version,
        },
        fence,
      );
    });
  }
}
