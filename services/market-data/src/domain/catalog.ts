import type { Asset } from '../store/assets.store.ts';
import { assetId } from './asset-ids.ts';
import { DEFAULT_UNIVERSE, type AssetDefinition } from './universe.ts';

/** The built-in universe as listed assets; `live` when this install simulates (or streams) the symbol. */
export function universeAsset(def: AssetDefinition, live: boolean): Asset {
  return {
    id: assetId(def.symbol),
    symbol: def.symbol,
    name: def.name,
    exchange: def.exchange,
    class: def.class,
    kind: def.kind,
    sector: def.sector,
    status: def.status,
    tradable: def.tradable && live,
    marginable: def.marginable,
    shortable: def.shortable,
    easyToBorrow: def.easy_to_borrow,
    fractionable: def.fractionable,
    minTick: def.min_tick,
    live,
  };
}

/** MARKET_SYMBOLS (comma-separated, empty = all) as universe entries; an unknown symbol stops the boot. */
export function selectUniverse(list: string): AssetDefinition[] {
  const wanted = list
    .split(',')
    .map((s) => s.trim().toUpperCase())
    .filter(Boolean);
  if (wanted.length === 0) return [...DEFAULT_UNIVERSE];
  const unknown = wanted.filter((s) => !DEFAULT_UNIVERSE.some((a) => a.symbol === s));
  if (unknown.length > 0) {
    throw new Error(
      `MARKET_SYMBOLS: ${unknown.join(', ')} not in the built-in universe (${DEFAULT_UNIVERSE.map((a) => a.symbol).join(', ')})`,
    );
  }
  return DEFAULT_UNIVERSE.filter((a) => wanted.includes(a.symbol));
}
