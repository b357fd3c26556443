import type { PortfolioDeps } from './deps.ts';
import { PortfolioErrors } from './errors.ts';
import type { LedgerAccount } from '../store/accounts.store.ts';
import { getFill, listFills, type FillRecord } from '../store/fills.store.ts';

/** Alpaca's activity types (trading API `ActivityType`); portfolio records FILLs, the others are empty. */
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

/** Alpaca's activity id: the execution time to the millisecond (YYYYMMDDHHMMSSmmm, UTC), `::`, an id. */
export function activityId(f: Pick<FillRecord, 'at' | 'tradeId'>): string {
  return `${f.at.toISOString().replace(/[-:TZ.]/g, '')}::${f.tradeId}`;
}

export interface ActivityQuery {
  types?: string[] | undefined;
  /** YYYY-MM-DD: only that UTC day. */
  date?: string | undefined;
  after?: Date | undefined;
  until?: Date | undefined;
  direction: 'asc' | 'desc';
  pageSize: number;
  /** The id of the last activity of the previous page. */
  pageToken?: string | undefined;
}

export async function listActivities(
  deps: PortfolioDeps,
  account: LedgerAccount,
  q: ActivityQuery,
): Promise<FillRecord[]> {
  for (const t of q.types ?? []) if (!ACTIVITY_TYPES.has(t)) throw PortfolioErrors.invalidActivityType(t);
  if (q.types && q.types.length > 0 && !q.types.includes('FILL')) return [];
  let after = q.after;
  let until = q.until;
  if (q.date) {
    const day = new Date(`${q.date}T00:00:00.000Z`);
    if (Number.isNaN(day.getTime())) throw PortfolioErrors.invalidHistory(`invalid date ${q.date}`);
    after = day;
    until = new Date(day.getTime() + 86_400_000 - 1);
  }
  let from: { at: Date; tradeId: string } | undefined;
  if (q.pageToken) {
    const sep = q.pageToken.indexOf('::');
    const fill = sep > 0 ? await getFill(deps.db, q.pageToken.slice(sep + 2)) : undefined;
    if (!fill || fill.accountId !== account.accountId) throw PortfolioErrors.badCursor();
    from = { at: fill.at, tradeId: fill.tradeId };
  }
  return listFills(deps.db, account.accountId, {
    after,
    until,
    direction: q.direction,
    limit: q.pageSize,
    from,
  });
}
