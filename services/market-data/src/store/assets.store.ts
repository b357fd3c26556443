import type { AnyDB, AnyTx } from '@tradeplane/kit';
import { trimNumeric } from '../domain/format.ts';

export type AssetKind = 'stock' | 'etf' | 'index' | 'imported';

export interface Asset {
  id: string;
  symbol: string;
  name: string;
  exchange: string;
  class: string;
  kind: AssetKind;
  sector: string | null;
  status: string;
  tradable: boolean;
  marginable: boolean;
  shortable: boolean;
  easyToBorrow: boolean;
  fractionable: boolean;
  minTick: string;
  /** Priced by the live market (simulator or provider stream). */
  live: boolean;
}

interface AssetRow {
  id: string;
  symbol: string;
  name: string;
  exchange: string;
  class: string;
  kind: AssetKind;
  sector: string | null;
  status: string;
  tradable: boolean;
  marginable: boolean;
  shortable: boolean;
  easy_to_borrow: boolean;
  fractionable: boolean;
  min_tick: string;
  live: boolean;
}

const COLUMNS = [
  'id',
  'symbol',
  'name',
  'exchange',
  'class',
  'kind',
  'sector',
  'status',
  'tradable',
  'marginable',
  'shortable',
  'easy_to_borrow',
  'fractionable',
  'min_tick',
  'live',
] as const;

const toAsset = (r: AssetRow): Asset => ({
  id: r.id,
  symbol: r.symbol,
  name: r.name,
  exchange: r.exchange,
  class: r.class,
  kind: r.kind,
  sector: r.sector,
  status: r.status,
  tradable: r.tradable,
  marginable: r.marginable,
  shortable: r.shortable,
  easyToBorrow: r.easy_to_borrow,
  fractionable: r.fractionable,
  minTick: trimNumeric(r.min_tick),
  live: r.live,
});

const toRow = (a: Asset): AssetRow => ({
  id: a.id,
  symbol: a.symbol,
  name: a.name,
  exchange: a.exchange,
  class: a.class,
  kind: a.kind,
  sector: a.sector,
  status: a.status,
  tradable: a.tradable,
  marginable: a.marginable,
  shortable: a.shortable,
  easy_to_borrow: a.easyToBorrow,
  fractionable: a.fractionable,
  min_tick: a.minTick,
  live: a.live,
});

/** Inserts or refreshes assets by symbol (the built-in universe is re-applied at every start). */
export async function upsertAssets(db: AnyDB | AnyTx, assets: readonly Asset[]): Promise<void> {
  if (assets.length === 0) return;
  await db
    .insertInto('assets')
    .values(assets.map(toRow))
    .onConflict((oc) =>
      oc.column('symbol').doUpdateSet((eb) => ({
        name: eb.ref('excluded.name'),
        exchange: eb.ref('excluded.exchange'),
        class: eb.ref('excluded.class'),
        kind: eb.ref('excluded.kind'),
        sector: eb.ref('excluded.sector'),
        status: eb.ref('excluded.status'),
        tradable: eb.ref('excluded.tradable'),
        marginable: eb.ref('excluded.marginable'),
        shortable: eb.ref('excluded.shortable'),
        easy_to_borrow: eb.ref('excluded.easy_to_borrow'),
        fractionable: eb.ref('excluded.fractionable'),
        min_tick: eb.ref('excluded.min_tick'),
        live: eb.ref('excluded.live'),
      })),
    )
    .execute();
}

/** Adds an asset unless its symbol exists (an import of a symbol outside the universe). */
export async function insertAssetIfMissing(db: AnyDB | AnyTx, asset: Asset): Promise<void> {
  await db
    .insertInto('assets')
    .values(toRow(asset))
    .onConflict((oc) => oc.column('symbol').doNothing())
    .execute();
}

export async function listAssets(db: AnyDB): Promise<Asset[]> {
  const rows: AssetRow[] = await db.selectFrom('assets').select(COLUMNS).orderBy('symbol').execute();
  return rows.map(toAsset);
}

export async function findAssets(db: AnyDB, symbols: readonly string[]): Promise<Asset[]> {
  if (symbols.length === 0) return [];
  const rows: AssetRow[] = await db
    .selectFrom('assets')
    .select(COLUMNS)
    .where('symbol', 'in', [...symbols])
    .orderBy('symbol')
    .execute();
  return rows.map(toAsset);
}

export async function findAssetById(db: AnyDB, id: string): Promise<Asset | undefined> {
  const row: AssetRow | undefined = await db
    .selectFrom('assets')
    .select(COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toAsset(row);
}
