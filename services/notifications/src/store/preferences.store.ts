import { sql } from 'kysely';
import type { AnyDB } from '@tradeplane/kit';
import type { Channel } from '../domain/types.ts';

export interface PreferenceRow {
  type: string;
  channel: Channel;
  enabled: boolean;
}

/** The owner's explicit choices, for one type or all of them. */
export async function getPreferenceRows(db: AnyDB, userId: string, type?: string): Promise<PreferenceRow[]> {
  let q = db.selectFrom('preferences').select(['type', 'channel', 'enabled']).where('user_id', '=', userId);
  if (type !== undefined) q = q.where('type', '=', type);
  return (await q.orderBy('type').execute()) as PreferenceRow[];
}

export async function setPreferenceRows(db: AnyDB, userId: string, rows: PreferenceRow[]): Promise<void> {
  if (rows.length === 0) return;
  await db
    .insertInto('preferences')
    .values(rows.map((r) => ({ user_id: userId, type: r.type, channel: r.channel, enabled: r.enabled })))
    .onConflict((oc) =>
      oc
        .columns(['user_id', 'type', 'channel'])
        .doUpdateSet({ enabled: sql`excluded.enabled`, updated_at: sql`now()` }),
    )
    .execute();
}
