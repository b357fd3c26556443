import type { SubscribeOptions } from '../ports.ts';

/** What the bus adapters log: transport trouble and failed deliveries, never payloads. */
export interface BusLog {
  warn(obj: object, msg: string): void;
}

export const noopLog: BusLog = { warn: () => undefined };

/** Defaults documented on SubscribeOptions in ports.ts; both adapters must agree on them. */
export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_REDELIVER_AFTER_MS = 30_000;

export interface ResolvedSubscription {
  group: string;
  types: string[];
  maxAttempts: number;
  redeliverAfterMs: number;
  from: 'new' | 'all';
}

export function resolveSubscribeOptions(opts: SubscribeOptions): ResolvedSubscription {
  if (!opts.group) throw new Error('subscribe: group is required');
  const types = [...new Set(opts.types)];
  if (types.length === 0) throw new Error(`subscribe(${opts.group}): at least one event type is required`);
  const maxAttempts = opts.maxAttempts ?? DEFAULT_MAX_ATTEMPTS;
  const redeliverAfterMs = opts.redeliverAfterMs ?? DEFAULT_REDELIVER_AFTER_MS;
  if (!Number.isInteger(maxAttempts) || maxAttempts < 1)
    throw new Error(`subscribe(${opts.group}): maxAttempts must be a positive integer`);
  if (!(redeliverAfterMs > 0)) throw new Error(`subscribe(${opts.group}): redeliverAfterMs must be positive`);
  return { group: opts.group, types, maxAttempts, redeliverAfterMs, from: opts.from ?? 'new' };
}

/**
 * How often a subscriber looks for deliveries left unacknowledged by a crashed or stuck consumer:
 * twice per redelivery period, so a stuck event is handed out again within 1.5× redeliverAfterMs.
 */
export function claimIntervalMs(redeliverAfterMs: number): number {
  return Math.max(50, Math.floor(redeliverAfterMs / 2));
}

export function errorMessage(err: unknown): string {
  if (err instanceof Error) return err.message || err.name;
  return typeof err === 'string' ? err : (JSON.stringify(err) ?? String(err));
}

export function notAckedError(deliveries: number): string {
  return `not acknowledged after ${deliveries} deliveries (handler crashed or timed out)`;
}
