import { AppError, badRequest, conflict, notFound } from '@tradeplane/kit';

/**
 * Errors of notifications' API. Another user's notification, webhook, device or alert gets the
 * same 404 as one that does not exist (no BOLA oracle).
 */
export const NotificationsErrors = {
  notificationNotFound: () => notFound('NOTIFICATIONS_NOT_FOUND', 'Notification not found'),
  webhookNotFound: () => notFound('NOTIFICATIONS_WEBHOOK_NOT_FOUND', 'Webhook endpoint not found'),
  deviceNotFound: () => notFound('NOTIFICATIONS_DEVICE_NOT_FOUND', 'Device not found'),
  alertNotFound: () => notFound('NOTIFICATIONS_ALERT_NOT_FOUND', 'Alert not found'),
  invalidCursor: () => badRequest('NOTIFICATIONS_INVALID_CURSOR', 'The cursor is not one this API returned'),
  invalidWebhookUrl: (message: string) => badRequest('NOTIFICATIONS_WEBHOOK_URL_INVALID', message),
  webhookTargetForbidden: (message: string, details: Record<string, unknown>) =>
    new AppError('NOTIFICATIONS_WEBHOOK_TARGET_FORBIDDEN', 400, message, { details }),
  webhookUnresolvable: (host: string) =>
    badRequest('NOTIFICATIONS_WEBHOOK_URL_UNRESOLVABLE', `The webhook host ${host} does not resolve`, {
      host,
    }),
  invalidAllowlist: (entry: string) =>
    badRequest(
      'NOTIFICATIONS_ALLOWLIST_INVALID',
      `Not a host name, IP address or CIDR: ${JSON.stringify(entry)}`,
      { entry },
    ),
  invalidAlert: (message: string) => badRequest('NOTIFICATIONS_ALERT_INVALID', message),
  invalidPreferences: (message: string) => badRequest('NOTIFICATIONS_PREFERENCES_INVALID', message),
  tooMany: (what: string, max: number) =>
    conflict('NOTIFICATIONS_LIMIT_REACHED', `At most ${max} ${what} per user`, { max }),
} as const;
