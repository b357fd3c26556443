import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixedCalendar } from '../src/domain/calendar.ts';
import { ADMIN, problem, startScheduler, TestClock, uniqueUser, type Harness } from './helper.ts';

const cron = (over: Record<string, unknown> = {}) => ({
  name: 'weekday open',
  kind: 'cron',
  schedule: { expression: '0 9 * * 1-5' },
  target: { type: 'agent', id: 'agent-1', message: 'check the book' },
  ...over,
});

// One session (Tuesday 2026-03-10) is all the market trigger below needs.
const calendar = fixedCalendar([
  {
    date: '2026-03-10',
    open: new Date('2026-03-10T13:30:00Z'),
    close: new Date('2026-03-10T20:00:00Z'),
    earlyClose: false,
  },
]);

describe('/v1/triggers', () => {
  let h: Harness;
  const clock = new TestClock(new Date('2026-03-10T12:00:00Z'));
  beforeAll(async () => {
    h = await startScheduler({ clock, calendar, env: { SCHEDULER_MAX_TRIGGERS_PER_USER: '5' } });
  });
  afterAll(async () => {
    await h?.close();
  });

  it('creates a cron trigger with the documented shape, defaults filled in', async () => {
    const user = uniqueUser();
    const res = await h.api('POST', '/v1/triggers', user, cron());
    expect(res.statusCode).toBe(201);
    const t = res.json();
    expect(Object.keys(t).sort()).toEqual(
      [
        'createdAt',
        'enabled',
        'id',
        'kind',
        'lastFiredAt',
        'misfirePolicy',
        'name',
        'nextFireAt',
        'schedule',
        'target',
      ].sort(),
    );
    expect(t).toMatchObject({
      name: 'weekday open',
      kind: 'cron',
      schedule: { expression: '0 9 * * 1-5', timezone: 'America/New_York' },
      target: { type: 'agent', id: 'agent-1', message: 'check the book' },
      misfirePolicy: 'fire_once',
      enabled: true,
      // 09:00 EDT on Tuesday 2026-03-10 (the clock is at 08:00 EDT).
      nextFireAt: '2026-03-10T13:00:00.000Z',
      lastFiredAt: null,
    });
    const got = await h.api('GET', `/v1/triggers/${t.id}`, user);
    expect(got.json()).toEqual(t);
  });

  it('creates market, price and news triggers; only time triggers have a next fire', async () => {
    const user = uniqueUser();
    const market = await h.api('POST', '/v1/triggers', user, {
      name: 'before the open',
      kind: 'market',
      schedule: { event: 'open', offsetMinutes: -15 },
      target: { type: 'strategy', id: 's1' },
      misfirePolicy: 'skip',
    });
    expect(market.statusCode).toBe(201);
    expect(market.json()).toMatchObject({
      schedule: { event: 'open', offsetMinutes: -15 },
      misfirePolicy: 'skip',
      nextFireAt: '2026-03-10T13:15:00.000Z',
    });
    const price = await h.api('POST', '/v1/triggers', user, {
      name: 'aapl breakout',
      kind: 'price',
      schedule: { symbol: 'aapl', direction: 'above', level: '190.50' },
      target: { type: 'notification', message: 'AAPL is up' },
    });
    expect(price.statusCode).toBe(201);
    expect(price.json()).toMatchObject({
      schedule: { symbol: 'AAPL', direction: 'above', level: '190.50' },
      target: { type: 'notification', message: 'AAPL is up' },
      nextFireAt: null,
    });
    const news = await h.api('POST', '/v1/triggers', user, {
      name: 'earnings',
      kind: 'news',
      schedule: { keywords: ['earnings'] },
      target: { type: 'notification' },
      enabled: false,
    });
    expect(news.statusCode).toBe(201);
    expect(news.json()).toMatchObject({ schedule: { symbols: [], keywords: ['earnings'] }, enabled: false });
    const list = await h.api('GET', '/v1/triggers', user);
    expect(list.json().items.map((t: { name: string }) => t.name)).toEqual([
      'earnings',
      'aapl breakout',
      'before the open',
    ]);
  });

  const bad: [string, Record<string, unknown>, string, RegExp][] = [
    [
      'an expression with 3 fields',
      { schedule: { expression: '* * *' } },
      'SCHEDULER_INVALID_CRON',
      /5 fields/,
    ],
    [
      'an out-of-range minute',
      { schedule: { expression: '61 * * * *' } },
      'SCHEDULER_INVALID_CRON',
      /minute/,
    ],
    [
      'a date instead of a pattern',
      { schedule: { expression: '2026-01-01T00:00:00' } },
      'SCHEDULER_INVALID_CRON',
      /fields/,
    ],
    [
      'an expression that never fires again',
      { schedule: { expression: '0 0 0 1 1 * 2020' } },
      'SCHEDULER_INVALID_CRON',
      /never fires/,
    ],
    [
      'an unknown time zone',
      { schedule: { expression: '0 9 * * *', timezone: 'Mars/Phobos' } },
      'SCHEDULER_INVALID_TIMEZONE',
      /IANA/,
    ],
    ['an unknown kind', { kind: 'lunar' }, 'SCHEDULER_INVALID_TRIGGER', /kind must be one of/],
    [
      'a schedule field of another kind',
      { schedule: { expression: '0 9 * * *', event: 'open' } },
      'SCHEDULER_INVALID_TRIGGER',
      /schedule\.event/,
    ],
    [
      'an agent target without id',
      { target: { type: 'agent' } },
      'SCHEDULER_INVALID_TRIGGER',
      /target\.id is required/,
    ],
    ['an unknown target type', { target: { type: 'email' } }, 'SCHEDULER_INVALID_TRIGGER', /target\.type/],
    [
      'an unknown misfire policy',
      { misfirePolicy: 'catch_up' },
      'SCHEDULER_INVALID_TRIGGER',
      /misfirePolicy/,
    ],
    [
      'a market offset beyond 4 hours',
      { kind: 'market', schedule: { event: 'close', offsetMinutes: 241 } },
      'SCHEDULER_INVALID_TRIGGER',
      /-240 to 240/,
    ],
    [
      'a market offset that is not whole',
      { kind: 'market', schedule: { event: 'close', offsetMinutes: 1.5 } },
      'SCHEDULER_INVALID_TRIGGER',
      /offsetMinutes/,
    ],
    [
      'a market event other than open/close',
      { kind: 'market', schedule: { event: 'noon' } },
      'SCHEDULER_INVALID_TRIGGER',
      /schedule\.event/,
    ],
    [
      'a price level as a number',
      { kind: 'price', schedule: { symbol: 'AAPL', direction: 'above', level: 190 } },
      'SCHEDULER_INVALID_TRIGGER',
      /decimal string/,
    ],
    [
      'a zero price level',
      { kind: 'price', schedule: { symbol: 'AAPL', direction: 'above', level: '0' } },
      'SCHEDULER_INVALID_TRIGGER',
      /above 0/,
    ],
    [
      'a bad symbol',
      { kind: 'price', schedule: { symbol: '$$$', direction: 'above', level: '1' } },
      'SCHEDULER_INVALID_TRIGGER',
      /symbol/,
    ],
    [
      'a news trigger with neither symbols nor keywords',
      { kind: 'news', schedule: {} },
      'SCHEDULER_INVALID_TRIGGER',
      /symbols or keywords/,
    ],
    [
      'a schedule that is not an object',
      { schedule: 'every day' },
      'SCHEDULER_INVALID_TRIGGER',
      /schedule must be an object/,
    ],
  ];
  it.each(bad)('rejects %s with 400 problem+json naming the field', async (_what, over, code, detail) => {
    const res = await h.api('POST', '/v1/triggers', uniqueUser(), cron(over));
    expect(res.statusCode).toBe(400);
    const p = problem(res);
    expect(p.code).toBe(code);
    expect(p.detail).toMatch(detail);
  });

  it('rejects a malformed body, unknown fields and a missing schedule with 400, never 500', async () => {
    const user = uniqueUser();
    const notJson = await h.t.service.app.inject({
      method: 'POST',
      url: '/v1/triggers',
      headers: { ...h.t.as(user), 'content-type': 'application/json' },
      payload: '{"name":',
    });
    expect(notJson.statusCode).toBe(400);
    expect(problem(notJson).code).toBe('INVALID_JSON');
    const extra = await h.api('POST', '/v1/triggers', user, { ...cron(), color: 'red' });
    expect(extra.statusCode).toBe(400);
    const { schedule: _s, ...noSchedule } = cron();
    const missing = await h.api('POST', '/v1/triggers', user, noSchedule);
    expect(missing.statusCode).toBe(400);
    expect(problem(missing).detail).toMatch(/schedule/);
    const badId = await h.api('GET', '/v1/triggers/not-a-uuid', user);
    expect(badId.statusCode).toBe(400);
    const badLimit = await h.api(
      'GET',
      '/v1/triggers/01970000-0000-7000-8000-000000000000/runs?limit=0',
      user,
    );
    expect(badLimit.statusCode).toBe(400);
  });

  it('answers 401 without a user', async () => {
    const res = await h.t.service.app.inject({ method: 'GET', url: '/v1/triggers' });
    expect(res.statusCode).toBe(401);
  });

  it("does not show, change, delete or list the runs of another user's trigger (404)", async () => {
    const owner = uniqueUser();
    const other = uniqueUser();
    const id = (await h.api('POST', '/v1/triggers', owner, cron())).json().id as string;
    for (const [method, url, body] of [
      ['GET', `/v1/triggers/${id}`],
      ['PATCH', `/v1/triggers/${id}`, { enabled: false }],
      ['DELETE', `/v1/triggers/${id}`],
      ['GET', `/v1/triggers/${id}/runs`],
    ] as const) {
      const res = await h.api(method, url, other, body);
      expect(res.statusCode, `${method} ${url}`).toBe(404);
      expect(problem(res).code).toBe('SCHEDULER_TRIGGER_NOT_FOUND');
    }
    expect((await h.api('GET', '/v1/triggers', other)).json().items).toEqual([]);
    const still = await h.api('GET', `/v1/triggers/${id}`, owner);
    expect(still.json()).toMatchObject({ enabled: true });
  });

  it('disables and re-enables, recomputing the next fire from now', async () => {
    const user = uniqueUser();
    const id = (await h.api('POST', '/v1/triggers', user, cron())).json().id as string;
    const off = await h.api('PATCH', `/v1/triggers/${id}`, user, { enabled: false });
    expect(off.statusCode).toBe(200);
    expect(off.json()).toMatchObject({ enabled: false, nextFireAt: null });
    const saved = clock.current;
    clock.set('2026-03-10T14:00:00Z'); // 10:00 EDT: today's 09:00 has passed while off
    try {
      const on = await h.api('PATCH', `/v1/triggers/${id}`, user, { enabled: true });
      expect(on.json()).toMatchObject({ enabled: true, nextFireAt: '2026-03-11T13:00:00.000Z' });
    } finally {
      clock.current = saved;
    }
  });

  it('changes the schedule (next fire recomputed), the target, the name and the policy', async () => {
    const user = uniqueUser();
    const id = (await h.api('POST', '/v1/triggers', user, cron())).json().id as string;
    const res = await h.api('PATCH', `/v1/triggers/${id}`, user, {
      name: 'London lunch',
      schedule: { expression: '0 12 * * *', timezone: 'Europe/London' },
      target: { type: 'notification', message: 'lunch' },
      misfirePolicy: 'skip',
    });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({
      name: 'London lunch',
      schedule: { expression: '0 12 * * *', timezone: 'Europe/London' },
      target: { type: 'notification', message: 'lunch' },
      misfirePolicy: 'skip',
      // 12:00 in London is 12:00Z until 2026-03-29; the clock is at 12:00Z, so tomorrow's.
      nextFireAt: '2026-03-11T12:00:00.000Z',
    });
  });

  it('changes the kind only together with a schedule of the new kind', async () => {
    const user = uniqueUser();
    const id = (await h.api('POST', '/v1/triggers', user, cron())).json().id as string;
    const noSchedule = await h.api('PATCH', `/v1/triggers/${id}`, user, { kind: 'market' });
    expect(noSchedule.statusCode).toBe(400);
    expect(problem(noSchedule).detail).toMatch(/schedule is required/);
    const wrongShape = await h.api('PATCH', `/v1/triggers/${id}`, user, {
      kind: 'market',
      schedule: { expression: '* * * * *' },
    });
    expect(wrongShape.statusCode).toBe(400);
    const ok = await h.api('PATCH', `/v1/triggers/${id}`, user, {
      kind: 'market',
      schedule: { event: 'close', offsetMinutes: 5 },
    });
    expect(ok.json()).toMatchObject({ kind: 'market', nextFireAt: '2026-03-10T20:05:00.000Z' });
  });

  it('deletes a trigger (204), after which it is gone', async () => {
    const user = uniqueUser();
    const id = (await h.api('POST', '/v1/triggers', user, cron())).json().id as string;
    const del = await h.api('DELETE', `/v1/triggers/${id}`, user);
    expect(del.statusCode).toBe(204);
    expect((await h.api('GET', `/v1/triggers/${id}`, user)).statusCode).toBe(404);
    expect((await h.api('DELETE', `/v1/triggers/${id}`, user)).statusCode).toBe(404);
  });

  it('refuses a trigger beyond the per-user limit with 409', async () => {
    const user = uniqueUser();
    for (let i = 0; i < 5; i++)
      expect((await h.api('POST', '/v1/triggers', user, cron())).statusCode).toBe(201);
    const res = await h.api('POST', '/v1/triggers', user, cron());
    expect(res.statusCode).toBe(409);
    expect(problem(res).code).toBe('SCHEDULER_TRIGGER_LIMIT');
  });

  it('shows leadership to an admin only', async () => {
    const res = await h.api('GET', '/v1/triggers/scheduler-status', ADMIN);
    expect(res.statusCode).toBe(200);
    const s = res.json();
    expect(s).toMatchObject({ leader: true, lock: { name: 'scheduler:leader', ttlMs: 5000 } });
    expect(s.fencingToken).toBeGreaterThan(0);
    expect(s.fence.token).toBe(s.fencingToken);
    expect(s.fence.holder).toBe(s.instanceId);
    expect((await h.api('GET', '/v1/triggers/scheduler-status', uniqueUser())).statusCode).toBe(403);
  });

  it('documents its routes in /openapi.json', async () => {
    const res = await h.t.service.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(res.statusCode).toBe(200);
    const paths = Object.keys(res.json().paths);
    expect(paths).toEqual(
      expect.arrayContaining([
        '/v1/triggers',
        '/v1/triggers/{id}',
        '/v1/triggers/{id}/runs',
        '/v1/triggers/scheduler-status',
      ]),
    );
  });
});
