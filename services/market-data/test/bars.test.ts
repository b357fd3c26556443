import { describe, expect, it } from 'vitest';
import { BarAggregator, aggregateBars, type Bar } from '../src/domain/bars.ts';
import { continuousCalendar } from '../src/domain/calendar.ts';

const trade = (t: string, p: number, s: number, symbol = 'AAPL') => ({ symbol, t, p, s });

function minuteBar(
  t: string,
  o: number,
  h: number,
  l: number,
  c: number,
  v: number,
  n = 1,
  vw = (h + l + c) / 3,
): Bar {
  return { t, o, h, l, c, v, n, vw };
}

describe('BarAggregator', () => {
  it('builds a 1-minute bar from trades and closes it when the next minute trades', () => {
    const agg = new BarAggregator();
    expect(agg.add(trade('2024-01-02T14:30:01.000Z', 100, 100))).toEqual([]);
    agg.add(trade('2024-01-02T14:30:20.000Z', 101, 300));
    agg.add(trade('2024-01-02T14:30:40.000Z', 99.5, 100));
    agg.add(trade('2024-01-02T14:30:59.999Z', 100.5, 500));
    const closed = agg.add(trade('2024-01-02T14:31:00.000Z', 100.25, 100));
    expect(closed).toEqual([
      {
        symbol: 'AAPL',
        bar: {
          t: '2024-01-02T14:30:00Z',
          o: 100,
          h: 101,
          l: 99.5,
          c: 100.5,
          v: 1000,
          n: 4,
          vw: Number(((100 * 100 + 101 * 300 + 99.5 * 100 + 100.5 * 500) / 1000).toFixed(4)),
        },
      },
    ]);
    expect(agg.current('AAPL')).toMatchObject({ t: '2024-01-02T14:31:00Z', o: 100.25, n: 1 });
  });

  it('closes quiet symbols once their minute has passed', () => {
    const agg = new BarAggregator();
    agg.add(trade('2024-01-02T14:30:05.000Z', 10, 100, 'B'));
    agg.add(trade('2024-01-02T14:30:06.000Z', 20, 100, 'A'));
    expect(agg.closeUpTo(new Date('2024-01-02T14:30:59.999Z'))).toEqual([]);
    const closed = agg.closeUpTo(new Date('2024-01-02T14:31:00.000Z'));
    expect(closed.map((b) => b.symbol)).toEqual(['A', 'B']);
    expect(agg.current('A')).toBeUndefined();
  });

  it('drops trades for a minute that was already published', () => {
    const agg = new BarAggregator();
    agg.add(trade('2024-01-02T14:30:05.000Z', 10, 100));
    agg.closeUpTo(new Date('2024-01-02T14:31:00.000Z'));
    expect(agg.add(trade('2024-01-02T14:30:50.000Z', 11, 100))).toEqual([]);
    expect(agg.current('AAPL')).toBeUndefined();
  });
});

describe('aggregateBars', () => {
  // 09:30–10:29 New York on 2024-01-02 (14:30Z–15:29Z), one bar a minute, rising by a cent.
  const minutes = Array.from({ length: 60 }, (_, i) => {
    const t = new Date(Date.UTC(2024, 0, 2, 14, 30 + i)).toISOString().replace('.000Z', 'Z');
    const o = 100 + i / 100;
    return minuteBar(t, o, o + 0.05, o - 0.02, o + 0.01, 100 + i, 2, o);
  });

  it('aligns 5Min and 15Min buckets to the clock', () => {
    const five = aggregateBars(minutes, '5Min');
    expect(five).toHaveLength(12);
    expect(five[0]).toMatchObject({ t: '2024-01-02T14:30:00Z', o: minutes[0]!.o, c: minutes[4]!.c, n: 10 });
    const fifteen = aggregateBars(minutes, '15Min');
    expect(fifteen.map((b) => b.t)).toEqual([
      '2024-01-02T14:30:00Z',
      '2024-01-02T14:45:00Z',
      '2024-01-02T15:00:00Z',
      '2024-01-02T15:15:00Z',
    ]);
  });

  it('puts the 09:30 open in the 09:00 New York hour bar', () => {
    const hours = aggregateBars(minutes, '1Hour');
    expect(hours.map((b) => b.t)).toEqual(['2024-01-02T14:00:00Z', '2024-01-02T15:00:00Z']);
    expect(hours[0]!.v).toBe(minutes.slice(0, 30).reduce((s, b) => s + b.v, 0));
  });

  it('rolls a day into one bar stamped at midnight New York time, with volume-weighted vwap', () => {
    const [day, ...rest] = aggregateBars(minutes, '1Day');
    expect(rest).toEqual([]);
    const v = minutes.reduce((s, b) => s + b.v, 0);
    expect(day).toEqual({
      t: '2024-01-02T05:00:00Z',
      o: minutes[0]!.o,
      h: Math.max(...minutes.map((b) => b.h)),
      l: Math.min(...minutes.map((b) => b.l)),
      c: minutes.at(-1)!.c,
      v,
      n: 120,
      vw: Number((minutes.reduce((s, b) => s + b.vw * b.v, 0) / v).toFixed(4)),
    });
  });

  it('splits New York days at New York midnight, and continuous days at UTC midnight', () => {
    const late = [
      minuteBar('2024-01-02T23:00:00Z', 10, 10, 10, 10, 1),
      minuteBar('2024-01-03T01:00:00Z', 11, 11, 11, 11, 1),
    ];
    expect(aggregateBars(late, '1Day')).toHaveLength(1);
    const days = aggregateBars(late, '1Day', continuousCalendar);
    expect(days.map((b) => b.t)).toEqual(['2024-01-02T00:00:00Z', '2024-01-03T00:00:00Z']);
  });
});
