import type { Actor } from './types.ts';

/** What orders needs to know of a tradable asset (market-data `GET /v1/market/assets/:symbol`). */
export interface AssetInfo {
  id: string;
  symbol: string;
  assetClass: string;
  tradable: boolean;
  fractionable: boolean;
  shortable: boolean;
}

export interface AssetSource {
  /** The asset, or null when market-data knows no such symbol. Throws when market-data is down. */
  get(symbol: string, as?: Actor): Promise<AssetInfo | null>;
}

/** Assets by hand, for tests: every symbol not listed is unknown. */
export class InMemoryAssetSource implements AssetSource {
  readonly #assets = new Map<string, AssetInfo>();

  constructor(assets: Partial<AssetInfo>[] = []) {
    for (const a of assets) this.add(a);
  }

  add(a: Partial<AssetInfo>): AssetInfo {
    const symbol = (a.symbol ?? 'AAPL').toUpperCase();
    const asset: AssetInfo = {
      id: a.id ?? `asset-${symbol.toLowerCase()}`,
      symbol,
      assetClass: a.assetClass ?? 'us_equity',
      tradable: a.tradable ?? true,
      fractionable: a.fractionable ?? true,
      shortable: a.shortable ?? true,
    };
    this.#assets.set(symbol, asset);
    return asset;
  }

  get(symbol: string): Promise<AssetInfo | null> {
    return Promise.resolve(this.#assets.get(symbol.toUpperCase()) ?? null);
  }
}
