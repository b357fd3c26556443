import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKET_CHANNELS } from '@tradeplane/contracts';
import { dec } from '@tradeplane/kit';
import { sideOf } from '../src/domain/price-watch.ts';
import { firedEvents, runRows, startScheduler, uniqueUser, waitFor, type Harness } from './helper.ts';

describe('crossing sides', () => {
  it('counts touching the level as reaching it, for both directions', () => {
    expect(sideOf(dec('190'), { direction: 'above', level: '190.00' })).toBe('above');
    expect(sideOf(dec('189.99'), { direction: 'above', level: '190' })).toBe('below');
    expect(sideOf(dec('190'), { direction: 'below', level: '190' })).toBe('below');
    expect(sideOf(dec('190.01'), { direction: 'below', level: '190' })).toBe('above');
  });
});

describe('price triggers on the quote broadcast', () => {
  let h: Harness;
  let t0 = Date.parse('2026-03-10T15:00:00Z');
  beforeAll(async () => {
    h = await startScheduler();
  });
  afterAll(async () => {
    await h?.close();
  });

  /** Broadcasts one batch of quotes (bid, ask) for a symbol, as market-data does, and waits for the fires. */
  const quotes = async (symbol: string, ...pairs: [number, number][]) => {
    await h.t.platform.bus.broadcast(MARKET_CHANNELS.quotes, {
      quotes: pairs.map(([bp, ap]) => ({
        S: symbol,
        bp,
        bs: 1,
        ap,
        as: 1,
        bx: 'V',
        ax: 'V',
        t: new Date((t0 += 100)).toISOString(),
      })),
    });
    await h.rt.prices.idle();
  };

  const create = async (user: { userId: string }, schedule: Record<string, unknown>) => {
    const res = await h.api('POST', '/v1/triggers', user, {
      name: 'cross',
      kind: 'price',
      schedule,
      target: { type: 'agent', id: 'a1' },
    });
    expect(res.statusCode).toBe(201);
    return res.json().id as string;
  };

  it('sets the side on the first quote, fires on crossing above, re-arms only after crossing back', async () => {
    const user = uniqueUser();
    const id = await create(user, { symbol: 'AAPL', direction: 'above', level: '190.00' });
    expect(h.rt.prices.watchedSymbols).toContain('AAPL');

    await quotes('AAPL', [191, 191.2]); // already above: no fire on what was already true
    expect(await runRows(h.t, id)).toHaveLength(0);
    await quotes('AAPL', [189.5, 189.7], [189.9, 190.3]); // below, then mid 190.10: crosses
    let runs = await runRows(h.t, id);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.reason).toBe('AAPL crossed above 190.00 at 190.1 (mid price)');
    expect(runs[0]!.context).toMatchObject({ price: '190.1', bid: '189.9', ask: '190.3', level: '190.00' });

    await quotes('AAPL', [191, 191.5], [192, 192.2]); // stays above: nothing
    expect(await runRows(h.t, id)).toHaveLength(1);
    await quotes('AAPL', [188, 188.2]); // back below: re-armed
    await quotes('AAPL', [189.9, 190.1]); // touches 190.00: fires again
    runs = await runRows(h.t, id);
    expect(runs).toHaveLength(2);

    const events = await firedEvents(h.t, id);
    expect(events.map((e) => e.data.kind)).toEqual(['price', 'price']);
    expect(events[1]!.data.scheduledFor).toBe(runs[1]!.scheduled_for.toISOString());
    const t = (await h.api('GET', `/v1/triggers/${id}`, user)).json();
    expect(t.lastFiredAt).not.toBeNull();
  });

  it('fires a below trigger on the way down only, ignoring other symbols and one-sided quotes', async () => {
    const user = uniqueUser();
    const id = await create(user, { symbol: 'MSFT', direction: 'below', level: '400' });
    await quotes('MSFT', [405, 405.2]);
    await quotes('NVDA', [100, 100.1], [500, 500.1]);
    await quotes('MSFT', [0, 399], [401, 401.2]); // no bid: no mid, no observation
    expect(await runRows(h.t, id)).toHaveLength(0);
    await quotes('MSFT', [399.5, 399.9]);
    const runs = await runRows(h.t, id);
    expect(runs).toHaveLength(1);
    expect(runs[0]!.reason).toBe('MSFT crossed below 400 at 399.7 (mid price)');
  });

  it('stops watching a disabled trigger and starts fresh when its level changes', async () => {
    const user = uniqueUser();
    const id = await create(user, { symbol: 'SPY', direction: 'above', level: '500' });
    await quotes('SPY', [499, 499.2]);
    await h.api('PATCH', `/v1/triggers/${id}`, user, { enabled: false });
    await quotes('SPY', [501, 501.2]);
    expect(await runRows(h.t, id)).toHaveLength(0);
    // Re-enabled at a new level: the first quote sets the side again, even though it is above.
    await h.api('PATCH', `/v1/triggers/${id}`, user, {
      enabled: true,
      schedule: { symbol: 'SPY', direction: 'above', level: '502' },
    });
    await quotes('SPY', [503, 503.2]);
    expect(await runRows(h.t, id)).toHaveLength(0);
    await quotes('SPY', [501, 501.2], [502.5, 502.7]);
    expect(await runRows(h.t, id)).toHaveLength(1);
  });

  it('does nothing while not leading', async () => {
    const user = uniqueUser();
    const id = await create(user, { symbol: 'QQQ', direction: 'above', level: '10' });
    await quotes('QQQ', [9, 9.1]);
    h.rt.leadership.stepDown('test: pretend another instance leads');
    await quotes('QQQ', [11, 11.1]);
    expect(await runRows(h.t, id)).toHaveLength(0);
    // Leading again (the contend loop takes the free lease): a fresh start, the first quote sets the side.
    await waitFor(async () => h.rt.leadership.isLeader());
    await waitFor(async () => h.rt.prices.watchedSymbols.includes('QQQ'));
    await quotes('QQQ', [12, 12.1]);
    expect(await runRows(h.t, id)).toHaveLength(0);
  });
});
