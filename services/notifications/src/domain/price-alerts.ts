import { dec, toWire, type Dec } from '@tradeplane/kit';
import type { QuotesBroadcast } from '@tradeplane/contracts';
import {
  activePriceAlerts,
  getAlertById,
  moveAlertSide,
  type Alert,
  type Direction,
} from '../store/alerts.store.ts';
import type { NotificationsDeps } from './deps.ts';
import { announceFire, priceMessage } from './alerts.ts';

/** Which side of the level a price is on, for this alert: reaching the level counts as crossing it. */
export function sideOf(alert: Pick<Alert, 'direction' | 'level'>, price: Dec): Direction {
  const level = dec(alert.level!);
  if (alert.direction === 'above') return price.gte(level) ? 'above' : 'below';
  return price.lte(level) ? 'below' : 'above';
}

/** The middle of bid and ask; one side alone when the other is missing; undefined without either. */
export function midPrice(bid: unknown, ask: unknown): Dec | undefined {
  const ok = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v) && v > 0;
  if (ok(bid) && ok(ask)) return dec(String(bid)).plus(String(ask)).div(2);
  if (ok(bid)) return dec(String(bid));
  if (ok(ask)) return dec(String(ask));
  return undefined;
}

/**
 * Price alerts on the market's quote broadcast. An alert fires when the mid price crosses its level
 * in its direction: the first quote only records the side, and a crossing is a move from the other
 * side to the alert's side. 'once' alerts are then done; 'rearm' alerts fire again after the price
 * has gone back across. Quotes arriving while a batch is evaluated are coalesced to the latest per
 * symbol (the feed is lossy by design). The database decides who fires: see moveAlertSide.
 */
export class PriceAlertEngine {
  readonly #deps: NotificationsDeps;
  #bySymbol = new Map<string, Map<string, Alert>>();
  #stale = true;
  readonly #pending = new Map<string, Dec>();
  #running: Promise<void> | undefined;
  #stopped = false;

  constructor(deps: NotificationsDeps) {
    this.#deps = deps;
  }

  /** Alerts changed (here or, found by the periodic reload, elsewhere): reload before the next quote. */
  markStale(): void {
    this.#stale = true;
  }

  readonly onQuotes = (payload: unknown): void => {
    const quotes = (payload as Partial<QuotesBroadcast> | null)?.quotes;
    if (!Array.isArray(quotes) || this.#stopped) return;
    for (const q of quotes) {
      if (typeof q?.S !== 'string') continue;
      const mid = midPrice(q.bp, q.ap);
      if (mid) this.#pending.set(q.S.toUpperCase(), mid);
    }
    this.#kick();
  };

  /** Resolves when every quote received so far is evaluated. */
  async idle(): Promise<void> {
    while (this.#running) await this.#running;
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#pending.clear();
    await this.idle();
  }

  #kick(): void {
    if (this.#running || this.#pending.size === 0) return;
    this.#running = this.#drain()
      .catch((err: unknown) => this.#deps.log.error({ err }, 'price alert evaluation failed'))
      .finally(() => {
        this.#running = undefined;
        if (!this.#stopped) this.#kick();
      });
  }

  async #refresh(): Promise<void> {
    this.#stale = false;
    const next = new Map<string, Map<string, Alert>>();
    for (const a of await activePriceAlerts(this.#deps.db)) {
      let m = next.get(a.symbol!);
      if (!m) next.set(a.symbol!, (m = new Map()));
      m.set(a.id, a);
    }
    this.#bySymbol = next;
  }

  async #drain(): Promise<void> {
    while (this.#pending.size > 0 && !this.#stopped) {
      if (this.#stale) await this.#refresh();
      const batch = [...this.#pending];
      this.#pending.clear();
      for (const [symbol, mid] of batch) {
        const alerts = this.#bySymbol.get(symbol);
        if (!alerts) continue;
        for (const alert of [...alerts.values()]) {
          try {
            await this.#evaluate(alerts, alert, mid);
          } catch (err) {
            this.#deps.log.error({ err, alertId: alert.id }, 'price alert evaluation failed');
          }
        }
      }
    }
  }

  async #evaluate(alerts: Map<string, Alert>, alert: Alert, mid: Dec): Promise<void> {
    const side = sideOf(alert, mid);
    if (alert.side === side) return;
    const fire = alert.side !== null && side === alert.direction;
    const price = toWire(mid);
    const deps = this.#deps;
    const moved = await deps.transaction(async (tx) => {
      const row = await moveAlertSide(tx, {
        id: alert.id,
        from: alert.side,
        to: side,
        fire,
        once: alert.repeat === 'once',
        at: deps.now(),
      });
      if (row && fire)
        await announceFire(deps, tx, row, priceMessage(row, price), {
          price,
          level: row.level,
          direction: row.direction,
        });
      return row;
    });
    // Not moved: another instance moved it first, or it was deleted; take the database's word.
    const current = moved ?? (await getAlertById(deps.db, alert.id));
    if (current && current.status === 'active') alerts.set(current.id, current);
    else alerts.delete(alert.id);
  }
}
