import { currentUser, ProblemSchema, type ServiceApp } from '@tradeplane/kit';
import type { NotificationsDeps } from '../domain/deps.ts';
import { listInbox, readAll, readNotification, unreadCount } from '../domain/inbox.ts';
import { getPreferences, updatePreferences } from '../domain/preferences.ts';
import {
  IdParams,
  InboxQuery,
  InboxResponse,
  NotificationSchema,
  PreferencesBody,
  PreferencesResponse,
  ReadAllResponse,
  UnreadCountResponse,
} from '../schemas/notifications.schemas.ts';
import { notificationView } from './views.ts';

const tags = ['notifications'];
const errors = { 400: ProblemSchema, 401: ProblemSchema };

/** The owner's inbox and notification preferences. */
export async function notificationsRoutes(app: ServiceApp, deps: NotificationsDeps): Promise<void> {
  app.get(
    '/v1/notifications',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Inbox, newest first',
        querystring: InboxQuery,
        response: { 200: InboxResponse, ...errors },
      },
    },
    async (req) => {
      const page = await listInbox(deps, currentUser(req).userId, req.query);
      return { items: page.items.map(notificationView), nextCursor: page.nextCursor };
    },
  );

  app.get(
    '/v1/notifications/unread-count',
    {
      config: { auth: 'user' },
      schema: { tags, summary: 'Unread notifications', response: { 200: UnreadCountResponse, ...errors } },
    },
    async (req) => ({ count: await unreadCount(deps, currentUser(req).userId) }),
  );

  app.post(
    '/v1/notifications/:id/read',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Mark a notification read',
        params: IdParams,
        response: { 200: NotificationSchema, ...errors, 404: ProblemSchema },
      },
    },
    async (req) => notificationView(await readNotification(deps, currentUser(req).userId, req.params.id)),
  );

  app.post(
    '/v1/notifications/read-all',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Mark every notification read',
        response: { 200: ReadAllResponse, ...errors },
      },
    },
    async (req) => ({ updated: await readAll(deps, currentUser(req).userId) }),
  );

  app.get(
    '/v1/notifications/preferences',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Channels per notification type, email address and phone',
        response: { 200: PreferencesResponse, ...errors },
      },
    },
    async (req) => getPreferences(deps, currentUser(req).userId),
  );

  app.put(
    '/v1/notifications/preferences',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Change some preferences (every field optional); answers the whole',
        body: PreferencesBody,
        response: { 200: PreferencesResponse, ...errors },
      },
    },
    async (req) => updatePreferences(deps, currentUser(req).userId, req.body),
  );
}
