import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import type { AnyDB } from '@tradeplane/kit';
import { setSettingOnce } from '../store/settings.store.ts';

/**
 * Encrypts broker secrets at rest (AES-256-GCM, a random 96-bit nonce per value). The key comes
 * from ORDERS_SECRETS_KEY; without it one is generated on first start and kept in the orders
 * schema, which still keeps secrets out of API answers and logs but not from someone who can
 * read the whole schema — set ORDERS_SECRETS_KEY in production.
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

export async function loadSecretBox(db: AnyDB, configured: string | undefined): Promise<SecretBox> {
  if (configured) return secretBox(configured);
  const stored = await setSettingOnce(db, 'secrets_key', randomBytes(32).toString('base64url'));
  return secretBox(stored);
}
