import type { AnyDB } from '@tradeplane/kit';
import { getPreferenceRows, setPreferenceRows, type PreferenceRow } from '../store/preferences.store.ts';
import { getRecipient, setContact, setKnownEmail } from '../store/recipients.store.ts';
import type { NotificationsDeps } from './deps.ts';
import { CHANNELS, defaultChannels, KNOWN_TYPES, type Channel, type ChannelSwitches } from './types.ts';

export interface PreferencesView {
  email: string | null;
  phone: string | null;
  preferences: { type: string; channels: ChannelSwitches }[];
}

export interface PreferencesUpdate {
  email?: string | null | undefined;
  phone?: string | null | undefined;
  preferences?: { type: string; channels: Partial<ChannelSwitches> }[] | undefined;
}

const merge = (type: string, rows: PreferenceRow[]): ChannelSwitches => {
  const switches = defaultChannels(type);
  for (const r of rows) if (r.type === type) switches[r.channel] = r.enabled;
  return switches;
};

/** The channels a notification of `type` goes to for the user: their choices over the defaults. */
export async function channelsFor(db: AnyDB, userId: string, type: string): Promise<ChannelSwitches> {
  return merge(type, await getPreferenceRows(db, userId, type));
}

/**
 * The address email goes to: the owner's override, else the one identity knows (from
 * user.registered, or asked now and kept). Null when there is none; throws when identity must be
 * asked and cannot answer (the delivery is retried).
 */
export async function emailAddressOf(deps: NotificationsDeps, userId: string): Promise<string | null> {
  const r = await getRecipient(deps.db, userId);
  if (r?.emailOverride) return r.emailOverride;
  if (r?.email) return r.email;
  const email = await deps.directory.emailOf(userId);
  if (email) await setKnownEmail(deps.db, userId, email);
  return email;
}

export async function getPreferences(deps: NotificationsDeps, userId: string): Promise<PreferencesView> {
  const [rows, recipient] = await Promise.all([
    getPreferenceRows(deps.db, userId),
    getRecipient(deps.db, userId),
  ]);
  let email = recipient?.emailOverride ?? recipient?.email ?? null;
  if (!email) {
    // Shown when identity can tell; the page still answers when it cannot.
    email = await emailAddressOf(deps, userId).catch((err: unknown) => {
      deps.log.warn({ err, userId }, 'could not look up the email address');
      return null;
    });
  }
  const types = [...new Set<string>([...KNOWN_TYPES, ...rows.map((r) => r.type)])];
  return {
    email,
    phone: recipient?.phone ?? null,
    preferences: types.map((type) => ({ type, channels: merge(type, rows) })),
  };
}

export async function updatePreferences(
  deps: NotificationsDeps,
  userId: string,
  update: PreferencesUpdate,
): Promise<PreferencesView> {
  await deps.transaction(async (tx) => {
    await setContact(tx, userId, {
      emailOverride: update.email === undefined ? undefined : update.email?.trim() || null,
      phone: update.phone,
    });
    const rows: PreferenceRow[] = [];
    for (const p of update.preferences ?? [])
      for (const channel of CHANNELS) {
        const enabled = p.channels[channel as Channel];
        if (enabled !== undefined) rows.push({ type: p.type, channel, enabled });
      }
    // The last word per (type, channel) wins when a body names a type twice.
    const unique = new Map(rows.map((r) => [`${r.type}\u0000${r.channel}`, r]));
    await setPreferenceRows(tx, userId, [...unique.values()]);
  });
  return getPreferences(deps, userId);
}
