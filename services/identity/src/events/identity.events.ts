import { ApiKeyCreated, UserRegistered } from '@tradeplane/contracts';
import type { NewEvent } from '@tradeplane/kit';
import type { Static } from 'typebox';

/** The events identity publishes (packages/contracts catalog), staged through ctx.emit. */
export function userRegistered(data: Static<typeof UserRegistered.data>): NewEvent {
  return { type: UserRegistered.type, subject: data.userId, userId: data.userId, data };
}

export function apiKeyCreated(data: Static<typeof ApiKeyCreated.data>): NewEvent {
  return { type: ApiKeyCreated.type, subject: data.apiKeyId, userId: data.userId, data };
}
