import { dec, Dec, type AnyDB } from '@tradeplane/kit';
import { RiskStateChanged, type TradingState } from '@tradeplane/contracts';
import type { RiskDeps } from './deps.ts';
import { RiskErrors } from './errors.ts';
import { defaultLimits } from './limits.ts';
import { evaluateBreakers, moreRestrictive } from './breakers.ts';
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
 * Records a valuation of the account (portfolio.valued, or the state fetched for a check) and runs
 * the breakers on it. Start-of-day equity is portfolio's when it sends one, else the first equity
 * seen on the UTC day; the high-water mark never goes down.
 */
export async function observeValuation(
  deps: RiskDeps,
  tx: AnyDB,
  account: Pick<RiskAccount, 'accountId' | 'userId'>,
  v: Valuation,
  locked?: StateRecord,
): Promise<StateRecord> {
  let st = locked ?? (await getOrCreateState(tx, account.accountId, true));
  // A late, older valuation must not roll the figures back.
  if (st.valuedAt && v.at < st.valuedAt) return st;
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
  await updateState(tx, account.accountId, patch);
  st = { ...st, ...patch };
  // The owner resumed today after a breaker (or holds the kill switch): breakers stay quiet until tomorrow.
  if (st.killSwitch || st.resumedOn === day) return st;
  const limits = await getOrCreateLimits(tx, account.accountId, defaultLimits(deps.config));
  const trip = evaluateBreakers({
    equity: v.equity,
    startOfDayEquity: sodEquity,
    highWaterMark: hwm,
    limits,
    state: st.state,
  });
  if (!trip) return st;
  deps.log.warn(
    { accountId: account.accountId, to: trip.to, breaker: trip.changedBy },
    'risk breaker tripped',
  );
  return transition(deps, tx, account, st, trip.to, trip.reason, trip.changedBy);
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
