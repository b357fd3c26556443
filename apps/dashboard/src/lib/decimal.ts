/**
 * Exact decimal arithmetic for the few sums the dashboard does itself (live unrealized P&L, order
 * value), so money never goes through a binary float: the API sends decimal strings and the
 * dashboard keeps them exact until it formats them. A value is an integer and a scale
 * (value = int / 10^scale).
 */
export interface Dec {
  readonly int: bigint;
  readonly scale: number;
}

const DECIMAL_RE = /^([+-])?(\d+)(?:\.(\d+))?$/;

export function isDecimal(s: string): boolean {
  return DECIMAL_RE.test(s.trim());
}

/** An unsigned decimal, as the API accepts for quantities and prices (`^\d+(\.\d+)?$`). */
export function isPositiveDecimal(s: string): boolean {
  return /^\d+(\.\d+)?$/.test(s) && /[1-9]/.test(s);
}

export function dec(value: string | number | bigint | Dec): Dec {
  if (typeof value === 'object') return value;
  if (typeof value === 'bigint') return { int: value, scale: 0 };
  const s = typeof value === 'number' ? numberToString(value) : value.trim();
  const m = DECIMAL_RE.exec(s);
  if (!m) throw new RangeError(`not a decimal: ${JSON.stringify(value)}`);
  const frac = m[3] ?? '';
  const int = BigInt(m[2]! + frac);
  return { int: m[1] === '-' ? -int : int, scale: frac.length };
}

function numberToString(n: number): string {
  if (!Number.isFinite(n)) throw new RangeError(`not a finite number: ${n}`);
  // Numbers only reach here from the chart and quotes feed; 10 places is beyond any price tick.
  return n.toFixed(10).replace(/\.?0+$/, '') || '0';
}

function align(a: Dec, b: Dec): [bigint, bigint, number] {
  const scale = Math.max(a.scale, b.scale);
  return [a.int * 10n ** BigInt(scale - a.scale), b.int * 10n ** BigInt(scale - b.scale), scale];
}

export function add(a: Dec | string, b: Dec | string): Dec {
  const [x, y, scale] = align(dec(a), dec(b));
  return { int: x + y, scale };
}

export function sub(a: Dec | string, b: Dec | string): Dec {
  const [x, y, scale] = align(dec(a), dec(b));
  return { int: x - y, scale };
}

export function mul(a: Dec | string, b: Dec | string): Dec {
  const x = dec(a);
  const y = dec(b);
  return { int: x.int * y.int, scale: x.scale + y.scale };
}

export function neg(a: Dec | string): Dec {
  const x = dec(a);
  return { int: -x.int, scale: x.scale };
}

export function cmp(a: Dec | string, b: Dec | string): -1 | 0 | 1 {
  const [x, y] = align(dec(a), dec(b));
  return x < y ? -1 : x > y ? 1 : 0;
}

export function isZero(a: Dec | string): boolean {
  return dec(a).int === 0n;
}

/** Rounds half away from zero to `places` decimals and prints without exponent. */
export function toFixed(a: Dec | string, places: number): string {
  const x = dec(a);
  let int = x.int;
  if (x.scale > places) {
    const f = 10n ** BigInt(x.scale - places);
    const q = int / f;
    const r = int % f;
    const twice = (r < 0n ? -r : r) * 2n;
    int = twice >= f ? q + (int < 0n ? -1n : 1n) : q;
  } else {
    int = int * 10n ** BigInt(places - x.scale);
  }
  const negative = int < 0n;
  const digits = (negative ? -int : int).toString().padStart(places + 1, '0');
  const whole = digits.slice(0, digits.length - places);
  const frac = places > 0 ? '.' + digits.slice(digits.length - places) : '';
  return (negative && /[1-9]/.test(digits) ? '-' : '') + whole + frac;
}

export function toNumber(a: Dec | string): number {
  return Number(toFixed(a, Math.min(dec(a).scale, 12)));
}
