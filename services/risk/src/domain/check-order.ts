import { dec, uuidv7, type AnyDB } from '@tradeplane/kit';
import {
  ComplianceFlagged,
  RiskCheckFailed,
  type AccountStateResponse,
  type RiskCheckRequest,
  type RiskCheckResponse,
  type TradingState,
} from '@tradeplane/contracts';
import type { RuleStatus } from './compliance/registry.ts';
import type { RiskDeps } from './deps.ts';
import { REJECTION, RiskErrors } from './errors.ts';
import { defaultLimits, type Limits } from './limits.ts';
import {
  evaluatePreTrade,
  headroomOf,
  priceOrder,
  type Headroom,
  type PricedOrder,
  type Verdict,
} from './pre-trade.ts';
import { breakerTrip, observeValuation, valuationPatch, type Valuation } from './trading-state.ts';
import { upsertAccount, type RiskAccount } from '../store/accounts.store.ts';
import { readCheckContext } from '../store/check-context.store.ts';
import { getOrCreateLimits } from '../store/limits.store.ts';
import {
  getOrCreateState,
  recordValuation,
  type StatePatch,
  type StateRecord,
} from '../store/state.store.ts';
import { insertDecision } from '../store/decisions.store.ts';

/**
 * A check that changes none of the recorded figures (start-of-day equity, high-water mark, last
 * equity) writes its valuation time again only when the recorded one is older than this, so
 * checks of one account in quick succession do not queue on the state row (see checkOrder).
 */
export const VALUATION_REFRESH_MS = 1_000;

interface Decided {
  verdict: Verdict;
  state: TradingState;
  rule?: string;
  limits?: Limits;
  priced?: PricedOrder;
  compliance?: { id: string; enabled: boolean }[];
  /** On an approval: how far it holds (RiskCheckResponse.headroom). */
  headroom?: Headroom;
}

/** What a check reads before its transaction: nothing in it needs the account's state lock. */
interface Prefetched {
  local: RiskAccount | undefined;
  limits: Limits | undefined;
  rules: RuleStatus[];
}

/**
 * The pre-trade check orders makes before accepting any order (ARCHITECTURE §7, path 1).
 * Portfolio's view of the account is fetched first: when it can't be had, the check fails with
 * 503 and orders refuses the order. Risk's own view of the account (its owner, limits, compliance
 * switches and trading state) is read at the same time, in one statement. Then the breakers run
 * on the fresh valuation, the trading state and limits (pre-trade.ts), and the compliance rules
 * switched on for the account; the decision is stored with everything it was made from, and a
 * rejection emits risk.check_failed with it.
 *
 * Checks of one account do not queue on its state row: a check decides from the state as read
 * (a kill switch or a breaker that commits meanwhile is ordered after it, as it would be had it
 * waited for the row) and records the valuation's figures only when they change, or when the
 * recorded ones are older than VALUATION_REFRESH_MS, with one guarded statement (never rolling
 * back a later valuation, never lowering the high-water mark). What needs the row held — an
 * account's first check, which creates its rows, and a breaker that trips, whose transition
 * must be recorded once — takes the locked path: one transaction holding the state row.
 * Buying power across orders placed at once is kept by orders (place-order.ts) within the
 * headroom an approval states.
 */
export async function checkOrder(
  deps: RiskDeps,
  request: RiskCheckRequest,
  caller: { userId?: string | undefined },
): Promise<RiskCheckResponse> {
  if (caller.userId !== undefined && caller.userId !== request.userId) throw RiskErrors.userMismatch();
  const [account, context] = await Promise.all([
    deps.portfolio.get(request.accountId, request.userId),
    readCheckContext(deps.db, request.accountId),
  ]);
  const now = deps.now();
  const known: Prefetched = {
    local: context.account,
    limits: context.limits,
    rules: deps.compliance.withSettings(context.ruleSettings),
  };
  const unlocked = await unlockedCheck(deps, request, account, context.state, known, now);
  if (unlocked) return unlocked;
  return deps.transaction(async (tx) =>
    storeDecision(deps, tx, request, account, await decide(deps, tx, request, account, now, known)),
  );
}

/** A check on the state as read (see checkOrder); undefined when it needs the locked path. */
async function unlockedCheck(
  deps: RiskDeps,
  request: RiskCheckRequest,
  account: AccountStateResponse | undefined,
  st: StateRecord | undefined,
  known: Prefetched,
  now: Date,
): Promise<RiskCheckResponse | undefined> {
  const { local, limits } = known;
  if (!account || !local || !limits || !st) return undefined;
  if (account.userId !== request.userId || local.userId !== request.userId || local.closedAt)
    return undefined;
  const v: Valuation = {
    equity: account.equity,
    startOfDayEquity: account.startOfDayEquity,
    highWaterMark: account.highWaterMark,
    at: now,
  };
  const planned = valuationPatch(st, v);
  if (planned && breakerTrip(planned.next, v, planned.day, limits)) return undefined;
  const state = (planned?.next ?? st).state;
  const changes = planned !== undefined && changesFigures(st, planned.patch);
  const write = planned && (changes || isOld(st, now)) ? planned.patch : undefined;
  const decided = await evaluate(deps, deps.db, request, account, local, limits, known.rules, state, now);
  const record = (db: AnyDB) =>
    write
      ? recordValuation(
          db,
          request.accountId,
          {
            sodDate: write.sodDate!,
            sodEquity: write.sodEquity!,
            highWaterMark: write.highWaterMark!,
            lastEquity: write.lastEquity!,
            valuedAt: write.valuedAt!,
          },
          !changes,
        )
      : Promise.resolve();
  // An approval is one statement, and the valuation (when it is written) another: neither waits
  // for a transaction of the other, and the state row is held only while its statement commits.
  // A rejection and its events are one transaction, the state row (when written) last.
  if (decided.verdict.approved) {
    const res = await storeDecision(deps, deps.db, request, account, decided);
    await record(deps.db);
    return res;
  }
  return deps.transaction(async (tx) => {
    const res = await storeDecision(deps, tx, request, account, decided);
    await record(tx);
    return res;
  });
}

const sameAmount = (a: string | null, b: string | null | undefined) =>
  a === null || b === null || b === undefined ? a === (b ?? null) : dec(a).eq(b);

/** Whether a valuation changes a recorded figure (its time aside). */
function changesFigures(st: StateRecord, p: StatePatch): boolean {
  return (
    st.sodDate !== p.sodDate ||
    !sameAmount(st.sodEquity, p.sodEquity) ||
    !sameAmount(st.highWaterMark, p.highWaterMark) ||
    !sameAmount(st.lastEquity, p.lastEquity)
  );
}

const isOld = (st: StateRecord, now: Date) =>
  !st.valuedAt || now.getTime() - st.valuedAt.getTime() >= VALUATION_REFRESH_MS;

/** Stores the decision (and, for a rejection, its events) and answers it. */
async function storeDecision(
  deps: RiskDeps,
  db: AnyDB,
  request: RiskCheckRequest,
  account: AccountStateResponse | undefined,
  decided: Decided,
): Promise<RiskCheckResponse> {
  const checkId = uuidv7();
  const { verdict, state } = decided;
  const rejected = verdict.approved ? undefined : verdict;
  await insertDecision(db, {
    id: checkId,
    accountId: request.accountId,
    userId: request.userId,
    approved: verdict.approved,
    code: rejected?.code ?? null,
    message: rejected?.message ?? null,
    state,
    symbol: request.order.symbol.toUpperCase(),
    side: request.order.side,
    inputs: {
      request,
      account: account ?? null,
      limits: decided.limits ?? null,
      compliance: decided.compliance ?? null,
      priced: decided.priced
        ? {
            qty: decided.priced.qty.toFixed(),
            value: decided.priced.value.toFixed(),
            price: decided.priced.price.toFixed(),
            mark: decided.priced.mark.toFixed(),
            position: decided.priced.position.toFixed(),
          }
        : null,
      rule: decided.rule ?? null,
    },
  });
  if (rejected) {
    const base = { subject: request.accountId, userId: request.userId };
    await deps.emit(db, [
      {
        ...base,
        type: RiskCheckFailed.type,
        data: {
          accountId: request.accountId,
          userId: request.userId,
          checkId,
          code: rejected.code,
          message: rejected.message,
          symbol: request.order.symbol.toUpperCase(),
        },
      },
      ...(decided.rule
        ? [
            {
              ...base,
              type: ComplianceFlagged.type,
              data: {
                accountId: request.accountId,
                userId: request.userId,
                rule: decided.rule,
                message: rejected.message,
              },
            },
          ]
        : []),
    ]);
  }
  const h = decided.headroom;
  return {
    checkId,
    approved: verdict.approved,
    ...(rejected ? { code: rejected.code, message: rejected.message } : {}),
    state,
    ...(h
      ? {
          headroom: {
            openOrders: h.openOrders,
            buyNotional: h.buyNotional?.toFixed() ?? null,
            sellQty: h.sellQty?.toFixed() ?? null,
            ...(h.crossingOrders !== undefined ? { crossingOrders: h.crossingOrders } : {}),
            ...(h.spendNotional !== undefined ? { spendNotional: h.spendNotional.toFixed() } : {}),
          },
        }
      : {}),
  };
}

/** The locked path: the state row held for the transaction (an account's first check, a breaker). */
async function decide(
  deps: RiskDeps,
  tx: AnyDB,
  request: RiskCheckRequest,
  state: AccountStateResponse | undefined,
  now: Date,
  known: Prefetched,
): Promise<Decided> {
  const { local } = known;
  // Unknown to portfolio, or someone else's: one answer for both, the order's owner learns nothing.
  if (!state || state.userId !== request.userId || (local && local.userId !== request.userId))
    return {
      verdict: { approved: false, code: REJECTION.accountNotFound, message: 'account not found' },
      state: 'HALTED',
    };
  // account.opened may not have reached risk yet; portfolio's copy of the same event vouches for it.
  if (!local)
    await upsertAccount(tx, {
      accountId: request.accountId,
      userId: request.userId,
      name: '',
      marginEnabled: state.marginEnabled,
      isDefault: false,
    });
  const account = local ?? {
    accountId: request.accountId,
    userId: request.userId,
    marginEnabled: state.marginEnabled,
    closedAt: null,
  };
  if (account.closedAt)
    return {
      verdict: { approved: false, code: REJECTION.accountClosed, message: 'the account is closed' },
      state: 'HALTED',
    };

  // Created with the defaults the first time an account is checked (after the owner check).
  const limits = known.limits ?? (await getOrCreateLimits(tx, request.accountId, defaultLimits(deps.config)));
  const locked = await getOrCreateState(tx, request.accountId, true);
  const st = await observeValuation(
    deps,
    tx,
    account,
    {
      equity: state.equity,
      startOfDayEquity: state.startOfDayEquity,
      highWaterMark: state.highWaterMark,
      at: now,
    },
    locked,
    limits,
  );
  return evaluate(deps, tx, request, state, account, limits, known.rules, st.state, now);
}

/**
 * The rules on the order, in their fixed order (pre-trade.ts, then the compliance rules on for
 * the account), and for an approval its headroom.
 */
async function evaluate(
  deps: RiskDeps,
  db: AnyDB,
  request: RiskCheckRequest,
  state: AccountStateResponse,
  account: Pick<RiskAccount, 'marginEnabled'>,
  limits: Limits,
  rules: RuleStatus[],
  tradingState: TradingState,
  now: Date,
): Promise<Decided> {
  const input = {
    request,
    account: state,
    marginEnabled: account.marginEnabled,
    limits,
    state: tradingState,
  };
  const priced = priceOrder(request, state);
  let verdict = evaluatePreTrade(input, priced);
  const compliance = rules.map((r) => ({ id: r.rule.id, enabled: r.enabled }));
  const base = { state: tradingState, limits, priced, compliance };
  if (!verdict.approved) return { verdict, ...base };
  const headroom = headroomOf(input, priced);
  const ctx = {
    db,
    request,
    account: state,
    symbol: priced.symbol,
    qty: priced.qty,
    now,
    config: deps.config,
  };
  for (const { rule, enabled } of rules) {
    if (!enabled) continue;
    const result = await rule.evaluate(ctx);
    if (result !== 'ok') {
      verdict = { approved: false, code: result.code, message: result.message };
      return { verdict, ...base, rule: rule.id };
    }
    const more = rule.headroom?.(ctx);
    if (more?.crossingOrders !== undefined)
      headroom.crossingOrders = Math.min(headroom.crossingOrders ?? Infinity, more.crossingOrders);
  }
  return { verdict, ...base, headroom };
}
