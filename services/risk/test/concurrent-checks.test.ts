import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { check, checkRequest, openAccount, outbox, startRisk, type RiskHarness } from './helper.ts';

/**
 * Checks of one account decide on the trading state as read and do not queue on its row; what
 * must happen once (a breaker's transition) still does, and the recorded valuation never goes
 * back. Approvals state how far they hold (the headroom orders guards placements with).
 */
describe('checks of one account at once', () => {
  let h: RiskHarness;
  beforeAll(async () => {
    h = await startRisk();
  });
  afterAll(async () => {
    await h.close();
  });

  const state = async (accountId: string) =>
    h.t.service.ctx.db
      .selectFrom('trading_states')
      .select(['state', 'high_water_mark', 'last_equity', 'valued_at'])
      .where('account_id', '=', accountId)
      .executeTakeFirstOrThrow();

  it('states the headroom of an approval: buying power, shares, open orders', async () => {
    const a = await openAccount(h, {
      state: {
        cash: '10000',
        buyingPower: '10000',
        positions: [
          { symbol: 'AAPL', qty: '50', avgEntryPrice: '90', marketValue: '5000', lastPrice: '100' },
        ],
      },
    });
    const open = { count: 3, pendingBuyNotional: '2500', pendingSellQty: { AAPL: '20' } };
    // A buy: 10 × the $100.10 ask; $10,000 cash − $2,500 pending − $1,001 = $6,499 left.
    expect((await check(h, checkRequest(a, { qty: '10' }, { openOrders: open }))).json()).toMatchObject({
      approved: true,
      headroom: { openOrders: 196, buyNotional: '6499', sellQty: null },
    });
    // A covered sell: 50 held − 20 pending − 10 = 20 more shares may be reserved.
    expect(
      (await check(h, checkRequest(a, { side: 'sell', qty: '10' }, { openOrders: open }))).json(),
    ).toMatchObject({ approved: true, headroom: { openOrders: 196, buyNotional: null, sellQty: '20' } });
    // Rejections state none.
    expect(
      (await check(h, checkRequest(a, { qty: '1000' }, { openOrders: open }))).json().headroom,
    ).toBeUndefined();
  });

  it('records a breaker once, however many checks see it trip at the same time', async () => {
    const a = await openAccount(h);
    // A first check creates the account's rows; the next ones read them without a lock.
    expect((await check(h, checkRequest(a))).json()).toMatchObject({ approved: true });
    h.portfolio.set({
      ...h.portfolio.states.get(a.accountId)!,
      equity: '70000',
      cash: '70000',
      buyingPower: '70000',
    });
    h.clock.set(new Date(h.clock.current.getTime() + 5_000).toISOString());
    const answers = await Promise.all(Array.from({ length: 12 }, () => check(h, checkRequest(a))));
    for (const r of answers) expect(r.json()).toMatchObject({ approved: false });
    expect((await state(a.accountId)).state).toBe('REDUCING');
    const changes = (await outbox(h, 'risk.state_changed')).filter(
      (e) => (e.data as { accountId: string }).accountId === a.accountId,
    );
    expect(changes).toHaveLength(1);
  });

  it('writes unchanged figures at most once a second, a new high at once, and never goes back', async () => {
    const a = await openAccount(h);
    h.clock.set('2026-03-10T15:00:00.000Z');
    await check(h, checkRequest(a));
    const first = await state(a.accountId);
    // Checks in quick succession with the same figures leave the row alone…
    h.clock.set('2026-03-10T15:00:00.400Z');
    await Promise.all(Array.from({ length: 8 }, () => check(h, checkRequest(a))));
    expect((await state(a.accountId)).valued_at).toEqual(first.valued_at);
    // …a higher equity is recorded at once (a new high-water mark)…
    h.portfolio.set({ ...h.portfolio.states.get(a.accountId)!, equity: '101000' });
    h.clock.set('2026-03-10T15:00:00.500Z');
    await check(h, checkRequest(a));
    expect(await state(a.accountId)).toMatchObject({ high_water_mark: '101000', last_equity: '101000' });
    // …and an older valuation never rolls it back.
    h.portfolio.set({ ...h.portfolio.states.get(a.accountId)!, equity: '100500' });
    h.clock.set('2026-03-10T15:00:00.450Z');
    await check(h, checkRequest(a));
    expect(await state(a.accountId)).toMatchObject({ high_water_mark: '101000', last_equity: '101000' });
    // A second later the same figures are written again (the valuation time moves on).
    h.clock.set('2026-03-10T15:00:01.600Z');
    await check(h, checkRequest(a));
    const later = await state(a.accountId);
    expect(later).toMatchObject({ high_water_mark: '101000', last_equity: '100500' });
    expect(new Date(later.valued_at as string).toISOString()).toBe('2026-03-10T15:00:01.600Z');
  });
});
