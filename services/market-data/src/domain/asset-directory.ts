import type { AnyDB } from '@tradeplane/kit';
import { listAssets, type Asset } from '../store/assets.store.ts';

const RELOAD_AFTER_MS = 1_000;

/**
 * Assets by symbol, kept in memory: every market request names symbols, and the list is small
 * and changes only when an import adds one. A symbol not held triggers a reload (at most once a
 * second), so an asset added through another instance is found without a restart.
 */
export class AssetDirectory {
  readonly #db: AnyDB;
  #bySymbol = new Map<string, Asset>();
  #byId = new Map<string, Asset>();
  #loadedAt = 0;
  #loading: Promise<void> | undefined;

  constructor(db: AnyDB) {
    this.#db = db;
  }

  async reload(): Promise<void> {
    this.#loading ??= (async () => {
      try {
        const assets = await listAssets(this.#db);
        this.#bySymbol = new Map(assets.map((a) => [a.symbol, a]));
        this.#byId = new Map(assets.map((a) => [a.id, a]));
        this.#loadedAt = Date.now();
      } finally {
        this.#loading = undefined;
      }
    })();
    await this.#loading;
  }

  async all(): Promise<Asset[]> {
    if (this.#loadedAt === 0) await this.reload();
    return [...this.#bySymbol.values()].sort((a, b) => a.symbol.localeCompare(b.symbol));
  }

  async find(symbol: string): Promise<Asset | undefined> {
    const held = this.#bySymbol.get(symbol);
    if (held) return held;
    if (Date.now() - this.#loadedAt >= RELOAD_AFTER_MS) await this.reload();
    return this.#bySymbol.get(symbol);
  }

  async findById(id: string): Promise<Asset | undefined> {
    const held = this.#byId.get(id);
    if (held) return held;
    if (Date.now() - this.#loadedAt >= RELOAD_AFTER_MS) await this.reload();
    return this.#byId.get(id);
  }

  /** Splits symbols into known assets and unknown symbols, keeping the order given. */
  async resolve(symbols: readonly string[]): Promise<{ known: Asset[]; unknown: string[] }> {
    const known: Asset[] = [];
    const unknown: string[] = [];
    for (const s of symbols) {
      const a = await this.find(s);
      if (a) known.push(a);
      else unknown.push(s);
    }
    return { known, unknown };
  }
}
