import { getAllowlist, replaceAllowlist } from '../store/allowlist.store.ts';
import type { NotificationsDeps } from './deps.ts';
import { NotificationsErrors } from './errors.ts';
import { Allowlist, normalizeAllowEntry } from './webhook-target.ts';

/** The allow-list in force: NOTIFICATIONS_WEBHOOK_ALLOWLIST plus the administrators' entries. */
export async function currentAllowlist(deps: NotificationsDeps): Promise<Allowlist> {
  return new Allowlist([...deps.channels.allowlist, ...(await getAllowlist(deps.db))]);
}

export interface AllowlistView {
  /** The administrators' entries (this API's to change). */
  entries: string[];
  /** Entries from NOTIFICATIONS_WEBHOOK_ALLOWLIST, in force as well, changed only by configuration. */
  configEntries: string[];
}

export async function getWebhookAllowlist(deps: NotificationsDeps): Promise<AllowlistView> {
  return { entries: await getAllowlist(deps.db), configEntries: [...deps.channels.allowlist] };
}

export async function setWebhookAllowlist(deps: NotificationsDeps, raw: string[]): Promise<AllowlistView> {
  const entries = new Set<string>();
  for (const r of raw) {
    const entry = normalizeAllowEntry(r);
    if (!entry) throw NotificationsErrors.invalidAllowlist(r);
    entries.add(entry);
  }
  await deps.transaction((tx) => replaceAllowlist(tx, [...entries].sort()));
  deps.log.info({ entries: [...entries] }, 'webhook allow-list replaced');
  return getWebhookAllowlist(deps);
}
