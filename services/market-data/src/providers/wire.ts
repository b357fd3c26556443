/**
 * Reading upstream JSON: typed field access that fails loudly on a missing or mistyped field
 * (an upstream format change must surface as an error, not as NaN prices), and the two instant
 * formats of provider.ts.
 */

import { ProviderError, type ProviderBar } from './provider.ts';

export type JsonObject = Record<string, unknown>;

export const isObject = (v: unknown): v is JsonObject =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

/** A field that is missing or of the wrong type; the adapters turn it into a ProviderError. */
export class WireFormatError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WireFormatError';
  }
}

/** A WireFormatError as the ProviderError of an unreadable upstream answer; anything else rethrown. */
export function rethrowAsBadResponse(provider: string, err: unknown, what: string): never {
  if (err instanceof WireFormatError) {
    throw new ProviderError(provider, 200, `${what}: ${err.message}`, { kind: 'bad_response', cause: err });
  }
  throw err;
}

/** The entries of `o` that are defined, so optional fields stay absent rather than `undefined`. */
export function definedOnly<T extends Record<string, unknown>>(o: T): Partial<T> {
  const out: Partial<T> = {};
  for (const [k, v] of Object.entries(o)) if (v !== undefined) (out as Record<string, unknown>)[k] = v;
  return out;
}

export function reqObj(o: JsonObject, key: string): JsonObject {
  const v = o[key];
  if (!isObject(v)) throw new WireFormatError(`field "${key}" is not an object`);
  return v;
}

export function reqNum(o: JsonObject, key: string): number {
  const v = o[key];
  if (typeof v !== 'number' || !Number.isFinite(v))
    throw new WireFormatError(`field "${key}" is not a number`);
  return v;
}

export function optNum(o: JsonObject, key: string): number | undefined {
  const v = o[key];
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function reqStr(o: JsonObject, key: string): string {
  const v = o[key];
  if (typeof v !== 'string') throw new WireFormatError(`field "${key}" is not a string`);
  return v;
}

export function optStr(o: JsonObject, key: string): string | undefined {
  const v = o[key];
  return typeof v === 'string' && v.length > 0 ? v : undefined;
}

/** An id or exchange code that one upstream sends as a number and another as a string. */
export function optCode(o: JsonObject, key: string): string | undefined {
  const v = o[key];
  if (typeof v === 'string') return v.length > 0 ? v : undefined;
  if (typeof v === 'number' && Number.isFinite(v)) return String(v);
  return undefined;
}

export function strArray(o: JsonObject, key: string): string[] {
  const v = o[key];
  return Array.isArray(v) ? v.filter((x): x is string => typeof x === 'string') : [];
}

function checkedDate(ms: number, what: string): Date {
  const d = new Date(ms);
  if (!Number.isFinite(d.getTime())) throw new WireFormatError(`${what} is not a valid instant`);
  return d;
}

/** `Date#toISOString()` form: millisecond precision, fixed width. */
export function isoFromEpochMs(ms: number): string {
  return checkedDate(Math.floor(ms), `epoch ${ms}`).toISOString();
}

/** Polygon's REST last-trade/last-quote instants are nanoseconds since the epoch. */
export function isoFromEpochNs(ns: number): string {
  return isoFromEpochMs(ns / 1e6);
}

/** Bar starts: whole-second RFC 3339 (`…T14:30:00Z`), as Alpaca and the simulator stamp bars. */
export function barIsoFromEpochMs(ms: number): string {
  const iso = isoFromEpochMs(ms);
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}

function parseRfc3339(s: string): number {
  const ms = Date.parse(s);
  if (!Number.isFinite(ms)) throw new WireFormatError(`"${s}" is not an RFC 3339 instant`);
  return ms;
}

/** Any RFC 3339 instant (offsets, nanoseconds) in `Date#toISOString()` form. */
export function isoFromRfc3339(s: string): string {
  return isoFromEpochMs(parseRfc3339(s));
}

export function barIsoFromRfc3339(s: string): string {
  return barIsoFromEpochMs(parseRfc3339(s));
}

/** Symbols upper-cased, trimmed, de-duplicated, empties dropped, first-seen order kept. */
export function normalizeSymbols(symbols: readonly string[] | undefined): string[] {
  const out = new Set<string>();
  for (const s of symbols ?? []) {
    const t = s.trim().toUpperCase();
    if (t) out.add(t);
  }
  return [...out];
}

/** Runs `fn` over `items` with at most `concurrency` calls in flight; results in input order. */
export async function mapLimit<T, R>(
  items: readonly T[],
  concurrency: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  let failed = false;
  async function worker(): Promise<void> {
    while (!failed && next < items.length) {
      const i = next++;
      try {
        results[i] = await fn(items[i] as T);
      } catch (err) {
        // The first failure fails the whole call: start no further work.
        failed = true;
        throw err;
      }
    }
  }
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, () => worker()));
  return results;
}

/** A bar from the o/h/l/c/v(/n/vw) fields both Polygon aggregates and Alpaca bars use. */
export function ohlcvBar(symbol: string, t: string, r: JsonObject): ProviderBar {
  const bar: ProviderBar = {
    symbol,
    t,
    o: reqNum(r, 'o'),
    h: reqNum(r, 'h'),
    l: reqNum(r, 'l'),
    c: reqNum(r, 'c'),
    v: reqNum(r, 'v'),
  };
  const n = optNum(r, 'n');
  const vw = optNum(r, 'vw');
  if (n !== undefined) bar.n = n;
  if (vw !== undefined) bar.vw = vw;
  return bar;
}
