import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { matchNews } from '../src/domain/news-match.ts';
import {
  firedEvents,
  newsEvent,
  runRows,
  startScheduler,
  uniqueUser,
  waitFor,
  type Harness,
} from './helper.ts';

describe('news matching', () => {
  const article = {
    headline: 'Apple earnings beat estimates as AI demand grows',
    summary: 'The company said services revenue rose.',
    symbols: ['AAPL'],
  };

  it('matches any listed symbol among the article’s symbols', () => {
    expect(matchNews({ symbols: ['MSFT', 'AAPL'], keywords: [] }, article)).toEqual({
      symbols: ['AAPL'],
      keywords: [],
    });
    expect(matchNews({ symbols: ['MSFT'], keywords: [] }, article)).toBeUndefined();
  });

  it('matches keywords as whole words or phrases, in any case, in headline or summary', () => {
    expect(matchNews({ symbols: [], keywords: ['EARNINGS'] }, article)?.keywords).toEqual(['EARNINGS']);
    expect(matchNews({ symbols: [], keywords: ['services revenue'] }, article)?.keywords).toEqual([
      'services revenue',
    ]);
    expect(matchNews({ symbols: [], keywords: ['ai'] }, article)?.keywords).toEqual(['ai']);
    // "AI" inside "said" and "earn" inside "earnings" are not the words.
    expect(matchNews({ symbols: [], keywords: ['earn'] }, article)).toBeUndefined();
    expect(matchNews({ symbols: [], keywords: ['ai'] }, { ...article, headline: 'nothing' })).toBeUndefined();
  });

  it('needs both lists to match when both are given', () => {
    expect(matchNews({ symbols: ['AAPL'], keywords: ['merger'] }, article)).toBeUndefined();
    expect(matchNews({ symbols: ['MSFT'], keywords: ['earnings'] }, article)).toBeUndefined();
    expect(matchNews({ symbols: ['AAPL'], keywords: ['merger', 'earnings'] }, article)).toEqual({
      symbols: ['AAPL'],
      keywords: ['earnings'],
    });
  });
});

describe('news triggers on news.published', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startScheduler();
  });
  afterAll(async () => {
    await h?.close();
  });

  const create = async (user: { userId: string }, schedule: Record<string, unknown>) => {
    const res = await h.api('POST', '/v1/triggers', user, {
      name: 'news',
      kind: 'news',
      schedule,
      target: { type: 'notification', message: 'read this' },
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };

  it('fires matching triggers once per article, even when the event is delivered again', async () => {
    const user = uniqueUser();
    const bySymbol = await create(user, { symbols: ['TSLA'] });
    const byWord = await create(user, { keywords: ['recall'] });
    const both = await create(user, { symbols: ['TSLA'], keywords: ['merger'] });
    const e = newsEvent({ headline: 'Tesla announces recall of 2,000 cars', symbols: ['TSLA'] });
    expect(await h.deliver(e)).toBe(true);
    expect(await h.deliver(e)).toBe(false); // the inbox has it
    // The same article again under another event id: the run index has it.
    await h.deliver(
      newsEvent(
        { ...(e.data as object), headline: 'Tesla announces recall of 2,000 cars' },
        (e.data as { id: string }).id,
      ),
    );

    expect(await runRows(h.t, bySymbol)).toHaveLength(1);
    expect(await runRows(h.t, byWord)).toHaveLength(1);
    expect(await runRows(h.t, both)).toHaveLength(0);
    const [fired] = await firedEvents(h.t, byWord);
    expect(fired!.data).toMatchObject({
      kind: 'news',
      misfire: false,
      reason: 'News mentioning "recall": Tesla announces recall of 2,000 cars',
      target: { type: 'notification', message: 'read this' },
      context: { newsId: (e.data as { id: string }).id, matchedKeywords: ['recall'], matchedSymbols: [] },
    });
  });

  it('does not fire for an article published before the trigger existed, nor a disabled trigger', async () => {
    const user = uniqueUser();
    const id = await create(user, { symbols: ['IBM'] });
    await h.deliver(
      newsEvent({ headline: 'old IBM story', symbols: ['IBM'], createdAt: '2020-01-01T00:00:00Z' }),
    );
    expect(await runRows(h.t, id)).toHaveLength(0);
    await h.api('PATCH', `/v1/triggers/${id}`, user, { enabled: false });
    await h.deliver(newsEvent({ headline: 'new IBM story', symbols: ['IBM'] }));
    expect(await runRows(h.t, id)).toHaveLength(0);
  });

  it('consumes news.published from the bus (ctx.subscribe)', async () => {
    const user = uniqueUser();
    const id = await create(user, { symbols: ['AMD'] });
    await h.t.platform.bus.publish([newsEvent({ headline: 'AMD ships a chip', symbols: ['AMD'] })]);
    const runs = await waitFor(async () => {
      const r = await runRows(h.t, id);
      return r.length > 0 && r;
    });
    expect(runs[0]).toMatchObject({ status: 'fired', reason: 'News on AMD: AMD ships a chip' });
  });
});
