import type { AnyDB, Logger, SecretBox, ServiceContext } from '@tradeplane/kit';
import type { ChannelSettings, NotificationsConfig } from '../config.ts';
import type { UserDirectory } from '../clients/identity.client.ts';
import type { HostResolver } from './webhook-target.ts';

/** What notifications' use cases need from the runtime; routes, subscribers, loops and tests hand the same. */
export interface NotificationsDeps {
  db: AnyDB;
  config: Readonly<NotificationsConfig>;
  channels: ChannelSettings;
  log: Logger;
  transaction: ServiceContext['transaction'];
  emit: ServiceContext['emit'];
  now: () => Date;
  /** In [0, 1): the jitter of retry delays. */
  random: () => number;
  secrets: SecretBox;
  directory: UserDirectory;
  resolveHost: HostResolver;
  /** Wakes the delivery worker: new deliveries were written (it re-checks after the commit). */
  wake: () => void;
  /** Tells the price-alert engine that alerts were created or deleted here. */
  alertsChanged: () => void;
}
