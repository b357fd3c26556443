import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { dec, Dec, sum } from '@tradeplane/kit';
import {
  applyExecution,
  averageEntry,
  flat,
  type Execution,
  type PositionLedger,
} from '../src/domain/ledger.ts';

const ex = (side: 'buy' | 'sell', qty: string, price: string, commission = '0'): Execution => ({
  side,
  qty: dec(qty),
  price: dec(price),
  commission: dec(commission),
});

function run(executions: Execution[]): { position: PositionLedger; cash: Dec; realized: Dec[] } {
  let position = flat();
  let cash = dec(0);
  const realized: Dec[] = [];
  for (const e of executions) {
    const r = applyExecution(position, e);
    position = r.position;
    cash = cash.plus(r.cashDelta);
    realized.push(r.realized);
  }
  return { position, cash, realized };
}

const view = (p: PositionLedger) => ({
  qty: p.qty.toFixed(),
  costBasis: p.costBasis.toFixed(),
  avg: averageEntry(p).abs().toFixed(),
  realizedPnl: p.realizedPnl.toFixed(),
  commissions: p.commissions.toFixed(),
});

describe('ledger math (average cost)', () => {
  it('buys average the entry price and move cash by value and commission', () => {
    const r = run([ex('buy', '10', '100', '1'), ex('buy', '5', '103.30', '0.5')]);
    expect(view(r.position)).toEqual({
      qty: '15',
      costBasis: '1516.5',
      avg: '101.1',
      realizedPnl: '0',
      commissions: '1.5',
    });
    expect(r.cash.toFixed()).toBe('-1518');
  });

  it('a partial sell realizes against the average and keeps it', () => {
    const r = run([ex('buy', '10', '100'), ex('buy', '10', '110'), ex('sell', '5', '120', '0.25')]);
    expect(r.realized.map((x) => x.toFixed())).toEqual(['0', '0', '75']);
    expect(view(r.position)).toEqual({
      qty: '15',
      costBasis: '1575',
      avg: '105',
      realizedPnl: '75',
      commissions: '0.25',
    });
    expect(r.cash.toFixed()).toBe('-1500.25');
  });

  it('closing completely realizes the rest and leaves nothing at cost', () => {
    const r = run([ex('buy', '3', '10.01'), ex('buy', '4', '10.02'), ex('sell', '7', '9.99', '0.07')]);
    expect(view(r.position)).toEqual({
      qty: '0',
      costBasis: '0',
      avg: '0',
      realizedPnl: '-0.18',
      commissions: '0.07',
    });
    expect(r.cash.toFixed()).toBe('-0.25');
  });

  it('flips long to short through zero: realizes the long, opens the short at the fill price', () => {
    const r = run([ex('buy', '10', '50'), ex('sell', '25', '60', '1')]);
    expect(r.realized.map((x) => x.toFixed())).toEqual(['0', '100']);
    expect(view(r.position)).toEqual({
      qty: '-15',
      costBasis: '-900',
      avg: '60',
      realizedPnl: '100',
      commissions: '1',
    });
    expect(r.cash.toFixed()).toBe('999');
  });

  it('covers a short at a profit and flips short to long', () => {
    const r = run([ex('sell', '10', '100'), ex('buy', '4', '90'), ex('buy', '10', '95')]);
    expect(r.realized.map((x) => x.toFixed())).toEqual(['0', '40', '30']);
    expect(view(r.position)).toEqual({
      qty: '4',
      costBasis: '380',
      avg: '95',
      realizedPnl: '70',
      commissions: '0',
    });
  });

  it('keeps cents exact where binary floats would not (0.1 + 0.2)', () => {
    const r = run([ex('buy', '1', '0.1'), ex('buy', '1', '0.2'), ex('sell', '2', '0.15')]);
    expect(r.cash.toFixed()).toBe('0');
    expect(r.position.realizedPnl.toFixed()).toBe('0');
  });

  it('splits cost exactly on fractional quantities and repeating averages', () => {
    const r = run([
      ex('buy', '3', '10'),
      ex('buy', '0.5', '11'),
      ex('sell', '1', '12'),
      ex('sell', '2.5', '9'),
    ]);
    expect(r.position.qty.toFixed()).toBe('0');
    expect(r.position.costBasis.toFixed()).toBe('0');
    // Proceeds 34.5 − cost 35.5 = −1, exactly, whatever the average rounded to in between.
    expect(r.position.realizedPnl.toFixed()).toBe('-1');
  });

  it('refuses a zero quantity', () => {
    expect(() => applyExecution(flat(), ex('buy', '0', '1'))).toThrow(RangeError);
  });
});

// ------------------------------------------------------------------------------- property
const money = (max: number) => fc.integer({ min: 1, max: max * 100 }).map((c) => new Dec(c).div(100));
const quantity = fc.oneof(
  fc.integer({ min: 1, max: 500 }).map((q) => new Dec(q)),
  fc.integer({ min: 1, max: 50_000 }).map((q) => new Dec(q).div(1000)),
);
const execution = fc.record({
  side: fc.constantFrom<'buy' | 'sell'>('buy', 'sell'),
  qty: quantity,
  price: money(1000),
  commission: fc.oneof(fc.constant(new Dec(0)), money(5)),
});

describe('ledger invariant (property)', () => {
  it('cash and positions at cost move only by fills’ value, fees and realized P&L', () => {
    fc.assert(
      fc.property(fc.array(execution, { minLength: 1, maxLength: 60 }), (executions) => {
        const r = run(executions);
        const value = (side: 'buy' | 'sell') =>
          sum(executions.filter((e) => e.side === side).map((e) => e.qty.times(e.price)));
        const fees = sum(executions.map((e) => e.commission));
        const sells = value('sell');
        const buys = value('buy');
        // cash_end − cash_start = Σ sells − Σ buys − Σ fees
        expect(r.cash.eq(sells.minus(buys).minus(fees))).toBe(true);
        // realized P&L − (what is still held, at cost) = Σ sells − Σ buys
        expect(r.position.realizedPnl.minus(r.position.costBasis).eq(sells.minus(buys))).toBe(true);
        // realized per fill adds up to the position's realized P&L
        expect(sum(r.realized).eq(r.position.realizedPnl)).toBe(true);
        // the quantity is the signed sum of fills, and a flat position carries no cost
        expect(r.position.qty.eq(sum(executions.map((e) => (e.side === 'buy' ? e.qty : e.qty.neg()))))).toBe(
          true,
        );
        if (r.position.qty.isZero()) expect(r.position.costBasis.isZero()).toBe(true);
        expect(r.position.commissions.eq(fees)).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
