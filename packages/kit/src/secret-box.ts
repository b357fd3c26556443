import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { AnyDB } from './db.ts';
import { setSettingOnce } from './settings.ts';

/**
 * Secrets a service must read back (broker API keys, webhook signing secrets), sealed at rest
 * with AES-256-GCM and a random 96-bit nonce per value. The key comes from the service's config;
 * without it one is generated on first start and kept in the service's own schema, which keeps
 * secrets out of API answers, logs and dumps of single tables, but not from someone who can read
 * the whole schema: set the key in production.
 */
export interface SecretBox {
  seal(plain: string): string;
  open(sealed: string): string;
}

export function secretBox(keyMaterial: string): SecretBox {
  const key = createHash('sha256').update(keyMaterial, 'utf8').digest();
  return {
    seal(plain) {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', key, iv);
      const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return [
        'v1',
        iv.toString('base64url'),
        cipher.getAuthTag().toString('base64url'),
        body.toString('base64url'),
      ].join('.');
    },
    open(sealed) {
      const [v, iv, tag, body] = sealed.split('.');
      if (v !== 'v1' || !iv || !tag || body === undefined) throw new Error('unreadable sealed secret');
      const decipher = createDecipheriv('aes-256-gcm', key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([decipher.update(Buffer.from(body, 'base64url')), decipher.final()]).toString(
        'utf8',
      );
    },
  };
}

/**
 * The box keyed by the configured key, or by one generated once and kept in the service's
 * `settings` table (the first instance's key wins, so every instance agrees).
 */
export async function loadSecretBox(db: AnyDB, configured: string | undefined): Promise<SecretBox> {
  if (configured) return secretBox(configured);
  return secretBox(await setSettingOnce(db, 'secrets_key', randomBytes(32).toString('base64url')));
}
