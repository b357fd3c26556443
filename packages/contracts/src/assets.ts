import { createHash } from 'node:crypto';

/**
 * Alpaca identifies an asset by a UUID as well as by its symbol. Ours are name-based UUIDs
 * (RFC 9562 §5.5, version 5: SHA-1 of a namespace and the name), so a symbol has the same id on
 * every install, in every instance and in every service, with nothing to coordinate.
 */
const NAMESPACE = '5d0b1c2e-8a7f-4a53-9a5e-7c1f3b2d9e41';

export function alpacaAssetId(symbol: string): string {
  const ns = Buffer.from(NAMESPACE.replace(/-/g, ''), 'hex');
  const hash = createHash('sha1').update(ns).update(symbol, 'utf8').digest();
  const b = hash.subarray(0, 16);
  b[6] = (b[6]! & 0x0f) | 0x50;
  b[8] = (b[8]! & 0x3f) | 0x80;
  const hex = b.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
