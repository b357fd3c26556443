/**
 * The order ticket's form → the `POST /v1/orders` body, with Alpaca's shape rules checked before
 * anything is sent (the same rules the orders service applies; the server stays the judge and its
 * answer is shown when it refuses). Pure: unit-tested in test/orderTicket.test.ts.
 */
import type { OrderClass, OrderRequest, OrderType, TimeInForce } from '../api/endpoints.ts';
import { cmp, dec, isPositiveDecimal } from './decimal.ts';
import { SYMBOL_RE } from './text.ts';

export const ORDER_TYPES: { value: OrderType; label: string }[] = [
  { value: 'market', label: 'Market' },
  { value: 'limit', label: 'Limit' },
  { value: 'stop', label: 'Stop' },
  { value: 'stop_limit', label: 'Stop limit' },
  { value: 'trailing_stop', label: 'Trailing stop' },
];
export const TIME_IN_FORCE: { value: TimeInForce; label: string }[] = [
  { value: 'day', label: 'Day' },
  { value: 'gtc', label: 'Good till canceled' },
  { value: 'ioc', label: 'Immediate or cancel' },
  { value: 'fok', label: 'Fill or kill' },
  { value: 'opg', label: 'At the open' },
  { value: 'cls', label: 'At the close' },
];
export const ORDER_CLASSES: { value: OrderClass; label: string }[] = [
  { value: 'simple', label: 'Simple' },
  { value: 'bracket', label: 'Bracket (entry + take profit + stop loss)' },
  { value: 'oco', label: 'OCO (take profit or stop loss exit)' },
  { value: 'oto', label: 'OTO (entry + one exit)' },
];

export type StopLossKind = 'stop' | 'stop_limit' | 'trail_price' | 'trail_percent';

export interface TicketForm {
  symbol: string;
  side: 'buy' | 'sell';
  type: OrderType;
  amountKind: 'qty' | 'notional';
  qty: string;
  notional: string;
  limitPrice: string;
  stopPrice: string;
  trailKind: 'price' | 'percent';
  trail: string;
  timeInForce: TimeInForce;
  orderClass: OrderClass;
  /** OTO: which single exit leg. */
  otoLeg: 'take_profit' | 'stop_loss';
  takeProfit: string;
  stopLossKind: StopLossKind;
  stopLossStop: string;
  stopLossLimit: string;
  stopLossTrail: string;
  extendedHours: boolean;
  clientOrderId: string;
}

export const EMPTY_TICKET: TicketForm = {
  symbol: '',
  side: 'buy',
  type: 'market',
  amountKind: 'qty',
  qty: '',
  notional: '',
  limitPrice: '',
  stopPrice: '',
  trailKind: 'percent',
  trail: '',
  timeInForce: 'day',
  orderClass: 'simple',
  otoLeg: 'take_profit',
  takeProfit: '',
  stopLossKind: 'stop',
  stopLossStop: '',
  stopLossLimit: '',
  stopLossTrail: '',
  extendedHours: false,
  clientOrderId: '',
};

export type TicketErrors = Partial<Record<keyof TicketForm, string>>;

export const needsLimit = (f: Pick<TicketForm, 'type' | 'orderClass'>) =>
  (f.type === 'limit' && f.orderClass !== 'oco') || f.type === 'stop_limit';
export const needsStop = (f: Pick<TicketForm, 'type'>) => f.type === 'stop' || f.type === 'stop_limit';
export const hasTakeProfit = (f: Pick<TicketForm, 'orderClass' | 'otoLeg'>) =>
  f.orderClass === 'bracket' ||
  f.orderClass === 'oco' ||
  (f.orderClass === 'oto' && f.otoLeg === 'take_profit');
export const hasStopLoss = (f: Pick<TicketForm, 'orderClass' | 'otoLeg'>) =>
  f.orderClass === 'bracket' ||
  f.orderClass === 'oco' ||
  (f.orderClass === 'oto' && f.otoLeg === 'stop_loss');
/** Whether the ticket may use a dollar amount: market day simple orders only. */
export const notionalAllowed = (f: Pick<TicketForm, 'type' | 'timeInForce' | 'orderClass'>) =>
  f.type === 'market' && f.timeInForce === 'day' && f.orderClass === 'simple';

function price(
  value: string,
  field: keyof TicketForm,
  label: string,
  errors: TicketErrors,
): string | undefined {
  const v = value.trim();
  if (!v) {
    errors[field] = `${label} is required`;
    return undefined;
  }
  if (!isPositiveDecimal(v)) {
    errors[field] = `${label} must be a positive number like 182.50`;
    return undefined;
  }
  const places = v.includes('.') ? v.split('.')[1]!.length : 0;
  if (places > (cmp(v, '1') >= 0 ? 2 : 4)) {
    errors[field] = `${label}: whole cents at $1 and above (4 decimals below $1)`;
    return undefined;
  }
  return v;
}

export type BuildResult = { ok: true; order: OrderRequest } | { ok: false; errors: TicketErrors };

export function buildOrder(form: TicketForm, accountId: string | undefined): BuildResult {
  const errors: TicketErrors = {};
  const symbol = form.symbol.trim().toUpperCase();
  if (!symbol) errors.symbol = 'Symbol is required';
  else if (!SYMBOL_RE.test(symbol)) errors.symbol = 'Symbol must be letters, digits, "." or "-", like AAPL';

  const order: OrderRequest = {
    symbol,
    side: form.side,
    type: form.type,
    timeInForce: form.timeInForce,
    orderClass: form.orderClass,
  };
  if (accountId) order.accountId = accountId;

  // Amount: exactly one of qty or notional.
  const useNotional = form.amountKind === 'notional';
  if (useNotional) {
    const n = form.notional.trim();
    if (!notionalAllowed(form))
      errors.notional = 'A dollar amount needs a simple market order, time in force Day';
    else if (!isPositiveDecimal(n)) errors.notional = 'Amount must be a positive number of dollars';
    else if (cmp(n, '1') < 0) errors.notional = 'Amount must be at least $1';
    else if ((n.split('.')[1] ?? '').length > 2) errors.notional = 'Amount has at most 2 decimals';
    else order.notional = n;
  } else {
    const q = form.qty.trim();
    if (!q) errors.qty = 'Quantity is required';
    else if (!isPositiveDecimal(q)) errors.qty = 'Quantity must be a positive number of shares';
    else if ((q.split('.')[1] ?? '').length > 9) errors.qty = 'Quantity has at most 9 decimals';
    else order.qty = q;
  }
  const fractional = useNotional || (form.qty.includes('.') && !/\.0*$/.test(form.qty.trim()));
  if (fractional && !errors.qty && !errors.notional) {
    if (form.timeInForce !== 'day') errors.timeInForce = 'Fractional orders must be Day orders';
    if (form.orderClass !== 'simple') errors.orderClass = 'Fractional orders must be simple orders';
  }

  if (needsLimit(form)) {
    const p = price(form.limitPrice, 'limitPrice', 'Limit price', errors);
    if (p) order.limitPrice = p;
  }
  if (needsStop(form)) {
    const p = price(form.stopPrice, 'stopPrice', 'Stop price', errors);
    if (p) order.stopPrice = p;
  }
  if (form.type === 'trailing_stop') {
    const t = form.trail.trim();
    if (!isPositiveDecimal(t)) errors.trail = 'Trail must be a positive number';
    else if (form.trailKind === 'percent') {
      if (cmp(t, '100') >= 0) errors.trail = 'Trail percent must be below 100';
      else order.trailPercent = t;
    } else {
      const p = price(t, 'trail', 'Trail amount', errors);
      if (p) order.trailPrice = p;
    }
    if (form.timeInForce !== 'day' && form.timeInForce !== 'gtc')
      errors.timeInForce = 'Trailing stop orders must be Day or Good till canceled';
  }

  if (
    (form.timeInForce === 'ioc' ||
      form.timeInForce === 'fok' ||
      form.timeInForce === 'opg' ||
      form.timeInForce === 'cls') &&
    form.type !== 'market' &&
    form.type !== 'limit'
  )
    errors.timeInForce = 'This time in force is for market and limit orders only';

  if (form.extendedHours) {
    if (form.type !== 'limit' || form.timeInForce !== 'day' || form.orderClass !== 'simple')
      errors.extendedHours = 'Extended hours orders must be simple Day limit orders';
    else order.extendedHours = true;
  }

  const cid = form.clientOrderId.trim();
  if (cid) {
    if (cid.length > 48) errors.clientOrderId = 'Client order id has at most 48 characters';
    else order.clientOrderId = cid;
  }

  if (form.orderClass !== 'simple') {
    if (form.timeInForce !== 'day' && form.timeInForce !== 'gtc')
      errors.timeInForce = 'Bracket, OCO and OTO orders must be Day or Good till canceled';
    if (form.type === 'trailing_stop') errors.type = 'Bracket, OCO and OTO orders cannot be trailing stops';
    if (form.orderClass === 'oco' && form.type !== 'limit') errors.type = 'OCO orders are limit orders';
    if (!useNotional && order.qty && order.qty.includes('.') && !/\.0*$/.test(order.qty))
      errors.qty = 'Bracket, OCO and OTO orders need whole shares';

    let tp: string | undefined;
    let slStop: string | undefined;
    if (hasTakeProfit(form)) {
      tp = price(form.takeProfit, 'takeProfit', 'Take-profit price', errors);
      if (tp) order.takeProfit = { limitPrice: tp };
    }
    if (hasStopLoss(form)) {
      const kind =
        form.orderClass === 'oco' && form.stopLossKind.startsWith('trail') ? 'stop' : form.stopLossKind;
      if (form.orderClass === 'oco' && form.stopLossKind.startsWith('trail'))
        errors.stopLossKind = 'An OCO stop loss cannot be a trailing stop';
      if (kind === 'stop' || kind === 'stop_limit') {
        slStop = price(form.stopLossStop, 'stopLossStop', 'Stop-loss stop price', errors);
        const sl: NonNullable<OrderRequest['stopLoss']> = {};
        if (slStop) sl.stopPrice = slStop;
        if (kind === 'stop_limit') {
          const l = price(form.stopLossLimit, 'stopLossLimit', 'Stop-loss limit price', errors);
          if (l) sl.limitPrice = l;
        }
        order.stopLoss = sl;
      } else {
        const t = form.stopLossTrail.trim();
        if (!isPositiveDecimal(t)) errors.stopLossTrail = 'Trail must be a positive number';
        else if (kind === 'trail_percent') {
          if (cmp(t, '100') >= 0) errors.stopLossTrail = 'Trail percent must be below 100';
          else order.stopLoss = { trailPercent: t };
        } else {
          const p = price(t, 'stopLossTrail', 'Trail amount', errors);
          if (p) order.stopLoss = { trailPrice: p };
        }
      }
    }
    if (tp && slStop) {
      // A bracket's exits close a long above (profit) and below (loss) the entry, a short the other
      // way round; an OCO is itself the exit, so a sell OCO closes a long.
      const above = form.orderClass === 'oco' ? form.side === 'sell' : form.side === 'buy';
      if (above && cmp(dec(tp), dec(slStop)) <= 0)
        errors.takeProfit = 'Take-profit must be above the stop-loss price';
      if (!above && cmp(dec(tp), dec(slStop)) >= 0)
        errors.takeProfit = 'Take-profit must be below the stop-loss price';
    }
    if (form.orderClass === 'oco' && tp) order.limitPrice = tp;
  }

  if (Object.keys(errors).length) return { ok: false, errors };
  return { ok: true, order };
}

/** One line that says what the order will do, for the ticket's review text. */
export function describeOrder(o: OrderRequest): string {
  const amount = o.notional ? `$${o.notional} of` : `${o.qty ?? '?'}`;
  const how =
    o.type === 'market'
      ? 'at market'
      : o.type === 'limit'
        ? `limit ${o.limitPrice ?? ''}`
        : o.type === 'stop'
          ? `stop ${o.stopPrice ?? ''}`
          : o.type === 'stop_limit'
            ? `stop ${o.stopPrice ?? ''} limit ${o.limitPrice ?? ''}`
            : `trailing ${o.trailPercent ? `${o.trailPercent}%` : `$${o.trailPrice ?? ''}`}`;
  const legs: string[] = [];
  if (o.takeProfit) legs.push(`take profit ${o.takeProfit.limitPrice}`);
  if (o.stopLoss) {
    const s = o.stopLoss;
    legs.push(
      s.trailPercent
        ? `trailing stop ${s.trailPercent}%`
        : s.trailPrice
          ? `trailing stop $${s.trailPrice}`
          : `stop loss ${s.stopPrice ?? ''}${s.limitPrice ? ` limit ${s.limitPrice}` : ''}`,
    );
  }
  return `${o.side === 'buy' ? 'Buy' : 'Sell'} ${amount} ${o.symbol} ${how}, ${o.timeInForce.toUpperCase()}${
    o.orderClass && o.orderClass !== 'simple' ? ` (${o.orderClass}: ${legs.join(', ')})` : ''
  }`;
}
