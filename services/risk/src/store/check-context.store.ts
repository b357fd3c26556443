import { sql } from 'kysely';
import type { AnyDB } from '@tradeplane/kit';
import type { Limits } from '../domain/limits.ts';
import { toAccount, type AccountRow, type RiskAccount } from './accounts.store.ts';
import { toLimits, type LimitsRow } from './limits.store.ts';
import { toStateRecord, type StateRecord, type StateRow } from './state.store.ts';

/** The service's schema, for the raw SQL below (the query builder adds it by itself). */
const SCHEMA = 'risk';

/** What risk holds of an account, as a check reads it before deciding: each part absent until first needed. */
export interface CheckContext {
  account: RiskAccount | undefined;
  limits: Limits | undefined;
  /** The owner's explicit compliance switches, by rule id. */
  ruleSettings: Map<string, boolean>;
  /** The trading state row, read without a lock. */
  state: StateRecord | undefined;
}

const t = (table: string) => sql.id(SCHEMA, table);

/** Columns of `prefix`ed row back under their own names. */
function part<T>(row: Record<string, unknown>, prefix: string): T | undefined {
  if (row[`${prefix}account_id`] === null || row[`${prefix}account_id`] === undefined) return undefined;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(row)) if (k.startsWith(prefix)) out[k.slice(prefix.length)] = v;
  return out as T;
}

/**
 * The account, its limits, its compliance switches and its trading state in one round trip (one
 * statement, so one snapshot): the reads of a check that need no lock. Creates nothing.
 */
export async function readCheckContext(db: AnyDB, accountId: string): Promise<CheckContext> {
  const { rows } = await sql<Record<string, unknown>>`
    select a.account_id as a_account_id, a.user_id as a_user_id, a.name as a_name,
           a.margin_enabled as a_margin_enabled, a.is_default as a_is_default, a.closed_at as a_closed_at,
           l.account_id as l_account_id, l.max_order_notional as l_max_order_notional,
           l.max_position_pct as l_max_position_pct, l.max_open_orders as l_max_open_orders,
           l.allow_symbols as l_allow_symbols, l.deny_symbols as l_deny_symbols,
           l.price_collar_pct as l_price_collar_pct, l.daily_loss_limit_pct as l_daily_loss_limit_pct,
           l.max_drawdown_pct as l_max_drawdown_pct, l.daily_loss_action as l_daily_loss_action,
           l.drawdown_action as l_drawdown_action, l.shorting_enabled as l_shorting_enabled,
           l.updated_at as l_updated_at,
           s.account_id as s_account_id, s.state as s_state, s.reason as s_reason,
           s.changed_by as s_changed_by, s.changed_at as s_changed_at, s.kill_switch as s_kill_switch,
           s.resumed_on::text as s_resumed_on, s.sod_date::text as s_sod_date, s.sod_equity as s_sod_equity,
           s.high_water_mark as s_high_water_mark, s.last_equity as s_last_equity, s.valued_at as s_valued_at,
           (select coalesce(json_agg(json_build_array(c.rule_id, c.enabled)), '[]'::json)
              from ${t('compliance_settings')} c where c.account_id = k.id) as rules
      from (select ${accountId}::text as id) k
      left join ${t('accounts')} a on a.account_id = k.id
      left join ${t('limits')} l on l.account_id = k.id
      left join ${t('trading_states')} s on s.account_id = k.id`.execute(db);
  const row = rows[0]!;
  const account = part<AccountRow>(row, 'a_');
  const limits = part<LimitsRow>(row, 'l_');
  const state = part<StateRow>(row, 's_');
  const rules = (typeof row.rules === 'string' ? JSON.parse(row.rules) : row.rules) as [string, boolean][];
  return {
    account: account && toAccount(account),
    limits: limits && toLimits(limits),
    ruleSettings: new Map(rules),
    state: state && toStateRecord(state),
  };
}
