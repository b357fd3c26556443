import { dec, roundMoney, type DecimalInput } from '@tradeplane/kit';

/** `$12,345.60`: money in a message a person reads. */
export function usd(value: DecimalInput): string {
  const fixed = roundMoney(value, 2);
  const negative = fixed.startsWith('-');
  const [int, frac] = (negative ? fixed.slice(1) : fixed).split('.');
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  return `${negative ? '-' : ''}$${grouped}.${frac}`;
}

/** `12.5%` from a percentage value, two decimals at most. */
export function pct(value: DecimalInput): string {
  return `${dec(value).toDecimalPlaces(2).toFixed()}%`;
}

/** A quantity as written: no trailing zeros. */
export function qty(value: DecimalInput): string {
  return dec(value).toFixed();
}
