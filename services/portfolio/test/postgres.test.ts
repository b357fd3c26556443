import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { hasPostgres, scratchPostgres, type ScratchDatabase } from '@tradeplane/kit/testing';
import { openAccount, startPortfolio, trade, type PortfolioHarness } from './helper.ts';

/**
 * The activity timeline's SQL (one union query, a row comparison for page tokens) and the close's
 * Idempotency-Key claim on PostgreSQL, with real concurrency (PGlite has one connection).
 * Skipped when PostgreSQL doesn't answer.
 */
const pgUp = await hasPostgres();

describe.skipIf(!pgUp)('portfolio on PostgreSQL', () => {
  let scratch: ScratchDatabase | undefined;
  let h: PortfolioHarness;
  beforeAll(async () => {
    scratch = await scratchPostgres('portfolio_test', 1);
    h = await startPortfolio({ database: scratch.handles[0]! });
  });
  afterAll(async () => {
    await h?.close();
    await scratch?.close();
  });

  it('pages the merged timeline of fills and non-trade activities in order, both ways', async () => {
    h.clock.set('2026-04-01T13:00:00Z');
    const a = await openAccount(h, { cash: '50000' });
    for (let i = 0; i < 6; i++)
      await h.deliver(
        trade(a, {
          symbol: i % 2 ? 'AAA' : 'BBB',
          side: 'buy',
          qty: '1',
          price: '10',
          commission: i % 3 ? '0.5' : '0',
          // Two executions share each instant: the ids break the tie.
          at: new Date(Date.parse('2026-04-01T14:00:00Z') + Math.floor(i / 2) * 60_000).toISOString(),
        }),
      );
    const get = async (q: string) =>
      (
        await h.t.service.app.inject({
          method: 'GET',
          url: `/alpaca/v2/account/activities${q}`,
          headers: h.t.as({ userId: a.userId, via: 'apikey' }),
        })
      ).json() as { id: string; activity_type: string }[];
    for (const direction of ['asc', 'desc']) {
      const all = await get(`?direction=${direction}`);
      expect(all).toHaveLength(1 + 6 + 4);
      const paged: string[] = [];
      let token = '';
      for (let n = 0; n < 20; n++) {
        const page = await get(`?direction=${direction}&page_size=3${token ? `&page_token=${token}` : ''}`);
        if (page.length === 0) break;
        paged.push(...page.map((x) => x.id));
        token = page.at(-1)!.id;
      }
      expect(paged, direction).toEqual(all.map((x) => x.id));
    }
  });

  it('concurrent closes under one Idempotency-Key place one order and all answer it', async () => {
    const a = await openAccount(h);
    await h.deliver(trade(a, { symbol: 'CCC', side: 'buy', qty: '8', price: '10' }));
    const answers = await Promise.all(
      Array.from({ length: 6 }, () =>
        h.t.service.app.inject({
          method: 'POST',
          url: `/v1/portfolio/positions/CCC/close?accountId=${a.accountId}`,
          payload: { qty: '2' },
          headers: { ...h.t.as({ userId: a.userId }), 'idempotency-key': 'same-key' },
        }),
      ),
    );
    const placed = h.orders.placed.filter((o) => o.accountId === a.accountId);
    expect(placed).toHaveLength(1);
    for (const res of answers) {
      // A retry that came while the first was being placed may be told to retry (409); none places another.
      expect([201, 409]).toContain(res.statusCode);
      if (res.statusCode === 201) expect(res.json().clientOrderId).toBe(placed[0]!.clientOrderId);
    }
    expect(answers.filter((r) => r.statusCode === 201).length).toBeGreaterThanOrEqual(1);
  });
});
