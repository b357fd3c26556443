import { createHash, randomInt, timingSafeEqual } from 'node:crypto';
import { randomToken } from '@tradeplane/kit';

const BASE62 = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz';
const UPPER_ALNUM = '0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ';

/**
 * SHA-256 is enough for refresh tokens and API key secrets: they carry 190+ bits of entropy, so
 * unlike passwords they can't be guessed from a leaked hash and need no slow KDF.
 */
export function sha256Hex(value: string): string {
  return createHash('sha256').update(value, 'utf8').digest('hex');
}

/** Compares two hex digests without leaking where they differ. */
export function digestsEqual(a: string, b: string): boolean {
  const x = Buffer.from(a, 'hex');
  const y = Buffer.from(b, 'hex');
  return x.length === y.length && x.length > 0 && timingSafeEqual(x, y);
}

function randomString(alphabet: string, length: number): string {
  let out = '';
  // randomInt draws uniformly (rejection sampling), so no character is more likely than another.
  for (let i = 0; i < length; i++) out += alphabet[randomInt(alphabet.length)];
  return out;
}

/** An opaque refresh token: 256 random bits, base64url. */
export function newRefreshToken(): string {
  return randomToken(32);
}

/** An Alpaca-style key id: 'PK' and 18 uppercase alphanumerics (20 in all), public like a username. */
export function newApiKeyId(): string {
  return `PK${randomString(UPPER_ALNUM, 18)}`;
}

/** A key secret: 40 base62 characters (~238 bits). */
export function newApiKeySecret(): string {
  return randomString(BASE62, 40);
}

export const API_KEY_ID_PATTERN = '^PK[0-9A-Z]{18}$';
