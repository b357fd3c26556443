import { dec, isDecimalString, toWire, uuidv7, type AnyTx } from '@tradeplane/kit';
import {
  AlertTriggered,
  type AlertTriggered as AlertTriggeredData,
  type NewsPublished,
} from '@tradeplane/contracts';
import type { Static } from 'typebox';
import {
  countActiveAlerts,
  deleteAlert as remove,
  fireNewsAlert,
  getOwnedAlert,
  insertAlert,
  listAlerts as list,
  matchingNewsAlerts,
  type Alert,
  type AlertKind,
  type Direction,
  type Repeat,
} from '../store/alerts.store.ts';
import type { NotificationsDeps } from './deps.ts';
import { NotificationsErrors } from './errors.ts';
import { notify } from './notify.ts';
import { alertTriggered, formatPrice } from './render.ts';

export interface CreateAlertInput {
  kind: AlertKind;
  symbol?: string | undefined;
  direction?: Direction | undefined;
  level?: string | undefined;
  keyword?: string | undefined;
  repeat?: Repeat | undefined;
  note?: string | undefined;
}

/** Letters, digits, `.`, `-` and `/`, as market-data lists symbols (BRK.B, BTC/USD). */
const SYMBOL_RE = /^[A-Z0-9][A-Z0-9./-]{0,19}$/;
const MAX_LEVEL = dec('1000000000000');

function normalizeSymbol(raw: string | undefined): string | null {
  if (raw === undefined) return null;
  const symbol = raw.trim().toUpperCase();
  if (!SYMBOL_RE.test(symbol))
    throw NotificationsErrors.invalidAlert(`Not a symbol: ${JSON.stringify(raw)} (letters, digits, . - /)`);
  return symbol;
}

function normalizeLevel(raw: string | undefined): string {
  if (raw === undefined) throw NotificationsErrors.invalidAlert('A price alert needs a level');
  const level = raw.trim();
  if (!isDecimalString(level) || level.startsWith('-'))
    throw NotificationsErrors.invalidAlert(
      `The level must be a positive decimal string, like "190.50"; got ${JSON.stringify(raw)}`,
    );
  const d = dec(level);
  if (d.lte(0) || d.gt(MAX_LEVEL) || d.decimalPlaces() > 10)
    throw NotificationsErrors.invalidAlert(
      'The level must be above 0, below 10^12, with at most 10 decimals',
    );
  return toWire(d);
}

export async function createAlert(
  deps: NotificationsDeps,
  userId: string,
  input: CreateAlertInput,
): Promise<Alert> {
  const symbol = normalizeSymbol(input.symbol);
  const keyword = input.keyword?.trim() || null;
  const note = input.note?.trim() || null;
  let direction: Direction | null = null;
  let level: string | null = null;
  if (input.kind === 'price') {
    if (!symbol) throw NotificationsErrors.invalidAlert('A price alert needs a symbol');
    if (!input.direction)
      throw NotificationsErrors.invalidAlert('A price alert needs a direction: above or below');
    if (keyword) throw NotificationsErrors.invalidAlert('A price alert takes no keyword');
    direction = input.direction;
    level = normalizeLevel(input.level);
  } else {
    if (input.direction !== undefined || input.level !== undefined)
      throw NotificationsErrors.invalidAlert('A news alert takes no direction or level');
    if (!symbol && !keyword)
      throw NotificationsErrors.invalidAlert('A news alert needs a symbol, a keyword or both');
  }
  const max = deps.config.NOTIFICATIONS_MAX_ALERTS_PER_USER;
  if ((await countActiveAlerts(deps.db, userId)) >= max)
    throw NotificationsErrors.tooMany('active alerts', max);
  const alert = await insertAlert(deps.db, {
    id: uuidv7(),
    userId,
    kind: input.kind,
    symbol,
    direction,
    level,
    keyword,
    repeat: input.repeat ?? 'once',
    note,
    createdAt: deps.now(),
  });
  if (alert.kind === 'price') deps.alertsChanged();
  return alert;
}

export const listAlerts = (deps: NotificationsDeps, userId: string) => list(deps.db, userId);

export async function getAlert(deps: NotificationsDeps, userId: string, id: string): Promise<Alert> {
  const alert = await getOwnedAlert(deps.db, userId, id);
  if (!alert) throw NotificationsErrors.alertNotFound();
  return alert;
}

export async function deleteAlert(deps: NotificationsDeps, userId: string, id: string): Promise<void> {
  if (!(await remove(deps.db, userId, id))) throw NotificationsErrors.alertNotFound();
  deps.alertsChanged();
}

/**
 * The consequence of a fire, in the transaction that recorded it: `alert.triggered` through the
 * outbox, and the owner's notification keyed by that event (the subscriber that sees the event
 * again finds it made).
 */
export async function announceFire(
  deps: NotificationsDeps,
  tx: AnyTx,
  alert: Alert,
  message: string,
  context: Record<string, unknown>,
): Promise<void> {
  const data: AlertTriggeredData = {
    alertId: alert.id,
    userId: alert.userId,
    kind: alert.kind,
    symbol: alert.symbol,
    message,
    context: { ...context, ...(alert.note ? { note: alert.note } : {}), triggerCount: alert.triggerCount },
    at: (alert.lastTriggeredAt ?? deps.now()).toISOString(),
  };
  const [event] = await deps.emit(tx, {
    type: AlertTriggered.type,
    data,
    subject: alert.id,
    userId: alert.userId,
  });
  await notify(deps, tx, { ...alertTriggered(data), sourceId: event!.id });
}

export const priceMessage = (alert: Alert, price: string) =>
  `${alert.symbol} crossed ${alert.direction} ${formatPrice(alert.level!)} at ${formatPrice(price)}`;

/**
 * news.published → every active news alert it matches fires (in the inbox transaction, so a
 * redelivered article fires nothing twice); a 'once' alert is done after its first article.
 */
export async function onNewsPublished(
  deps: NotificationsDeps,
  tx: AnyTx,
  news: Static<typeof NewsPublished.data>,
): Promise<number> {
  const symbols = news.symbols.map((s) => s.toUpperCase());
  const matches = await matchingNewsAlerts(tx, symbols, `${news.headline}\n${news.summary}`);
  let fired = 0;
  for (const match of matches) {
    const alert = await fireNewsAlert(tx, match.id, deps.now());
    if (!alert) continue;
    const about = alert.symbol ? `News on ${alert.symbol}` : `News mentioning “${alert.keyword}”`;
    await announceFire(deps, tx, alert, `${about}: ${news.headline}`, {
      newsId: news.id,
      headline: news.headline,
      source: news.source,
      url: news.url,
      symbols: news.symbols,
      keyword: alert.keyword,
    });
    fired += 1;
  }
  return fired;
}
