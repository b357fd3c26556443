import type { AnyTx } from '@tradeplane/kit';
import {
  AlertTriggered,
  NewsPublished,
  NotificationRequested,
  OrderCanceled,
  OrderExpired,
  OrderFilled,
  OrderPartiallyFilled,
  OrderRejected,
  RiskStateChanged,
  TriggerFired,
  UserRegistered,
  type CloudEvent,
  type EventDefinition,
} from '@tradeplane/contracts';
import type { Static, TSchema } from 'typebox';
import { Value } from 'typebox/value';
import { onNewsPublished } from '../domain/alerts.ts';
import type { NotificationsDeps } from '../domain/deps.ts';
import { notify } from '../domain/notify.ts';
import {
  alertTriggered,
  orderClosed,
  orderFilled,
  orderPartiallyFilled,
  riskStateChanged,
  triggerFired,
  type Rendered,
} from '../domain/render.ts';
import { TYPE_RE } from '../domain/types.ts';
import { setKnownEmail } from '../store/recipients.store.ts';

export const NOTIFICATIONS_EVENT_TYPES = [
  OrderFilled.type,
  OrderPartiallyFilled.type,
  OrderCanceled.type,
  OrderRejected.type,
  OrderExpired.type,
  RiskStateChanged.type,
  AlertTriggered.type,
  TriggerFired.type,
  NotificationRequested.type,
  NewsPublished.type,
  UserRegistered.type,
] as const;

const MAX_TITLE = 300;
const MAX_BODY = 5_000;

/**
 * Notifications' consumer. Runs inside the inbox transaction (ctx.subscribe), and each source event
 * makes at most one notification per user (unique source id), so a redelivered event changes
 * nothing. An event whose data does not match its contract is logged and dropped: retrying it
 * could never succeed.
 */
export function notificationsSubscriber(deps: NotificationsDeps) {
  const valid = <S extends TSchema>(def: EventDefinition<S>, event: CloudEvent): Static<S> | undefined => {
    if (Value.Check(def.data, event.data)) return event.data as Static<S>;
    deps.log.warn({ eventId: event.id, type: event.type }, 'event data does not match its contract; ignored');
    return undefined;
  };
  const make = async (tx: AnyTx, event: CloudEvent, r: Rendered | undefined) => {
    if (!r) return;
    await notify(deps, tx, {
      ...r,
      title: r.title.slice(0, MAX_TITLE),
      body: r.body.slice(0, MAX_BODY),
      sourceId: event.id,
    });
  };

  return async (event: CloudEvent, tx: AnyTx): Promise<void> => {
    switch (event.type) {
      case OrderFilled.type: {
        const d = valid(OrderFilled, event);
        return make(tx, event, d && orderFilled(d.order, d.fill));
      }
      case OrderPartiallyFilled.type: {
        const d = valid(OrderPartiallyFilled, event);
        return make(tx, event, d && orderPartiallyFilled(d.order, d.fill));
      }
      case OrderCanceled.type:
      case OrderRejected.type:
      case OrderExpired.type: {
        const d = valid(OrderCanceled, event);
        return make(
          tx,
          event,
          d &&
            orderClosed(
              event.type as 'order.canceled' | 'order.rejected' | 'order.expired',
              d.order,
              d.reason,
              d.code,
            ),
        );
      }
      case RiskStateChanged.type: {
        const d = valid(RiskStateChanged, event);
        return make(tx, event, d && riskStateChanged(d));
      }
      case AlertTriggered.type: {
        // Fires made here already made their notification under this event's id: a no-op then.
        const d = valid(AlertTriggered, event);
        return make(tx, event, d && alertTriggered(d));
      }
      case TriggerFired.type: {
        const d = valid(TriggerFired, event);
        if (!d || d.target.type !== 'notification') return;
        return make(tx, event, triggerFired(d));
      }
      case NotificationRequested.type: {
        const d = valid(NotificationRequested, event);
        if (!d) return;
        if (!TYPE_RE.test(d.type) || d.type.length > 100) {
          deps.log.warn(
            { eventId: event.id, type: d.type },
            'notification.requested with a malformed type; ignored',
          );
          return;
        }
        return make(tx, event, {
          userId: d.userId,
          type: d.type,
          title: d.title,
          body: d.body,
          data: d.data ?? {},
        });
      }
      case NewsPublished.type: {
        const d = valid(NewsPublished, event);
        if (d) await onNewsPublished(deps, tx, d);
        return;
      }
      case UserRegistered.type: {
        const d = valid(UserRegistered, event);
        if (d) await setKnownEmail(tx, d.userId, d.email);
        return;
      }
      default:
        deps.log.debug({ type: event.type }, 'notifications ignores this event type');
    }
  };
}
