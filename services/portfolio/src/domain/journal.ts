import { isUuid, isUniqueViolation, uuidv7 } from '@tradeplane/kit';
import type { PortfolioDeps } from './deps.ts';
import { PortfolioErrors } from './errors.ts';
import { getOwnedAccount } from '../store/accounts.store.ts';
import { getFill } from '../store/fills.store.ts';
import {
  deleteEntry,
  getEntry,
  insertEntry,
  listEntries,
  updateEntry,
  type JournalEntry,
} from '../store/journal.store.ts';

const normalizeTags = (tags: string[]) => [...new Set(tags.map((t) => t.trim()).filter(Boolean))];

/** A note and tags on one of the user's trades (one entry per trade). */
export async function createEntry(
  deps: PortfolioDeps,
  userId: string,
  e: { tradeId: string; notes?: string | undefined; tags?: string[] | undefined },
): Promise<JournalEntry> {
  const fill = await getFill(deps.db, e.tradeId);
  // Someone else's trade is the same 404 as no trade at all.
  if (!fill || !(await getOwnedAccount(deps.db, userId, fill.accountId)))
    throw PortfolioErrors.tradeNotFound();
  try {
    return await insertEntry(deps.db, {
      id: uuidv7(),
      userId,
      accountId: fill.accountId,
      tradeId: fill.tradeId,
      notes: e.notes ?? '',
      tags: normalizeTags(e.tags ?? []),
    });
  } catch (err) {
    if (isUniqueViolation(err)) throw PortfolioErrors.journalExists();
    throw err;
  }
}

export async function getJournalEntry(
  deps: PortfolioDeps,
  userId: string,
  id: string,
): Promise<JournalEntry> {
  const entry = isUuid(id) ? await getEntry(deps.db, userId, id) : undefined;
  if (!entry) throw PortfolioErrors.journalNotFound();
  return entry;
}

export async function patchEntry(
  deps: PortfolioDeps,
  userId: string,
  id: string,
  patch: { notes?: string | undefined; tags?: string[] | undefined },
): Promise<JournalEntry> {
  const entry = isUuid(id)
    ? await updateEntry(deps.db, userId, id, {
        notes: patch.notes,
        tags: patch.tags && normalizeTags(patch.tags),
      })
    : undefined;
  if (!entry) throw PortfolioErrors.journalNotFound();
  return entry;
}

export async function removeEntry(deps: PortfolioDeps, userId: string, id: string): Promise<void> {
  if (!isUuid(id) || !(await deleteEntry(deps.db, userId, id))) throw PortfolioErrors.journalNotFound();
}

export async function listJournal(
  deps: PortfolioDeps,
  userId: string,
  f: {
    accountId?: string | undefined;
    tradeId?: string | undefined;
    tag?: string | undefined;
    limit: number;
    cursor?: string | undefined;
  },
): Promise<{ data: JournalEntry[]; nextCursor: string | null }> {
  if (f.cursor !== undefined && !isUuid(f.cursor)) throw PortfolioErrors.badCursor();
  const rows = await listEntries(deps.db, userId, { ...f, limit: f.limit + 1, before: f.cursor });
  const data = rows.slice(0, f.limit);
  return { data, nextCursor: rows.length > f.limit ? data[data.length - 1]!.id : null };
}
