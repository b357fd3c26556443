import { Type } from 'typebox';
import { defineEvent } from './cloudevent.ts';

/**
 * The event catalog (ARCHITECTURE §4). Names are `<entity>.<past verb>`; each entry is the schema
 * of the event's `data`. Services publish and consume only what is listed here.
 */
export const UserRegistered = defineEvent(
  'user.registered',
  Type.Object({ userId: Type.String(), email: Type.String(), role: Type.String() }),
);

export const ApiKeyCreated = defineEvent(
  'apikey.created',
  Type.Object({ userId: Type.String(), apiKeyId: Type.String(), keyId: Type.String(), name: Type.String() }),
);

export const Events = {
  UserRegistered,
  ApiKeyCreated,
} as const;
