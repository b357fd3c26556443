import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dec, sum } from '@tradeplane/kit';
import {
  event,
  get,
  openAccount,
  outbox,
  startPortfolio,
  trade,
  uniqueId,
  waitFor,
  type PortfolioHarness,
} from './helper.ts';

describe('ledger from events', () => {
  let h: PortfolioHarness;
  beforeAll(async () => {
    h = await startPortfolio({ background: true });
  });
  afterAll(async () => {
    await h.close();
  });

  const account = async (a: { accountId: string; userId: string }) =>
    (await get(h, `/v1/portfolio/accounts/${a.accountId}`, a.userId)).json();
  const position = async (a: { accountId: string; userId: string }, symbol = 'AAPL') =>
    get(h, `/v1/portfolio/positions/${symbol}?accountId=${a.accountId}`, a.userId);

  it('opens the account with its starting cash', async () => {
    const a = await openAccount(h, { cash: '25000.50' });
    expect(await account(a)).toMatchObject({
      accountId: a.accountId,
      cash: '25000.5',
      equity: '25000.5',
      buyingPower: '25000.5',
      positionCount: 0,
    });
  });

  it('applies buys, a partial sell and a flip with exact cash, realized P&L and commissions', async () => {
    const a = await openAccount(h, { cash: '100000', marginEnabled: true });
    await h.deliver(trade(a, { side: 'buy', qty: '10', price: '187.23', commission: '0.35' }));
    await h.deliver(trade(a, { side: 'buy', qty: '5', price: '187.29', commission: '0.35' }));
    h.quotes.set('AAPL', { last: '190' }, false);
    let p = (await position(a)).json();
    expect(p).toMatchObject({
      qty: '15',
      side: 'long',
      avgEntryPrice: '187.25',
      costBasis: '2808.75',
      marketValue: '2850',
      unrealizedPnl: '41.25',
      realizedPnl: '0',
      commissions: '0.7',
    });
    expect((await account(a)).cash).toBe('97190.55');

    await h.deliver(trade(a, { side: 'sell', qty: '6', price: '189.01', commission: '0.35' }));
    p = (await position(a)).json();
    expect(p).toMatchObject({
      qty: '9',
      avgEntryPrice: '187.25',
      costBasis: '1685.25',
      realizedPnl: '10.56',
    });
    expect((await account(a)).cash).toBe('98324.26');

    // Sell 20 of 9 held: close 9 (realizing), open a short of 11 at the fill price.
    await h.deliver(trade(a, { side: 'sell', qty: '20', price: '191', commission: '1' }));
    p = (await position(a)).json();
    expect(p).toMatchObject({
      qty: '-11',
      side: 'short',
      avgEntryPrice: '191',
      costBasis: '-2101',
      marketValue: '-2090',
      unrealizedPnl: '11',
    });
    expect(p.realizedPnl).toBe('44.31');
    const acc = await account(a);
    expect(acc).toMatchObject({
      cash: '102143.26',
      realizedPnl: '44.31',
      fees: '2.05',
      shortMarketValue: '-2090',
      longMarketValue: '0',
    });
    // equity = cash − |short| = 102143.26 − 2090
    expect(acc.equity).toBe('100053.26');
    // Cash moved by exactly Σ sells − Σ buys − Σ fees.
    const sells = dec('6').times('189.01').plus(dec('20').times('191'));
    const buys = dec('10').times('187.23').plus(dec('5').times('187.29'));
    expect(dec(acc.cash).minus('100000').eq(sells.minus(buys).minus('2.05'))).toBe(true);
  });

  it('a redelivered trade.executed changes nothing (the same event twice through the consumer)', async () => {
    const a = await openAccount(h);
    const fill = trade(a, { side: 'buy', qty: '3', price: '50', commission: '1' });
    expect(await h.deliver(fill)).toBe(true);
    expect(await h.deliver(fill)).toBe(false);
    expect((await account(a)).cash).toBe('99849');
    expect((await position(a)).json().qty).toBe('3');
    const changed = (await outbox(h, 'position.changed')).filter(
      (e) => (e.data as { accountId: string }).accountId === a.accountId,
    );
    expect(changed).toHaveLength(1);
    expect(changed[0]!.data).toMatchObject({
      accountId: a.accountId,
      userId: a.userId,
      symbol: 'AAPL',
      qty: '3',
      avgEntryPrice: '50',
      costBasis: '150',
      realizedPnl: '0',
    });
  });

  it('a redelivery through the bus changes nothing, nor does the same trade under a new event id', async () => {
    const a = await openAccount(h);
    const fill = trade(a, { side: 'buy', qty: '2', price: '10' });
    const replay = { ...fill, id: uniqueId('evt') };
    const sentinel = trade(a, { side: 'buy', qty: '1', price: '10', symbol: 'ZZZ' });
    await h.t.platform.bus.publish([fill, fill, replay, sentinel]);
    // The consumer takes one event type in order: once the sentinel is in, the three before it are handled.
    await waitFor(async () => (await position(a, 'ZZZ')).statusCode === 200);
    expect((await position(a)).json().qty).toBe('2');
    expect((await account(a)).cash).toBe('99970');
  });

  it('applies a fill that overtook account.opened, then adds the starting cash', async () => {
    const a = { accountId: uniqueId('acct'), userId: uniqueId('user') };
    await h.deliver(trade(a, { side: 'buy', qty: '1', price: '100' }));
    expect((await get(h, `/v1/portfolio/accounts/${a.accountId}`, a.userId)).statusCode).toBe(404);
    await h.deliver(
      event('account.opened', {
        ...a,
        name: 'late',
        cash: '1000',
        isDefault: true,
        broker: 'paper',
        marginEnabled: false,
      }),
    );
    expect((await account(a)).cash).toBe('900');
  });

  it('a reset restarts cash, clears positions, and ignores fills from before it', async () => {
    const a = await openAccount(h);
    await h.deliver(trade(a, { side: 'buy', qty: '10', price: '100', at: '2026-03-10T10:00:00Z' }));
    await h.deliver(event('account.reset', { ...a, cash: '5000' }, '2026-03-10T11:00:00Z'));
    expect(await account(a)).toMatchObject({ cash: '5000', realizedPnl: '0', positionCount: 0 });
    await h.deliver(trade(a, { side: 'sell', qty: '10', price: '100', at: '2026-03-10T10:30:00Z' }));
    expect((await account(a)).cash).toBe('5000');
    await h.deliver(trade(a, { side: 'buy', qty: '1', price: '10', at: '2026-03-10T11:30:00Z' }));
    expect((await account(a)).cash).toBe('4990');
    // A new start (as an Alpaca paper reset): the fills before it are no longer listed.
    const activities = (await get(h, `/v1/portfolio/activities?accountId=${a.accountId}`, a.userId)).json();
    expect(activities.data.map((x: { qty: string }) => x.qty)).toEqual(['1']);
  });

  it("answers 404 for another user's account, positions, activities and history", async () => {
    const a = await openAccount(h);
    await h.deliver(trade(a, { side: 'buy', qty: '1', price: '100' }));
    const intruder = uniqueId('intruder');
    for (const url of [
      `/v1/portfolio/accounts/${a.accountId}`,
      `/v1/portfolio/positions?accountId=${a.accountId}`,
      `/v1/portfolio/positions/AAPL?accountId=${a.accountId}`,
      `/v1/portfolio/activities?accountId=${a.accountId}`,
      `/v1/portfolio/history?accountId=${a.accountId}`,
    ]) {
      const res = await get(h, url, intruder);
      expect(res.statusCode, url).toBe(404);
      expect(res.json().code).toBe('PORTFOLIO_ACCOUNT_NOT_FOUND');
    }
    const close = await h.t.service.app.inject({
      method: 'POST',
      url: `/v1/portfolio/positions/AAPL/close?accountId=${a.accountId}`,
      payload: {},
      headers: h.t.as({ userId: intruder }),
    });
    expect(close.statusCode).toBe(404);
    const exits = await h.t.service.app.inject({
      method: 'PUT',
      url: `/v1/portfolio/positions/AAPL/exits?accountId=${a.accountId}`,
      payload: { stopLoss: '1' },
      headers: h.t.as({ userId: intruder }),
    });
    expect(exits.statusCode).toBe(404);
    expect(h.orders.placed.filter((o) => o.accountId === a.accountId)).toHaveLength(0);
    const list = (await get(h, '/v1/portfolio/accounts', intruder)).json();
    expect(list.data).toEqual([]);
  });

  it('keeps the ledger reconciled over random fill sequences (property, through the consumer and the database)', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(
          fc.record({
            symbol: fc.constantFrom('AAA', 'BBB'),
            side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
            qty: fc.integer({ min: 1, max: 400 }).map((q) => dec(q).div(4).toFixed()),
            price: fc.integer({ min: 1, max: 50_000 }).map((c) => dec(c).div(100).toFixed()),
            commission: fc.integer({ min: 0, max: 300 }).map((c) => dec(c).div(100).toFixed()),
          }),
          { minLength: 1, maxLength: 15 },
        ),
        async (fills) => {
          const a = await openAccount(h, { cash: '1000000' });
          for (const f of fills) await h.deliver(trade(a, f));
          const rows = (await h.t.service.ctx.db
            .selectFrom('positions')
            .select(['qty', 'cost_basis', 'realized_pnl'])
            .where('account_id', '=', a.accountId)
            .execute()) as { qty: string; cost_basis: string; realized_pnl: string }[];
          const acc = (await h.t.service.ctx.db
            .selectFrom('accounts')
            .select(['cash', 'realized_pnl', 'fees'])
            .where('account_id', '=', a.accountId)
            .executeTakeFirstOrThrow()) as { cash: string; realized_pnl: string; fees: string };
          const value = (side: string) =>
            sum(fills.filter((f) => f.side === side).map((f) => dec(f.qty).times(f.price)));
          const fees = sum(fills.map((f) => f.commission));
          const cashChange = dec(acc.cash).minus('1000000');
          expect(cashChange.eq(value('sell').minus(value('buy')).minus(fees))).toBe(true);
          expect(dec(acc.fees).eq(fees)).toBe(true);
          const realized = sum(rows.map((r) => r.realized_pnl));
          const atCost = sum(rows.map((r) => r.cost_basis));
          expect(dec(acc.realized_pnl).eq(realized)).toBe(true);
          // cash + positions at cost changed only by realized P&L and fees
          expect(cashChange.plus(atCost).eq(realized.minus(fees))).toBe(true);
        },
      ),
      { numRuns: 12 },
    );
  });
});
