/**
 * Price increments. SEC Rule 612 (Regulation NMS, sub-penny rule): quotes at $1.00 or more are
 * in whole cents, below $1.00 in increments of $0.0001. Simulation and indicator math run on
 * float64; prices are rounded to the tick when they leave the domain, and turned into decimal
 * strings (for NUMERIC columns and JSON money fields) with `priceToDecimalString`.
 */

export function tickSize(price: number): number {
  return price >= 1 ? 0.01 : 0.0001;
}

export function tickDecimals(price: number): number {
  return price >= 1 ? 2 : 4;
}

export function roundTo(value: number, decimals: number): number {
  const f = 10 ** decimals;
  return Math.round(value * f) / f;
}

export function roundToTick(price: number): number {
  return roundTo(price, tickDecimals(price));
}

export function priceToDecimalString(price: number): string {
  return roundToTick(price).toFixed(tickDecimals(price));
}
