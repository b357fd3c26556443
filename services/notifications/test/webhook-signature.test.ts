import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { signWebhook, verifyWebhookSignature } from '../src/index.ts';

describe('webhook signatures', () => {
  const secret = 'whsec_test_secret';
  const body = '{"id":"d1","event":"order.filled"}';
  const t = 1_760_000_000;

  it('signs "<t>.<raw body>" with HMAC-SHA256 in the documented header format', () => {
    const expected = createHmac('sha256', secret).update(`${t}.${body}`).digest('hex');
    expect(signWebhook(secret, body, t)).toBe(`t=${t},v1=${expected}`);
  });

  it('verifies the exact body within the tolerance only', () => {
    const header = signWebhook(secret, body, t);
    expect(verifyWebhookSignature(secret, header, body, 300, t + 10)).toBe(true);
    expect(verifyWebhookSignature(secret, header, Buffer.from(body), 300, t + 10)).toBe(true);
    expect(verifyWebhookSignature(secret, header, body, 300, t + 301)).toBe(false);
    expect(verifyWebhookSignature(secret, header, body, 300, t - 301)).toBe(false);
    expect(verifyWebhookSignature(secret, header, `${body} `, 300, t)).toBe(false);
    expect(verifyWebhookSignature('other', header, body, 300, t)).toBe(false);
  });

  it('refuses malformed headers, and accepts any matching v1 of several (secret rotation)', () => {
    const good = signWebhook(secret, body, t);
    const v1 = good.split('v1=')[1]!;
    for (const bad of [undefined, '', 'garbage', `t=${t}`, `v1=${v1}`, `t=abc,v1=${v1}`, `t=${t},v1=zz`])
      expect(verifyWebhookSignature(secret, bad, body, 300, t), String(bad)).toBe(false);
    const rotated = `t=${t},v1=${'0'.repeat(64)},v1=${v1}`;
    expect(verifyWebhookSignature(secret, rotated, body, 300, t)).toBe(true);
  });
});
