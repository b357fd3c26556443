/**
 * The news store's use cases: publish (simulated wire or provider polling: store what is new and
 * announce it with a durable `news.published`) and read (filter by symbols and time, newest
 * first, keyset-paginated).
 */
import { NewsPublished } from '@tradeplane/contracts';
import { StaleLeaderError, type AnyDB, type AnyTx, type Logger, type NewEvent } from '@tradeplane/kit';
import { isProviderError, type NewsProvider } from '../providers/index.ts';
import { insertNews, listNews, type NewNewsItem, type NewsItem } from '../store/news.store.ts';
import { cached, type MarketCache } from './cached.ts';
import { checkRange, decodeCursor, encodeCursor, parseSymbols, parseTime } from './request-params.ts';
import type { MarketCalendar } from './calendar.ts';

export interface PublishDeps {
  transaction<T>(fn: (tx: AnyTx) => Promise<T>): Promise<T>;
  emit(tx: AnyTx, events: NewEvent[]): Promise<unknown>;
}

/** Stores the items not stored before and emits `news.published` for each, in one transaction. */
export async function publishNews(deps: PublishDeps, items: readonly NewNewsItem[]): Promise<NewsItem[]> {
  if (items.length === 0) return [];
  return deps.transaction(async (tx) => {
    const inserted = await insertNews(tx, items);
    if (inserted.length > 0) {
      await deps.emit(
        tx,
        inserted.map((n) => ({
          type: NewsPublished.type,
          subject: n.symbols[0] ?? 'market',
          data: {
            id: n.id,
            headline: n.headline,
            summary: n.summary,
            source: n.source,
            symbols: n.symbols,
            sentiment: n.sentiment,
            url: n.url,
            createdAt: n.createdAt,
          },
        })),
      );
    }
    return inserted;
  });
}

/**
 * Asks every configured news provider for what is new since `since`; stores and announces it
 * through `deps.transaction` (the market leader's fenced one).
 */
export async function pollNewsProviders(
  deps: PublishDeps & { log: Logger },
  providers: readonly NewsProvider[],
  symbols: readonly string[],
  since: Date,
): Promise<NewsItem[]> {
  const published: NewsItem[] = [];
  for (const provider of providers) {
    try {
      const items = await provider.news({ symbols: [...symbols], start: since, limit: 50 });
      published.push(
        ...(await publishNews(
          deps,
          items.map((n) => ({
            provider: provider.name,
            providerId: n.id,
            headline: n.headline,
            summary: n.summary,
            content: n.content ?? '',
            author: n.author ?? '',
            source: n.source,
            url: n.url ?? null,
            symbols: n.symbols,
            category: null,
            sentiment: n.sentiment ?? null,
            createdAt: n.createdAt,
            updatedAt: n.createdAt,
          })),
        )),
      );
    } catch (err) {
      // A newer market leader has written: this instance stops polling (market-runtime.ts demotes it).
      if (err instanceof StaleLeaderError) throw err;
      // One failing provider must not stop the others; the next poll tries again.
      deps.log.warn(
        { provider: provider.name, err: isProviderError(err) ? err.message : (err as Error).message },
        'news poll failed',
      );
    }
  }
  return published;
}

export interface NewsRequest {
  symbols?: string[];
  start?: Date;
  end?: Date;
  limit: number;
  order: 'asc' | 'desc';
  cursor?: string;
}

export interface NewsPage {
  news: NewsItem[];
  nextCursor: string | null;
}

/** A page of news (cached 5 minutes, the seeds' news TTL). */
export async function readNews(db: AnyDB, cache: MarketCache, q: NewsRequest): Promise<NewsPage> {
  const after = q.cursor === undefined ? undefined : decodeCursor(q.cursor, ['c', 'i'] as const);
  const key = [
    (q.symbols ?? []).slice().sort().join(','),
    q.start?.toISOString() ?? '',
    q.end?.toISOString() ?? '',
    q.limit,
    q.order,
    q.cursor ?? '',
  ].join('|');
  return cached(cache, 'news', key, async () => {
    const rows = await listNews(db, {
      ...(q.symbols ? { symbols: q.symbols } : {}),
      ...(q.start ? { start: q.start } : {}),
      ...(q.end ? { end: q.end } : {}),
      limit: q.limit + 1,
      order: q.order,
      ...(after ? { after: { createdAt: after.c, id: after.i } } : {}),
    });
    const news = rows.slice(0, q.limit);
    const last = news.at(-1);
    return {
      news,
      nextCursor: rows.length > q.limit && last ? encodeCursor({ c: last.createdAt, i: last.id }) : null,
    };
  });
}

/** A news query as both APIs take it (raw query strings), validated and read through the cache. */
export async function readNewsQuery(
  db: AnyDB,
  cache: MarketCache,
  calendar: MarketCalendar,
  q: {
    symbols?: string | undefined;
    start?: string | undefined;
    end?: string | undefined;
    limit: number;
    sort: 'asc' | 'desc';
    cursor?: string | undefined;
  },
): Promise<NewsPage> {
  const start = q.start ? parseTime('start', q.start, 'start', calendar) : undefined;
  const end = q.end ? parseTime('end', q.end, 'end', calendar) : undefined;
  if (start && end) checkRange(start, end);
  return readNews(db, cache, {
    ...(q.symbols ? { symbols: parseSymbols(q.symbols) } : {}),
    ...(start ? { start } : {}),
    ...(end ? { end } : {}),
    limit: q.limit,
    order: q.sort,
    ...(q.cursor ? { cursor: q.cursor } : {}),
  });
}
