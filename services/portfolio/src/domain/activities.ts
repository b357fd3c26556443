import { createHash } from 'node:crypto';
import type { PortfolioDeps } from './deps.ts';
import { PortfolioErrors } from './errors.ts';
import type { LedgerAccount } from '../store/accounts.store.ts';
import {
  findActivityKey,
  listTimeline,
  type ActivityKey,
  type ActivityRecord,
} from '../store/activities.store.ts';

/**
 * Alpaca's activity types (Trading API `ActivityType`, @alpacahq/alpaca-trade-api). TRANS and MISC
 * are filters only: TRANS is CSD and CSW, MISC every type but those, the dividends and FILL.
 */
export const ACTIVITY_TYPES = new Set([
  'FILL',
  'TRANS',
  'MISC',
  'ACATC',
  'ACATS',
  'CFEE',
  'CGD',
  'CSD',
  'CSW',
  'DIV',
  'DIVCGL',
  'DIVCGS',
  'DIVFEE',
  'DIVFT',
  'DIVNRA',
  'DIVROC',
  'DIVTW',
  'DIVTXEX',
  'FEE',
  'INT',
  'INTNRA',
  'INTTW',
  'JNL',
  'JNLC',
  'JNLS',
  'MA',
  'NC',
  'OPASN',
  'OPCA',
  'OPCSH',
  'OPEXC',
  'OPEXP',
  'OPTRD',
  'PTC',
  'PTR',
  'REORG',
  'SPIN',
  'SPLIT',
  'FOPT',
]);

/** The non-trade activity types one filter value stands for. */
function nonTradeTypesOf(t: string): string[] {
  if (t === 'FILL') return [];
  if (t === 'TRANS') return ['CSD', 'CSW'];
  if (t === 'MISC')
    return [...ACTIVITY_TYPES].filter(
      (x) => !['FILL', 'TRANS', 'MISC', 'CSD', 'CSW'].includes(x) && !x.startsWith('DIV'),
    );
  return [t];
}

/** Alpaca's activity id: the time to the millisecond (YYYYMMDDHHMMSSmmm, UTC), `::`, an id. */
export function activityId(a: { at: Date; key: string }): string {
  return `${a.at.toISOString().replace(/[-:TZ.]/g, '')}::${a.key}`;
}

/** The id of a timeline entry: the trade id of a fill, the NTA's own id. */
export function activityKey(a: ActivityRecord): ActivityKey {
  return a.kind === 'fill' ? { at: a.fill.at, key: a.fill.tradeId } : { at: a.nta.at, key: a.nta.id };
}

/**
 * A non-trade activity's id, derived from what caused it (a UUID of version 8, RFC 9562 §5.8,
 * over a SHA-256 of the name): the same cause replayed makes the same id, which the table keeps once.
 */
export function nonTradeId(name: string): string {
  const b = createHash('sha256').update(name).digest().subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x80;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface ActivityQuery {
  /** Alpaca activity types (filters included); undefined or empty: every type. */
  types?: string[] | undefined;
  /** Alpaca's `category`: trade_activity (fills) or non_trade_activity (the rest). */
  category?: 'trade_activity' | 'non_trade_activity' | undefined;
  /** YYYY-MM-DD: only that UTC day (not with after/until). */
  date?: string | undefined;
  after?: Date | undefined;
  until?: Date | undefined;
  /**
   * Alpaca's reading of after/until: only activities strictly after `after` and strictly before
   * `until` ("submitted after/before this date"). Otherwise (the native API) both are inclusive.
   */
  exclusiveBounds?: boolean | undefined;
  direction: 'asc' | 'desc';
  pageSize: number;
  /** The id of the last activity of the previous page. */
  pageToken?: string | undefined;
}

/**
 * The account's activities, fills and non-trade activities merged in time order. An account that
 * was reset shows what happened since the reset only: like an Alpaca paper reset, it is a new
 * start (the rows before it stay stored).
 */
export async function listActivities(
  deps: PortfolioDeps,
  account: LedgerAccount,
  q: ActivityQuery,
): Promise<ActivityRecord[]> {
  for (const t of q.types ?? []) if (!ACTIVITY_TYPES.has(t)) throw PortfolioErrors.invalidActivityType(t);
  const wanted = q.types && q.types.length > 0 ? q.types : [...ACTIVITY_TYPES];
  let fills = wanted.includes('FILL');
  let nonTradeTypes = [...new Set(wanted.flatMap(nonTradeTypesOf))];
  if (q.category === 'trade_activity') nonTradeTypes = [];
  if (q.category === 'non_trade_activity') fills = false;

  let after = q.after;
  let until = q.until;
  if (q.date) {
    if (after || until) throw PortfolioErrors.invalidActivityQuery('date cannot be used with after or until');
    const day = new Date(`${q.date}T00:00:00.000Z`);
    if (Number.isNaN(day.getTime())) throw PortfolioErrors.invalidActivityQuery(`invalid date ${q.date}`);
    after = day;
    until = new Date(day.getTime() + 86_400_000 - 1);
  }
  if (after && until && after > until)
    throw PortfolioErrors.invalidActivityQuery('after is later than until');

  let from: ActivityKey | undefined;
  if (q.pageToken) {
    const sep = q.pageToken.indexOf('::');
    from =
      sep > 0 ? await findActivityKey(deps.db, account.accountId, q.pageToken.slice(sep + 2)) : undefined;
    if (!from) throw PortfolioErrors.badCursor();
  }
  return listTimeline(deps.db, account.accountId, {
    fills,
    nonTradeTypes,
    // The reset's own deposit is at the reset's time: the floor is inclusive.
    since: account.resetAt ?? undefined,
    after,
    until,
    exclusive: !q.date && q.exclusiveBounds === true,
    direction: q.direction,
    limit: q.pageSize,
    from,
  });
}
