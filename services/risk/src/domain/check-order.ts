import { uuidv7, type AnyDB } from '@tradeplane/kit';
import {
  ComplianceFlagged,
  RiskCheckFailed,
  type AccountStateResponse,
  type RiskCheckRequest,
  type RiskCheckResponse,
  type TradingState,
} from '@tradeplane/contracts';
import type { RiskDeps } from './deps.ts';
import { REJECTION, RiskErrors } from './errors.ts';
import { defaultLimits, type Limits } from './limits.ts';
import { evaluatePreTrade, priceOrder, type PricedOrder, type Verdict } from './pre-trade.ts';
import { observeValuation } from './trading-state.ts';
import { getAccount, upsertAccount } from '../store/accounts.store.ts';
import { getOrCreateLimits } from '../store/limits.store.ts';
import { getOrCreateState } from '../store/state.store.ts';
import { insertDecision } from '../store/decisions.store.ts';

interface Decided {
  verdict: Verdict;
  state: TradingState;
  rule?: string;
  limits?: Limits;
  priced?: PricedOrder;
  compliance?: { id: string; enabled: boolean }[];
}

/**
 * The pre-trade check orders makes before accepting any order (ARCHITECTURE §7, path 1).
 * Portfolio's view of the account is fetched first: when it can't be had, the check fails with
 * 503 and orders refuses the order. Then, in one transaction: the account and its owner, the
 * breakers on the fresh valuation, the trading state and limits (pre-trade.ts), the compliance
 * rules switched on for the account; the decision is stored with everything it was made from,
 * and a rejection emits risk.check_failed with it.
 */
export async function checkOrder(
  deps: RiskDeps,
  request: RiskCheckRequest,
  caller: { userId?: string | undefined },
): Promise<RiskCheckResponse> {
  if (caller.userId !== undefined && caller.userId !== request.userId) throw RiskErrors.userMismatch();
  const account = await deps.portfolio.get(request.accountId, request.userId);
  const now = deps.now();
  return deps.transaction(async (tx) => {
    const decided = await decide(deps, tx, request, account, now);
    const checkId = uuidv7();
    const { verdict, state } = decided;
    const rejected = verdict.approved ? undefined : verdict;
    await insertDecision(tx, {
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
      await deps.emit(tx, [
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
    return {
      checkId,
      approved: verdict.approved,
      ...(rejected ? { code: rejected.code, message: rejected.message } : {}),
      state,
    };
  });
}

async function decide(
  deps: RiskDeps,
  tx: AnyDB,
  request: RiskCheckRequest,
  state: AccountStateResponse | undefined,
  now: Date,
): Promise<Decided> {
  const local = await getAccount(tx, request.accountId);
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

  const limits = await getOrCreateLimits(tx, request.accountId, defaultLimits(deps.config));
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
  );
  const priced = priceOrder(request, state);
  let verdict = evaluatePreTrade(
    { request, account: state, marginEnabled: account.marginEnabled, limits, state: st.state },
    priced,
  );
  const rules = await deps.compliance.forAccount(tx, request.accountId);
  const compliance = rules.map((r) => ({ id: r.rule.id, enabled: r.enabled }));
  if (!verdict.approved) return { verdict, state: st.state, limits, priced, compliance };
  for (const { rule, enabled } of rules) {
    if (!enabled) continue;
    const result = await rule.evaluate({
      db: tx,
      request,
      account: state,
      symbol: priced.symbol,
      qty: priced.qty,
      now,
      config: deps.config,
    });
    if (result !== 'ok') {
      verdict = { approved: false, code: result.code, message: result.message };
      return { verdict, state: st.state, limits, priced, compliance, rule: rule.id };
    }
  }
  return { verdict, state: st.state, limits, priced, compliance };
}
