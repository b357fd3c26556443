import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openAccount, startPortfolio, trade, uniqueId, type PortfolioHarness } from './helper.ts';

describe('trade journal', () => {
  let h: PortfolioHarness;
  beforeAll(async () => {
    h = await startPortfolio();
  });
  afterAll(async () => {
    await h.close();
  });

  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, userId: string, payload?: object) =>
    h.t.service.app.inject({ method, url, ...(payload ? { payload } : {}), headers: h.t.as({ userId }) });

  it('notes and tags a trade, edits, lists by tag, deletes', async () => {
    const a = await openAccount(h);
    const tradeId = uniqueId('trd');
    await h.deliver(trade(a, { side: 'buy', qty: '1', price: '10', tradeId }));
    const created = await call('POST', '/v1/journal', a.userId, { tradeId, notes: 'breakout entry', tags: ['breakout', ' momentum ', 'breakout'] });
    expect(created.statusCode).toBe(201);
    const e = created.json();
    expect(e).toMatchObject({ accountId: a.accountId, tradeId, notes: 'breakout entry', tags: ['breakout', 'momentum'] });
    expect((await call('POST', '/v1/journal', a.userId, { tradeId })).json().code).toBe('PORTFOLIO_JOURNAL_EXISTS');
    const patched = (await call('PATCH', `/v1/journal/${e.id}`, a.userId, { notes: 'stopped out', tags: ['lesson'] })).json();
    expect(patched).toMatchObject({ notes: 'stopped out', tags: ['lesson'] });
    expect((await call('GET', '/v1/journal?tag=lesson', a.userId)).json().data.map((x: { id: string }) => x.id)).toEqual([e.id]);
    expect((await call('GET', '/v1/journal?tag=breakout', a.userId)).json().data).toEqual([]);
    expect((await call('GET', `/v1/journal/${e.id}`, a.userId)).json().notes).toBe('stopped out');
    expect((await call('DELETE', `/v1/journal/${e.id}`, a.userId)).statusCode).toBe(204);
    expect((await call('GET', `/v1/journal/${e.id}`, a.userId)).statusCode).toBe(404);
  });

  it("does not note, show, change or delete another user's trades and entries", async () => {
    const a = await openAccount(h);
    const tradeId = uniqueId('trd');
    await h.deliver(trade(a, { side: 'buy', qty: '1', price: '10', tradeId }));
    const intruder = uniqueId('intruder');
    const onTheirs = await call('POST', '/v1/journal', intruder, { tradeId, notes: 'x' });
    expect(onTheirs.statusCode).toBe(404);
    expect(onTheirs.json().code).toBe('PORTFOLIO_TRADE_NOT_FOUND');
    const e = (await call('POST', '/v1/journal', a.userId, { tradeId })).json();
    for (const res of [
      await call('GET', `/v1/journal/${e.id}`, intruder),
      await call('PATCH', `/v1/journal/${e.id}`, intruder, { notes: 'hijack' }),
      await call('DELETE', `/v1/journal/${e.id}`, intruder),
    ]) {
      expect(res.statusCode).toBe(404);
      expect(res.json().code).toBe('PORTFOLIO_JOURNAL_NOT_FOUND');
    }
    expect((await call('GET', '/v1/journal', intruder)).json().data).toEqual([]);
    expect((await call('GET', `/v1/journal/${e.id}`, a.userId)).json().notes).toBe('');
    expect((await call('GET', '/v1/journal/not-a-uuid', a.userId)).statusCode).toBe(404);
  });

  it('documents the routes in OpenAPI, the Alpaca ones included, internal ones hidden', async () => {
    const res = await h.t.service.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths).toEqual(expect.arrayContaining(['/v1/portfolio/positions', '/v1/journal', '/alpaca/v2/account', '/alpaca/v2/watchlists:by_name']));
    expect(paths).not.toContain('/internal/portfolio/accounts/{accountId}/state');
  });
});
