import { describe, expect, it } from 'vitest';
import { cronSchedule, WINDOW_COUNT_CAP } from '../src/domain/time-schedule.ts';
import { planFire } from '../src/domain/misfire.ts';

const next = async (expression: string, timezone: string, from: string, count: number) => {
  const s = cronSchedule({ expression, timezone });
  const out: string[] = [];
  let at = new Date(from);
  for (let i = 0; i < count; i++) {
    const o = await s.next(at);
    if (!o) break;
    out.push(o.at.toISOString());
    at = o.at;
  }
  return out;
};

describe('cron schedules in a time zone', () => {
  it('keeps 09:00 New York time across the March DST change (14:00Z before, 13:00Z after)', async () => {
    expect(await next('0 9 * * *', 'America/New_York', '2026-03-06T15:00:00Z', 3)).toEqual([
      '2026-03-07T14:00:00.000Z',
      '2026-03-08T13:00:00.000Z',
      '2026-03-09T13:00:00.000Z',
    ]);
  });

  it('runs a time that does not exist on the spring-forward day at the first time after the gap', async () => {
    // 02:30 does not exist in New York on 2026-03-08 (02:00 EST → 03:00 EDT).
    expect(await next('30 2 * * *', 'America/New_York', '2026-03-07T12:00:00Z', 3)).toEqual([
      '2026-03-08T07:00:00.000Z',
      '2026-03-09T06:30:00.000Z',
      '2026-03-10T06:30:00.000Z',
    ]);
  });

  it('runs a fixed time that occurs twice on the fall-back day once, an interval in both hours', async () => {
    // 01:30 happens at 05:30Z (EDT) and 06:30Z (EST) on 2026-11-01.
    expect(await next('30 1 * * *', 'America/New_York', '2026-10-31T12:00:00Z', 2)).toEqual([
      '2026-11-01T05:30:00.000Z',
      '2026-11-02T06:30:00.000Z',
    ]);
    expect(await next('*/30 1 * * *', 'America/New_York', '2026-10-31T12:00:00Z', 5)).toEqual([
      '2026-11-01T05:00:00.000Z',
      '2026-11-01T05:30:00.000Z',
      '2026-11-01T06:00:00.000Z',
      '2026-11-01T06:30:00.000Z',
      '2026-11-02T06:00:00.000Z',
    ]);
  });

  it('follows London across its own DST change (a different date from New York)', async () => {
    expect(await next('0 9 * * *', 'Europe/London', '2026-03-28T00:00:00Z', 3)).toEqual([
      '2026-03-28T09:00:00.000Z',
      '2026-03-29T08:00:00.000Z',
      '2026-03-30T08:00:00.000Z',
    ]);
  });

  it('reads weekdays in the zone: Monday 09:00 in Kolkata is Monday 03:30Z', async () => {
    expect(await next('0 9 * * 1-5', 'Asia/Kolkata', '2026-03-06T12:00:00Z', 2)).toEqual([
      '2026-03-09T03:30:00.000Z',
      '2026-03-10T03:30:00.000Z',
    ]);
  });

  it('describes an occurrence in the zone’s wall time', async () => {
    const o = await cronSchedule({ expression: '0 9 * * *', timezone: 'America/New_York' }).next(
      new Date('2026-03-09T00:00:00Z'),
    );
    expect(o?.description).toBe('cron "0 9 * * *" (America/New_York) due 2026-03-09 09:00:00 EDT');
  });
});

describe('occurrence windows and the misfire plan', () => {
  const every5 = cronSchedule({ expression: '*/5 * * * *', timezone: 'UTC' });

  it('counts the occurrences between two instants, both ends included', async () => {
    const w = await every5.window(new Date('2026-03-10T10:05:00Z'), new Date('2026-03-10T11:00:00Z'));
    expect(w.count).toBe(12);
    expect(w.capped).toBe(false);
    expect(w.first?.at.toISOString()).toBe('2026-03-10T10:05:00.000Z');
    expect(w.last?.at.toISOString()).toBe('2026-03-10T11:00:00.000Z');
  });

  it('stops counting at the cap but still finds the latest occurrence', async () => {
    const everySecond = cronSchedule({ expression: '* * * * * *', timezone: 'UTC' });
    const w = await everySecond.window(
      new Date('2026-03-10T00:00:00Z'),
      new Date('2026-03-11T00:00:00.400Z'),
    );
    expect(w.count).toBe(WINDOW_COUNT_CAP);
    expect(w.capped).toBe(true);
    expect(w.last?.at.toISOString()).toBe('2026-03-11T00:00:00.000Z');
  });

  it('fires on time when one occurrence is due within the grace', async () => {
    const now = new Date('2026-03-10T10:05:30Z');
    const w = await every5.window(new Date('2026-03-10T10:05:00Z'), now);
    expect(planFire(now, w, 60_000, 'fire_once').type).toBe('on_time');
  });

  it('is a missed window when due longer ago than the grace, or when a later occurrence is due too', async () => {
    const late = new Date('2026-03-10T10:07:00Z');
    const w1 = await every5.window(new Date('2026-03-10T10:05:00Z'), late);
    expect(planFire(late, w1, 60_000, 'skip')).toMatchObject({ type: 'missed', policy: 'skip', count: 1 });
    // Within a day's grace, but two occurrences are due: one decision, for the latest.
    const behind = new Date('2026-03-10T10:10:01Z');
    const w2 = await every5.window(new Date('2026-03-10T10:05:00Z'), behind);
    const plan = planFire(behind, w2, 86_400_000, 'fire_once');
    expect(plan.type).toBe('missed');
    if (plan.type === 'missed') expect(plan.occurrence.at.toISOString()).toBe('2026-03-10T10:10:00.000Z');
  });
});
