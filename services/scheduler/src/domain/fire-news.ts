import type { AnyTx } from '@tradeplane/kit';
import type { NewsPublished } from '@tradeplane/contracts';
import type { Static } from 'typebox';
import type { SchedulerDeps } from './deps.ts';
import { describeMatch, matchNews } from './news-match.ts';
import { recordFire } from './record-fire.ts';
import type { Trigger, TriggerRun } from './trigger.ts';
import { listEnabledByKind } from '../store/triggers.store.ts';

type News = Static<typeof NewsPublished.data>;

/**
 * Fires every enabled news trigger the article matches, in the caller's (inbox) transaction. An
 * article published before a trigger existed does not fire it (a replayed or late-delivered old
 * article is not news to that trigger).
 */
export async function fireNewsTriggers(
  deps: SchedulerDeps,
  tx: AnyTx,
  news: News,
  eventTime: string,
): Promise<TriggerRun[]> {
  const published = new Date(news.createdAt);
  const at = Number.isNaN(published.getTime()) ? new Date(eventTime) : published;
  const runs: TriggerRun[] = [];
  for (const t of (await listEnabledByKind(tx, 'news')) as (Trigger & { kind: 'news' })[]) {
    if (at < t.createdAt) continue;
    const match = matchNews(t.schedule, news);
    if (!match) continue;
    const run = await recordFire(deps, tx, {
      trigger: t,
      scheduledFor: at,
      occurrenceKey: news.id,
      status: 'fired',
      misfire: false,
      reason: `News ${describeMatch(match)}: ${news.headline}`,
      context: {
        newsId: news.id,
        headline: news.headline,
        source: news.source,
        url: news.url,
        symbols: news.symbols,
        publishedAt: at.toISOString(),
        matchedSymbols: match.symbols,
        matchedKeywords: match.keywords,
      },
    });
    if (run) runs.push(run);
  }
  return runs;
}
