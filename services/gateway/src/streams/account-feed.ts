import {
  ACCOUNT_STREAM_CHANNELS,
  type AccountStreamChannel,
  type CloudEvent,
  type OrderSnapshot,
} from '@tradeplane/contracts';
import type { ServiceContext } from '@tradeplane/kit';

/**
 * The account side of `/v1/stream`: every event that belongs on a user's account channels is
 * written once to that user's log (the keyed log the platform shares between gateway instances)
 * and the log position it got is broadcast to every gateway instance, which pushes it to the
 * user's connected clients. The log is what makes account channels resumable; the broadcast is
 * only the doorbell.
 *
 * Each event is logged by exactly one gateway instance (one consumer group shared by all of
 * them) and at most once even when the bus redelivers it (the log dedupes by event id).
 */

/** What a client receives for an account event. */
export interface AccountMessage {
  userId: string;
  seq: string;
  channel: AccountStreamChannel;
  event: string;
  data: unknown;
  time: string;
}

type Routed = Omit<AccountMessage, 'seq'>;

export const ACCOUNT_BROADCAST = 'gateway.account-stream';
export const ACCOUNT_LOG_GROUP = 'gateway-account-stream';
export const USER_LOG_MAX = 1_000;
export const USER_LOG_TTL_MS = 24 * 3_600_000;

const ORDER_TYPES = [
  'order.accepted',
  'order.partially_filled',
  'order.filled',
  'order.canceled',
  'order.expired',
  'order.rejected',
  'order.replaced',
] as const;

export const ACCOUNT_EVENT_TYPES = [
  ...ORDER_TYPES,
  'position.changed',
  'portfolio.valued',
  'notification.delivered',
  'alert.triggered',
] as const;

export const userLogKey = (userId: string) => `ustream:${userId}`;

/** Which user and channel an event is for; undefined when it is not for the stream. */
export function routeEvent(event: CloudEvent): Routed | undefined {
  const data = event.data as Record<string, unknown>;
  const base = { event: event.type, data: event.data, time: event.time };
  if ((ORDER_TYPES as readonly string[]).includes(event.type)) {
    const order = data.order as OrderSnapshot | undefined;
    return order?.userId ? { ...base, userId: order.userId, channel: 'orders' } : undefined;
  }
  const userId = typeof data.userId === 'string' ? data.userId : undefined;
  if (!userId) return undefined;
  switch (event.type) {
    case 'position.changed':
      return { ...base, userId, channel: 'positions' };
    case 'portfolio.valued':
      return { ...base, userId, channel: 'portfolio' };
    case 'notification.delivered':
      // The inbox, email and webhook deliveries are recorded too; only the WebSocket one is pushed.
      return data.channel === 'websocket' ? { ...base, userId, channel: 'notifications' } : undefined;
    case 'alert.triggered':
      return { ...base, userId, channel: 'alerts' };
    default:
      return undefined;
  }
}

export const isAccountChannel = (c: string): c is AccountStreamChannel =>
  (ACCOUNT_STREAM_CHANNELS as readonly string[]).includes(c);

/** Starts logging account events of every user (one instance per event, cluster-wide). */
export function startAccountLogger(ctx: ServiceContext): void {
  const subscription = ctx.bus.subscribe({
    group: ACCOUNT_LOG_GROUP,
    types: ACCOUNT_EVENT_TYPES,
    handler: async (event) => {
      const routed = routeEvent(event);
      if (!routed) return;
      const seq = await ctx.platform.keyedLog.append(userLogKey(routed.userId), routed, {
        maxLen: USER_LOG_MAX,
        ttlMs: USER_LOG_TTL_MS,
        dedupeKey: `ustream-event:${event.id}`,
      });
      if (seq === undefined) return; // a redelivery: logged and announced already
      await ctx.bus.broadcast(ACCOUNT_BROADCAST, { ...routed, seq } satisfies AccountMessage);
    },
  });
  ctx.onClose(() => subscription.close());
}

/** Reads what a user's log holds after `afterSeq`, for a resuming client. */
export async function readUserLog(
  ctx: ServiceContext,
  userId: string,
  afterSeq: string,
): Promise<{ messages: AccountMessage[]; complete: boolean }> {
  const { entries, complete } = await ctx.platform.keyedLog.readAfter<Routed>(
    userLogKey(userId),
    afterSeq,
    USER_LOG_MAX,
    USER_LOG_TTL_MS,
  );
  return { messages: entries.map((e) => ({ ...e.payload, seq: e.id })), complete };
}
