import { Type, type Static } from 'typebox';

/** A decimal, or `off` to disable the limit. */
const Limit = (dflt: string, description: string) =>
  Type.String({ pattern: '^(\\d+(\\.\\d+)?|off)$', default: dflt, description });
const Action = (dflt: 'REDUCING' | 'HALTED') =>
  Type.Union([Type.Literal('REDUCING'), Type.Literal('HALTED')], { default: dflt });

/**
 * Defaults of every account's limits (an account gets its own row, from these, the first time it
 * is checked or read) and how risk reaches portfolio.
 */
export const RiskConfig = Type.Object({
  RISK_MAX_ORDER_NOTIONAL: Limit('250000', 'Largest order value in USD'),
  RISK_MAX_POSITION_PCT: Limit('100', 'Largest position after an order, in % of equity'),
  RISK_MAX_OPEN_ORDERS: Type.Integer({ minimum: 1, maximum: 100_000, default: 200 }),
  RISK_PRICE_COLLAR_PCT: Limit('10', 'How far (%) a limit price may be from the last price'),
  RISK_DAILY_LOSS_LIMIT_PCT: Limit('10', 'Loss (%) vs start-of-day equity that trips the daily-loss breaker'),
  RISK_MAX_DRAWDOWN_PCT: Limit('25', 'Drawdown (%) from the high-water mark that trips the drawdown breaker'),
  // REDUCING by default: a tripped breaker still lets stop-losses and closing orders through.
  RISK_DAILY_LOSS_ACTION: Action('REDUCING'),
  RISK_DRAWDOWN_ACTION: Action('REDUCING'),
  RISK_SHORTING_ENABLED: Type.Boolean({ default: true }),
  /** Compliance rules on for an account until its owner switches them (comma-separated rule ids). */
  RISK_COMPLIANCE_DEFAULT_RULES: Type.String({ default: 'day-trade-limit,wash-trade' }),
  /** Below this equity the day-trade rule applies (FINRA Rule 4210's $25,000). */
  RISK_DAY_TRADE_MIN_EQUITY: Type.String({ pattern: '^\\d+(\\.\\d+)?$', default: '25000' }),
  /** Deadline of the pre-trade call to portfolio; orders' own deadline on risk must be longer. */
  RISK_PORTFOLIO_TIMEOUT_MS: Type.Integer({ minimum: 50, maximum: 30_000, default: 1_500 }),
});

export type RiskConfig = Static<typeof RiskConfig>;
