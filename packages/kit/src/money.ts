import { Decimal } from 'decimal.js';

/**
 * Money and quantities are decimals end to end: strings on the wire, NUMERIC in SQL, Decimal in
 * code. A separate Decimal constructor keeps our precision and rounding away from any other user
 * of decimal.js in the process.
 */
export const Dec = Decimal.clone({
  precision: 40,
  rounding: Decimal.ROUND_HALF_EVEN,
  toExpNeg: -30,
  toExpPos: 40,
});
export type Dec = Decimal;

export type DecimalInput = string | number | Decimal;

const DECIMAL_RE = /^-?(?:\d+)(?:\.\d+)?$/;

/** True for a plain decimal string such as "12", "-0.5", "100.25" (no exponent, no spaces). */
export function isDecimalString(value: string): boolean {
  return DECIMAL_RE.test(value);
}

export function dec(value: DecimalInput): Decimal {
  if (typeof value === 'number' && !Number.isFinite(value))
    throw new RangeError(`not a finite number: ${value}`);
  return new Dec(value);
}

/** Cents-style rounding for money shown to users: `places` decimals, half-even. */
export function roundMoney(value: DecimalInput, places = 2): string {
  return dec(value).toDecimalPlaces(places, Decimal.ROUND_HALF_EVEN).toFixed(places);
}

/** A canonical string without trailing zeros, as stored and sent on the wire. */
export function toWire(value: DecimalInput): string {
  const d = dec(value);
  return d.isZero() ? '0' : d.toFixed();
}

export function sum(values: Iterable<DecimalInput>): Decimal {
  let total = new Dec(0);
  for (const v of values) total = total.plus(v);
  return total;
}

export function min(a: DecimalInput, b: DecimalInput): Decimal {
  return Dec.min(dec(a), dec(b));
}

export function max(a: DecimalInput, b: DecimalInput): Decimal {
  return Dec.max(dec(a), dec(b));
}
