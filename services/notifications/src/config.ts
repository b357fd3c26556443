import { Type, type Static } from 'typebox';
import { ConfigError } from '@tradeplane/kit';

const Ms = (dflt: number, min: number, max: number, description: string) =>
  Type.Integer({ minimum: min, maximum: max, default: dflt, description });
const HttpUrl = (dflt: string, description: string) =>
  Type.String({ pattern: '^https?://', default: dflt, description });

/**
 * Notifications' configuration: the delivery worker, webhook retries and the SSRF allow-list, and
 * the outside channels (SMTP, Twilio, Firebase Cloud Messaging), each off until configured.
 */
export const NotificationsConfig = Type.Object({
  /** How often the delivery worker looks for due deliveries (it is also woken after each notification). */
  NOTIFICATIONS_DELIVERY_POLL_MS: Ms(1_000, 10, 600_000, 'Delivery worker poll interval'),
  NOTIFICATIONS_DELIVERY_BATCH: Type.Integer({ minimum: 1, maximum: 1_000, default: 50 }),
  NOTIFICATIONS_DELIVERY_CONCURRENCY: Type.Integer({ minimum: 1, maximum: 100, default: 8 }),
  /**
   * A claimed delivery is not handed to another worker for this long; it must outlast the slowest
   * send (webhook/provider timeouts), or a slow send could be repeated by a second instance.
   */
  NOTIFICATIONS_DELIVERY_LEASE_MS: Ms(120_000, 1_000, 3_600_000, 'Claim lease of one delivery attempt'),
  /** How long a failing delivery is retried before it is marked dead (webhooks: 24 h). */
  NOTIFICATIONS_RETRY_WINDOW_MS: Ms(86_400_000, 0, 30 * 86_400_000, 'Retry window'),
  /** First retry delay; each further retry doubles it (with jitter) up to the maximum. */
  NOTIFICATIONS_RETRY_BASE_MS: Ms(10_000, 1, 86_400_000, 'First retry delay'),
  NOTIFICATIONS_RETRY_MAX_MS: Ms(3_600_000, 1, 86_400_000, 'Largest retry delay'),
  /** Deadline of one webhook POST, connect to last byte. */
  NOTIFICATIONS_WEBHOOK_TIMEOUT_MS: Ms(10_000, 50, 60_000, 'Webhook request deadline'),
  /** Host names (`hooks.internal`, `*.corp.example`), addresses or CIDRs admitted although private. */
  NOTIFICATIONS_WEBHOOK_ALLOWLIST: Type.String({ default: '' }),
  NOTIFICATIONS_MAX_WEBHOOKS_PER_USER: Type.Integer({ minimum: 1, maximum: 1_000, default: 10 }),
  NOTIFICATIONS_MAX_DEVICES_PER_USER: Type.Integer({ minimum: 1, maximum: 1_000, default: 20 }),
  NOTIFICATIONS_MAX_ALERTS_PER_USER: Type.Integer({ minimum: 1, maximum: 100_000, default: 200 }),
  /** How often price alerts created or changed on other instances are picked up. */
  NOTIFICATIONS_ALERT_REFRESH_MS: Ms(5_000, 100, 600_000, 'Price alert reload interval'),
  /** Key (≥ 32 chars) that encrypts webhook secrets at rest; without it one is generated and kept in the schema. */
  NOTIFICATIONS_SECRETS_KEY: Type.Optional(Type.String({ minLength: 32 })),
  /** Inbox records (dedupe) and published outbox rows are kept this long. */
  NOTIFICATIONS_EVENT_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 3650, default: 14 }),
  /** Notifications (and their delivery records) older than this are deleted. */
  NOTIFICATIONS_RETENTION_DAYS: Type.Integer({ minimum: 1, maximum: 36500, default: 180 }),
  /** Deadline of a call to identity for a user's email address. */
  NOTIFICATIONS_IDENTITY_TIMEOUT_MS: Ms(2_000, 50, 30_000, 'identity call deadline'),
  /** Deadline of one call to SMTP, Twilio or FCM. */
  NOTIFICATIONS_PROVIDER_TIMEOUT_MS: Ms(10_000, 50, 60_000, 'Email/SMS/push provider deadline'),

  /** `smtp://user:pass@host:587` or `smtps://…:465`; without it email goes to the log transport. */
  SMTP_URL: Type.Optional(Type.String({ pattern: '^smtps?://' })),
  SMTP_FROM: Type.String({ default: 'Tradeplane <notifications@tradeplane.local>' }),

  TWILIO_ACCOUNT_SID: Type.Optional(Type.String({ minLength: 1 })),
  TWILIO_AUTH_TOKEN: Type.Optional(Type.String({ minLength: 1 })),
  /** The sending number (E.164) or messaging service. */
  TWILIO_FROM: Type.Optional(Type.String({ minLength: 1 })),
  TWILIO_BASE_URL: HttpUrl('https://api.twilio.com', 'Twilio REST base URL'),

  /** A Google service account key (JSON text): client_email, private_key, project_id, token_uri. */
  FCM_SERVICE_ACCOUNT_JSON: Type.Optional(Type.String({ minLength: 2 })),
  FCM_BASE_URL: HttpUrl('https://fcm.googleapis.com', 'Firebase Cloud Messaging base URL'),
});

export type NotificationsConfig = Static<typeof NotificationsConfig>;

export interface TwilioSettings {
  accountSid: string;
  authToken: string;
  from: string;
  baseUrl: string;
}

/** The fields of a Google service account key that the FCM adapter uses. */
export interface FcmServiceAccount {
  clientEmail: string;
  privateKey: string;
  projectId: string;
  tokenUri: string;
}

export interface ChannelSettings {
  /** Normalized entries of NOTIFICATIONS_WEBHOOK_ALLOWLIST. */
  allowlist: string[];
  twilio: TwilioSettings | undefined;
  fcm: FcmServiceAccount | undefined;
}

/**
 * What the flat config means for the channels, checked at boot like the rest: a half-configured
 * provider (a Twilio SID without its token) or an unreadable service account stops the boot with
 * the list of what is wrong, instead of failing at the first delivery.
 */
export function channelSettings(
  cfg: Readonly<NotificationsConfig>,
  normalizeEntry: (raw: string) => string | undefined,
): ChannelSettings {
  const problems: string[] = [];

  const allowlist: string[] = [];
  for (const raw of cfg.NOTIFICATIONS_WEBHOOK_ALLOWLIST.split(',').map((s) => s.trim())) {
    if (!raw) continue;
    const entry = normalizeEntry(raw);
    if (entry) allowlist.push(entry);
    else problems.push(`NOTIFICATIONS_WEBHOOK_ALLOWLIST: not a host name, address or CIDR: ${raw}`);
  }

  let twilio: TwilioSettings | undefined;
  const twilioKeys = {
    TWILIO_ACCOUNT_SID: cfg.TWILIO_ACCOUNT_SID,
    TWILIO_AUTH_TOKEN: cfg.TWILIO_AUTH_TOKEN,
    TWILIO_FROM: cfg.TWILIO_FROM,
  };
  const missing = Object.entries(twilioKeys).filter(([, v]) => !v);
  if (missing.length === 0)
    twilio = {
      accountSid: cfg.TWILIO_ACCOUNT_SID!,
      authToken: cfg.TWILIO_AUTH_TOKEN!,
      from: cfg.TWILIO_FROM!,
      baseUrl: cfg.TWILIO_BASE_URL.replace(/\/+$/, ''),
    };
  else if (missing.length < 3)
    problems.push(
      `SMS needs all of TWILIO_ACCOUNT_SID, TWILIO_AUTH_TOKEN, TWILIO_FROM; missing ${missing.map(([k]) => k).join(', ')}`,
    );

  let fcm: FcmServiceAccount | undefined;
  if (cfg.FCM_SERVICE_ACCOUNT_JSON) {
    let parsed: Record<string, unknown> | undefined;
    try {
      parsed = JSON.parse(cfg.FCM_SERVICE_ACCOUNT_JSON) as Record<string, unknown>;
    } catch {
      problems.push('FCM_SERVICE_ACCOUNT_JSON: not valid JSON');
    }
    if (parsed) {
      const field = (k: string) =>
        typeof parsed[k] === 'string' && parsed[k] ? (parsed[k] as string) : undefined;
      const account = {
        clientEmail: field('client_email'),
        privateKey: field('private_key'),
        projectId: field('project_id'),
        tokenUri: field('token_uri') ?? 'https://oauth2.googleapis.com/token',
      };
      const absent = (['client_email', 'private_key', 'project_id'] as const).filter((k) => !field(k));
      if (absent.length > 0) problems.push(`FCM_SERVICE_ACCOUNT_JSON: missing ${absent.join(', ')}`);
      else if (!/^https?:\/\//.test(account.tokenUri))
        problems.push('FCM_SERVICE_ACCOUNT_JSON: token_uri is not a URL');
      else fcm = account as FcmServiceAccount;
    }
  }

  if (problems.length > 0) throw new ConfigError(problems);
  return { allowlist, twilio, fcm };
}
