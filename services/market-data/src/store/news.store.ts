import { sql } from 'kysely';
import type { AnyDB, AnyTx } from '@tradeplane/kit';
import { trimNumeric } from '../domain/format.ts';

export interface NewsItem {
  id: string;
  provider: string;
  headline: string;
  summary: string;
  content: string;
  author: string;
  source: string;
  url: string | null;
  symbols: string[];
  category: string | null;
  sentiment: number | null;
  createdAt: string;
  updatedAt: string;
}

export type NewNewsItem = Omit<NewsItem, 'id'> & { providerId: string };

interface NewsRow {
  id: string;
  provider: string;
  headline: string;
  summary: string;
  content: string;
  author: string;
  source: string;
  url: string | null;
  symbols: string[];
  category: string | null;
  sentiment: string | null;
  created_at: Date;
  updated_at: Date;
}

const COLUMNS = [
  'n.id',
  'n.provider',
  'n.headline',
  'n.summary',
  'n.content',
  'n.author',
  'n.source',
  'n.url',
  'n.symbols',
  'n.category',
  'n.sentiment',
  'n.created_at',
  'n.updated_at',
] as const;

const toItem = (r: NewsRow): NewsItem => ({
  id: String(r.id),
  provider: r.provider,
  headline: r.headline,
  summary: r.summary,
  content: r.content,
  author: r.author,
  source: r.source,
  url: r.url,
  symbols: r.symbols,
  category: r.category,
  sentiment: r.sentiment === null ? null : Number(trimNumeric(r.sentiment)),
  createdAt: r.created_at.toISOString(),
  updatedAt: r.updated_at.toISOString(),
});

/** Stores articles not seen before (by provider and provider id); returns the ones it inserted. */
export async function insertNews(db: AnyDB | AnyTx, items: readonly NewNewsItem[]): Promise<NewsItem[]> {
  const inserted: NewsItem[] = [];
  for (const item of items) {
    const row: NewsRow | undefined = await db
      .insertInto('news')
      .values({
        provider: item.provider,
        provider_id: item.providerId,
        headline: item.headline,
        summary: item.summary,
        content: item.content,
        author: item.author,
        source: item.source,
        url: item.url,
        symbols: sql`${item.symbols}::text[]`,
        category: item.category,
        sentiment: item.sentiment === null ? null : item.sentiment.toFixed(3),
        created_at: item.createdAt,
        updated_at: item.updatedAt,
      })
      .onConflict((oc) => oc.columns(['provider', 'provider_id']).doNothing())
      .returning([
        'id',
        'provider',
        'headline',
        'summary',
        'content',
        'author',
        'source',
        'url',
        'symbols',
        'category',
        'sentiment',
        'created_at',
        'updated_at',
      ])
      .executeTakeFirst();
    if (!row) continue;
    if (item.symbols.length > 0) {
      await db
        .insertInto('news_symbols')
        .values(item.symbols.map((symbol) => ({ news_id: row.id, symbol, created_at: item.createdAt })))
        .onConflict((oc) => oc.doNothing())
        .execute();
    }
    inserted.push(toItem(row));
  }
  return inserted;
}

export interface NewsQuery {
  symbols?: readonly string[];
  /** Inclusive. */
  start?: Date;
  /** Inclusive. */
  end?: Date;
  limit: number;
  order: 'asc' | 'desc';
  /** Keyset position: the (created_at, id) of the last item of the previous page. */
  after?: { createdAt: string; id: string };
}

/** Articles in time order (ties by id), optionally about any of `symbols`. */
export async function listNews(db: AnyDB, q: NewsQuery): Promise<NewsItem[]> {
  let query = db.selectFrom('news as n').select(COLUMNS);
  if (q.symbols && q.symbols.length > 0) {
    const symbols = [...q.symbols];
    query = query.where((eb) =>
      eb.exists(
        eb
          .selectFrom('news_symbols as s')
          .select('s.news_id')
          .whereRef('s.news_id', '=', 'n.id')
          .where('s.symbol', 'in', symbols),
      ),
    );
  }
  if (q.start) query = query.where('n.created_at', '>=', q.start);
  if (q.end) query = query.where('n.created_at', '<=', q.end);
  if (q.after) {
    const { createdAt, id } = q.after;
    const cmp = q.order === 'desc' ? '<' : '>';
    query = query.where((eb) =>
      eb.or([
        eb('n.created_at', cmp, new Date(createdAt)),
        eb.and([eb('n.created_at', '=', new Date(createdAt)), eb('n.id', cmp, id)]),
      ]),
    );
  }
  const rows: NewsRow[] = await query
    .orderBy('n.created_at', q.order)
    .orderBy('n.id', q.order)
    .limit(q.limit)
    .execute();
  return rows.map(toItem);
}
