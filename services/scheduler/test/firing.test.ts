import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fireDueTrigger } from '../src/domain/fire-due.ts';
import { StaleLeaderError } from '../src/domain/errors.ts';
import type { TimeTrigger } from '../src/domain/trigger.ts';
import { readFence } from '../src/store/fence.store.ts';
import { getOwnedTrigger } from '../src/store/triggers.store.ts';
import { firedEvents, runRows, startScheduler, TestClock, uniqueUser, type Harness } from './helper.ts';

describe('firing cron triggers (injected clock)', () => {
  let h: Harness;
  const clock = new TestClock();
  beforeAll(async () => {
    h = await startScheduler({ clock });
  });
  afterAll(async () => {
    await h?.close();
  });

  const create = async (user: { userId: string }, body: Record<string, unknown>) => {
    const res = await h.api('POST', '/v1/triggers', user, {
      name: 'job',
      kind: 'cron',
      target: { type: 'agent', id: 'agent-7', message: 'rebalance' },
      ...body,
    });
    expect(res.statusCode).toBe(201);
    return res.json() as { id: string; nextFireAt: string };
  };
  const trigger = async (user: { userId: string }, id: string) =>
    (await h.api('GET', `/v1/triggers/${id}`, user)).json();

  it('fires once when due: a run, next_fire_at moved on, trigger.fired in the outbox with target, reason, context', async () => {
    clock.set('2026-03-10T12:00:00Z');
    const user = uniqueUser();
    const t = await create(user, { schedule: { expression: '0 9 * * 1-5' } });
    expect(t.nextFireAt).toBe('2026-03-10T13:00:00.000Z');

    clock.set('2026-03-10T12:59:59Z');
    await h.rt.tick();
    expect(await runRows(h.t, t.id)).toHaveLength(0);

    clock.set('2026-03-10T13:00:00.250Z');
    await h.rt.tick();
    await h.rt.tick(); // a second pass at the same instant finds nothing due
    const runs = await runRows(h.t, t.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'fired', misfire: false });
    expect(runs[0]!.scheduled_for.toISOString()).toBe('2026-03-10T13:00:00.000Z');
    expect(Number(runs[0]!.fencing_token)).toBe(h.rt.leadership.fence()!.token);

    const after = await trigger(user, t.id);
    expect(after.nextFireAt).toBe('2026-03-11T13:00:00.000Z');
    expect(after.lastFiredAt).toBe('2026-03-10T13:00:00.250Z');

    const events = await firedEvents(h.t, t.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.userid).toBe(user.userId);
    expect(events[0]!.id).toBe(runs[0]!.event_id);
    expect(events[0]!.data).toEqual({
      triggerId: t.id,
      runId: runs[0]!.id,
      userId: user.userId,
      name: 'job',
      kind: 'cron',
      target: { type: 'agent', id: 'agent-7', message: 'rebalance' },
      scheduledFor: '2026-03-10T13:00:00.000Z',
      firedAt: '2026-03-10T13:00:00.250Z',
      misfire: false,
      reason: 'Fired cron "0 9 * * 1-5" (America/New_York) due 2026-03-10 09:00:00 EDT',
      context: {
        expression: '0 9 * * 1-5',
        timezone: 'America/New_York',
        localTime: '2026-03-10 09:00:00 EDT',
      },
    });
  });

  it('cannot fire one occurrence twice, even when a stale copy of the trigger is fired again', async () => {
    clock.set('2026-03-10T12:00:00Z');
    const user = uniqueUser();
    const t = await create(user, { schedule: { expression: '30 8 * * *' } });
    const stale = (await getOwnedTrigger(h.t.service.ctx.db, user.userId, t.id)) as TimeTrigger;
    clock.set('2026-03-10T12:30:01Z');
    const fence = h.rt.leadership.fence()!;
    const first = await fireDueTrigger(h.rt.deps, stale, fence);
    expect(first?.status).toBe('fired');
    // The same due time again: the next_fire_at guard stops it…
    expect(await fireDueTrigger(h.rt.deps, stale, fence)).toBeUndefined();
    // …and with next_fire_at forced back (a lost update), the unique run index does.
    await h.t.service.ctx.db
      .updateTable('triggers')
      .set({ next_fire_at: stale.nextFireAt })
      .where('id', '=', t.id)
      .execute();
    expect(await fireDueTrigger(h.rt.deps, stale, fence)).toBeUndefined();
    expect(await runRows(h.t, t.id)).toHaveLength(1);
    expect(await firedEvents(h.t, t.id)).toHaveLength(1);
  });

  it('fires 02:30 New York on the DST day at 03:00 EDT, then at 02:30 EDT again', async () => {
    clock.set('2026-03-07T12:00:00Z');
    const user = uniqueUser();
    const t = await create(user, { schedule: { expression: '30 2 * * *', timezone: 'America/New_York' } });
    expect(t.nextFireAt).toBe('2026-03-08T07:00:00.000Z');
    clock.set('2026-03-08T07:00:01Z');
    await h.rt.tick();
    const runs = await runRows(h.t, t.id);
    expect(runs.map((r) => r.scheduled_for.toISOString())).toEqual(['2026-03-08T07:00:00.000Z']);
    expect((await trigger(user, t.id)).nextFireAt).toBe('2026-03-09T06:30:00.000Z');
  });

  it('fires on time when late within the grace period', async () => {
    clock.set('2026-03-10T10:00:30Z');
    const user = uniqueUser();
    const t = await create(user, { schedule: { expression: '0 * * * *', timezone: 'UTC' } });
    clock.set('2026-03-10T11:00:45Z'); // 45 s late, grace 60 s
    await h.rt.tick();
    const runs = await runRows(h.t, t.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ misfire: false, status: 'fired' });
  });

  it("misfire 'fire_once': one late fire for a missed window, never one per missed occurrence", async () => {
    clock.set('2026-03-10T10:00:30Z');
    const user = uniqueUser();
    const t = await create(user, {
      schedule: { expression: '*/5 * * * *', timezone: 'UTC' },
      misfirePolicy: 'fire_once',
    });
    expect(t.nextFireAt).toBe('2026-03-10T10:05:00.000Z');
    clock.set('2026-03-10T11:02:00Z'); // 10:05 … 11:00 missed: 12 occurrences
    await h.rt.tick();
    await h.rt.tick();
    const runs = await runRows(h.t, t.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'fired', misfire: true });
    expect(runs[0]!.scheduled_for.toISOString()).toBe('2026-03-10T11:00:00.000Z');
    expect(runs[0]!.reason).toMatch(
      /missed 12 occurrences from 2026-03-10T10:05:00.000Z to 2026-03-10T11:00:00.000Z/,
    );
    expect(runs[0]!.context).toMatchObject({ missedCount: 12, missedFrom: '2026-03-10T10:05:00.000Z' });
    const events = await firedEvents(h.t, t.id);
    expect(events).toHaveLength(1);
    expect(events[0]!.data).toMatchObject({ misfire: true, scheduledFor: '2026-03-10T11:00:00.000Z' });
    expect((await trigger(user, t.id)).nextFireAt).toBe('2026-03-10T11:05:00.000Z');

    // Back on schedule afterwards.
    clock.set('2026-03-10T11:05:02Z');
    await h.rt.tick();
    expect((await runRows(h.t, t.id)).map((r) => r.misfire)).toEqual([true, false]);
  });

  it("misfire 'skip': records a skipped run, emits nothing and moves on", async () => {
    clock.set('2026-03-10T10:00:30Z');
    const user = uniqueUser();
    const t = await create(user, {
      schedule: { expression: '*/5 * * * *', timezone: 'UTC' },
      misfirePolicy: 'skip',
    });
    clock.set('2026-03-10T11:02:00Z');
    await h.rt.tick();
    const runs = await runRows(h.t, t.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'skipped', misfire: true });
    expect(runs[0]!.reason).toMatch(/^Skipped .*missed 12 occurrences.*misfire policy skip/);
    expect(await firedEvents(h.t, t.id)).toHaveLength(0);
    const after = await trigger(user, t.id);
    expect(after).toMatchObject({ lastFiredAt: null, nextFireAt: '2026-03-10T11:05:00.000Z' });
  });

  it('treats a single occurrence later than the grace as missed (daily job, scheduler down 2 h)', async () => {
    clock.set('2026-03-10T12:00:00Z');
    const user = uniqueUser();
    const t = await create(user, { schedule: { expression: '0 9 * * *' } });
    clock.set('2026-03-10T15:00:00Z');
    await h.rt.tick();
    const runs = await runRows(h.t, t.id);
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ status: 'fired', misfire: true });
    expect(runs[0]!.reason).toMatch(/missed 1 occurrence \(2026-03-10T13:00:00.000Z\)/);
  });

  it('does not fire a disabled trigger', async () => {
    clock.set('2026-03-10T12:00:00Z');
    const user = uniqueUser();
    const t = await create(user, { schedule: { expression: '0 9 * * *' }, enabled: false });
    clock.set('2026-03-10T13:00:01Z');
    await h.rt.tick();
    expect(await runRows(h.t, t.id)).toHaveLength(0);
  });

  it('refuses a fire written with a fencing token below the highest one used', async () => {
    clock.set('2026-03-10T12:00:00Z');
    const user = uniqueUser();
    const t = await create(user, { schedule: { expression: '0 9 * * *' } });
    const trig = (await getOwnedTrigger(h.t.service.ctx.db, user.userId, t.id)) as TimeTrigger;
    const current = h.rt.leadership.fence()!;
    clock.set('2026-03-10T13:00:01Z');
    await expect(
      fireDueTrigger(h.rt.deps, trig, { token: current.token - 1, holder: 'old-leader' }),
    ).rejects.toBeInstanceOf(StaleLeaderError);
    expect(await runRows(h.t, t.id)).toHaveLength(0);
    expect((await trigger(user, t.id)).nextFireAt).toBe('2026-03-10T13:00:00.000Z');
  });

  it('lists runs newest first, paged with nextCursor', async () => {
    clock.set('2026-03-10T10:00:30Z');
    const user = uniqueUser();
    const t = await create(user, { schedule: { expression: '* * * * *', timezone: 'UTC' } });
    for (const m of ['01', '02', '03', '04', '05']) {
      clock.set(`2026-03-10T10:${m}:01Z`);
      await h.rt.tick();
    }
    const page1 = await h.api('GET', `/v1/triggers/${t.id}/runs?limit=2`, user);
    expect(page1.statusCode).toBe(200);
    const p1 = page1.json();
    expect(p1.items.map((r: { scheduledFor: string }) => r.scheduledFor)).toEqual([
      '2026-03-10T10:05:00.000Z',
      '2026-03-10T10:04:00.000Z',
    ]);
    expect(Object.keys(p1.items[0]).sort()).toEqual([
      'firedAt',
      'id',
      'misfire',
      'reason',
      'scheduledFor',
      'status',
    ]);
    const p2 = (await h.api('GET', `/v1/triggers/${t.id}/runs?limit=2&cursor=${p1.nextCursor}`, user)).json();
    const p3 = (await h.api('GET', `/v1/triggers/${t.id}/runs?limit=2&cursor=${p2.nextCursor}`, user)).json();
    expect([...p2.items, ...p3.items].map((r: { scheduledFor: string }) => r.scheduledFor)).toEqual([
      '2026-03-10T10:03:00.000Z',
      '2026-03-10T10:02:00.000Z',
      '2026-03-10T10:01:00.000Z',
    ]);
    expect(p3.nextCursor).toBeNull();
  });

  it('keeps the fence at the leader’s token', async () => {
    const fence = await readFence(h.t.service.ctx.db);
    expect(fence.token).toBe(h.rt.leadership.fence()!.token);
    expect(fence.holder).toBe(h.rt.leadership.instanceId);
  });
});
