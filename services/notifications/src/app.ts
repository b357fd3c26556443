import { defineService, loadSecretBox, type Logger, type ServiceContext } from '@tradeplane/kit';
import { MARKET_CHANNELS } from '@tradeplane/contracts';
import { migrations } from '../migrations/index.ts';
import { channelSettings, NotificationsConfig } from './config.ts';
import type { ChannelSender } from './channels/channel.ts';
import { createMailer, emailChannel, type Mailer } from './channels/email.channel.ts';
import { FcmClient, pushChannel } from './channels/push.channel.ts';
import { smsChannel } from './channels/sms.channel.ts';
import { webhookChannel } from './channels/webhook.channel.ts';
import { identityDirectory, type UserDirectory } from './clients/identity.client.ts';
import { DeliveryWorker } from './domain/delivery-worker.ts';
import { housekeeping } from './domain/housekeeping.ts';
import type { NotificationsDeps } from './domain/deps.ts';
import { PriceAlertEngine } from './domain/price-alerts.ts';
import { dnsResolver, normalizeAllowEntry, type HostResolver } from './domain/webhook-target.ts';
import { NOTIFICATIONS_EVENT_TYPES, notificationsSubscriber } from './events/notifications.subscribers.ts';
import { adminRoutes } from './routes/admin.routes.ts';
import { alertsRoutes } from './routes/alerts.routes.ts';
import { devicesRoutes } from './routes/devices.routes.ts';
import { notificationsRoutes } from './routes/notifications.routes.ts';
import { webhooksRoutes } from './routes/webhooks.routes.ts';

const HOUSEKEEPING_MS = 60 * 60_000;

/** Replaceable pieces: tests hand their own clock, jitter, DNS, identity and mail log. */
export interface NotificationsServiceOptions {
  now?: () => Date;
  random?: () => number;
  directory?: UserDirectory;
  resolveHost?: HostResolver;
  /** Where the log transport writes rendered emails (default: the service log). */
  mailLog?: Pick<Logger, 'info'>;
  onRuntime?: (rt: NotificationsRuntime) => void;
}

export interface NotificationsRuntime {
  deps: NotificationsDeps;
  worker: DeliveryWorker;
  alerts: PriceAlertEngine;
  mailer: Mailer;
  subscriber: ReturnType<typeof notificationsSubscriber>;
}

async function buildRuntime(
  ctx: ServiceContext<NotificationsConfig>,
  opts: NotificationsServiceOptions,
): Promise<NotificationsRuntime> {
  const cfg = ctx.config;
  const channels = channelSettings(cfg, normalizeAllowEntry);
  // The worker and the engine need deps, and deps call them: filled in right below.
  const late: { worker?: DeliveryWorker; alerts?: PriceAlertEngine } = {};
  const deps: NotificationsDeps = {
    db: ctx.db,
    config: cfg,
    channels,
    log: ctx.log,
    transaction: (fn) => ctx.transaction(fn),
    emit: (tx, events) => ctx.emit(tx, events),
    now: opts.now ?? (() => new Date()),
    random: opts.random ?? Math.random,
    secrets: await loadSecretBox(ctx.db, cfg.NOTIFICATIONS_SECRETS_KEY),
    directory:
      opts.directory ??
      identityDirectory(ctx.client('identity', { timeoutMs: cfg.NOTIFICATIONS_IDENTITY_TIMEOUT_MS })),
    resolveHost: opts.resolveHost ?? dnsResolver,
    wake: () => late.worker?.wake(),
    alertsChanged: () => late.alerts?.markStale(),
  };
  const mailer = createMailer(cfg, opts.mailLog ?? ctx.log);
  const fcm = channels.fcm
    ? new FcmClient(channels.fcm, cfg.FCM_BASE_URL, cfg.NOTIFICATIONS_PROVIDER_TIMEOUT_MS, deps.now)
    : undefined;
  const email: ChannelSender = emailChannel(deps, mailer);
  const worker = new DeliveryWorker(deps, {
    email,
    webhook: webhookChannel(deps),
    sms: smsChannel(deps, channels.twilio),
    push: pushChannel(deps, fcm),
  });
  const alerts = new PriceAlertEngine(deps);
  late.worker = worker;
  late.alerts = alerts;
  ctx.onClose(async () => {
    await worker.stop();
    await alerts.stop();
    mailer.close();
  });
  ctx.log.info(
    {
      email: mailer.kind,
      sms: channels.twilio ? 'twilio' : 'off',
      push: fcm ? 'fcm' : 'off',
      webhookAllowlist: channels.allowlist,
    },
    'notification channels',
  );
  return { deps, worker, alerts, mailer, subscriber: notificationsSubscriber(deps) };
}

/**
 * Notifications: the in-app inbox and preferences, delivery on WebSocket (through the gateway's
 * stream), email, signed webhooks, SMS and push, and price and news alerts (ARCHITECTURE §2).
 */
export function createNotificationsService(opts: NotificationsServiceOptions = {}) {
  const runtimes = new WeakMap<object, Promise<NotificationsRuntime>>();
  const runtimeOf = (ctx: ServiceContext<NotificationsConfig>): Promise<NotificationsRuntime> => {
    let rt = runtimes.get(ctx);
    if (!rt) {
      rt = buildRuntime(ctx, opts).then((built) => {
        opts.onRuntime?.(built);
        return built;
      });
      runtimes.set(ctx, rt);
    }
    return rt;
  };

  return defineService({
    name: 'notifications',
    schema: 'notifications',
    config: NotificationsConfig,
    migrations,
    eventRetentionDays: (c) => c.NOTIFICATIONS_EVENT_RETENTION_DAYS,
    async routes(app, ctx) {
      const { deps, worker } = await runtimeOf(ctx as unknown as ServiceContext<NotificationsConfig>);
      await notificationsRoutes(app, deps);
      await webhooksRoutes(app, deps, (id) => worker.attemptNow(id));
      await devicesRoutes(app, deps);
      await adminRoutes(app, deps);
      await alertsRoutes(app, deps);
    },
    async start(ctx) {
      const { deps, worker, alerts, subscriber } = await runtimeOf(
        ctx as unknown as ServiceContext<NotificationsConfig>,
      );
      ctx.subscribe(NOTIFICATIONS_EVENT_TYPES, subscriber);
      worker.start();
      ctx.every('notifications-deliveries', ctx.config.NOTIFICATIONS_DELIVERY_POLL_MS, () => worker.run());
      const offQuotes = ctx.bus.onBroadcast(MARKET_CHANNELS.quotes, alerts.onQuotes);
      ctx.onClose(offQuotes);
      ctx.every('notifications-housekeeping', HOUSEKEEPING_MS, async () => {
        await housekeeping(deps);
      });
      // Alerts created or deleted on other instances are picked up by reloading now and then.
      ctx.every('notifications-alert-reload', ctx.config.NOTIFICATIONS_ALERT_REFRESH_MS, async () =>
        alerts.markStale(),
      );
    },
  });
}

export const notificationsService = createNotificationsService();
