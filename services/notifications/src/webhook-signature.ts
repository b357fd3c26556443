import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * Webhook signatures (docs/realtime.md): every delivery carries
 * `Tradeplane-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>" keyed by the secret>`.
 * The timestamp is inside the signed text, so a captured delivery cannot be replayed later than the
 * receiver's tolerance. This module depends on node:crypto only, so receivers can copy or import it.
 */
export const SIGNATURE_HEADER = 'Tradeplane-Signature';
export const EVENT_HEADER = 'Tradeplane-Event';
export const DELIVERY_HEADER = 'Tradeplane-Delivery';

const hmac = (secret: string, t: number, rawBody: string | Buffer) =>
  createHmac('sha256', secret)
    .update(`${t}.`)
    .update(typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody)
    .digest('hex');

/** The header value for a body sent at `timestampSec`. */
export function signWebhook(secret: string, rawBody: string | Buffer, timestampSec: number): string {
  const t = Math.floor(timestampSec);
  return `t=${t},v1=${hmac(secret, t, rawBody)}`;
}

/**
 * True when `header` is a valid signature of `rawBody` (the exact bytes received, before any JSON
 * parsing) by `secret`, made within `toleranceSec` of `nowSec`. Several `v1=` values (a secret
 * being rotated) pass when any one matches. Comparison is constant-time.
 */
export function verifyWebhookSignature(
  secret: string,
  header: string | null | undefined,
  rawBody: string | Buffer,
  toleranceSec = 300,
  nowSec: number = Date.now() / 1000,
): boolean {
  if (!header || !secret) return false;
  let t: number | undefined;
  const candidates: string[] = [];
  for (const part of header.split(',')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const key = part.slice(0, eq).trim();
    const value = part.slice(eq + 1).trim();
    if (key === 't' && /^\d{1,12}$/.test(value)) t = Number(value);
    else if (key === 'v1' && /^[0-9a-f]{64}$/i.test(value)) candidates.push(value.toLowerCase());
  }
  if (t === undefined || candidates.length === 0) return false;
  if (Math.abs(nowSec - t) > toleranceSec) return false;
  const expected = Buffer.from(hmac(secret, t, rawBody), 'hex');
  return candidates.some((c) => timingSafeEqual(Buffer.from(c, 'hex'), expected));
}
