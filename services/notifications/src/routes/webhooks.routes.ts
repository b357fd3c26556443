import { Type } from 'typebox';
import { currentUser, ProblemSchema, type ServiceApp } from '@tradeplane/kit';
import type { NotificationsDeps } from '../domain/deps.ts';
import type { Delivery } from '../domain/types.ts';
import {
  deleteWebhook,
  listWebhookDeliveries,
  listWebhooks,
  registerWebhook,
  testWebhook,
} from '../domain/webhooks.ts';
import {
  DeliveriesQuery,
  DeliveriesResponse,
  DeliverySchema,
  IdParams,
  WebhookBody,
  WebhookCreatedSchema,
  WebhooksResponse,
} from '../schemas/notifications.schemas.ts';
import { deliveryView, webhookView } from './views.ts';

const tags = ['webhooks'];
const errors = { 400: ProblemSchema, 401: ProblemSchema };

/** Signed webhook endpoints, their delivery logs and test deliveries. */
export async function webhooksRoutes(
  app: ServiceApp,
  deps: NotificationsDeps,
  attemptNow: (deliveryId: string) => Promise<Delivery | undefined>,
): Promise<void> {
  app.get(
    '/v1/notifications/webhooks',
    {
      config: { auth: 'user' },
      schema: { tags, summary: 'Webhook endpoints', response: { 200: WebhooksResponse, ...errors } },
    },
    async (req) => ({ items: (await listWebhooks(deps, currentUser(req).userId)).map(webhookView) }),
  );

  app.post(
    '/v1/notifications/webhooks',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Register a webhook endpoint; the answer shows its signing secret once',
        body: WebhookBody,
        response: { 201: WebhookCreatedSchema, ...errors, 409: ProblemSchema },
      },
    },
    async (req, reply) => {
      const created = await registerWebhook(deps, currentUser(req).userId, req.body);
      return reply.code(201).send({ ...webhookView(created), secret: created.secret });
    },
  );

  app.delete(
    '/v1/notifications/webhooks/:id',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Delete a webhook endpoint and its delivery log',
        params: IdParams,
        response: { 204: Type.Null(), ...errors, 404: ProblemSchema },
      },
    },
    async (req, reply) => {
      await deleteWebhook(deps, currentUser(req).userId, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/notifications/webhooks/:id/deliveries',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: "An endpoint's delivery log, newest first",
        params: IdParams,
        querystring: DeliveriesQuery,
        response: { 200: DeliveriesResponse, ...errors, 404: ProblemSchema },
      },
    },
    async (req) => {
      const page = await listWebhookDeliveries(deps, currentUser(req).userId, req.params.id, req.query);
      return { items: page.items.map(deliveryView), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/v1/notifications/webhooks/:id/test',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Send a signed test delivery now (once, no retries) and answer its outcome',
        params: IdParams,
        response: { 200: DeliverySchema, ...errors, 404: ProblemSchema },
      },
    },
    async (req) => deliveryView(await testWebhook(deps, attemptNow, currentUser(req).userId, req.params.id)),
  );
}
