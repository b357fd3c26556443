/** Every service of the platform, its default port and the schema it owns (ARCHITECTURE §2). */
export const SERVICES = {
  gateway: { port: 8000, schema: 'edge' },
  portfolio: { port: 8001, schema: 'portfolio' },
  orders: { port: 8002, schema: 'orders' },
  signals: { port: 8003, schema: 'signals' },
  risk: { port: 8004, schema: 'risk' },
  'market-data': { port: 8005, schema: 'market' },
  analytics: { port: 8007, schema: 'analytics' },
  notifications: { port: 8008, schema: 'notifications' },
  identity: { port: 8009, schema: 'identity' },
  agents: { port: 8010, schema: 'agents' },
  research: { port: 8011, schema: 'research' },
  scheduler: { port: 8012, schema: 'scheduler' },
  billing: { port: 8013, schema: 'billing' },
  control: { port: 8014, schema: 'control' },
} as const;

export type ServiceName = keyof typeof SERVICES;
export const SERVICE_NAMES = Object.keys(SERVICES) as ServiceName[];

/**
 * Which service owns each native API area under `/v1/<area>`. The gateway routes by this table;
 * a later service adds its areas here.
 */
export const API_AREAS: Record<string, ServiceName> = {
  auth: 'identity',
  users: 'identity',
  'api-keys': 'identity',
  control: 'control',
  market: 'market-data',
  portfolio: 'portfolio',
  journal: 'portfolio',
  risk: 'risk',
  orders: 'orders',
  accounts: 'orders',
  notifications: 'notifications',
  alerts: 'notifications',
  triggers: 'scheduler',
};

/**
 * The Alpaca-compatible surface (Trading API v2 under /alpaca/v2, Market Data API under
 * /alpaca/data): which service serves each path prefix. Services serve these paths themselves,
 * in Alpaca's shapes; the gateway authenticates and forwards.
 */
export const ALPACA_ROUTES: readonly { prefix: string; service: ServiceName }[] = [
  { prefix: '/alpaca/data', service: 'market-data' },
  { prefix: '/alpaca/v2/clock', service: 'market-data' },
  { prefix: '/alpaca/v2/calendar', service: 'market-data' },
  { prefix: '/alpaca/v2/assets', service: 'market-data' },
  // Also covers /alpaca/v2/account/activities and /alpaca/v2/account/portfolio/history.
  { prefix: '/alpaca/v2/account', service: 'portfolio' },
  { prefix: '/alpaca/v2/positions', service: 'portfolio' },
  { prefix: '/alpaca/v2/watchlists', service: 'portfolio' },
  // Also covers /alpaca/v2/orders:by_client_order_id.
  { prefix: '/alpaca/v2/orders', service: 'orders' },
];
