import type { ExpressionBuilder } from 'kysely';
import type { AnyDB, AnyTx } from '@tradeplane/kit';
import type { StoredTimeframe } from './bars.store.ts';

/** Whose bars, of what: one provider's bars of one symbol and stored timeframe. */
export interface CoverageKey {
  provider: string;
  symbol: string;
  timeframe: StoredTimeframe;
}

/** Bar starts [from, to], both inclusive, in Unix milliseconds. */
export interface Interval {
  from: number;
  to: number;
}

/** The provider_coverage table: the ranges of bar starts whose provider bars the store holds. */
const ofKey =
  (key: CoverageKey) =>
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  (eb: ExpressionBuilder<any, any>) =>
    eb.and({ provider: key.provider, symbol: key.symbol, timeframe: key.timeframe });

/** The covered intervals overlapping [from, to], merged where they overlap or touch, in time order. */
export async function readCoverage(
  db: AnyDB | AnyTx,
  key: CoverageKey,
  from: number,
  to: number,
): Promise<Interval[]> {
  const rows: { from_t: Date; to_t: Date }[] = await db
    .selectFrom('provider_coverage')
    .where(ofKey(key))
    .select(['from_t', 'to_t'])
    .where('from_t', '<=', new Date(to))
    .where('to_t', '>=', new Date(from))
    .orderBy('from_t')
    .execute();
  return mergeIntervals(rows.map((r) => ({ from: r.from_t.getTime(), to: r.to_t.getTime() })));
}

/**
 * Records [from, to] as covered, inside the transaction that stored its bars: the rows it
 * overlaps or touches are folded into one (two instances filling at once may still leave
 * overlapping rows; readers merge them).
 */
export async function addCoverage(tx: AnyTx, key: CoverageKey, from: number, to: number): Promise<void> {
  const touching: { from_t: Date; to_t: Date }[] = await tx
    .selectFrom('provider_coverage')
    .where(ofKey(key))
    .select(['from_t', 'to_t'])
    .where('from_t', '<=', new Date(to + 1))
    .where('to_t', '>=', new Date(from - 1))
    .forUpdate()
    .execute();
  const lo = Math.min(from, ...touching.map((r) => r.from_t.getTime()));
  const hi = Math.max(to, ...touching.map((r) => r.to_t.getTime()));
  if (touching.length > 0) {
    await tx
      .deleteFrom('provider_coverage')
      .where(ofKey(key))
      .where(
        'from_t',
        'in',
        touching.map((r) => r.from_t),
      )
      .execute();
  }
  await tx
    .insertInto('provider_coverage')
    .values({ ...key, from_t: new Date(lo), to_t: new Date(hi) })
    .onConflict((oc) =>
      oc.columns(['provider', 'symbol', 'timeframe', 'from_t']).doUpdateSet((eb) => ({
        to_t: eb.fn('greatest', [eb.ref('provider_coverage.to_t'), eb.ref('excluded.to_t')]),
        updated_at: eb.fn('now', []),
      })),
    )
    .execute();
}

/** Sorted, with overlapping or touching (1 ms apart) intervals joined. */
export function mergeIntervals(list: readonly Interval[]): Interval[] {
  const sorted = [...list].sort((a, b) => a.from - b.from);
  const out: Interval[] = [];
  for (const i of sorted) {
    const last = out.at(-1);
    if (last && i.from <= last.to + 1) last.to = Math.max(last.to, i.to);
    else out.push({ ...i });
  }
  return out;
}
