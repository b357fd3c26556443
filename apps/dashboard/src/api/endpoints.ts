/**
 * The dashboard's calls to the gateway, typed from the generated OpenAPI (schema.d.ts): every
 * argument and result type below is derived from it, so an API change breaks the typecheck here.
 * (The /v1/stream WebSocket protocol is not in the OpenAPI: its messages are typed in
 * stream/stream.ts from docs/realtime.md.)
 */
import { api, type BodyFor, type Res } from './http.ts';

// ------------------------------------------------------------------------------------ types
export type TokenPair = Res<'/v1/auth/login', 'post'>;
export type Me = Res<'/v1/users/me', 'get'>;
export type ApiKey = Res<'/v1/api-keys', 'get'>['data'][number];
export type NewApiKey = Res<'/v1/api-keys', 'post'>;
export type Account = Res<'/v1/accounts', 'get'>['data'][number];
export type NewAccount = BodyFor<'/v1/accounts', 'post'>;
export type AccountSummary = Res<'/v1/portfolio/accounts/{accountId}', 'get'>;
export type Position = Res<'/v1/portfolio/positions', 'get'>['data'][number];
export type Exits = NonNullable<Position['exits']>;
export type History = Res<'/v1/portfolio/history', 'get'>;
export type Activity = Res<'/v1/portfolio/activities', 'get'>['data'][number];
export type Order = Res<'/v1/orders', 'get'>['data'][number];
export type OrderRequest = BodyFor<'/v1/orders', 'post'>;
export type ReplaceRequest = BodyFor<'/v1/orders/{orderId}', 'patch'>;
export type OrderType = OrderRequest['type'];
export type TimeInForce = OrderRequest['timeInForce'];
export type OrderClass = NonNullable<OrderRequest['orderClass']>;
export type Asset = Res<'/v1/market/assets', 'get'>['data'][number];
export type Bar = Res<'/v1/market/bars/{symbol}', 'get'>['bars'][number];
export type NewsItem = Res<'/v1/market/news', 'get'>['news'][number];
export type Clock = Res<'/v1/market/clock', 'get'>;
export type RiskLimits = Res<'/v1/risk/limits', 'get'>;
export type RiskLimitsUpdate = BodyFor<'/v1/risk/limits', 'put'>;
export type RiskState = Res<'/v1/risk/state', 'get'>;
export type TradingState = RiskState['state'];
export type RiskDecision = Res<'/v1/risk/decisions', 'get'>['data'][number];
export type Compliance = Res<'/v1/risk/compliance', 'get'>;
export type Health = Res<'/health', 'get'>;
export type ServiceUptime = Res<'/v1/control/uptime', 'get'>['data'][number];
export type ServiceInstances = Res<'/v1/control/services', 'get'>['data'][number];
export type Trigger = Res<'/v1/triggers', 'get'>['items'][number];
export type TriggerKind = Trigger['kind'];
export type TriggerTarget = Trigger['target'];
export type NewTrigger = BodyFor<'/v1/triggers', 'post'>;
export type TriggerUpdate = BodyFor<'/v1/triggers/{id}', 'patch'>;
export type TriggerRun = Res<'/v1/triggers/{id}/runs', 'get'>['items'][number];
export type Notification = Res<'/v1/notifications', 'get'>['items'][number];
export type NotificationPreferences = Res<'/v1/notifications/preferences', 'get'>;
export type PreferencesUpdate = BodyFor<'/v1/notifications/preferences', 'put'>;
export type NotificationChannel = keyof NotificationPreferences['preferences'][number]['channels'];
export type WebhookEndpoint = Res<'/v1/notifications/webhooks', 'get'>['items'][number];
export type NewWebhookEndpoint = Res<'/v1/notifications/webhooks', 'post'>;
export type WebhookDelivery = Res<'/v1/notifications/webhooks/{id}/deliveries', 'get'>['items'][number];
export type Alert = Res<'/v1/alerts', 'get'>['items'][number];
export type NewAlert = BodyFor<'/v1/alerts', 'post'>;
export type Direction = NonNullable<Alert['direction']>;
export type Repeat = Alert['repeat'];

export const NOTIFICATION_CHANNELS: readonly NotificationChannel[] = [
  'inbox',
  'websocket',
  'email',
  'webhook',
  'sms',
  'push',
];

/**
 * `/v1/market/quotes` and `/v1/market/snapshots` declare their per-symbol maps as open objects in
 * the OpenAPI; these are the shapes the market-data service sends in them.
 */
export interface Quote {
  symbol: string;
  bidPrice: string;
  bidSize: number;
  askPrice: string;
  askSize: number;
  timestamp: string;
}
export interface Snapshot {
  latestTrade?: { price: string; size: number; timestamp: string } | null;
  latestQuote?: Quote | null;
  minuteBar?: Bar | null;
  dailyBar?: Bar | null;
  prevDailyBar?: Bar | null;
}

// ------------------------------------------------------------------------------------ identity
export const register = (email: string, password: string) =>
  api.post('/v1/auth/register', { body: { email, password } });
export const me = () => api.get('/v1/users/me');
export const listApiKeys = () => api.get('/v1/api-keys', { query: { limit: 100 } });
export const createApiKey = (name: string) => api.post('/v1/api-keys', { body: { name } });
export const revokeApiKey = (id: string) => api.delete('/v1/api-keys/{id}', { path: { id } });

// ------------------------------------------------------------------------------------ accounts
export const listAccounts = () => api.get('/v1/accounts');
export const openAccount = (body: NewAccount) => api.post('/v1/accounts', { body });
export const resetAccount = (accountId: string, cash: string, idempotencyKey: string) =>
  api.post('/v1/accounts/{accountId}/reset', {
    path: { accountId },
    body: { cash },
    headers: { 'idempotency-key': idempotencyKey },
  });
export const closeAccount = (accountId: string) =>
  api.post('/v1/accounts/{accountId}/close', { path: { accountId } });

// ------------------------------------------------------------------------------------ portfolio
export const accountSummaries = () => api.get('/v1/portfolio/accounts');
export const accountSummary = (accountId: string) =>
  api.get('/v1/portfolio/accounts/{accountId}', { path: { accountId } });
export const listPositions = (accountId: string) =>
  api.get('/v1/portfolio/positions', { query: { accountId } });
export const portfolioHistory = (accountId: string, period: string, timeframe: string) =>
  api.get('/v1/portfolio/history', { query: { accountId, period, timeframe } });
export const listActivities = (accountId: string, limit = 50) =>
  api.get('/v1/portfolio/activities', { query: { accountId, limit } });
export const closePosition = (
  accountId: string,
  symbol: string,
  body: BodyFor<'/v1/portfolio/positions/{symbol}/close', 'post'>,
  idempotencyKey: string,
) =>
  api.post('/v1/portfolio/positions/{symbol}/close', {
    path: { symbol },
    query: { accountId },
    body,
    headers: { 'idempotency-key': idempotencyKey },
  });
export const setExits = (
  accountId: string,
  symbol: string,
  body: BodyFor<'/v1/portfolio/positions/{symbol}/exits', 'put'>,
) => api.put('/v1/portfolio/positions/{symbol}/exits', { path: { symbol }, query: { accountId }, body });

// ------------------------------------------------------------------------------------ orders
export const listOrders = (accountId: string, status: 'open' | 'closed' | 'all', limit = 100) =>
  api.get('/v1/orders', { query: { accountId, status, limit, nested: true, direction: 'desc' } });
export const getOrder = (orderId: string) => api.get('/v1/orders/{orderId}', { path: { orderId } });
export const placeOrder = (body: OrderRequest, idempotencyKey: string) =>
  api.post('/v1/orders', { body, headers: { 'idempotency-key': idempotencyKey } });
export const cancelOrder = (orderId: string) => api.delete('/v1/orders/{orderId}', { path: { orderId } });
export const cancelAllOrders = (accountId: string) => api.delete('/v1/orders', { query: { accountId } });
export const replaceOrder = (orderId: string, body: ReplaceRequest) =>
  api.patch('/v1/orders/{orderId}', { path: { orderId }, body });

// ------------------------------------------------------------------------------------ market
let assetsCache: { at: number; value: Promise<Asset[]> } | null = null;
/** The listed assets: they change rarely, so one answer serves every page for 10 minutes. */
export function listAssets(): Promise<Asset[]> {
  if (!assetsCache || Date.now() - assetsCache.at > 600_000) {
    const value = api.get('/v1/market/assets').then((r) => r.data);
    value.catch(() => {
      if (assetsCache?.value === value) assetsCache = null;
    });
    assetsCache = { at: Date.now(), value };
  }
  return assetsCache.value;
}
export const marketClock = () => api.get('/v1/market/clock');
export const getBars = (symbol: string, timeframe: string, limit: number) =>
  api.get('/v1/market/bars/{symbol}', { path: { symbol }, query: { timeframe, limit, sort: 'desc' } });
export const news = (symbols: string | undefined, limit = 10) =>
  api.get('/v1/market/news', { query: { symbols, limit, sort: 'desc' } });
export async function snapshots(symbols: readonly string[]): Promise<Record<string, Snapshot>> {
  if (symbols.length === 0) return {};
  const res = await api.get('/v1/market/snapshots', { query: { symbols: symbols.join(',') } });
  return res.snapshots as Record<string, Snapshot>;
}
export const serverIndicator = (
  symbol: string,
  name: string,
  timeframe: string,
  params: object,
  limit: number,
) =>
  api.get('/v1/market/indicators/{symbol}', {
    path: { symbol },
    query: { name, timeframe, limit, params: JSON.stringify(params) },
  });

// ------------------------------------------------------------------------------------ risk
export const riskLimits = (accountId: string) => api.get('/v1/risk/limits', { query: { accountId } });
export const updateRiskLimits = (accountId: string, body: RiskLimitsUpdate) =>
  api.put('/v1/risk/limits', { query: { accountId }, body });
export const riskState = (accountId: string) => api.get('/v1/risk/state', { query: { accountId } });
export const setRiskState = (accountId: string, state: TradingState, reason: string) =>
  api.put('/v1/risk/state', { query: { accountId }, body: { state, reason } });
export const killSwitch = (accountId: string, engaged: boolean) =>
  api.post('/v1/risk/kill-switch', { body: { accountId, engaged } });
export const riskDecisions = (accountId: string, limit = 20) =>
  api.get('/v1/risk/decisions', { query: { accountId, limit } });
export const compliance = (accountId: string) => api.get('/v1/risk/compliance', { query: { accountId } });
export const setCompliance = (accountId: string, rules: { id: string; enabled: boolean }[]) =>
  api.put('/v1/risk/compliance', { query: { accountId }, body: { rules } });

// ------------------------------------------------------------------------------------ triggers
export const listTriggers = () => api.get('/v1/triggers');
export const createTrigger = (body: NewTrigger) => api.post('/v1/triggers', { body });
export const updateTrigger = (id: string, body: TriggerUpdate) =>
  api.patch('/v1/triggers/{id}', { path: { id }, body });
export const deleteTrigger = (id: string) => api.delete('/v1/triggers/{id}', { path: { id } });
export const triggerRuns = (id: string) =>
  api.get('/v1/triggers/{id}/runs', { path: { id }, query: { limit: 20 } });

// ------------------------------------------------------------------------------------ notifications
export const listNotifications = (
  opts: { unread?: boolean; limit?: number; cursor?: string | undefined } = {},
) =>
  api.get('/v1/notifications', {
    query: { unread: opts.unread ? true : undefined, limit: opts.limit ?? 50, cursor: opts.cursor },
  });
export const unreadCount = () => api.get('/v1/notifications/unread-count');
export const markRead = (id: string) => api.post('/v1/notifications/{id}/read', { path: { id } });
export const markAllRead = () => api.post('/v1/notifications/read-all');
export const getPreferences = () => api.get('/v1/notifications/preferences');
export const putPreferences = (body: PreferencesUpdate) => api.put('/v1/notifications/preferences', { body });
export const listWebhooks = () => api.get('/v1/notifications/webhooks');
export const createWebhook = (body: BodyFor<'/v1/notifications/webhooks', 'post'>) =>
  api.post('/v1/notifications/webhooks', { body });
export const deleteWebhook = (id: string) => api.delete('/v1/notifications/webhooks/{id}', { path: { id } });
export const webhookDeliveries = (id: string) =>
  api.get('/v1/notifications/webhooks/{id}/deliveries', { path: { id }, query: { limit: 50 } });
export const testWebhook = (id: string) => api.post('/v1/notifications/webhooks/{id}/test', { path: { id } });

// ------------------------------------------------------------------------------------ alerts
export const listAlerts = () => api.get('/v1/alerts');
export const createAlert = (body: NewAlert) => api.post('/v1/alerts', { body });
export const deleteAlert = (id: string) => api.delete('/v1/alerts/{id}', { path: { id } });

// ------------------------------------------------------------------------------------ system
/** `/health` answers 503 with the same body when a required service is down: both are data here. */
export async function platformHealth(): Promise<Health> {
  try {
    return await api.get('/health');
  } catch (err) {
    const p = (err as { problem?: { services?: unknown } }).problem;
    if (p && typeof p === 'object' && 'services' in p) return p as unknown as Health;
    throw err;
  }
}
export const controlUptime = () => api.get('/v1/control/uptime');
export const controlServices = () => api.get('/v1/control/services');
