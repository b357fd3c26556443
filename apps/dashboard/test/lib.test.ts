import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { add, cmp, dec, isPositiveDecimal, mul, sub, toFixed } from '../src/lib/decimal.ts';
import { money, pct, pctOfFraction, price, qty } from '../src/lib/format.ts';
import { buildUrl, problemMessage } from '../src/api/http.ts';
import { applyTrade } from '../src/lib/candles.ts';

describe('decimal', () => {
  it('adds, subtracts and multiplies exactly', () => {
    expect(toFixed(add('0.1', '0.2'), 2)).toBe('0.30');
    expect(toFixed(sub('268.33', '268.44'), 2)).toBe('-0.11');
    expect(toFixed(mul('3', '268.33'), 2)).toBe('804.99');
    expect(toFixed(mul('-5', sub('101.5', '100')), 2)).toBe('-7.50');
  });

  it('rounds half away from zero', () => {
    expect(toFixed('1.005', 2)).toBe('1.01');
    expect(toFixed('-1.005', 2)).toBe('-1.01');
    expect(toFixed('1.0049', 2)).toBe('1.00');
    expect(toFixed('-0.001', 2)).toBe('0.00');
    expect(toFixed('12', 2)).toBe('12.00');
  });

  it('compares and validates', () => {
    expect(cmp('10', '9.99')).toBe(1);
    expect(cmp('1.50', '1.5')).toBe(0);
    expect(isPositiveDecimal('0')).toBe(false);
    expect(isPositiveDecimal('0.5')).toBe(true);
    expect(isPositiveDecimal('-1')).toBe(false);
    expect(isPositiveDecimal('1e3')).toBe(false);
    expect(() => dec('abc')).toThrow(RangeError);
  });

  it('multiplication matches integer arithmetic on cents', () => {
    fc.assert(
      fc.property(fc.integer({ min: -1e6, max: 1e6 }), fc.integer({ min: 0, max: 1e4 }), (cents, n) => {
        const d = mul(dec((cents / 100).toFixed(2)), String(n));
        expect(toFixed(d, 2)).toBe(((cents * n) / 100).toFixed(2));
      }),
    );
  });
});

describe('format', () => {
  it('formats money with grouping and a real minus sign', () => {
    expect(money('1234567.891')).toBe('$1,234,567.89');
    expect(money('-12.5')).toBe('−$12.50');
    expect(money('3', { signed: true })).toBe('+$3.00');
    expect(money(null)).toBe('—');
    expect(money('not a number')).toBe('—');
  });

  it('formats prices, quantities and percentages', () => {
    expect(price('268.4')).toBe('268.40');
    expect(price('0.12345')).toBe('0.1235');
    expect(qty('10.500000000')).toBe('10.5');
    expect(qty('1500')).toBe('1,500');
    expect(pctOfFraction('-0.000037')).toBe('0.00%');
    expect(pctOfFraction('0.0123')).toBe('+1.23%');
    expect(pct('-1.5')).toBe('−1.50%');
  });
});

describe('http helpers', () => {
  it('builds URLs with encoded path parameters and no empty query values', () => {
    expect(buildUrl('/v1/orders/{orderId}', { path: { orderId: 'a/b' } })).toBe('/v1/orders/a%2Fb');
    expect(buildUrl('/v1/orders', { query: { status: 'open', cursor: undefined, symbols: '' } })).toBe(
      '/v1/orders?status=open',
    );
    expect(() => buildUrl('/v1/orders/{orderId}', {})).toThrow(/orderId/);
  });

  it("shows the server's problem detail, with row errors and the error id", () => {
    expect(problemMessage({ status: 403, title: 'Forbidden', detail: 'order value exceeds the limit' })).toBe(
      'order value exceeds the limit',
    );
    expect(problemMessage({ status: 500, title: 'Internal Server Error', errorId: 'e1' })).toBe(
      'Internal Server Error (error id e1)',
    );
    expect(
      problemMessage({
        status: 400,
        detail: 'bad file',
        errors: [{ line: 3, message: 'no close' }] as unknown,
      }),
    ).toBe('bad file: line 3: no close');
  });
});

describe('live candles', () => {
  const tf = { seconds: 60 };
  const base = [{ time: 600, open: 10, high: 11, low: 9, close: 10.5, volume: 100 }];
  it('moves the current candle with a trade in its bucket', () => {
    const out = applyTrade(base, tf, 630, 12, 5);
    expect(out).toEqual([{ time: 600, open: 10, high: 12, low: 9, close: 12, volume: 105 }]);
  });
  it('opens a new candle for a trade in a later bucket and ignores older trades', () => {
    expect(applyTrade(base, tf, 661, 8, 1)).toEqual([
      ...base,
      { time: 660, open: 8, high: 8, low: 8, close: 8, volume: 1 },
    ]);
    expect(applyTrade(base, tf, 500, 8, 1)).toBe(base);
  });
});
