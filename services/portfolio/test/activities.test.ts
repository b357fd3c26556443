import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dec, sum } from '@tradeplane/kit';
import { snapshotEquity } from '../src/domain/snapshot-equity.ts';
import {
  event,
  get,
  openAccount,
  startPortfolio,
  trade,
  uniqueId,
  type Acct,
  type PortfolioHarness,
} from './helper.ts';

// One service for the file: starting one costs more than all its tests.
let h: PortfolioHarness;
beforeAll(async () => {
  h = await startPortfolio();
});
afterAll(async () => {
  await h.close();
});

interface Activity {
  id: string;
  activity_type: string;
  net_amount?: string;
  side?: string;
  qty?: string;
  price?: string;
  transaction_time?: string;
  created_at?: string;
}

const alpaca = (a: Acct, url: string) =>
  h.t.service.app.inject({ method: 'GET', url, headers: h.t.as({ userId: a.userId, via: 'apikey' }) });
const list = async (a: Acct, url: string): Promise<Activity[]> => {
  const res = await alpaca(a, url);
  expect(res.statusCode, url).toBe(200);
  return res.json();
};
const types = (l: Activity[]) => l.map((x) => x.activity_type);
/** The cash an activity moved: a NTA's net amount, a fill's −qty × price (buy) or +qty × price (sell). */
const cashOf = (x: Activity) =>
  x.activity_type === 'FILL'
    ? dec(x.qty!)
        .times(x.price!)
        .times(x.side === 'buy' ? -1 : 1)
    : dec(x.net_amount!);
const ntaCount = async (accountId: string) =>
  (
    await h.t.service.ctx.db
      .selectFrom('non_trade_activities')
      .select('id')
      .where('account_id', '=', accountId)
      .execute()
  ).length;

describe('account activities: fills and non-trade activities (Alpaca NTA)', () => {
  let a: Acct;
  beforeAll(async () => {
    h.clock.set('2026-04-01T13:00:00Z');
    a = await openAccount(h, { cash: '10000' });
    await h.deliver(
      trade(a, {
        symbol: 'AAA',
        side: 'buy',
        qty: '10',
        price: '100',
        commission: '1.25',
        at: '2026-04-01T14:00:00Z',
      }),
    );
    await h.deliver(
      trade(a, { symbol: 'AAA', side: 'sell', qty: '4', price: '110', at: '2026-04-01T15:00:00Z' }),
    );
    await h.deliver(
      trade(a, {
        symbol: 'AAA',
        side: 'sell',
        qty: '6',
        price: '90',
        commission: '0.75',
        at: '2026-04-02T15:00:00Z',
      }),
    );
  });

  it('records the opening deposit (CSD) and each commission (FEE) and lists them with the fills in time order', async () => {
    const all = await list(a, '/alpaca/v2/account/activities?direction=asc');
    // A fill and its commission share the instant; their order between them is the ids'.
    expect(types(all.slice(0, 1))).toEqual(['CSD']);
    expect(types(all.slice(1, 3)).sort()).toEqual(['FEE', 'FILL']);
    expect(types(all.slice(3, 4))).toEqual(['FILL']);
    expect(types(all.slice(4)).sort()).toEqual(['FEE', 'FILL']);
    expect(all[0]).toEqual({
      id: expect.stringMatching(/^20260401130000000::[0-9a-f-]{36}$/),
      activity_type: 'CSD',
      date: '2026-04-01',
      created_at: '2026-04-01T13:00:00.000Z',
      net_amount: '10000',
      description: 'Cash deposit: opening balance of the paper account',
      status: 'executed',
      currency: 'USD',
    });
    expect(all.find((x) => x.activity_type === 'FEE')).toEqual({
      id: expect.stringMatching(/^20260401140000000::/),
      activity_type: 'FEE',
      activity_sub_type: 'COM',
      date: '2026-04-01',
      created_at: '2026-04-01T14:00:00.000Z',
      net_amount: '-1.25',
      description: 'Commission on the buy of 10 AAA',
      status: 'executed',
      currency: 'USD',
      symbol: 'AAA',
    });
    // The FILL keeps qty × price; the commission is in the FEE alone (not counted twice).
    expect(all.find((x) => x.activity_type === 'FILL')).toMatchObject({
      qty: '10',
      price: '100',
      side: 'buy',
    });
    const desc = await list(a, '/alpaca/v2/account/activities');
    expect(desc.map((x) => x.id)).toEqual([...all].reverse().map((x) => x.id));
  });

  it('adds up to the cash: deposits + fills’ value + fees', async () => {
    const all = await list(a, '/alpaca/v2/account/activities');
    const cash = (await alpaca(a, '/alpaca/v2/account')).json().cash as string;
    expect(cash).toBe('9978');
    expect(sum(all.map(cashOf)).eq(cash)).toBe(true);
  });

  it('filters by type (TRANS and MISC included), category and date', async () => {
    expect(types(await list(a, '/alpaca/v2/account/activities?activity_types=TRANS'))).toEqual(['CSD']);
    expect(types(await list(a, '/alpaca/v2/account/activities/CSD'))).toEqual(['CSD']);
    const fees = await list(a, '/alpaca/v2/account/activities/FEE');
    expect(fees.map((x) => x.net_amount)).toEqual(['-0.75', '-1.25']);
    expect(types(await list(a, '/alpaca/v2/account/activities?activity_types=MISC'))).toEqual(['FEE', 'FEE']);
    expect(types(await list(a, '/alpaca/v2/account/activities?activity_types=fill,csd')).sort()).toEqual([
      'CSD',
      'FILL',
      'FILL',
      'FILL',
    ]);
    expect(types(await list(a, '/alpaca/v2/account/activities?category=trade_activity'))).toEqual([
      'FILL',
      'FILL',
      'FILL',
    ]);
    expect(types(await list(a, '/alpaca/v2/account/activities?category=non_trade_activity'))).toEqual([
      'FEE',
      'FEE',
      'CSD',
    ]);
    expect(types(await list(a, '/alpaca/v2/account/activities?date=2026-04-02')).sort()).toEqual([
      'FEE',
      'FILL',
    ]);
    expect(types(await list(a, '/alpaca/v2/account/activities?until=2026-04-01T13:30:00Z'))).toEqual(['CSD']);
    expect(types(await list(a, '/alpaca/v2/account/activities?after=2026-04-01T14:30:00Z')).sort()).toEqual([
      'FEE',
      'FILL',
      'FILL',
    ]);
  });

  it('pages across fills and non-trade activities with page_token', async () => {
    const all = await list(a, '/alpaca/v2/account/activities?direction=asc');
    const seen: string[] = [];
    let token = '';
    for (let i = 0; i < 10; i++) {
      const page = await list(
        a,
        `/alpaca/v2/account/activities?direction=asc&page_size=2${token ? `&page_token=${token}` : ''}`,
      );
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(2);
      seen.push(...page.map((x) => x.id));
      token = page.at(-1)!.id;
    }
    expect(seen).toEqual(all.map((x) => x.id));
  });

  it('refuses unknown types, date with after or until, and page tokens it did not issue', async () => {
    const bad = await alpaca(a, '/alpaca/v2/account/activities?activity_types=FILL,BOGUS');
    expect(bad.statusCode).toBe(422);
    expect(bad.json()).toEqual({ code: 42210000, message: 'invalid activity type: BOGUS' });
    const mixed = await alpaca(a, '/alpaca/v2/account/activities?date=2026-04-01&after=2026-04-01T00:00:00Z');
    expect(mixed.statusCode).toBe(422);
    expect(mixed.json().message).toBe('date cannot be used with after or until');
    const token = await alpaca(a, '/alpaca/v2/account/activities?page_token=20260401130000000::nope');
    expect(token.statusCode).toBe(400);
    // Another account's activity is not a page token of this one.
    const b = await openAccount(h);
    const theirs = (await list(b, '/alpaca/v2/account/activities'))[0]!.id;
    expect((await alpaca(a, `/alpaca/v2/account/activities?page_token=${theirs}`)).statusCode).toBe(400);
  });

  it('serves the same timeline natively, with types and a cursor, to the owner only', async () => {
    const url = (q: string) => `/v1/portfolio/account-activities?accountId=${a.accountId}${q}`;
    const nta = (await get(h, url('&types=CSD,FEE'), a.userId)).json();
    expect(nta.data.map((x: { type: string }) => x.type)).toEqual(['FEE', 'FEE', 'CSD']);
    expect(nta.data[0]).toEqual({
      id: expect.stringMatching(/^20260402150000000::/),
      type: 'FEE',
      subType: 'COM',
      netAmount: '-0.75',
      description: 'Commission on the sell of 6 AAA',
      status: 'executed',
      symbol: 'AAA',
      qty: null,
      perShareAmount: null,
      orderId: expect.any(String),
      tradeId: expect.any(String),
      at: '2026-04-02T15:00:00.000Z',
    });
    const ids: string[] = [];
    let cursor: string | null = null;
    do {
      const page: { data: { id: string }[]; nextCursor: string | null } = (
        await get(h, url(`&limit=4${cursor ? `&cursor=${cursor}` : ''}`), a.userId)
      ).json();
      ids.push(...page.data.map((x) => x.id));
      cursor = page.nextCursor;
    } while (cursor);
    expect(ids).toEqual((await list(a, '/alpaca/v2/account/activities')).map((x) => x.id));
    const fill = (await get(h, url('&types=FILL&limit=1'), a.userId)).json().data[0];
    expect(fill).toMatchObject({ type: 'FILL', side: 'sell', qty: '6', commission: '0.75' });
    const intruder = await get(h, url(''), uniqueId('intruder'));
    expect(intruder.statusCode).toBe(404);
    expect((await get(h, url('&types=NOPE'), a.userId)).statusCode).toBe(422);
  });
});

describe('non-trade activities are written once, with the money they report', () => {
  it('a redelivered or replayed account.opened or trade.executed records nothing twice', async () => {
    const a = { accountId: uniqueId('acct'), userId: uniqueId('user') };
    const opened = event('account.opened', {
      ...a,
      name: 'paper',
      cash: '2500',
      isDefault: true,
      broker: 'paper',
      marginEnabled: false,
    });
    expect(await h.deliver(opened)).toBe(true);
    expect(await h.deliver(opened)).toBe(false);
    // The same opening under another event id: the inbox can't tell, the ledger can.
    expect(await h.deliver({ ...opened, id: uniqueId('evt') })).toBe(true);
    const fill = trade(a, { side: 'buy', qty: '5', price: '20', commission: '2' });
    expect(await h.deliver(fill)).toBe(true);
    expect(await h.deliver(fill)).toBe(false);
    expect(await h.deliver({ ...fill, id: uniqueId('evt') })).toBe(true);
    expect(await ntaCount(a.accountId)).toBe(2);
    const all = await list(a, '/alpaca/v2/account/activities');
    expect(types(all).sort()).toEqual(['CSD', 'FEE', 'FILL']);
    const cash = (await alpaca(a, '/alpaca/v2/account')).json().cash as string;
    expect(cash).toBe('2398');
    expect(sum(all.map(cashOf)).eq(cash)).toBe(true);
  });

  it('an account opened with no cash has no deposit', async () => {
    const a = await openAccount(h, { cash: '0' });
    expect(await ntaCount(a.accountId)).toBe(0);
  });

  it('a reset is a new start: a deposit of the new balance, and only what follows it in activities and history', async () => {
    h.clock.set('2026-05-04T13:00:00Z');
    const a = await openAccount(h, { cash: '100000' });
    await h.deliver(
      trade(a, { side: 'buy', qty: '10', price: '100', commission: '1', at: '2026-05-04T13:30:00Z' }),
    );
    h.quotes.set('AAPL', { last: '100' }, false);
    h.clock.set('2026-05-04T13:40:00Z');
    await snapshotEquity(h.deps);
    const reset = event('account.reset', { ...a, cash: '5000' }, '2026-05-04T14:00:00Z');
    h.clock.set('2026-05-04T14:00:00Z');
    expect(await h.deliver(reset)).toBe(true);
    expect(await h.deliver(reset)).toBe(false);
    await h.deliver(
      trade(a, { side: 'buy', qty: '1', price: '50', commission: '0.5', at: '2026-05-04T14:10:00Z' }),
    );
    const all = await list(a, '/alpaca/v2/account/activities?direction=asc');
    expect(all[0]).toMatchObject({
      activity_type: 'CSD',
      net_amount: '5000',
      created_at: '2026-05-04T14:00:00.000Z',
      description: 'Cash deposit: reset balance of the paper account',
    });
    expect(types(all.slice(1)).sort()).toEqual(['FEE', 'FILL']);
    const cash = (await alpaca(a, '/alpaca/v2/account')).json().cash as string;
    expect(cash).toBe('4949.5');
    expect(sum(all.map(cashOf)).eq(cash)).toBe(true);
    // The rows from before the reset are kept, only no longer shown.
    expect(await ntaCount(a.accountId)).toBe(4);
    h.clock.set('2026-05-04T14:20:00Z');
    h.quotes.set('AAPL', { last: '50' }, false);
    const history = (
      await alpaca(
        a,
        '/alpaca/v2/account/portfolio/history?period=1D&timeframe=5Min&intraday_reporting=continuous',
      )
    ).json();
    expect(history.timestamp[0]).toBe(Date.parse('2026-05-04T14:00:00Z') / 1000);
    expect(history.base_value).toBe(5000);
    expect(history.equity.at(-1)).toBe(4999.5);
  });
});
