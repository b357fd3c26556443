import { dec, isDecimalString } from '@tradeplane/kit';
import { SchedulerErrors } from './errors.ts';
import { cronJob } from './time-schedule.ts';
import {
  DEFAULT_TIMEZONE,
  MISFIRE_POLICIES,
  TRIGGER_KINDS,
  type CronSchedule,
  type MarketSchedule,
  type MisfirePolicy,
  type NewsSchedule,
  type PriceSchedule,
  type TriggerKind,
  type TriggerSpec,
  type TriggerTarget,
} from './trigger.ts';
import { isTimeZone } from './zoned-time.ts';

/**
 * Checks a trigger's fields one by one and says exactly which one is wrong and why (400
 * problem+json with `field`): a JSON-schema union over four schedule shapes can only answer
 * "must match a schema in anyOf".
 */
const invalid = SchedulerErrors.invalidTrigger;

const SYMBOL_RE = /^[A-Za-z][A-Za-z0-9.-]{0,15}$/;
const MAX_LIST = 50;
export const OFFSET_LIMIT = 240;

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function onlyKeys(obj: Record<string, unknown>, field: string, allowed: readonly string[]): void {
  const extra = Object.keys(obj).filter((k) => !allowed.includes(k));
  if (extra.length > 0)
    throw invalid(`${field}.${extra[0]}`, `is not a field of ${field} (allowed: ${allowed.join(', ')})`);
}

function oneOf<T extends string>(v: unknown, field: string, allowed: readonly T[]): T {
  if (typeof v !== 'string' || !(allowed as readonly string[]).includes(v))
    throw invalid(field, `must be one of ${allowed.map((a) => `"${a}"`).join(', ')}`);
  return v as T;
}

export function parseName(v: unknown): string {
  if (typeof v !== 'string' || v.trim().length === 0) throw invalid('name', 'must be a non-empty string');
  if (v.length > 200) throw invalid('name', 'must be at most 200 characters');
  return v.trim();
}

export const parseKind = (v: unknown): TriggerKind => oneOf(v, 'kind', TRIGGER_KINDS);

export const parseMisfirePolicy = (v: unknown): MisfirePolicy => oneOf(v, 'misfirePolicy', MISFIRE_POLICIES);

export function parseTarget(v: unknown): TriggerTarget {
  if (!isObject(v)) throw invalid('target', 'must be an object { type, id?, message? }');
  onlyKeys(v, 'target', ['type', 'id', 'message']);
  const type = oneOf(v.type, 'target.type', ['agent', 'strategy', 'notification'] as const);
  const target: TriggerTarget = { type };
  if (v.id !== undefined) {
    if (typeof v.id !== 'string' || v.id.length === 0 || v.id.length > 128)
      throw invalid('target.id', 'must be a string of 1 to 128 characters');
    target.id = v.id;
  }
  // An agent run or a strategy evaluation needs to know which one; a notification goes to the owner.
  if (type !== 'notification' && target.id === undefined)
    throw invalid('target.id', `is required for a target of type "${type}"`);
  if (v.message !== undefined) {
    if (typeof v.message !== 'string' || v.message.length > 2000)
      throw invalid('target.message', 'must be a string of at most 2000 characters');
    target.message = v.message;
  }
  return target;
}

function parseCron(s: Record<string, unknown>, now: Date): CronSchedule {
  onlyKeys(s, 'schedule', ['expression', 'timezone']);
  if (typeof s.expression !== 'string' || s.expression.trim().length === 0)
    throw SchedulerErrors.invalidCron(
      'schedule.expression',
      'is required (a cron expression such as "0 9 * * 1-5")',
    );
  const expression = s.expression.trim().replace(/\s+/g, ' ');
  if (expression.length > 200) throw SchedulerErrors.invalidCron('schedule.expression', 'is too long');
  const fields = expression.split(' ').length;
  // Croner also takes an ISO date as a one-off "pattern"; a trigger schedule must recur.
  if (!expression.startsWith('@') && (fields < 5 || fields > 7))
    throw SchedulerErrors.invalidCron(
      'schedule.expression',
      `must have 5 fields (minute hour day month weekday), or 6-7 with seconds and year; got ${fields}`,
    );
  let timezone = DEFAULT_TIMEZONE;
  if (s.timezone !== undefined && s.timezone !== null) {
    if (typeof s.timezone !== 'string' || !isTimeZone(s.timezone))
      throw SchedulerErrors.invalidTimezone(String(s.timezone));
    timezone = s.timezone;
  }
  const schedule = { expression, timezone };
  let job;
  try {
    job = cronJob(schedule);
  } catch (err) {
    const why = (err as Error).message.replace(/^CronPattern: /, '');
    throw SchedulerErrors.invalidCron('schedule.expression', `is not a valid cron expression: ${why}`);
  }
  if (!job.nextRun(now)) throw SchedulerErrors.invalidCron('schedule.expression', 'never fires again');
  return schedule;
}

function parseMarket(s: Record<string, unknown>): MarketSchedule {
  onlyKeys(s, 'schedule', ['event', 'offsetMinutes']);
  const event = oneOf(s.event, 'schedule.event', ['open', 'close'] as const);
  const offset = s.offsetMinutes ?? 0;
  if (typeof offset !== 'number' || !Number.isInteger(offset) || Math.abs(offset) > OFFSET_LIMIT)
    throw invalid(
      'schedule.offsetMinutes',
      `must be a whole number of minutes from -${OFFSET_LIMIT} to ${OFFSET_LIMIT} (negative: before the ${event})`,
    );
  return { event, offsetMinutes: offset };
}

function parseSymbol(v: unknown, field: string): string {
  if (typeof v !== 'string' || !SYMBOL_RE.test(v))
    throw invalid(field, 'must be a ticker symbol such as "AAPL"');
  return v.toUpperCase();
}

function parsePrice(s: Record<string, unknown>): PriceSchedule {
  onlyKeys(s, 'schedule', ['symbol', 'direction', 'level']);
  const symbol = parseSymbol(s.symbol, 'schedule.symbol');
  const direction = oneOf(s.direction, 'schedule.direction', ['above', 'below'] as const);
  if (typeof s.level !== 'string' || !isDecimalString(s.level) || s.level.length > 32)
    throw invalid('schedule.level', 'must be a decimal string such as "190.50"');
  if (!dec(s.level).isPositive() || dec(s.level).isZero()) throw invalid('schedule.level', 'must be above 0');
  return { symbol, direction, level: s.level };
}

function parseNews(s: Record<string, unknown>): NewsSchedule {
  onlyKeys(s, 'schedule', ['symbols', 'keywords']);
  const list = (v: unknown, field: string): unknown[] => {
    if (v === undefined || v === null) return [];
    if (!Array.isArray(v) || v.length > MAX_LIST)
      throw invalid(field, `must be a list of at most ${MAX_LIST}`);
    return v;
  };
  const symbols = [
    ...new Set(list(s.symbols, 'schedule.symbols').map((x, i) => parseSymbol(x, `schedule.symbols[${i}]`))),
  ];
  const keywords = [
    ...new Set(
      list(s.keywords, 'schedule.keywords').map((x, i) => {
        if (typeof x !== 'string' || x.trim().length === 0 || x.length > 100)
          throw invalid(`schedule.keywords[${i}]`, 'must be a non-empty string of at most 100 characters');
        return x.trim();
      }),
    ),
  ];
  if (symbols.length === 0 && keywords.length === 0)
    throw invalid('schedule', 'of a news trigger needs at least one of symbols or keywords');
  return { symbols, keywords };
}

/** The schedule of `kind`, normalized (defaults filled in, symbols upper case). */
export function parseSpec(kind: TriggerKind, schedule: unknown, now: Date): TriggerSpec {
  if (!isObject(schedule)) throw invalid('schedule', `must be an object (the ${kind} schedule)`);
  switch (kind) {
    case 'cron':
      return { kind, schedule: parseCron(schedule, now) };
    case 'market':
      return { kind, schedule: parseMarket(schedule) };
    case 'price':
      return { kind, schedule: parsePrice(schedule) };
    case 'news':
      return { kind, schedule: parseNews(schedule) };
  }
}
