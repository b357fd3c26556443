import { describe, expect, it } from 'vitest';
import { BarAggregator, TIMEFRAMES, aggregateBars, type Bar } from '../src/domain/bars.ts';
import { continuousCalendar, nyseCalendar } from '../src/domain/calendar.ts';
import { inconsistentBars } from './bar-checks.ts';
import { NEWS_SHOCK_SIZE } from '../src/domain/price-model.ts';
import { MarketSimulator, type Quote, type StepResult, type Trade } from '../src/domain/simulator.ts';
import { DEFAULT_UNIVERSE, findAsset, type AssetDefinition } from '../src/domain/universe.ts';

const pick = (...symbols: string[]): AssetDefinition[] => symbols.map((s) => findAsset(DEFAULT_UNIVERSE, s)!);

/** Steps from `from` to `to` every `everyMs` and collects everything emitted. */
function run(sim: MarketSimulator, from: string, to: string, everyMs: number): StepResult {
  const quotes: Quote[] = [];
  const trades: Trade[] = [];
  for (let t = Date.parse(from); t <= Date.parse(to); t += everyMs) {
    const out = sim.step(new Date(t));
    quotes.push(...out.quotes);
    trades.push(...out.trades);
  }
  return { quotes, trades };
}

function minuteBars(trades: readonly Trade[], end: Date): Map<string, Bar[]> {
  const agg = new BarAggregator();
  const bars = new Map<string, Bar[]>();
  const keep = (closed: ReturnType<BarAggregator['add']>) => {
    for (const { symbol, bar } of closed) bars.set(symbol, [...(bars.get(symbol) ?? []), bar]);
  };
  for (const t of trades) keep(agg.add(t));
  keep(agg.closeUpTo(end));
  return bars;
}

// A full regular session: Tuesday 2024-06-04, 09:30–16:00 New York (13:30Z–20:00Z).
const SESSION_START = '2024-06-04T13:29:00Z';
const SESSION_END = '2024-06-04T20:01:00Z';

describe('MarketSimulator', () => {
  it('produces an identical market for the same seed and steps', () => {
    const make = () => new MarketSimulator({ seed: 'det', universe: pick('AAPL', 'SPY', 'TSLA') });
    const a = run(make(), '2024-06-04T13:29:00Z', '2024-06-04T14:00:00Z', 1000);
    const b = run(make(), '2024-06-04T13:29:00Z', '2024-06-04T14:00:00Z', 1000);
    expect(a.trades.length).toBeGreaterThan(500);
    expect(a).toEqual(b);
    const c = run(
      new MarketSimulator({ seed: 'other', universe: pick('AAPL', 'SPY', 'TSLA') }),
      '2024-06-04T13:29:00Z',
      '2024-06-04T14:00:00Z',
      1000,
    );
    expect(c.trades).not.toEqual(a.trades);
  });

  describe('over a full session', () => {
    const universe = pick('AAPL', 'SPY', 'NVDA', 'KO', 'PFE');
    const sim = new MarketSimulator({ seed: 7, universe });
    const { quotes, trades } = run(sim, SESSION_START, SESSION_END, 1000);
    const bars = minuteBars(trades, new Date(SESSION_END));

    it('quotes a positive spread with the bid below the ask, in round lots', () => {
      expect(quotes.length).toBeGreaterThan(trades.length);
      const bad = quotes.filter(
        (q) => !(q.bp > 0 && q.ap > q.bp && q.bs > 0 && q.as > 0 && q.bs % 100 === 0 && q.as % 100 === 0),
      );
      expect(bad).toEqual([]);
    });

    it('prints every trade at or between the bid and ask it traded against', () => {
      const quoteAt = new Map<string, Quote[]>();
      for (const q of quotes)
        quoteAt.set(`${q.symbol}@${q.t}`, [...(quoteAt.get(`${q.symbol}@${q.t}`) ?? []), q]);
      const bad = trades.filter((t) => {
        const candidates = quoteAt.get(`${t.symbol}@${t.t}`) ?? [];
        return !(candidates.some((q) => q.bp <= t.p && t.p <= q.ap) && t.s > 0 && Number.isInteger(t.s));
      });
      expect(bad).toEqual([]);
    });

    it('trades only inside the session in exchange mode', () => {
      const outside = [...trades, ...quotes].filter(
        (e) => nyseCalendar.sessionAt(new Date(e.t)) === undefined,
      );
      expect(outside).toEqual([]);
    });

    it('builds 390 one-minute bars per liquid symbol with consistent OHLC, and rolls them up', () => {
      const aapl = bars.get('AAPL')!;
      expect(aapl).toHaveLength(390);
      expect(aapl[0]!.t).toBe('2024-06-04T13:30:00Z');
      for (const symbolBars of bars.values()) {
        for (const tf of TIMEFRAMES) expect(inconsistentBars(aggregateBars(symbolBars, tf))).toEqual([]);
      }
      const [day] = aggregateBars(aapl, '1Day');
      const viaHours = aggregateBars(aggregateBars(aapl, '1Hour'), '1Day')[0]!;
      expect({ ...viaHours, vw: 0 }).toEqual({ ...day, vw: 0 });
      expect(viaHours.vw).toBeCloseTo(day!.vw, 2);
    });

    it('trades about the average daily volume of each symbol', () => {
      for (const asset of universe) {
        const volume = trades.filter((t) => t.symbol === asset.symbol).reduce((s, t) => s + t.s, 0);
        expect(volume / asset.sim.avgDailyVolume, asset.symbol).toBeGreaterThan(0.6);
        expect(volume / asset.sim.avgDailyVolume, asset.symbol).toBeLessThan(1.6);
      }
    });

    it('follows a U-shaped intraday volume pattern with wider spreads at the open', () => {
      const spy = bars.get('SPY')!;
      const avg = (xs: Bar[]) => xs.reduce((s, b) => s + b.v, 0) / xs.length;
      const open = avg(spy.slice(0, 30));
      const midday = avg(spy.slice(165, 225));
      const close = avg(spy.slice(-30));
      expect(open).toBeGreaterThan(1.5 * midday);
      expect(close).toBeGreaterThan(1.5 * midday);
      const spread = (from: string, to: string) => {
        const qs = quotes.filter((q) => q.symbol === 'NVDA' && q.t >= from && q.t < to);
        return qs.reduce((s, q) => s + (q.ap - q.bp), 0) / qs.length;
      };
      expect(spread('2024-06-04T13:30', '2024-06-04T13:33')).toBeGreaterThan(
        1.5 * spread('2024-06-04T16:00', '2024-06-04T17:00'),
      );
    });

    it('keeps the latest quote and trade', () => {
      const q = sim.latestQuote('AAPL')!;
      const t = sim.latestTrade('AAPL')!;
      expect(q.t <= '2024-06-04T20:00:00Z').toBe(true);
      expect(t).toEqual(trades.filter((x) => x.symbol === 'AAPL').at(-1));
      expect(sim.latestQuote('NOPE')).toBeUndefined();
    });
  });

  it('stays silent from the close to the next open, then gaps at the open', () => {
    const sim = new MarketSimulator({ seed: 3, universe: pick('AAPL', 'MSFT') });
    // Friday 2024-06-07 15:55 New York to Monday 09:35, ticking every 30 s.
    const { quotes, trades } = run(sim, '2024-06-07T19:55:00Z', '2024-06-10T13:35:00Z', 30_000);
    const outside = [...quotes, ...trades].filter((e) => !nyseCalendar.sessionAt(new Date(e.t)));
    expect(outside).toEqual([]);
    expect(trades.some((t) => t.t.startsWith('2024-06-07'))).toBe(true);
    expect(trades.some((t) => t.t.startsWith('2024-06-10'))).toBe(true);
    expect(trades.some((t) => t.t.startsWith('2024-06-08') || t.t.startsWith('2024-06-09'))).toBe(false);
  });

  it('trades around the clock in always mode', () => {
    const sim = new MarketSimulator({ seed: 3, universe: pick('AAPL'), mode: 'always' });
    expect(sim.calendar).toBe(continuousCalendar);
    const { trades } = run(sim, '2024-06-08T02:00:00Z', '2024-06-08T02:30:00Z', 1000); // a Saturday night
    expect(trades.length).toBeGreaterThan(100);
  });

  it('replays only the last minute after a long pause, moving prices silently before that', () => {
    const sim = new MarketSimulator({ seed: 5, universe: pick('AAPL') });
    sim.step(new Date('2024-06-04T14:00:00Z'));
    const before = sim.mid('AAPL')!;
    const { trades } = sim.step(new Date('2024-06-05T15:00:00Z'));
    expect(trades.length).toBeGreaterThan(0);
    expect(trades.every((t) => t.t >= '2024-06-05T14:59:00')).toBe(true);
    expect(sim.mid('AAPL')).not.toBe(before);
  });

  it('moves a symbol by the news shock in the direction of the sentiment', () => {
    const make = () => new MarketSimulator({ seed: 9, universe: pick('AAPL', 'MSFT') });
    const plain = make();
    const shocked = make();
    for (const sim of [plain, shocked]) sim.step(new Date('2024-06-04T14:00:00Z'));
    shocked.applyNewsShock('AAPL', -0.5);
    for (const sim of [plain, shocked]) sim.step(new Date('2024-06-04T14:00:01Z'));
    // Same seed, same draws: the only difference is the shock itself.
    expect(Math.log(shocked.mid('AAPL')!) - Math.log(plain.mid('AAPL')!)).toBeCloseTo(
      -0.5 * NEWS_SHOCK_SIZE,
      10,
    );
    expect(shocked.mid('MSFT')).toBe(plain.mid('MSFT'));
    expect(() => shocked.applyNewsShock('AAPL', 2)).toThrow(RangeError);
    expect(() => shocked.applyNewsShock('NOPE', 0.1)).toThrow(RangeError);
  });

  it('moves every symbol by its beta on a market-wide shock', () => {
    const make = () => new MarketSimulator({ seed: 9, universe: pick('NVDA', 'KO') });
    const plain = make();
    const shocked = make();
    for (const sim of [plain, shocked]) sim.step(new Date('2024-06-04T14:00:00Z'));
    shocked.applyMarketShock(1);
    for (const sim of [plain, shocked]) sim.step(new Date('2024-06-04T14:00:01Z'));
    for (const symbol of ['NVDA', 'KO']) {
      const beta = findAsset(DEFAULT_UNIVERSE, symbol)!.sim.beta;
      expect(Math.log(shocked.mid(symbol)!) - Math.log(plain.mid(symbol)!)).toBeCloseTo(
        beta * NEWS_SHOCK_SIZE,
        10,
      );
    }
  });

  it('starts from given prices and has a closing quote before the first step in session', () => {
    const sim = new MarketSimulator({ seed: 1, universe: pick('AAPL'), startPrices: { AAPL: 123.45 } });
    expect(sim.step(new Date('2024-06-08T12:00:00Z'))).toEqual({ quotes: [], trades: [] }); // Saturday
    expect(sim.latestTrade('AAPL')).toMatchObject({ p: 123.45 });
    expect(sim.latestQuote('AAPL')!.t).toBe('2024-06-07T19:59:59.999Z');
  });
});
