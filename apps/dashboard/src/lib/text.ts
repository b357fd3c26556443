/** A ticker symbol like AAPL, BRK.B or BTC/USD (upper case). */
export const SYMBOL_RE = /^[A-Z][A-Z0-9.\-/]{0,20}$/;

export const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The non-empty, trimmed items of a comma-separated list. */
export function splitList(s: string): string[] {
  return s
    .split(',')
    .map((x) => x.trim())
    .filter(Boolean);
}
