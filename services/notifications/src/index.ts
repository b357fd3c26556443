export {
  notificationsService,
  createNotificationsService,
  type NotificationsServiceOptions,
  type NotificationsRuntime,
} from './app.ts';
export type { UserDirectory } from './clients/identity.client.ts';
export type { HostResolver, ResolvedAddress } from './domain/webhook-target.ts';
export {
  verifyWebhookSignature,
  signWebhook,
  SIGNATURE_HEADER,
  EVENT_HEADER,
  DELIVERY_HEADER,
} from './webhook-signature.ts';
