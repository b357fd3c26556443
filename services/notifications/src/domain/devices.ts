import { uuidv7 } from '@tradeplane/kit';
import {
  countDevices,
  deleteDevice as remove,
  listDevices as list,
  upsertDevice,
  type Device,
  type DevicePlatform,
} from '../store/devices.store.ts';
import type { NotificationsDeps } from './deps.ts';
import { NotificationsErrors } from './errors.ts';

export async function registerDevice(
  deps: NotificationsDeps,
  userId: string,
  input: { token: string; platform: DevicePlatform; name?: string | undefined },
): Promise<Device> {
  const token = input.token.trim();
  const mine = await list(deps.db, userId);
  const max = deps.config.NOTIFICATIONS_MAX_DEVICES_PER_USER;
  if (!mine.some((d) => d.token === token) && (await countDevices(deps.db, userId)) >= max)
    throw NotificationsErrors.tooMany('devices', max);
  return upsertDevice(deps.db, {
    id: uuidv7(),
    userId,
    token,
    platform: input.platform,
    name: input.name?.trim() || null,
    createdAt: deps.now(),
  });
}

export const listDevices = (deps: NotificationsDeps, userId: string) => list(deps.db, userId);

export async function deleteDevice(deps: NotificationsDeps, userId: string, id: string): Promise<void> {
  if (!(await remove(deps.db, userId, id))) throw NotificationsErrors.deviceNotFound();
}
