import { MARKET_CHANNELS } from '@tradeplane/contracts';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { event, newUser, outbox, startNotifications, waitFor, type Harness } from './helper.ts';

/** A quote broadcast as market-data sends it (Alpaca stream fields, JSON numbers). */
const quotes = (...qs: [symbol: string, bid: number, ask: number][]) => ({
  quotes: qs.map(([S, bp, ap]) => ({
    S,
    bp,
    bs: 100,
    ap,
    as: 100,
    bx: 'V',
    ax: 'V',
    t: new Date().toISOString(),
  })),
});

describe('alerts', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startNotifications();
  });
  afterAll(async () => {
    await h.close();
  });

  const create = (userId: string, body: unknown) => h.call('POST', '/v1/alerts', userId, body);
  const get = async (userId: string, id: string) => (await h.call('GET', `/v1/alerts/${id}`, userId)).json();
  /** Feeds quotes to the engine the way the quote broadcast does and waits for the evaluation. */
  const tick = async (symbol: string, mid: number) => {
    const cents = (x: number) => Number(x.toFixed(2));
    h.rt.alerts.onQuotes(quotes([symbol, cents(mid - 0.01), cents(mid + 0.01)]));
    await h.rt.alerts.idle();
  };
  const alertNotifications = async (userId: string) =>
    (await h.call('GET', '/v1/notifications', userId))
      .json()
      .items.filter((n: any) => n.type === 'alert.triggered');

  it('creates, lists, reads and deletes an alert, for its owner only', async () => {
    const u = newUser();
    const res = await create(u, {
      kind: 'price',
      symbol: 'aapl',
      direction: 'above',
      level: '190.50',
      repeat: 'once',
      note: 'take profit',
    });
    expect(res.statusCode).toBe(201);
    const alert = res.json();
    expect(alert).toMatchObject({
      kind: 'price',
      symbol: 'AAPL',
      direction: 'above',
      level: '190.5',
      keyword: null,
      repeat: 'once',
      note: 'take profit',
      status: 'active',
      triggerCount: 0,
      lastTriggeredAt: null,
    });
    expect((await h.call('GET', '/v1/alerts', u)).json().items.map((a: any) => a.id)).toEqual([alert.id]);
    expect(await get(u, alert.id)).toEqual(alert);
    const other = newUser();
    expect((await h.call('GET', `/v1/alerts/${alert.id}`, other)).statusCode).toBe(404);
    expect((await h.call('DELETE', `/v1/alerts/${alert.id}`, other)).statusCode).toBe(404);
    expect((await h.call('GET', '/v1/alerts', other)).json().items).toEqual([]);
    expect((await h.call('DELETE', `/v1/alerts/${alert.id}`, u)).statusCode).toBe(204);
    expect((await h.call('GET', `/v1/alerts/${alert.id}`, u)).json().code).toBe(
      'NOTIFICATIONS_ALERT_NOT_FOUND',
    );
  });

  it.each([
    [{ kind: 'price', symbol: 'AAPL', direction: 'above', level: '-1' }, 'NOTIFICATIONS_ALERT_INVALID'],
    [{ kind: 'price', symbol: 'AAPL', direction: 'above', level: '0' }, 'NOTIFICATIONS_ALERT_INVALID'],
    [{ kind: 'price', symbol: 'AAPL', direction: 'above', level: 'abc' }, 'NOTIFICATIONS_ALERT_INVALID'],
    [{ kind: 'price', symbol: 'AAPL', direction: 'above', level: '1e5' }, 'NOTIFICATIONS_ALERT_INVALID'],
    [{ kind: 'price', symbol: 'AAPL', direction: 'above', level: 190.1 }, 'NOTIFICATIONS_ALERT_INVALID'],
    [{ kind: 'price', symbol: 'AAPL', level: '190' }, 'NOTIFICATIONS_ALERT_INVALID'],
    [{ kind: 'price', direction: 'above', level: '190' }, 'NOTIFICATIONS_ALERT_INVALID'],
    [{ kind: 'price', symbol: 'AA PL', direction: 'above', level: '190' }, 'NOTIFICATIONS_ALERT_INVALID'],
    [{ kind: 'price', symbol: 'AAPL', direction: 'sideways', level: '190' }, 'VALIDATION_FAILED'],
    [
      { kind: 'price', symbol: 'AAPL', direction: 'above', level: '190', keyword: 'x' },
      'NOTIFICATIONS_ALERT_INVALID',
    ],
    [{ kind: 'news' }, 'NOTIFICATIONS_ALERT_INVALID'],
    [{ kind: 'news', keyword: 'merger', level: '1' }, 'NOTIFICATIONS_ALERT_INVALID'],
    [{ kind: 'weather', symbol: 'AAPL' }, 'VALIDATION_FAILED'],
    [{ kind: 'news', keyword: 'merger', repeat: 'always' }, 'VALIDATION_FAILED'],
  ])('answers 400 to %j', async (body, code) => {
    const res = await create(newUser(), body);
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe(code);
  });

  it("fires a 'once' price alert on the first crossing only; the first quote only sets the side", async () => {
    const u = newUser();
    const { id } = (
      await create(u, {
        kind: 'price',
        symbol: 'ONCE',
        direction: 'above',
        level: '100',
        repeat: 'once',
        note: 'sell half',
      })
    ).json();
    // Already above at the first observation: that is where the price is, not a crossing.
    await tick('ONCE', 101);
    expect((await get(u, id)).triggerCount).toBe(0);
    await tick('ONCE', 99);
    expect((await get(u, id)).status).toBe('active');
    await tick('ONCE', 100.2);
    const fired = await get(u, id);
    expect(fired).toMatchObject({
      status: 'triggered',
      triggerCount: 1,
      lastTriggeredAt: expect.any(String),
    });
    // Done: more crossings change nothing.
    await tick('ONCE', 98);
    await tick('ONCE', 102);
    expect((await get(u, id)).triggerCount).toBe(1);

    const events = (await outbox(h, 'alert.triggered')).filter((e) => e.data.alertId === id);
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({
      userId: u,
      kind: 'price',
      symbol: 'ONCE',
      message: 'ONCE crossed above 100.00 at 100.20',
      context: { price: '100.2', level: '100', direction: 'above', note: 'sell half' },
    });
    const [n] = await alertNotifications(u);
    expect(n).toMatchObject({
      title: 'ONCE crossed above 100.00 at 100.20',
      body: 'ONCE is at 100.20 (the middle of bid and ask), above your alert level of 100.00.\n\nYour note: sell half',
      data: { alertId: id },
    });
    // The subscriber seeing its own alert.triggered again makes nothing more.
    await h.deliver(events[0]!);
    expect(await alertNotifications(u)).toHaveLength(1);
  });

  it("fires a 'rearm' alert again after the price went back across", async () => {
    const u = newUser();
    const { id } = (
      await create(u, { kind: 'price', symbol: 'REARM', direction: 'below', level: '50', repeat: 'rearm' })
    ).json();
    await tick('REARM', 51);
    await tick('REARM', 49.5);
    expect(await get(u, id)).toMatchObject({ status: 'active', triggerCount: 1 });
    await tick('REARM', 49);
    expect((await get(u, id)).triggerCount).toBe(1); // still below: no new crossing
    await tick('REARM', 50.5); // back above: re-armed
    await tick('REARM', 50); // reaching the level counts
    expect(await get(u, id)).toMatchObject({ status: 'active', triggerCount: 2 });
    expect(await alertNotifications(u)).toHaveLength(2);
  });

  it('uses the middle of bid and ask, and ignores other symbols and empty quotes', async () => {
    const u = newUser();
    const { id } = (
      await create(u, { kind: 'price', symbol: 'MID', direction: 'above', level: '10', repeat: 'once' })
    ).json();
    await tick('MID', 9);
    // Ask above the level, mid below: no fire.
    h.rt.alerts.onQuotes(quotes(['MID', 9.5, 10.2], ['OTHER', 1000, 1001]));
    h.rt.alerts.onQuotes({ quotes: [{ S: 'MID', bp: 0, ap: 0 }] });
    h.rt.alerts.onQuotes({ nonsense: true });
    await h.rt.alerts.idle();
    expect((await get(u, id)).triggerCount).toBe(0);
    h.rt.alerts.onQuotes(quotes(['MID', 9.9, 10.3]));
    await h.rt.alerts.idle();
    expect((await get(u, id)).triggerCount).toBe(1);
  });

  it('stops watching a deleted alert', async () => {
    const u = newUser();
    const { id } = (
      await create(u, { kind: 'price', symbol: 'GONE', direction: 'above', level: '10', repeat: 'rearm' })
    ).json();
    await tick('GONE', 9);
    await h.call('DELETE', `/v1/alerts/${id}`, u);
    await tick('GONE', 11);
    expect((await outbox(h, 'alert.triggered')).filter((e) => e.data.alertId === id)).toEqual([]);
  });

  it('fires news alerts on a symbol or a keyword, case-insensitively, once or every time', async () => {
    const u = newUser();
    const bySymbol = (await create(u, { kind: 'news', symbol: 'NVDA', repeat: 'rearm' })).json();
    const byKeyword = (
      await create(u, { kind: 'news', keyword: 'Stock Split', repeat: 'once', note: 'check options' })
    ).json();
    const both = (
      await create(u, { kind: 'news', symbol: 'TSLA', keyword: 'recall', repeat: 'rearm' })
    ).json();
    const news = (id: string, headline: string, symbols: string[], summary = '') =>
      event(
        'news.published',
        {
          id,
          headline,
          summary,
          source: 'wire',
          symbols,
          sentiment: null,
          url: null,
          createdAt: new Date().toISOString(),
        },
        'market-data',
      );
    await h.deliver(news('n1', 'NVIDIA announces a 10-for-1 STOCK SPLIT', ['NVDA']));
    await h.deliver(news('n2', 'Chipmakers rally', ['NVDA', 'AMD'], 'Another stock split rumoured'));
    await h.deliver(news('n3', 'Tesla recall widens', ['TSLA']));
    await h.deliver(news('n4', 'Ford recall', ['F']));
    await h.deliver(news('n4', 'Ford recall', ['F'])); // redelivered
    await h.deliver(news('n5', 'Tesla deliveries beat', ['TSLA']));
    expect(await get(u, bySymbol.id)).toMatchObject({ triggerCount: 2, status: 'active' });
    expect(await get(u, byKeyword.id)).toMatchObject({ triggerCount: 1, status: 'triggered' });
    expect(await get(u, both.id)).toMatchObject({ triggerCount: 1, status: 'active' });
    const titles = (await alertNotifications(u)).map((n: any) => n.title);
    expect(titles).toEqual([
      'News on TSLA: Tesla recall widens',
      'News on NVDA: Chipmakers rally',
      'News mentioning “Stock Split”: NVIDIA announces a 10-for-1 STOCK SPLIT',
      'News on NVDA: NVIDIA announces a 10-for-1 STOCK SPLIT',
    ]);
    const keywordEvent = (await outbox(h, 'alert.triggered')).find((e) => e.data.alertId === byKeyword.id)!;
    expect(keywordEvent.data).toMatchObject({
      kind: 'news',
      symbol: null,
      context: { newsId: 'n1', note: 'check options' },
    });
  });
});

describe('price alerts on the live quote broadcast', () => {
  it('fires from quotes broadcast on the bus and pushes the notification through the outbox', async () => {
    const h = await startNotifications({ background: true });
    try {
      const u = newUser();
      const res = await h.call('POST', '/v1/alerts', u, {
        kind: 'price',
        symbol: 'LIVE',
        direction: 'above',
        level: '20',
        repeat: 'once',
      });
      const { id } = res.json();
      await h.t.platform.bus.broadcast(MARKET_CHANNELS.quotes, quotes(['LIVE', 19.9, 19.95]));
      await h.rt.alerts.idle();
      await h.t.platform.bus.broadcast(MARKET_CHANNELS.quotes, quotes(['LIVE', 20.1, 20.2]));
      const fired = await waitFor(async () => {
        const a = (await h.call('GET', `/v1/alerts/${id}`, u)).json();
        return a.status === 'triggered' && a;
      });
      expect(fired.triggerCount).toBe(1);
      const delivered = await waitFor(async () =>
        (await outbox(h, 'notification.delivered')).find(
          (e) => e.data.userId === u && e.data.type === 'alert.triggered',
        ),
      );
      expect(delivered.data.channel).toBe('websocket');
    } finally {
      await h.close();
    }
  });
});
