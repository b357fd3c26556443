import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { snapshotEquity } from '../src/domain/snapshot-equity.ts';
import { alpacaAssetId as assetId } from '@tradeplane/contracts';
import { openAccount, startPortfolio, trade, uniqueId, type Acct, type PortfolioHarness } from './helper.ts';

// One service for the file: starting one costs more than all its tests.
let h: PortfolioHarness;
beforeAll(async () => {
  h = await startPortfolio();
});
afterAll(async () => {
  await h.close();
});

describe('Alpaca Trading API v2 (account, positions, activities, history, watchlists)', () => {
  let a: Acct;
  beforeAll(async () => {
    h.clock.set('2026-03-10T14:00:00Z');
    a = await openAccount(h, { cash: '100000' });
    // A second, non-default account of the same user: Alpaca keys must not see it.
    const other = await openAccount(h, { userId: a.userId, isDefault: false });
    await h.deliver(trade(other, { symbol: 'MSFT', side: 'buy', qty: '1', price: '400' }));
    await h.deliver(
      trade(a, {
        symbol: 'AAPL',
        side: 'buy',
        qty: '10',
        price: '150',
        commission: '1',
        at: '2026-03-10T14:30:00.123Z',
        orderId: 'o-1',
        tradeId: 't-1',
      }),
    );
    await h.deliver(
      trade(a, {
        symbol: 'AAPL',
        side: 'buy',
        qty: '5',
        price: '156',
        at: '2026-03-10T14:31:00Z',
        orderId: 'o-2',
        tradeId: 't-2',
      }),
    );
    h.quotes.set('AAPL', { last: '160', bid: '159.9', ask: '160.1' }, false);
    h.risk.summaries.set(a.accountId, {
      accountId: a.accountId,
      state: 'HALTED',
      dayTradeCount: 2,
      patternDayTrader: false,
    });
  });

  const call = (
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    payload?: object,
    userId = a.userId,
  ) =>
    h.t.service.app.inject({
      method,
      url,
      ...(payload ? { payload } : {}),
      headers: h.t.as({ userId, via: 'apikey' }),
    });

  it('GET /alpaca/v2/account answers the default account in Alpaca’s fields, numbers as strings', async () => {
    const res = await call('GET', '/alpaca/v2/account');
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({
      id: a.accountId,
      account_number: expect.stringMatching(/^PA[0-9A-F]{10}$/),
      status: 'ACTIVE',
      currency: 'USD',
      cash: '97719',
      portfolio_value: '100119',
      equity: '100119',
      last_equity: '100000',
      buying_power: '97719',
      regt_buying_power: '97719',
      daytrading_buying_power: '0',
      non_marginable_buying_power: '97719',
      long_market_value: '2400',
      short_market_value: '0',
      initial_margin: '1200',
      maintenance_margin: '600',
      multiplier: '1',
      pattern_day_trader: false,
      daytrade_count: 2,
      trading_blocked: true,
      transfers_blocked: false,
      account_blocked: false,
      shorting_enabled: false,
    });
    for (const k of ['cash', 'equity', 'buying_power', 'long_market_value', 'initial_margin'])
      expect(typeof body[k]).toBe('string');
    expect(new Date(body.created_at).toString()).not.toBe('Invalid Date');
  });

  it('still answers the account when risk cannot be asked', async () => {
    h.risk.summaries.delete(a.accountId);
    try {
      expect((await call('GET', '/alpaca/v2/account')).json()).toMatchObject({
        trading_blocked: false,
        daytrade_count: 0,
      });
    } finally {
      h.risk.summaries.set(a.accountId, {
        accountId: a.accountId,
        state: 'HALTED',
        dayTradeCount: 2,
        patternDayTrader: false,
      });
    }
  });

  it('GET /alpaca/v2/positions lists positions with exactly Alpaca’s fields', async () => {
    const list = (await call('GET', '/alpaca/v2/positions')).json();
    expect(list).toEqual([
      {
        asset_id: assetId('AAPL'),
        symbol: 'AAPL',
        exchange: '',
        asset_class: 'us_equity',
        asset_marginable: true,
        avg_entry_price: '152',
        qty: '15',
        qty_available: '15',
        side: 'long',
        market_value: '2400',
        cost_basis: '2280',
        unrealized_pl: '120',
        unrealized_plpc: '0.052632',
        // Opened today: the day runs from the average entry (152), 15 × (160 − 152).
        unrealized_intraday_pl: '120',
        unrealized_intraday_plpc: '0.052632',
        current_price: '160',
        lastday_price: '150',
        change_today: '0.066667',
      },
    ]);
    const one = await call('GET', '/alpaca/v2/positions/aapl');
    expect(one.json()).toEqual(list[0]);
    expect((await call('GET', `/alpaca/v2/positions/${assetId('AAPL')}`)).json().symbol).toBe('AAPL');
    const missing = await call('GET', '/alpaca/v2/positions/TSLA');
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toEqual({ code: 40410000, message: 'position does not exist: TSLA' });
  });

  it('GET /alpaca/v2/account/activities lists FILLs newest first, in pages', async () => {
    const all = (await call('GET', '/alpaca/v2/account/activities?activity_types=FILL')).json();
    expect(all).toEqual([
      {
        id: '20260310143100000::t-2',
        activity_type: 'FILL',
        transaction_time: '2026-03-10T14:31:00.000Z',
        type: 'fill',
        price: '156',
        qty: '5',
        side: 'buy',
        symbol: 'AAPL',
        order_id: 'o-2',
        cum_qty: '5',
      },
      expect.objectContaining({ id: '20260310143000123::t-1', price: '150', qty: '10' }),
    ]);
    const page = (await call('GET', '/alpaca/v2/account/activities/FILL?page_size=1&direction=asc')).json();
    expect(page.map((x: { id: string }) => x.id)).toEqual(['20260310143000123::t-1']);
    const next = (
      await call(
        'GET',
        `/alpaca/v2/account/activities?activity_types=FILL&page_size=1&direction=asc&page_token=${page[0].id}`,
      )
    ).json();
    expect(next.map((x: { id: string }) => x.id)).toEqual(['20260310143100000::t-2']);
    expect((await call('GET', '/alpaca/v2/account/activities/DIV')).json()).toEqual([]);
    const bad = await call('GET', '/alpaca/v2/account/activities/NOPE');
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toEqual({ code: 42210000, message: 'invalid activity type: NOPE' });
  });

  it('GET /alpaca/v2/account/portfolio/history answers Alpaca’s arrays', async () => {
    h.clock.set('2026-03-10T15:00:00Z');
    await snapshotEquity(h.deps);
    const body = (await call('GET', '/alpaca/v2/account/portfolio/history?period=1D&timeframe=5Min')).json();
    expect(body).toEqual({
      timestamp: [Date.parse('2026-03-10T14:00:00Z') / 1000, Date.parse('2026-03-10T15:00:00Z') / 1000],
      equity: [100000, 100119],
      profit_loss: [0, 119],
      profit_loss_pct: [0, 0.00119],
      base_value: 100000,
      base_value_asof: '2026-03-10',
      timeframe: '5Min',
    });
  });

  it('DELETE /alpaca/v2/positions/{symbol} closes by percentage and answers the order in Alpaca’s shape', async () => {
    const res = await call('DELETE', '/alpaca/v2/positions/AAPL?percentage=20');
    expect(res.statusCode).toBe(200);
    const order = res.json();
    expect(order).toMatchObject({
      symbol: 'AAPL',
      asset_id: assetId('AAPL'),
      asset_class: 'us_equity',
      qty: '3',
      side: 'sell',
      type: 'market',
      order_type: 'market',
      time_in_force: 'day',
      order_class: '',
      status: 'accepted',
      filled_qty: '0',
      filled_avg_price: null,
      limit_price: null,
      legs: null,
    });
    expect(order.client_order_id).toMatch(/^close-/);
    const tooMuch = await call('DELETE', '/alpaca/v2/positions/AAPL?qty=100');
    expect(tooMuch.statusCode).toBe(403);
    expect(tooMuch.json().code).toBe(40310000);
  });

  it('DELETE /alpaca/v2/positions closes everything and answers 207 per symbol', async () => {
    const b = await openAccount(h);
    await h.deliver(trade(b, { symbol: 'AAA', side: 'buy', qty: '1', price: '1' }));
    await h.deliver(trade(b, { symbol: 'BBB', side: 'buy', qty: '2', price: '1' }));
    const res = await call('DELETE', '/alpaca/v2/positions?cancel_orders=true', undefined, b.userId);
    expect(res.statusCode).toBe(207);
    expect(res.json()).toEqual([
      {
        symbol: 'AAA',
        status: 200,
        body: expect.objectContaining({ symbol: 'AAA', qty: '1', side: 'sell' }),
      },
      {
        symbol: 'BBB',
        status: 200,
        body: expect.objectContaining({ symbol: 'BBB', qty: '2', side: 'sell' }),
      },
    ]);
  });

  it('watchlists: create, read by id and name, add and remove symbols, rename, delete', async () => {
    const created = await call('POST', '/alpaca/v2/watchlists', {
      name: 'tech',
      symbols: ['aapl', 'MSFT', 'AAPL'],
    });
    expect(created.statusCode).toBe(200);
    const w = created.json();
    expect(w).toMatchObject({ name: 'tech', account_id: a.accountId });
    expect(w.assets.map((x: { symbol: string }) => x.symbol)).toEqual(['AAPL', 'MSFT']);
    expect(w.assets[0]).toMatchObject({ id: assetId('AAPL'), class: 'us_equity', tradable: true });
    expect((await call('POST', '/alpaca/v2/watchlists', { name: 'tech' })).statusCode).toBe(422);
    expect((await call('GET', '/alpaca/v2/watchlists')).json()).toEqual([
      {
        id: w.id,
        account_id: a.accountId,
        name: 'tech',
        created_at: w.created_at,
        updated_at: expect.any(String),
      },
    ]);
    const added = (await call('POST', `/alpaca/v2/watchlists/${w.id}`, { symbol: 'nvda' })).json();
    expect(added.assets.map((x: { symbol: string }) => x.symbol)).toEqual(['AAPL', 'MSFT', 'NVDA']);
    const removed = (await call('DELETE', `/alpaca/v2/watchlists/${w.id}/MSFT`)).json();
    expect(removed.assets.map((x: { symbol: string }) => x.symbol)).toEqual(['AAPL', 'NVDA']);
    const byName = (await call('GET', '/alpaca/v2/watchlists:by_name?name=tech')).json();
    expect(byName.id).toBe(w.id);
    const renamed = (
      await call('PUT', `/alpaca/v2/watchlists/${w.id}`, { name: 'megacaps', symbols: ['GOOG'] })
    ).json();
    expect(renamed).toMatchObject({
      name: 'megacaps',
      assets: [expect.objectContaining({ symbol: 'GOOG' })],
    });
    // Another user can neither see nor delete it.
    const intruder = uniqueId('intruder');
    await openAccount(h, { userId: intruder });
    expect((await call('GET', `/alpaca/v2/watchlists/${w.id}`, undefined, intruder)).statusCode).toBe(404);
    expect((await call('DELETE', `/alpaca/v2/watchlists/${w.id}`, undefined, intruder)).statusCode).toBe(404);
    expect((await call('DELETE', '/alpaca/v2/watchlists:by_name?name=megacaps')).statusCode).toBe(204);
    expect((await call('GET', `/alpaca/v2/watchlists/${w.id}`)).statusCode).toBe(404);
    expect((await call('GET', '/alpaca/v2/watchlists/not-a-uuid')).json()).toEqual({
      code: 40410000,
      message: 'watchlist not found',
    });
  });

  it('another user sees only their own default account, and a user without one gets 404', async () => {
    const b = await openAccount(h);
    const acct = (await call('GET', '/alpaca/v2/account', undefined, b.userId)).json();
    expect(acct.id).toBe(b.accountId);
    expect((await call('GET', '/alpaca/v2/positions', undefined, b.userId)).json()).toEqual([]);
    // Only their own opening deposit: none of the other user's fills, fees or deposits.
    expect((await call('GET', '/alpaca/v2/account/activities', undefined, b.userId)).json()).toEqual([
      expect.objectContaining({ activity_type: 'CSD', net_amount: '100000' }),
    ]);
    const nobody = await call('GET', '/alpaca/v2/account', undefined, uniqueId('nobody'));
    expect(nobody.statusCode).toBe(404);
    expect(nobody.json()).toEqual({ code: 40410000, message: 'account not found' });
  });
});

describe('trade journal', () => {
  const call = (method: 'GET' | 'POST' | 'PATCH' | 'DELETE', url: string, userId: string, payload?: object) =>
    h.t.service.app.inject({ method, url, ...(payload ? { payload } : {}), headers: h.t.as({ userId }) });

  it('notes and tags a trade, edits, lists by tag, deletes', async () => {
    const a = await openAccount(h);
    const tradeId = uniqueId('trd');
    await h.deliver(trade(a, { side: 'buy', qty: '1', price: '10', tradeId }));
    const created = await call('POST', '/v1/journal', a.userId, {
      tradeId,
      notes: 'breakout entry',
      tags: ['breakout', ' momentum ', 'breakout'],
    });
    expect(created.statusCode).toBe(201);
    const e = created.json();
    expect(e).toMatchObject({
      accountId: a.accountId,
      tradeId,
      notes: 'breakout entry',
      tags: ['breakout', 'momentum'],
    });
    expect((await call('POST', '/v1/journal', a.userId, { tradeId })).json().code).toBe(
      'PORTFOLIO_JOURNAL_EXISTS',
    );
    const patched = (
      await call('PATCH', `/v1/journal/${e.id}`, a.userId, { notes: 'stopped out', tags: ['lesson'] })
    ).json();
    expect(patched).toMatchObject({ notes: 'stopped out', tags: ['lesson'] });
    expect(
      (await call('GET', '/v1/journal?tag=lesson', a.userId)).json().data.map((x: { id: string }) => x.id),
    ).toEqual([e.id]);
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
    expect(paths).toEqual(
      expect.arrayContaining([
        '/v1/portfolio/positions',
        '/v1/journal',
        '/alpaca/v2/account',
        '/alpaca/v2/watchlists:by_name',
      ]),
    );
    expect(paths).not.toContain('/internal/portfolio/accounts/{accountId}/state');
  });
});
