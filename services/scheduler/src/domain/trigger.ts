import type { TriggerKind, TriggerTarget } from '@tradeplane/contracts';

export type { TriggerKind, TriggerTarget };
export type MisfirePolicy = 'fire_once' | 'skip';
export const MISFIRE_POLICIES: readonly MisfirePolicy[] = ['fire_once', 'skip'];
export const TRIGGER_KINDS: readonly TriggerKind[] = ['cron', 'market', 'price', 'news'];
export const DEFAULT_TIMEZONE = 'America/New_York';

export interface CronSchedule {
  expression: string;
  /** IANA time zone the expression is read in. */
  timezone: string;
}

export interface MarketSchedule {
  event: 'open' | 'close';
  /** Minutes after (positive) or before (negative) the session's open or close. */
  offsetMinutes: number;
}

export interface PriceSchedule {
  symbol: string;
  direction: 'above' | 'below';
  /** Decimal string. */
  level: string;
}

export interface NewsSchedule {
  /** Any of these symbols (upper case); empty: any symbol. */
  symbols: string[];
  /** Any of these words or phrases, case-insensitive, as whole words; empty: any text. */
  keywords: string[];
}

/** A kind together with its schedule, so one narrows the other. */
export type TriggerSpec =
  | { kind: 'cron'; schedule: CronSchedule }
  | { kind: 'market'; schedule: MarketSchedule }
  | { kind: 'price'; schedule: PriceSchedule }
  | { kind: 'news'; schedule: NewsSchedule };

export type Trigger = TriggerSpec & {
  id: string;
  userId: string;
  name: string;
  target: TriggerTarget;
  misfirePolicy: MisfirePolicy;
  enabled: boolean;
  nextFireAt: Date | null;
  lastFiredAt: Date | null;
  version: number;
  createdAt: Date;
  updatedAt: Date;
};

export type TimeTrigger = Trigger & { kind: 'cron' | 'market' };

/** Cron and market triggers fire at computed instants; price and news on what they observe. */
export const isTimeTrigger = (t: Trigger): t is TimeTrigger => t.kind === 'cron' || t.kind === 'market';

export interface TriggerRun {
  id: string;
  triggerId: string;
  userId: string;
  scheduledFor: Date;
  firedAt: Date;
  misfire: boolean;
  status: 'fired' | 'skipped';
  reason: string;
  context: Record<string, unknown>;
}
