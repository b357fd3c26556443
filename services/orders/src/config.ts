import { Type, type Static } from 'typebox';

const Decimal = (dflt: string, description: string) =>
  Type.String({ pattern: '^\\d+(\\.\\d+)?$', default: dflt, description });

/** Orders' configuration, read once at boot (kit `loadConfig`). */
export const OrdersConfig = Type.Object({
  /** Starting cash of every new paper account unless the request says otherwise. */
  ORDERS_DEFAULT_CASH: Decimal('100000', 'starting cash of a paper account'),
  /** Deadline of one pre-trade check, retries included. Past it the order is refused (503). */
  RISK_TIMEOUT_MS: Type.Integer({ minimum: 50, maximum: 30_000, default: 1_500 }),
  MARKET_DATA_TIMEOUT_MS: Type.Integer({ minimum: 50, maximum: 30_000, default: 1_500 }),
  PORTFOLIO_TIMEOUT_MS: Type.Integer({ minimum: 50, maximum: 30_000, default: 2_000 }),
  /**
   * 'exchange' applies NYSE hours (opg/cls windows, day orders at the 16:00 close); 'always' is the
   * simulator's 24/7 market with UTC days; 'auto' reads the mode from market-data's clock.
   */
  ORDERS_SESSION_MODE: Type.Union([Type.Literal('auto'), Type.Literal('exchange'), Type.Literal('always')], {
    default: 'auto',
  }),
  /** Paper exchange slippage: none, a fixed number of basis points, or a share of the spread scaled by size. */
  PAPER_SLIPPAGE_MODEL: Type.Union(
    [Type.Literal('none'), Type.Literal('fixed_bps'), Type.Literal('spread')],
    {
      default: 'fixed_bps',
    },
  ),
  PAPER_SLIPPAGE_BPS: Decimal('1', 'fixed_bps model: basis points against the taker'),
  /** Seeded random extra slippage in [0, jitter) bps, so fills are not all identical yet repeatable. */
  PAPER_SLIPPAGE_JITTER_BPS: Decimal('0', 'random extra basis points, drawn from the seeded generator'),
  /** spread model: slippage = spread × this × (fill size / displayed size). */
  PAPER_SPREAD_IMPACT: Decimal('0.5', 'spread model: share of the spread paid per displayed size taken'),
  /** Share of the displayed size at the touch one quote may fill. */
  PAPER_MAX_QUOTE_FRACTION: Decimal('1', 'share of the displayed quote size one quote can fill'),
  /** Volume-participation cap: share of each trade print a resting order may take. */
  PAPER_PARTICIPATION_RATE: Decimal('0.25', 'share of a print a resting limit order may fill'),
  PAPER_SEED: Type.Integer({ minimum: 0, maximum: 2 ** 31 - 1, default: 42 }),
  PAPER_COMMISSION_PER_SHARE: Decimal('0', 'commission per share'),
  PAPER_COMMISSION_PER_ORDER: Decimal('0', 'commission per order (charged on its first fill)'),
  PAPER_COMMISSION_BPS: Decimal('0', 'commission in basis points of the fill value'),
  PAPER_COMMISSION_MIN: Decimal('0', 'minimum commission per fill'),
  /** Key for encrypting Alpaca secrets (≥ 32 chars). Without it a key is generated and kept in the schema. */
  ORDERS_SECRETS_KEY: Type.Optional(Type.String({ minLength: 32 })),
  /** Allow an Alpaca account to point at a base URL other than Alpaca's own (tests, proxies). */
  ORDERS_ALPACA_ALLOW_CUSTOM_URL: Type.Boolean({ default: false }),
  ALPACA_SUBMIT_TIMEOUT_MS: Type.Integer({ minimum: 50, maximum: 60_000, default: 5_000 }),
  /**
   * The codec the adapter asks Alpaca's trade_updates stream for (`Content-Type: application/msgpack`
   * on the upgrade request for msgpack). Frames of either codec are read whatever is asked.
   */
  ALPACA_STREAM_CODEC: Type.Union([Type.Literal('json'), Type.Literal('msgpack')], { default: 'json' }),
  /** How long an Alpaca submission may stay unconfirmed before it is marked rejected. */
  ALPACA_UNCONFIRMED_AFTER_MS: Type.Integer({ minimum: 1_000, maximum: 3_600_000, default: 300_000 }),
  ORDERS_EXPIRY_CHECK_MS: Type.Integer({ minimum: 50, maximum: 3_600_000, default: 1_000 }),
  ORDERS_MATCHER_LEASE_MS: Type.Integer({ minimum: 1_000, maximum: 120_000, default: 10_000 }),
  /** The matcher re-reads working orders this often (orders accepted by other instances). */
  ORDERS_RESYNC_MS: Type.Integer({ minimum: 100, maximum: 3_600_000, default: 2_000 }),
  IDEMPOTENCY_TTL_HOURS: Type.Integer({ minimum: 1, maximum: 720, default: 24 }),
});

export type OrdersConfig = Static<typeof OrdersConfig>;
