import type { AnyDB } from '@tradeplane/kit';
import { getRuleSettings } from '../../store/compliance.store.ts';
import { dayTradeRule } from './day-trade.rule.ts';
import type { ComplianceRule } from './rule.ts';
import { washTradeRule } from './wash-trade.rule.ts';

/** Every compliance rule risk knows, in the order they run. */
export const COMPLIANCE_RULES: readonly ComplianceRule[] = [dayTradeRule, washTradeRule];

export interface RuleStatus {
  rule: ComplianceRule;
  enabled: boolean;
}

export interface ComplianceRegistry {
  readonly rules: readonly ComplianceRule[];
  get(id: string): ComplianceRule | undefined;
  /** Every rule with whether it is on for the account (its owner's choice, else the default). */
  forAccount(db: AnyDB, accountId: string): Promise<RuleStatus[]>;
  /** The same, from the owner's switches already read (rule id → on). */
  withSettings(settings: ReadonlyMap<string, boolean>): RuleStatus[];
}

export function createComplianceRegistry(
  rules: readonly ComplianceRule[],
  enabledByDefault: readonly string[],
): ComplianceRegistry {
  const defaults = new Set(enabledByDefault);
  return {
    rules,
    get: (id) => rules.find((r) => r.id === id),
    async forAccount(db, accountId) {
      return this.withSettings(await getRuleSettings(db, accountId));
    },
    withSettings(settings) {
      return rules.map((rule) => ({ rule, enabled: settings.get(rule.id) ?? defaults.has(rule.id) }));
    },
  };
}
