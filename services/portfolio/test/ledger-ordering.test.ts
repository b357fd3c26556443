import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, dec, sum } from '@tradeplane/kit';
import { closePosition } from '../src/domain/close-position.ts';
import { getAccount } from '../src/store/accounts.store.ts';
import { claimCloseKey, releaseCloseKey } from '../src/store/close-requests.store.ts';
import {
  event,
  openAccount,
  startPortfolio,
  trade,
  uniqueId,
  type Acct,
  type PortfolioHarness,
} from './helper.ts';

/**
 * The ledger whatever order events arrive in, replays, racing closes under one key and Alpaca's
 * activities query: each test states the documented behaviour.
 */
let h: PortfolioHarness;
beforeAll(async () => {
  h = await startPortfolio();
});
afterAll(async () => {
  await h.close();
});

interface Activity {
  activity_type: string;
  net_amount?: string;
  side?: string;
  qty?: string;
  price?: string;
}
const alpaca = (a: Acct, url: string) =>
  h.t.service.app.inject({ method: 'GET', url, headers: h.t.as({ userId: a.userId, via: 'apikey' }) });
const cashOf = (x: Activity) =>
  x.activity_type === 'FILL'
    ? dec(x.qty!)
        .times(x.price!)
        .times(x.side === 'buy' ? -1 : 1)
    : dec(x.net_amount!);

describe('cash = deposits + fills − fees when events of different types arrive out of order', () => {
  it('a fill executed after a reset but consumed before the account.reset event is kept', async () => {
    h.clock.set('2026-06-01T13:00:00Z');
    const a = await openAccount(h, { cash: '100000' });
    // Orders resets the account at 14:00, then the user buys at 14:10. trade.executed and
    // account.reset travel on different streams: the fill is consumed first.
    await h.deliver(
      trade(a, {
        symbol: 'OOO',
        side: 'buy',
        qty: '10',
        price: '100',
        commission: '1',
        at: '2026-06-01T14:10:00Z',
      }),
    );
    h.clock.set('2026-06-01T14:20:00Z');
    await h.deliver(event('account.reset', { ...a, cash: '5000' }, '2026-06-01T14:00:00Z'));

    const activities: Activity[] = (await alpaca(a, '/alpaca/v2/account/activities')).json();
    const cash = (await alpaca(a, '/alpaca/v2/account')).json().cash as string;
    // The activities listed since the reset: CSD 5000, FILL −1000, FEE −1.
    expect(activities.map((x) => x.activity_type).sort()).toEqual(['CSD', 'FEE', 'FILL']);
    expect(cash).toBe(sum(activities.map(cashOf)).toFixed());
    // …and the 10 shares bought after the reset are still held.
    const positions = (await alpaca(a, '/alpaca/v2/positions')).json() as { symbol: string }[];
    expect(positions.map((p) => p.symbol)).toEqual(['OOO']);
  });

  it('an account.reset consumed before the account.opened it follows does not add the opening cash on top', async () => {
    const a = { accountId: uniqueId('acct'), userId: uniqueId('user') };
    h.clock.set('2026-06-02T14:00:00Z');
    await h.deliver(event('account.reset', { ...a, cash: '5000' }, '2026-06-02T13:30:00Z'));
    await h.deliver(
      event(
        'account.opened',
        { ...a, name: 'paper', cash: '100000', isDefault: true, broker: 'paper', marginEnabled: false },
        '2026-06-02T13:00:00Z',
      ),
    );
    const activities: Activity[] = (await alpaca(a, '/alpaca/v2/account/activities')).json();
    const cash = (await alpaca(a, '/alpaca/v2/account')).json().cash as string;
    // Reset to 5000 after opening with 100000: the account holds 5000.
    expect(cash).toBe('5000');
    expect(cash).toBe(sum(activities.map(cashOf)).toFixed());
  });
});

describe('a replayed event records nothing twice', () => {
  it('the same account.reset seen again under another event id does not reset the account a second time', async () => {
    h.clock.set('2026-06-03T13:00:00Z');
    const a = await openAccount(h, { cash: '100000' });
    const reset = event('account.reset', { ...a, cash: '5000' }, '2026-06-03T14:00:00Z');
    h.clock.set('2026-06-03T14:00:00Z');
    expect(await h.deliver(reset)).toBe(true);
    await h.deliver(
      trade(a, {
        symbol: 'RPL',
        side: 'buy',
        qty: '10',
        price: '100',
        commission: '1',
        at: '2026-06-03T14:10:00Z',
      }),
    );
    // The same reset (same account, cash and time) replayed under another event id, as the ledger
    // already tolerates for account.opened and trade.executed (activities.test.ts).
    h.clock.set('2026-06-03T14:20:00Z');
    expect(await h.deliver({ ...reset, id: uniqueId('evt') })).toBe(true);
    const cash = (await alpaca(a, '/alpaca/v2/account')).json().cash as string;
    expect(cash).toBe('3999');
    const positions = (await alpaca(a, '/alpaca/v2/positions')).json() as { symbol: string }[];
    expect(positions.map((p) => p.symbol)).toEqual(['RPL']);
  });
});

describe('close with an Idempotency-Key: two requests under one key at once', () => {
  it('answers a 4xx (not an unknown error, a 500) when the other request frees the key between the conflict and the read', async () => {
    const a = await openAccount(h);
    const account = (await getAccount(h.deps.db, a.accountId))!;
    const key = 'race-1';
    const symbol = 'NONE';
    // Request A has claimed the key (same request: close all of NONE) and, finding no position,
    // is about to free it again (close-position.ts releaseCloseKey).
    const requestHash = createHash('sha256').update(`${symbol}|qty=|percentage=`).digest('hex');
    const clientOrderId = `close-${createHash('sha256').update(`${a.accountId}|${symbol}|${key}`).digest('base64url').slice(0, 40)}`;
    expect(
      (
        await claimCloseKey(h.deps.db, {
          accountId: a.accountId,
          idempotencyKey: key,
          symbol,
          requestHash,
          clientOrderId,
        })
      ).claimed,
    ).toBe(true);
    // Request B runs now; A's release lands right after B's insert found the key taken, before B
    // reads the key's row (claimCloseKey: insert … on conflict do nothing, then select).
    const release = () =>
      releaseCloseKey(h.deps.db, { accountId: a.accountId, idempotencyKey: key, requestHash });
    const delayed = (builder: object): object =>
      new Proxy(builder, {
        get(target, prop) {
          const v: unknown = Reflect.get(target, prop, target);
          if (typeof v !== 'function') return v;
          const f = v as (...args: unknown[]) => unknown;
          if (String(prop).startsWith('execute'))
            return async (...args: unknown[]) => {
              await release();
              return f.apply(target, args);
            };
          return (...args: unknown[]) => {
            const r = f.apply(target, args);
            return r && typeof r === 'object' ? delayed(r) : r;
          };
        },
      });
    const db = h.deps.db;
    const racingDb = new Proxy(db, {
      get(target, prop) {
        if (prop === 'selectFrom')
          return (table: string) =>
            table === 'close_requests' ? delayed(target.selectFrom(table)) : target.selectFrom(table);
        const v: unknown = Reflect.get(target, prop, target);
        return typeof v === 'function' ? (v as (...args: unknown[]) => unknown).bind(target) : v;
      },
    });
    const b = { ...h.deps, db: racingDb };
    const err = await closePosition(b, account, symbol, { idempotencyKey: key }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(AppError);
    expect((err as AppError).status).toBeLessThan(500);
  });
});

describe("Alpaca's activities query", () => {
  it('accepts after/until as YYYY-MM-DD, as Alpaca documents ("Both formats YYYY-MM-DD and YYYY-MM-DDTHH:MM:SSZ")', async () => {
    const a = await openAccount(h);
    const res = await alpaca(a, '/alpaca/v2/account/activities?after=2026-01-01&until=2026-12-31');
    expect(res.statusCode).toBe(200);
  });
});

describe('resets and fills in any order (more)', () => {
  it('an older account.reset arriving after a newer one changes nothing', async () => {
    h.clock.set('2026-06-05T13:00:00Z');
    const a = await openAccount(h, { cash: '100000' });
    h.clock.set('2026-06-05T15:30:00Z');
    await h.deliver(event('account.reset', { ...a, cash: '7000' }, '2026-06-05T15:00:00Z'));
    await h.deliver(event('account.reset', { ...a, cash: '5000' }, '2026-06-05T14:00:00Z'));
    expect((await alpaca(a, '/alpaca/v2/account')).json().cash).toBe('7000');
  });
});

describe('close with an Idempotency-Key: a retry refused before reaching orders', () => {
  const keyOf = (a: Acct, symbol: string, key: string) => ({
    accountId: a.accountId,
    idempotencyKey: key,
    symbol,
    requestHash: createHash('sha256').update(`${symbol}|qty=|percentage=`).digest('hex'),
    clientOrderId: `close-${createHash('sha256').update(`${a.accountId}|${symbol}|${key}`).digest('base64url').slice(0, 40)}`,
  });

  it('keeps the key (the first request may still place its order) and answers that order once it exists', async () => {
    const a = await openAccount(h);
    const account = (await getAccount(h.deps.db, a.accountId))!;
    const claim = keyOf(a, 'GONE', 'retry-1');
    // The first request holds the key and is placing its order.
    expect((await claimCloseKey(h.deps.db, claim)).claimed).toBe(true);
    // The retry finds no order yet and no position (the first close filled meanwhile, say): 404,
    // and the key stays the first request's.
    const err = await closePosition(h.deps, account, 'GONE', { idempotencyKey: 'retry-1' }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect((err as AppError).status).toBe(404);
    expect((await claimCloseKey(h.deps.db, claim)).claimed).toBe(false);
    // Now the first request's order exists, placed after the retry's first look: the retry
    // answers it instead of refusing.
    let looks = 0;
    const orders = {
      place: h.deps.orders.place.bind(h.deps.orders),
      byClientOrderId: async (accountId: string, userId: string, clientOrderId: string) => {
        looks += 1;
        if (looks === 1) return undefined;
        await h.deps.orders.place({
          accountId,
          userId,
          symbol: 'GONE',
          side: 'sell',
          type: 'market',
          timeInForce: 'day',
          qty: '1',
          clientOrderId,
        });
        return h.deps.orders.byClientOrderId(accountId, userId, clientOrderId);
      },
    };
    const res = await closePosition({ ...h.deps, orders }, account, 'GONE', { idempotencyKey: 'retry-1' });
    expect(res.replayed).toBe(true);
    expect(res.order.clientOrderId).toBe(claim.clientOrderId);
    expect((await claimCloseKey(h.deps.db, claim)).claimed).toBe(false);
  });
});

describe("Alpaca's activities query: after and until", () => {
  it('are exclusive, as Alpaca documents ("only activities submitted after/before this date"); a date is its 00:00 UTC', async () => {
    h.clock.set('2026-06-06T13:00:00Z');
    const a = await openAccount(h, { cash: '100000' });
    await h.deliver(
      trade(a, { symbol: 'BND', side: 'buy', qty: '1', price: '10', at: '2026-06-06T14:00:00Z' }),
    );
    const types = async (q: string) =>
      ((await alpaca(a, `/alpaca/v2/account/activities?${q}`)).json() as Activity[])
        .map((x) => x.activity_type)
        .sort();
    expect(await types('after=2026-06-06T14:00:00Z')).toEqual([]);
    expect(await types('after=2026-06-06T13:59:59Z')).toEqual(['FILL']);
    expect(await types('until=2026-06-06T14:00:00Z')).toEqual(['CSD']);
    expect(await types('after=2026-06-06')).toEqual(['CSD', 'FILL']);
    expect(await types('until=2026-06-06')).toEqual([]);
    expect(await types('after=2026-06-06&until=2026-06-07')).toEqual(['CSD', 'FILL']);
    expect((await alpaca(a, '/alpaca/v2/account/activities?after=2026-13-45')).statusCode).toBe(400);
  });
});
