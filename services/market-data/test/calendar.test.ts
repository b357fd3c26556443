import { describe, expect, it } from 'vitest';
import {
  calendar,
  clock,
  continuousCalendar,
  earlyCloses,
  easterSunday,
  holidays,
  isTradingDay,
  nextSession,
  nyDate,
  nyseCalendar,
  previousSession,
  session,
} from '../src/domain/calendar.ts';
import { formatNyIso, nyWallTimeToInstant } from '../src/domain/ny-time.ts';
import { parseBarsCsv } from '../src/domain/csv-import.ts';
import { readSp500Csv } from './sp500-fixture.ts';

/**
 * NYSE's published holiday and early-close calendars (NYSE Group press releases of Nov 2023,
 * Nov 2024 and Dec 2025 announcing the 2024–2028 calendars), plus the one-off closure of
 * 2025-01-09 (National Day of Mourning for President Carter).
 */
const PUBLISHED: Record<number, { holidays: string[]; earlyCloses: string[] }> = {
  2024: {
    holidays: [
      '2024-01-01',
      '2024-01-15',
      '2024-02-19',
      '2024-03-29',
      '2024-05-27',
      '2024-06-19',
      '2024-07-04',
      '2024-09-02',
      '2024-11-28',
      '2024-12-25',
    ],
    earlyCloses: ['2024-07-03', '2024-11-29', '2024-12-24'],
  },
  2025: {
    holidays: [
      '2025-01-01',
      '2025-01-09',
      '2025-01-20',
      '2025-02-17',
      '2025-04-18',
      '2025-05-26',
      '2025-06-19',
      '2025-07-04',
      '2025-09-01',
      '2025-11-27',
      '2025-12-25',
    ],
    earlyCloses: ['2025-07-03', '2025-11-28', '2025-12-24'],
  },
  2026: {
    holidays: [
      '2026-01-01',
      '2026-01-19',
      '2026-02-16',
      '2026-04-03',
      '2026-05-25',
      '2026-06-19',
      '2026-07-03',
      '2026-09-07',
      '2026-11-26',
      '2026-12-25',
    ],
    earlyCloses: ['2026-11-27', '2026-12-24'],
  },
  2027: {
    holidays: [
      '2027-01-01',
      '2027-01-18',
      '2027-02-15',
      '2027-03-26',
      '2027-05-31',
      '2027-06-18',
      '2027-07-05',
      '2027-09-06',
      '2027-11-25',
      '2027-12-24',
    ],
    earlyCloses: ['2027-11-26'],
  },
  2028: {
    // New Year's Day 2028 is a Saturday: no holiday is observed (Rule 7.2 year-end exception).
    holidays: [
      '2028-01-17',
      '2028-02-21',
      '2028-04-14',
      '2028-05-29',
      '2028-06-19',
      '2028-07-04',
      '2028-09-04',
      '2028-11-23',
      '2028-12-25',
    ],
    earlyCloses: ['2028-07-03', '2028-11-24'],
  },
};

describe('NYSE holidays and early closes', () => {
  for (const [year, expected] of Object.entries(PUBLISHED)) {
    it(`matches the published ${year} holidays`, () => {
      expect(holidays(Number(year)).map((h) => h.date)).toEqual(expected.holidays);
    });
    it(`matches the published ${year} early closes`, () => {
      expect(earlyCloses(Number(year))).toEqual(expected.earlyCloses);
      for (const date of expected.earlyCloses) {
        const s = session(date)!;
        expect(s.earlyClose).toBe(true);
        expect(formatNyIso(s.close)).toMatch(/T13:00:00-0[45]:00$/);
      }
    });
  }

  it('computes Good Friday from Easter', () => {
    expect(easterSunday(2024)).toBe('2024-03-31');
    expect(easterSunday(2025)).toBe('2025-04-20');
    expect(easterSunday(2026)).toBe('2026-04-05');
    expect(easterSunday(2027)).toBe('2027-03-28');
    expect(easterSunday(2038)).toBe('2038-04-25');
    expect(holidays(2024).find((h) => h.name === 'Good Friday')?.date).toBe('2024-03-29');
    expect(holidays(2027).find((h) => h.name === 'Good Friday')?.date).toBe('2027-03-26');
  });

  it('marks weekend holidays as observed on the adjacent weekday', () => {
    const july4 = holidays(2026).find((h) => h.name === 'Independence Day')!;
    expect(july4).toMatchObject({ date: '2026-07-03', observed: true });
    expect(holidays(2027).find((h) => h.name === 'Christmas Day')).toMatchObject({
      date: '2027-12-24',
      observed: true,
    });
    expect(holidays(2027).find((h) => h.name.startsWith('Juneteenth'))).toMatchObject({
      date: '2027-06-18',
      observed: true,
    });
  });

  it('keeps Friday Dec 31 2027 open although New Year 2028 is a Saturday', () => {
    expect(isTradingDay('2027-12-31')).toBe(true);
    expect(session('2027-12-31')?.earlyClose).toBe(false);
  });

  it('has no early close before an Independence Day observed on a weekday other than July 4', () => {
    expect(session('2026-07-02')?.earlyClose).toBe(false); // July 4 2026 is a Saturday
    expect(session('2027-07-02')?.earlyClose).toBe(false); // July 4 2027 is a Sunday
    expect(isTradingDay('2027-07-05')).toBe(false);
  });

  it('observes Juneteenth only from 2022', () => {
    expect(isTradingDay('2021-06-18')).toBe(true);
    expect(isTradingDay('2022-06-20')).toBe(false);
  });

  it('reproduces every trading day of the real S&P 500 series, 2000–2020', () => {
    const { bars, errors } = parseBarsCsv(readSp500Csv());
    expect(errors).toEqual([]);
    const fileDates = bars.map((b) => nyDate(new Date(b.t)));
    const computed = calendar(fileDates[0]!, fileDates.at(-1)!).map((s) => s.date);
    expect(computed).toEqual(fileDates);
  });

  it('rejects malformed dates', () => {
    expect(() => isTradingDay('2024-02-30')).toThrow(RangeError);
    expect(() => session('24-01-02')).toThrow(RangeError);
  });
});

describe('sessions in New York time across DST', () => {
  it('opens at 14:30Z in winter and 13:30Z in summer', () => {
    expect(session('2024-01-02')!.open.toISOString()).toBe('2024-01-02T14:30:00.000Z');
    expect(session('2024-01-02')!.close.toISOString()).toBe('2024-01-02T21:00:00.000Z');
    expect(session('2024-07-01')!.open.toISOString()).toBe('2024-07-01T13:30:00.000Z');
    expect(session('2024-07-01')!.close.toISOString()).toBe('2024-07-01T20:00:00.000Z');
  });

  it('switches on the DST Sundays (2nd Sunday of March, 1st Sunday of November)', () => {
    expect(session('2024-03-08')!.open.toISOString()).toBe('2024-03-08T14:30:00.000Z');
    expect(session('2024-03-11')!.open.toISOString()).toBe('2024-03-11T13:30:00.000Z');
    expect(session('2024-11-01')!.open.toISOString()).toBe('2024-11-01T13:30:00.000Z');
    expect(session('2024-11-04')!.open.toISOString()).toBe('2024-11-04T14:30:00.000Z');
    expect(session('2027-03-15')!.open.toISOString()).toBe('2027-03-15T13:30:00.000Z');
  });

  it('closes early at 13:00 New York time in either season', () => {
    expect(session('2024-07-03')!.close.toISOString()).toBe('2024-07-03T17:00:00.000Z');
    expect(session('2024-12-24')!.close.toISOString()).toBe('2024-12-24T18:00:00.000Z');
  });

  it('maps instants to New York dates, not UTC dates', () => {
    expect(nyDate(new Date('2024-01-03T03:00:00Z'))).toBe('2024-01-02');
    expect(nyDate(new Date('2024-07-03T04:00:00Z'))).toBe('2024-07-03');
    expect(nyDate(new Date('2024-07-03T03:59:59Z'))).toBe('2024-07-02');
    expect(nyWallTimeToInstant('2024-11-03', '12:00').toISOString()).toBe('2024-11-03T17:00:00.000Z');
    expect(formatNyIso(new Date('2024-07-01T13:30:00Z'))).toBe('2024-07-01T09:30:00-04:00');
  });
});

describe('clock', () => {
  it('is open during a session, with today’s close and the next session’s open', () => {
    const c = clock(new Date('2024-03-08T15:00:00Z'));
    expect(c.is_open).toBe(true);
    expect(c.next_close.toISOString()).toBe('2024-03-08T21:00:00.000Z');
    // The following Monday is already on daylight time.
    expect(c.next_open.toISOString()).toBe('2024-03-11T13:30:00.000Z');
  });

  it('is closed over a holiday weekend and points at the next session', () => {
    const c = clock(new Date('2024-03-29T15:00:00Z')); // Good Friday
    expect(c.is_open).toBe(false);
    expect(c.next_open.toISOString()).toBe('2024-04-01T13:30:00.000Z');
    expect(c.next_close.toISOString()).toBe('2024-04-01T20:00:00.000Z');
  });

  it('treats the open as inclusive and the close as exclusive', () => {
    expect(clock(new Date('2024-07-01T13:30:00Z')).is_open).toBe(true);
    expect(clock(new Date('2024-07-01T13:29:59.999Z')).is_open).toBe(false);
    expect(clock(new Date('2024-07-01T20:00:00Z')).is_open).toBe(false);
    expect(clock(new Date('2024-07-03T17:00:00Z')).is_open).toBe(false); // early close
  });

  it('finds previous and next sessions around a long weekend', () => {
    const thanksgiving = new Date('2024-11-28T16:00:00Z');
    expect(previousSession(thanksgiving).date).toBe('2024-11-27');
    expect(nextSession(thanksgiving).date).toBe('2024-11-29');
    expect(nextSession(new Date('2024-11-29T15:00:00Z')).date).toBe('2024-12-02');
  });

  it('is always open on the continuous calendar, with UTC-day sessions', () => {
    const c = clock(new Date('2024-03-30T23:00:00Z'), continuousCalendar);
    expect(c.is_open).toBe(true);
    expect(c.next_close.toISOString()).toBe('2024-03-31T00:00:00.000Z');
    expect(c.next_open.toISOString()).toBe('2024-03-31T00:00:00.000Z');
    expect(continuousCalendar.sessions('2024-03-29', '2024-03-31')).toHaveLength(3);
    expect(continuousCalendar.previousSession(new Date('2024-03-30T23:00:00Z')).date).toBe('2024-03-29');
  });

  it('counts trading days per year like the published calendars', () => {
    expect(calendar('2024-01-01', '2024-12-31')).toHaveLength(252);
    expect(calendar('2025-01-01', '2025-12-31')).toHaveLength(250);
    expect(nyseCalendar.sessions('2026-01-01', '2026-12-31')).toHaveLength(251);
  });
});
