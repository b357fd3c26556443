import { loadSecretBox as loadBox, type AnyDB, type SecretBox } from '@tradeplane/kit';
import { setSettingOnce } from '../store/settings.store.ts';

export type { SecretBox };
export { secretBox } from '@tradeplane/kit';

/** The secret box keyed by config, or by a key generated once and kept in this service's schema. */
export function loadSecretBox(db: AnyDB, configured: string | undefined): Promise<SecretBox> {
  return loadBox(configured, (generated) => setSettingOnce(db, 'secrets_key', generated));
}
