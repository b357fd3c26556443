import { dec, Dec, type AnyDB } from '@tradeplane/kit';
import { RiskStateChanged, type TradingState } from '@tradeplane/contracts';
import type { RiskDeps } from './deps.ts';
import { RiskErrors } from './errors.ts';
import { defaultLimits, type Limits } from './limits.ts';
import { evaluateBreakers, moreRestrictive, type Trip } from './breakers.ts';
import { utcDate } from './calendar.ts';
import { dayTradeCount } from './compliance/day-trade.rule.ts';
import { getAccount, getOwnedAccount, type RiskAccount } from '../store/accounts.store.ts';
import { getOrCreateLimits } from '../store/limits.store.ts';
import { getOrCreateState, updateState, type StatePatch, type StateRecord } from '../store/state.store.ts';

/** Four day trades in five business days make a pattern day trader (FINRA Rule 4210(f)(8)(B)). */
const PATTERN_DAY_TRADES = 4;

/**
 * Moves an account to `to` and, when that changes the state, emits risk.state_changed in the same
 * transaction. Every change of state (owner, kill switch, breakers, reset) goes through here.
 */
export async function transition(
  deps: RiskDeps,
  tx: AnyDB,
  account: Pick<RiskAccount, 'accountId' | 'userId'>,
  from: StateRecord,
  to: TradingState,
  reason: string,
  changedBy: string,
  extra: StatePatch = {},
): Promise<StateRecord> {
  await updateState(tx, account.accountId, { ...extra, state: to, reason, changedBy });
  if (from.state !== to)
    await deps.emit(tx, {
      type: RiskStateChanged.type,
      subject: account.accountId,
      userId: account.userId,
      data: { accountId: account.accountId, userId: account.userId, from: from.state, to, reason },
    });
  return { ...from, ...extra, state: to, reason, changedBy, changedAt: new Date() };
}

export interface Valuation {
  equity: string;
  startOfDayEquity?: string | undefined;
  highWaterMark?: string | undefined;
  at: Date;
}

/**
 * What a valuation changes in the state row: the figures to write and the row after them, or
 * undefined for a valuation older than the one recorded (a late one must not roll them back).
 * Start-of-day equity is portfolio's when it sends one, else the first equity seen on the UTC day;
 * the high-water mark never goes down.
 */
export function valuationPatch(
  st: StateRecord,
  v: Valuation,
): { patch: StatePatch; next: StateRecord; day: string } | undefined {
  if (st.valuedAt && v.at < st.valuedAt) return undefined;
  const day = utcDate(v.at);
  const equity = dec(v.equity);
  const sodEquity =
    v.startOfDayEquity ?? (st.sodDate === day && st.sodEquity !== null ? st.sodEquity : v.equity);
  const hwm = Dec.max(equity, dec(st.highWaterMark ?? '0'), dec(v.highWaterMark ?? '0')).toFixed();
  const patch: StatePatch = {
    sodDate: day,
    sodEquity,
    highWaterMark: hwm,
    lastEquity: equity.toFixed(),
    valuedAt: v.at,
  };
  return { patch, next: { ...st, ...patch }, day };
}

/** The breaker a valuation trips, if any: none while the kill switch holds or the owner resumed today. */
export function breakerTrip(next: StateRecord, v: Valuation, day: string, limits: Limits): Trip | undefined {
  if (next.killSwitch || next.resumedOn === day) return undefined;
  return evaluateBreakers({
    equity: v.equity,
    startOfDayEquity: next.sodEquity,
    highWaterMark: next.highWaterMark,
    limits,
    state: next.state,
  });
}

/**
 * Records a valuation of the account (portfolio.valued, or the state fetched for a check) and runs
 * the breakers on it, with the state row locked (valuationPatch, breakerTrip).
 */
export async function observeValuation(
  deps: RiskDeps,
  tx: AnyDB,
  account: Pick<RiskAccount, 'accountId' | 'userId'>,
  v: Valuation,
  locked?: StateRecord,
  /** The account's limits when the caller has them already. */
  known?: Limits,
): Promise<StateRecord> {
  const st = locked ?? (await getOrCreateState(tx, account.accountId, true));
  const planned = valuationPatch(st, v);
  if (!planned) return st;
  await updateState(tx, account.accountId, planned.patch);
  const { next, day } = planned;
  // The owner resumed today after a breaker (or holds the kill switch): breakers stay quiet until tomorrow.
  if (next.killSwitch || next.resumedOn === day) return next;
  const limits = known ?? (await getOrCreateLimits(tx, account.accountId, defaultLimits(deps.config)));
  const trip = breakerTrip(next, v, day, limits);
  if (!trip) return next;
  deps.log.warn(
    { accountId: account.accountId, to: trip.to, breaker: trip.changedBy },
    'risk breaker tripped',
  );
  return transition(deps, tx, account, next, trip.to, trip.reason, trip.changedBy);
}

export interface StateView {
  accountId: string;
  state: TradingState;
  reason: string;
  changedBy: string;
  changedAt: string;
  killSwitchEngaged: boolean;
  dayTradeCount: number;
  patternDayTrader: boolean;
  startOfDayEquity: string | null;
  highWaterMark: string | null;
  lastEquity: string | null;
  valuedAt: string | null;
}

async function view(deps: RiskDeps, db: AnyDB, st: StateRecord): Promise<StateView> {
  const count = await dayTradeCount(db, st.accountId, deps.now());
  return {
    accountId: st.accountId,
    state: st.state,
    reason: st.reason,
    changedBy: st.changedBy,
    changedAt: st.changedAt.toISOString(),
    killSwitchEngaged: st.killSwitch,
    dayTradeCount: count,
    patternDayTrader: count >= PATTERN_DAY_TRADES,
    startOfDayEquity: st.sodEquity,
    highWaterMark: st.highWaterMark,
    lastEquity: st.lastEquity,
    valuedAt: st.valuedAt?.toISOString() ?? null,
  };
}

async function owned(deps: RiskDeps, db: AnyDB, userId: string, accountId: string): Promise<RiskAccount> {
  const account = await getOwnedAccount(db, userId, accountId);
  if (!account) throw RiskErrors.accountNotFound();
  return account;
}

export async function getTradingState(deps: RiskDeps, userId: string, accountId: string): Promise<StateView> {
  await owned(deps, deps.db, userId, accountId);
  return view(deps, deps.db, await getOrCreateState(deps.db, accountId));
}

/** What portfolio shows in the Alpaca account (no owner check: service callers only). */
export async function accountSummary(
  deps: RiskDeps,
  accountId: string,
  userId: string | undefined,
): Promise<StateView> {
  const account = await getAccount(deps.db, accountId);
  if (!account || (userId !== undefined && account.userId !== userId)) throw RiskErrors.accountNotFound();
  return view(deps, deps.db, await getOrCreateState(deps.db, accountId));
}

/** The owner sets the state. Loosening it also quiets the breakers for the rest of the UTC day. */
export async function setTradingState(
  deps: RiskDeps,
  userId: string,
  accountId: string,
  to: TradingState,
  reason: string | undefined,
): Promise<StateView> {
  return deps.transaction(async (tx) => {
    const account = await owned(deps, tx, userId, accountId);
    const st = await getOrCreateState(tx, accountId, true);
    if (st.killSwitch && to !== 'HALTED') throw RiskErrors.killSwitchEngaged();
    const loosening = moreRestrictive(st.state, to);
    const next = await transition(
      deps,
      tx,
      account,
      st,
      to,
      reason ?? `set to ${to} by the account owner`,
      'user',
      {
        ...(loosening ? { resumedOn: utcDate(deps.now()) } : {}),
      },
    );
    return view(deps, tx, next);
  });
}

/** Engaged: HALTED until released. Released: back to ACTIVE, breakers quiet for the rest of the day. */
export async function setKillSwitch(
  deps: RiskDeps,
  userId: string,
  accountId: string,
  engaged: boolean,
): Promise<StateView> {
  return deps.transaction(async (tx) => {
    const account = await owned(deps, tx, userId, accountId);
    const st = await getOrCreateState(tx, accountId, true);
    const next = engaged
      ? await transition(deps, tx, account, st, 'HALTED', 'kill switch engaged', 'kill_switch', {
          killSwitch: true,
        })
      : await transition(deps, tx, account, st, 'ACTIVE', 'kill switch released', 'kill_switch', {
          killSwitch: false,
          resumedOn: utcDate(deps.now()),
        });
    return view(deps, tx, next);
  });
}

/** A reset paper account starts from its new cash: a fresh baseline, and no breaker still tripped. */
export async function resetAccountState(
  deps: RiskDeps,
  tx: AnyDB,
  account: Pick<RiskAccount, 'accountId' | 'userId'>,
  cash: string,
  at: Date,
): Promise<void> {
  const st = await getOrCreateState(tx, account.accountId, true);
  const baseline: StatePatch = {
    sodDate: utcDate(at),
    sodEquity: dec(cash).toFixed(),
    highWaterMark: dec(cash).toFixed(),
    lastEquity: dec(cash).toFixed(),
    valuedAt: at,
  };
  if (st.changedBy.startsWith('breaker:') && st.state !== 'ACTIVE')
    await transition(deps, tx, account, st, 'ACTIVE', 'account reset', 'reset', baseline);
  else await updateState(tx, account.accountId, baseline);
}
