import type { Delivery, Notification } from '../domain/types.ts';

/** One attempt to send one delivery. */
export interface DeliveryJob {
  delivery: Delivery;
  /** Null for a webhook endpoint's test delivery, which has no notification. */
  notification: Notification | null;
}

/**
 * What an attempt came to: delivered; worth retrying (a timeout, a 5xx, a refused connection);
 * failed for good (the provider refused the message itself); or skipped because the channel cannot
 * reach this user at all (not configured, no address) — said in `reason`.
 */
export type SendOutcome =
  | { kind: 'delivered'; statusCode?: number; note?: string }
  | { kind: 'retry'; error: string; statusCode?: number }
  | { kind: 'failed'; error: string; statusCode?: number }
  | { kind: 'skipped'; reason: string };

export interface ChannelSender {
  send(job: DeliveryJob): Promise<SendOutcome>;
  close?(): Promise<void> | void;
}

/** A short, log-safe description of an error. */
export function describeError(err: unknown): string {
  if (err instanceof Error) {
    const code = (err as { code?: unknown }).code;
    const msg = err.message || err.name;
    return (typeof code === 'string' && !msg.includes(code) ? `${code}: ${msg}` : msg).slice(0, 500);
  }
  return String(err).slice(0, 500);
}
