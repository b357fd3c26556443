import type { LookupFunction } from 'node:net';
import { Agent, request } from 'undici';
import type { NotificationsDeps } from '../domain/deps.ts';
import type { Delivery, Notification } from '../domain/types.ts';
import { currentAllowlist } from '../domain/webhook-allowlist.ts';
import { checkTarget, WebhookTargetError, type ResolvedAddress } from '../domain/webhook-target.ts';
import { getWebhookById } from '../store/webhooks.store.ts';
import { DELIVERY_HEADER, EVENT_HEADER, SIGNATURE_HEADER, signWebhook } from '../webhook-signature.ts';
import { describeError, type ChannelSender, type SendOutcome } from './channel.ts';

export const TEST_EVENT = 'webhook.test';

/** The JSON a receiver gets: the delivery id (also in Tradeplane-Delivery) and the notification. */
export function webhookPayload(delivery: Delivery, n: Notification | null): string {
  const notification = n
    ? {
        id: n.id,
        type: n.type,
        title: n.title,
        body: n.body,
        data: n.data,
        createdAt: n.createdAt.toISOString(),
        readAt: n.readAt?.toISOString() ?? null,
      }
    : {
        id: delivery.id,
        type: TEST_EVENT,
        title: 'Test delivery',
        body: 'Your Tradeplane webhook endpoint is reachable.',
        data: {},
        createdAt: delivery.createdAt.toISOString(),
        readAt: null,
      };
  return JSON.stringify({
    id: delivery.id,
    event: notification.type,
    createdAt: delivery.createdAt.toISOString(),
    notification,
  });
}

/** Answers every lookup with the address that was checked: the connection goes there and nowhere else. */
function pinnedLookup(target: ResolvedAddress): LookupFunction {
  return ((_host: string, options: { all?: boolean }, callback: (...args: unknown[]) => void) => {
    if (options?.all) callback(null, [{ address: target.address, family: target.family }]);
    else callback(null, target.address, target.family);
  }) as unknown as LookupFunction;
}

/**
 * POSTs to the checked address with a deadline on the whole exchange. Redirects are never followed
 * (undici's request does not follow them; a 3xx counts as a failure): a redirect could point
 * anywhere, past the guard.
 */
async function post(
  url: URL,
  target: ResolvedAddress,
  headers: Record<string, string>,
  body: string,
  timeoutMs: number,
): Promise<number> {
  const agent = new Agent({
    connect: { lookup: pinnedLookup(target), timeout: timeoutMs },
    headersTimeout: timeoutMs,
    bodyTimeout: timeoutMs,
    keepAliveTimeout: 1,
  });
  try {
    const res = await request(url, {
      method: 'POST',
      headers,
      body,
      dispatcher: agent,
      signal: AbortSignal.timeout(timeoutMs),
    });
    // The answer's body is not used; read at most a little of it so the socket can close cleanly.
    await res.body.dump({ limit: 64 * 1024 }).catch(() => undefined);
    return res.statusCode;
  } finally {
    await agent.destroy().catch(() => undefined);
  }
}

export function webhookChannel(deps: NotificationsDeps): ChannelSender {
  return {
    async send({ delivery, notification }): Promise<SendOutcome> {
      const endpoint = delivery.endpointId ? await getWebhookById(deps.db, delivery.endpointId) : undefined;
      if (!endpoint) return { kind: 'failed', error: 'the webhook endpoint was deleted' };
      const url = new URL(endpoint.url);
      let target: ResolvedAddress;
      try {
        target = await checkTarget(
          url,
          await currentAllowlist(deps),
          deps.resolveHost,
          deps.config.NOTIFICATIONS_WEBHOOK_TIMEOUT_MS,
        );
      } catch (err) {
        // DNS or the allow-list may change: retried like any other failure, never sent meanwhile.
        if (err instanceof WebhookTargetError)
          return { kind: 'retry', error: `target refused: ${err.message}` };
        throw err;
      }
      const body = webhookPayload(delivery, notification);
      const secret = deps.secrets.open(endpoint.secretSealed);
      const headers = {
        'content-type': 'application/json',
        'user-agent': 'Tradeplane-Webhooks/1.0',
        [SIGNATURE_HEADER.toLowerCase()]: signWebhook(secret, body, deps.now().getTime() / 1000),
        [EVENT_HEADER.toLowerCase()]: notification?.type ?? TEST_EVENT,
        [DELIVERY_HEADER.toLowerCase()]: delivery.id,
      };
      let status: number;
      try {
        status = await post(url, target, headers, body, deps.config.NOTIFICATIONS_WEBHOOK_TIMEOUT_MS);
      } catch (err) {
        return { kind: 'retry', error: describeError(err) };
      }
      if (status >= 200 && status < 300) return { kind: 'delivered', statusCode: status };
      const error =
        status >= 300 && status < 400 ? `redirect not followed (HTTP ${status})` : `HTTP ${status}`;
      return { kind: 'retry', error, statusCode: status };
    },
  };
}
