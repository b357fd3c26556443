import { ProblemSchema, type ServiceApp } from '@tradeplane/kit';
import type { NotificationsDeps } from '../domain/deps.ts';
import { getWebhookAllowlist, setWebhookAllowlist } from '../domain/webhook-allowlist.ts';
import { AllowlistBody, AllowlistResponse } from '../schemas/notifications.schemas.ts';

const tags = ['admin'];
const errors = { 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema };

/** The administrators' part of the webhook SSRF allow-list. */
export async function adminRoutes(app: ServiceApp, deps: NotificationsDeps): Promise<void> {
  app.get(
    '/v1/notifications/admin/webhook-allowlist',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Hosts and networks webhooks may reach although private, loopback or link-local',
        response: { 200: AllowlistResponse, ...errors },
      },
    },
    async () => getWebhookAllowlist(deps),
  );

  app.put(
    '/v1/notifications/admin/webhook-allowlist',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Replace the allow-list (configuration entries stay in force)',
        body: AllowlistBody,
        response: { 200: AllowlistResponse, ...errors },
      },
    },
    async (req) => setWebhookAllowlist(deps, req.body.entries),
  );
}
