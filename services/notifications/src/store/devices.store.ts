import { sql } from 'kysely';
import type { AnyDB } from '@tradeplane/kit';

export type DevicePlatform = 'android' | 'ios' | 'web';

export interface Device {
  id: string;
  userId: string;
  token: string;
  platform: DevicePlatform;
  name: string | null;
  createdAt: Date;
}

interface Row {
  id: string;
  user_id: string;
  token: string;
  platform: DevicePlatform;
  name: string | null;
  created_at: Date;
}

const COLUMNS = ['id', 'user_id', 'token', 'platform', 'name', 'created_at'] as const;

const toDevice = (r: Row): Device => ({
  id: r.id,
  userId: r.user_id,
  token: r.token,
  platform: r.platform,
  name: r.name,
  createdAt: r.created_at,
});

/**
 * Registers a device token for the user. The token names one app install, so a token registered
 * before (by this user or, after the device changed hands, another one) is moved to this user.
 */
export async function upsertDevice(db: AnyDB, d: Device): Promise<Device> {
  const row: Row = await db
    .insertInto('devices')
    .values({
      id: d.id,
      user_id: d.userId,
      token: d.token,
      platform: d.platform,
      name: d.name,
      created_at: d.createdAt,
    })
    .onConflict((oc) =>
      oc.column('token').doUpdateSet({
        user_id: d.userId,
        platform: d.platform,
        name: sql`coalesce(excluded.name, devices.name)`,
      }),
    )
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toDevice(row);
}

export async function listDevices(db: AnyDB, userId: string): Promise<Device[]> {
  const rows = (await db
    .selectFrom('devices')
    .select(COLUMNS)
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute()) as Row[];
  return rows.map(toDevice);
}

export async function countDevices(db: AnyDB, userId: string): Promise<number> {
  const row: { n: string | number } | undefined = await db
    .selectFrom('devices')
    .select(sql<string>`count(*)`.as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function deleteDevice(db: AnyDB, userId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('devices')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Forgets a token the push provider reported as no longer registered. */
export async function deleteDeviceToken(db: AnyDB, token: string): Promise<void> {
  await db.deleteFrom('devices').where('token', '=', token).execute();
}
