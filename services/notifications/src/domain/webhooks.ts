import { randomToken, uuidv7 } from '@tradeplane/kit';
import { insertDeliveries, listEndpointDeliveries } from '../store/deliveries.store.ts';
import {
  countWebhooks,
  deleteWebhook as remove,
  getOwnedWebhook,
  insertWebhook,
  listWebhooks as list,
  type WebhookEndpoint,
} from '../store/webhooks.store.ts';
import type { NotificationsDeps } from './deps.ts';
import { NotificationsErrors } from './errors.ts';
import type { Delivery } from './types.ts';
import { currentAllowlist } from './webhook-allowlist.ts';
import { checkTarget, WebhookTargetError } from './webhook-target.ts';

export interface RegisterWebhookInput {
  url: string;
  types?: string[] | undefined;
  secret?: string | undefined;
}

/** The endpoint as its owner sees it; the secret only in the answer to its creation. */
export interface WebhookView {
  id: string;
  url: string;
  types: string[];
  createdAt: Date;
}

const view = (w: WebhookEndpoint): WebhookView => ({
  id: w.id,
  url: w.url,
  types: w.types,
  createdAt: w.createdAt,
});

function parseUrl(raw: string): URL {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    throw NotificationsErrors.invalidWebhookUrl('The webhook URL is not a valid absolute URL');
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw NotificationsErrors.invalidWebhookUrl('The webhook URL must use http or https');
  if (url.username || url.password)
    throw NotificationsErrors.invalidWebhookUrl(
      'The webhook URL must not carry credentials; sign with the secret instead',
    );
  url.hash = '';
  return url;
}

/**
 * Registers an endpoint after the SSRF guard has resolved its host (the same check runs again at
 * every delivery). The secret is generated unless given, sealed at rest, and shown only now.
 */
export async function registerWebhook(
  deps: NotificationsDeps,
  userId: string,
  input: RegisterWebhookInput,
): Promise<WebhookView & { secret: string }> {
  const url = parseUrl(input.url);
  try {
    await checkTarget(url, await currentAllowlist(deps), deps.resolveHost);
  } catch (err) {
    if (!(err instanceof WebhookTargetError)) throw err;
    if (err.kind === 'unresolvable') throw NotificationsErrors.webhookUnresolvable(err.host);
    throw NotificationsErrors.webhookTargetForbidden(err.message, {
      host: err.host,
      ...(err.address ? { address: err.address } : {}),
      ...(err.reason ? { reason: err.reason } : {}),
    });
  }
  const max = deps.config.NOTIFICATIONS_MAX_WEBHOOKS_PER_USER;
  if ((await countWebhooks(deps.db, userId)) >= max)
    throw NotificationsErrors.tooMany('webhook endpoints', max);
  const secret = input.secret ?? `whsec_${randomToken(32)}`;
  const endpoint: WebhookEndpoint = {
    id: uuidv7(),
    userId,
    url: url.toString(),
    types: [...new Set(input.types ?? [])],
    secretSealed: deps.secrets.seal(secret),
    createdAt: deps.now(),
  };
  await insertWebhook(deps.db, endpoint);
  return { ...view(endpoint), secret };
}

export async function listWebhooks(deps: NotificationsDeps, userId: string): Promise<WebhookView[]> {
  return (await list(deps.db, userId)).map(view);
}

export async function deleteWebhook(deps: NotificationsDeps, userId: string, id: string): Promise<void> {
  if (!(await remove(deps.db, userId, id))) throw NotificationsErrors.webhookNotFound();
}

export async function listWebhookDeliveries(
  deps: NotificationsDeps,
  userId: string,
  id: string,
  page: { limit: number; cursor?: string | undefined },
): Promise<{ items: Delivery[]; nextCursor: string | null }> {
  if (!(await getOwnedWebhook(deps.db, userId, id))) throw NotificationsErrors.webhookNotFound();
  const rows = await listEndpointDeliveries(deps.db, id, { limit: page.limit + 1, before: page.cursor });
  const items = rows.slice(0, page.limit);
  return { items, nextCursor: rows.length > page.limit ? items[items.length - 1]!.id : null };
}

/**
 * Sends a signed test delivery to the endpoint now, once (no retries), and returns it as recorded in
 * the endpoint's delivery log.
 */
export async function testWebhook(
  deps: NotificationsDeps,
  attemptNow: (deliveryId: string) => Promise<Delivery | undefined>,
  userId: string,
  id: string,
): Promise<Delivery> {
  if (!(await getOwnedWebhook(deps.db, userId, id))) throw NotificationsErrors.webhookNotFound();
  const now = deps.now();
  const deliveryId = uuidv7();
  await insertDeliveries(deps.db, [
    {
      id: deliveryId,
      notificationId: null,
      userId,
      channel: 'webhook',
      endpointId: id,
      type: 'webhook.test',
      status: 'pending',
      // Outside the queue (the worker only takes rows with a due time) and with no retry window.
      nextAttemptAt: null,
      giveUpAt: now,
      deliveredAt: null,
      createdAt: now,
    },
  ]);
  const delivery = await attemptNow(deliveryId);
  if (!delivery) throw NotificationsErrors.webhookNotFound();
  return delivery;
}
