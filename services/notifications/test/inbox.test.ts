import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deliveriesOf,
  event,
  filled,
  newUser,
  order,
  outbox,
  startNotifications,
  type Harness,
} from './helper.ts';

describe('inbox and preferences', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startNotifications();
  });
  afterAll(async () => {
    await h.close();
  });

  const inbox = async (userId: string, query = '') => {
    const res = await h.call('GET', `/v1/notifications${query}`, userId);
    expect(res.statusCode).toBe(200);
    return res.json() as { items: any[]; nextCursor: string | null };
  };

  it('turns order.filled into a notification with a human title and body', async () => {
    const u = newUser();
    await h.deliver(filled(u));
    const { items } = await inbox(u);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      type: 'order.filled',
      title: 'Bought 10 AAPL at 190.12',
      body: 'Your market order to buy 10 AAPL is filled: bought 10 AAPL at an average price of 190.12.',
      readAt: null,
      data: { symbol: 'AAPL', side: 'buy', filledQty: '10', filledAvgPrice: '190.12' },
    });
  });

  it('describes partial fills, sells, rejections, cancels and expiries', async () => {
    const u = newUser();
    const o = order(u, {
      side: 'sell',
      type: 'limit',
      limitPrice: '200',
      qty: '10',
      filledQty: '4',
      filledAvgPrice: '200.5',
      status: 'partially_filled',
    });
    await h.deliver(
      event('order.partially_filled', {
        order: o,
        fill: { tradeId: 't1', qty: '4', price: '200.5', commission: '0', at: new Date().toISOString() },
      }),
    );
    const rejected = order(u, { filledQty: '0', filledAvgPrice: null, status: 'rejected' });
    await h.deliver(
      event('order.rejected', {
        order: rejected,
        reason: 'insufficient buying power',
        code: 'RISK_INSUFFICIENT_BUYING_POWER',
      }),
    );
    const canceled = order(u, {
      type: 'limit',
      limitPrice: '150',
      filledQty: '3',
      filledAvgPrice: '149.9',
      status: 'canceled',
    });
    await h.deliver(event('order.canceled', { order: canceled }));
    const expired = order(u, {
      qty: null,
      notional: '500',
      filledQty: '0',
      filledAvgPrice: null,
      status: 'expired',
    });
    await h.deliver(event('order.expired', { order: expired }));
    const titles = (await inbox(u)).items.map((n) => [n.title, n.body]);
    expect(titles).toEqual([
      ['Order expired: buy $500.00 of AAPL', 'Your market order to buy $500.00 of AAPL expired.'],
      [
        'Order canceled: buy 10 AAPL',
        'Your limit order to buy 10 AAPL at 150.00 was canceled, after 3 filled at an average price of 149.90.',
      ],
      [
        'Order rejected: buy 10 AAPL',
        'Your market order to buy 10 AAPL was rejected: insufficient buying power.',
      ],
      [
        'Sold 4 AAPL at 200.50 (4 of 10 filled)',
        'Your limit order to sell 10 AAPL at 200.00 is partly filled: 4 of 10 so far at an average price of 200.50. The rest is still working.',
      ],
    ]);
  });

  it('notifies risk state changes, notification-target triggers and requested notifications, not agent triggers', async () => {
    const u = newUser();
    await h.deliver(
      event(
        'risk.state_changed',
        { accountId: 'acct-9', userId: u, from: 'ACTIVE', to: 'HALTED', reason: 'daily loss limit reached' },
        'risk',
      ),
    );
    const fire = (type: 'notification' | 'agent') =>
      event(
        'trigger.fired',
        {
          triggerId: 'trg-1',
          runId: `run-${type}`,
          userId: u,
          name: 'Market open',
          kind: 'market',
          target: { type, message: 'Check the pre-market movers' },
          scheduledFor: new Date().toISOString(),
          firedAt: new Date().toISOString(),
          misfire: false,
          reason: 'market opened',
          context: {},
        },
        'scheduler',
      );
    await h.deliver(fire('agent'));
    await h.deliver(fire('notification'));
    await h.deliver(
      event(
        'notification.requested',
        {
          userId: u,
          type: 'agent.approval_requested',
          title: 'Approve a trade',
          body: 'Agent Alpha wants to buy 5 MSFT',
        },
        'agents',
      ),
    );
    await h.deliver(
      event('notification.requested', { userId: u, type: 'Bad Type!', title: 'x', body: 'y' }, 'agents'),
    );
    const items = (await inbox(u)).items;
    expect(items.map((n) => [n.type, n.title, n.body])).toEqual([
      ['agent.approval_requested', 'Approve a trade', 'Agent Alpha wants to buy 5 MSFT'],
      ['trigger.fired', 'Trigger “Market open” fired', 'Check the pre-market movers'],
      [
        'risk.state_changed',
        'Trading halted',
        'Account acct-9 went from ACTIVE to HALTED: daily loss limit reached. No orders are accepted until trading resumes.',
      ],
    ]);
  });

  it('ignores an event whose data breaks its contract instead of failing it forever', async () => {
    const u = newUser();
    await expect(h.deliver(event('order.filled', { order: { userId: u } }))).resolves.toBe(true);
    expect((await inbox(u)).items).toEqual([]);
  });

  it('makes one notification and one delivery per channel from an event delivered twice', async () => {
    const u = newUser();
    const e = filled(u);
    expect(await h.deliver(e)).toBe(true);
    expect(await h.deliver(e)).toBe(false);
    // Past the inbox too (a replay after the inbox was pruned): the source id still dedupes.
    const { notify } = await import('../src/domain/notify.ts');
    const again = await h.t.service.ctx.transaction((tx) =>
      notify(h.rt.deps, tx, {
        userId: u,
        type: 'order.filled',
        title: 't',
        body: 'b',
        data: {},
        sourceId: e.id,
      }),
    );
    expect(again).toBeUndefined();
    expect((await inbox(u)).items).toHaveLength(1);
    const rows = await deliveriesOf(h, u);
    expect(rows.map((r) => r.channel).sort()).toEqual(['email', 'inbox', 'websocket']);
    const pushed = (await outbox(h, 'notification.delivered')).filter((ev) => ev.data.userId === u);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]!.data).toMatchObject({
      channel: 'websocket',
      type: 'order.filled',
      title: 'Bought 10 AAPL at 190.12',
    });
    expect(pushed[0]!.userid).toBe(u);
  });

  it('counts unread, marks one read (idempotently) and all read', async () => {
    const u = newUser();
    for (let i = 0; i < 3; i++) await h.deliver(filled(u));
    expect((await h.call('GET', '/v1/notifications/unread-count', u)).json()).toEqual({ count: 3 });
    const [first] = (await inbox(u)).items;
    const read = await h.call('POST', `/v1/notifications/${first.id}/read`, u);
    expect(read.statusCode).toBe(200);
    expect(read.json().readAt).toEqual(expect.any(String));
    h.clock.advance(60_000);
    const again = await h.call('POST', `/v1/notifications/${first.id}/read`, u);
    expect(again.json().readAt).toBe(read.json().readAt);
    expect((await h.call('GET', '/v1/notifications/unread-count', u)).json()).toEqual({ count: 2 });
    expect((await inbox(u, '?unread=true')).items.map((n) => n.id)).not.toContain(first.id);
    expect((await h.call('POST', '/v1/notifications/read-all', u)).json()).toEqual({ updated: 2 });
    expect((await h.call('GET', '/v1/notifications/unread-count', u)).json()).toEqual({ count: 0 });
  });

  it('pages newest first with a cursor', async () => {
    const u = newUser();
    for (let i = 1; i <= 5; i++) await h.deliver(filled(u, { qty: String(i), filledQty: String(i) }));
    const p1 = await inbox(u, '?limit=2');
    const p2 = await inbox(u, `?limit=2&cursor=${p1.nextCursor}`);
    const p3 = await inbox(u, `?limit=2&cursor=${p2.nextCursor}`);
    expect([...p1.items, ...p2.items, ...p3.items].map((n) => n.title)).toEqual(
      [5, 4, 3, 2, 1].map((q) => `Bought ${q} AAPL at 190.12`),
    );
    expect(p3.nextCursor).toBeNull();
  });

  it('answers bad input with a 400 problem, never a 500', async () => {
    const u = newUser();
    for (const url of [
      '/v1/notifications?cursor=abc',
      '/v1/notifications?limit=0',
      '/v1/notifications?limit=many',
    ]) {
      const res = await h.call('GET', url, u);
      expect(res.statusCode, url).toBe(400);
      expect(res.headers['content-type']).toContain('application/problem+json');
    }
    expect((await h.call('POST', '/v1/notifications/not-a-uuid/read', u)).statusCode).toBe(400);
    for (const body of [
      { email: 'not-an-email' },
      { phone: '555-1234' },
      { preferences: [{ type: 'order.filled', channels: { email: 'yes' } }] },
      { preferences: [{ type: 'order.filled', channels: { carrier_pigeon: true } }] },
      { preferences: [{ type: 'Not A Type', channels: {} }] },
    ]) {
      const res = await h.call('PUT', '/v1/notifications/preferences', u, body);
      expect(res.statusCode, JSON.stringify(body)).toBe(400);
      expect(res.json().code).toBe('VALIDATION_FAILED');
    }
  });

  it("does not let a user read another user's notification", async () => {
    const owner = newUser();
    const other = newUser();
    await h.deliver(filled(owner));
    const [n] = (await inbox(owner)).items;
    const res = await h.call('POST', `/v1/notifications/${n.id}/read`, other);
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('NOTIFICATIONS_NOT_FOUND');
    expect((await inbox(other)).items).toEqual([]);
    expect((await h.call('POST', '/v1/notifications/read-all', other)).json()).toEqual({ updated: 0 });
    expect((await inbox(owner)).items[0].readAt).toBeNull();
  });

  it('documents its routes in the OpenAPI document', async () => {
    const doc = (await h.t.service.app.inject({ method: 'GET', url: '/openapi.json' })).json();
    expect(Object.keys(doc.paths)).toEqual(
      expect.arrayContaining([
        '/v1/notifications',
        '/v1/notifications/unread-count',
        '/v1/notifications/{id}/read',
        '/v1/notifications/read-all',
        '/v1/notifications/preferences',
        '/v1/notifications/webhooks',
        '/v1/notifications/webhooks/{id}',
        '/v1/notifications/webhooks/{id}/deliveries',
        '/v1/notifications/webhooks/{id}/test',
        '/v1/notifications/devices',
        '/v1/notifications/devices/{id}',
        '/v1/notifications/admin/webhook-allowlist',
        '/v1/alerts',
        '/v1/alerts/{id}',
      ]),
    );
  });

  it('needs a signed-in user', async () => {
    const res = await h.t.service.app.inject({ method: 'GET', url: '/v1/notifications' });
    expect(res.statusCode).toBe(401);
  });

  it('answers default preferences: inbox and websocket everywhere, email for the important types', async () => {
    const u = newUser();
    h.directory.emails.set(u, 'ada@example.com');
    const prefs = (await h.call('GET', '/v1/notifications/preferences', u)).json();
    expect(prefs.email).toBe('ada@example.com');
    expect(prefs.phone).toBeNull();
    const byType = Object.fromEntries(prefs.preferences.map((p: any) => [p.type, p.channels]));
    expect(Object.keys(byType)).toEqual(
      expect.arrayContaining([
        'order.filled',
        'order.partially_filled',
        'order.canceled',
        'order.rejected',
        'order.expired',
        'risk.state_changed',
        'alert.triggered',
        'trigger.fired',
      ]),
    );
    expect(byType['order.filled']).toEqual({
      inbox: true,
      websocket: true,
      email: true,
      webhook: true,
      sms: false,
      push: false,
    });
    expect(byType['order.canceled']).toMatchObject({ inbox: true, websocket: true, email: false });
    for (const t of ['order.rejected', 'risk.state_changed', 'alert.triggered', 'trigger.fired'])
      expect(byType[t].email).toBe(true);
  });

  it('changes some preferences, keeps the rest, and answers the whole', async () => {
    const u = newUser();
    const res = await h.call('PUT', '/v1/notifications/preferences', u, {
      email: 'override@example.com',
      phone: '+14155550100',
      preferences: [
        { type: 'order.filled', channels: { email: false, sms: true } },
        { type: 'agent.approval_requested', channels: { push: true } },
      ],
    });
    expect(res.statusCode).toBe(200);
    const body = res.json();
    expect(body).toMatchObject({ email: 'override@example.com', phone: '+14155550100' });
    const byType = Object.fromEntries(body.preferences.map((p: any) => [p.type, p.channels]));
    expect(byType['order.filled']).toEqual({
      inbox: true,
      websocket: true,
      email: false,
      webhook: true,
      sms: true,
      push: false,
    });
    expect(byType['agent.approval_requested']).toMatchObject({ push: true, email: false, inbox: true });
    const cleared = (await h.call('PUT', '/v1/notifications/preferences', u, { phone: null })).json();
    expect(cleared.phone).toBeNull();
    expect(cleared.email).toBe('override@example.com');
  });

  it('follows the preferences: a channel switched off gets no delivery, an inbox switched off lists nothing', async () => {
    const u = newUser();
    await h.call('PUT', '/v1/notifications/preferences', u, {
      preferences: [{ type: 'order.filled', channels: { email: false, inbox: false } }],
    });
    await h.deliver(filled(u));
    expect((await inbox(u)).items).toEqual([]);
    expect((await h.call('GET', '/v1/notifications/unread-count', u)).json()).toEqual({ count: 0 });
    const rows = await deliveriesOf(h, u);
    expect(rows.map((r) => r.channel)).toEqual(['websocket']);
  });

  // Last: it moves the shared clock half a year ahead.
  it('deletes notifications and their deliveries past the retention period, and nothing newer', async () => {
    const { housekeeping } = await import('../src/domain/housekeeping.ts');
    const u = newUser();
    await h.deliver(filled(u));
    h.clock.advance(100 * 86_400_000);
    await h.deliver(filled(u));
    h.clock.advance(81 * 86_400_000);
    const { notifications } = await housekeeping(h.rt.deps);
    expect(notifications).toBeGreaterThanOrEqual(1);
    expect((await inbox(u)).items).toHaveLength(1);
    expect((await deliveriesOf(h, u)).map((r) => r.channel).sort()).toEqual(['email', 'inbox', 'websocket']);
  });
});
