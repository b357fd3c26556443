import { toWire } from '@tradeplane/kit';

/**
 * Prices leave the native API as decimal strings (ARCHITECTURE §6). In code they are numbers
 * that hold at most 6 decimals (ticks, NUMERIC(18,6) columns, 4-decimal VWAPs), so the shortest
 * round-trip form of the number is the exact decimal; the kit's decimal type handles the rare
 * value JavaScript would print with an exponent.
 */
export function decimalString(value: number): string {
  const s = String(value);
  return /e/i.test(s) ? toWire(value) : s;
}

export function decimalOrNull(value: number | null): string | null {
  return value === null ? null : decimalString(value);
}

/** A NUMERIC column's text without its trailing zeros ('0.010000' → '0.01', '10.000000' → '10'). */
export function trimNumeric(s: string): string {
  return s.includes('.') ? s.replace(/\.?0+$/, '') : s;
}
