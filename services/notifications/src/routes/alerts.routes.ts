import { Type } from 'typebox';
import { currentUser, ProblemSchema, type ServiceApp } from '@tradeplane/kit';
import { createAlert, deleteAlert, getAlert, listAlerts } from '../domain/alerts.ts';
import type { NotificationsDeps } from '../domain/deps.ts';
import { NotificationsErrors } from '../domain/errors.ts';
import { AlertBody, AlertSchema, AlertsResponse } from '../schemas/alerts.schemas.ts';
import { IdParams } from '../schemas/notifications.schemas.ts';
import { alertView } from './views.ts';

const tags = ['alerts'];
const errors = { 400: ProblemSchema, 401: ProblemSchema };

/** Price alerts (on the quote feed) and news alerts (on news.published). */
export async function alertsRoutes(app: ServiceApp, deps: NotificationsDeps): Promise<void> {
  app.post(
    '/v1/alerts',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Create a price alert (symbol crosses a level) or a news alert (symbol and/or keyword)',
        body: AlertBody,
        response: { 201: AlertSchema, ...errors, 409: ProblemSchema },
      },
      // Before the schema's type coercion would turn a JSON number into a string: a level is
      // money-like and must arrive as a decimal string, never as a binary float.
      preValidation: async (req) => {
        const level = (req.body as { level?: unknown } | null)?.level;
        if (level !== undefined && typeof level !== 'string')
          throw NotificationsErrors.invalidAlert(
            'The level must be a decimal string, like "190.50", not a number',
          );
      },
    },
    async (req, reply) =>
      reply.code(201).send(alertView(await createAlert(deps, currentUser(req).userId, req.body))),
  );

  app.get(
    '/v1/alerts',
    {
      config: { auth: 'user' },
      schema: { tags, summary: 'Alerts, newest first', response: { 200: AlertsResponse, ...errors } },
    },
    async (req) => ({ items: (await listAlerts(deps, currentUser(req).userId)).map(alertView) }),
  );

  app.get(
    '/v1/alerts/:id',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'One alert',
        params: IdParams,
        response: { 200: AlertSchema, ...errors, 404: ProblemSchema },
      },
    },
    async (req) => alertView(await getAlert(deps, currentUser(req).userId, req.params.id)),
  );

  app.delete(
    '/v1/alerts/:id',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Delete an alert',
        params: IdParams,
        response: { 204: Type.Null(), ...errors, 404: ProblemSchema },
      },
    },
    async (req, reply) => {
      await deleteAlert(deps, currentUser(req).userId, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
