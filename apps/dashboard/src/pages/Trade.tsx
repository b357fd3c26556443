import { useEffect, useMemo, useRef, useState, type FormEvent } from 'react';
import {
  cancelAllOrders,
  cancelOrder,
  listAssets,
  listOrders,
  placeOrder,
  replaceOrder,
  type Order,
  type ReplaceRequest,
  type TimeInForce,
} from '../api/endpoints.ts';
import { ApiError, errorMessage } from '../api/http.ts';
import { Link, useLocation } from '../router.tsx';
import { useAccounts } from '../state/account.tsx';
import { useChannel, useResync, useStreamLive } from '../state/stream.tsx';
import { useLivePrices } from '../state/prices.ts';
import { useDebounced, useInterval, useResource } from '../state/useResource.ts';
import { isPositiveDecimal, mul } from '../lib/decimal.ts';
import { dateTime, stamp, money, price, qty } from '../lib/format.ts';
import {
  EMPTY_TICKET,
  ORDER_CLASSES,
  ORDER_TYPES,
  TIME_IN_FORCE,
  buildOrder,
  describeOrder,
  hasStopLoss,
  hasTakeProfit,
  needsLimit,
  needsStop,
  notionalAllowed,
  type TicketErrors,
  type TicketForm,
} from '../lib/orderTicket.ts';
import {
  Badge,
  Button,
  Card,
  Dialog,
  Empty,
  ErrorBox,
  Field,
  FormError,
  Loading,
  Notice,
  Tabs,
  controlProps,
  focusFirstError,
  newKey,
} from '../components/ui.tsx';

const FINAL = new Set([
  'filled',
  'canceled',
  'expired',
  'rejected',
  'replaced',
  'done_for_day',
  'stopped',
  'suspended',
  'calculated',
]);
const isOpen = (o: Pick<Order, 'status'>) => !FINAL.has(o.status);

export function TradePage() {
  const { current, error: accountsError, reload: reloadAccounts } = useAccounts();
  const loc = useLocation();
  const symbol = (loc.query.get('symbol') ?? '').toUpperCase();
  if (!current && accountsError)
    return <ErrorBox error={accountsError} onRetry={() => void reloadAccounts()} />;
  if (!current) return <Loading label="Loading your account…" />;
  return (
    <div className="page">
      <div className="page-head">
        <h1>Trade</h1>
        <span className="muted">{current.name}</span>
      </div>
      <div className="trade-grid">
        <OrderTicket accountId={current.id} initialSymbol={symbol} key={current.id} />
        <Blotter accountId={current.id} />
      </div>
    </div>
  );
}

function riskWords(err: unknown): string {
  if (err instanceof ApiError && err.code.startsWith('RISK_'))
    return `Rejected by risk checks: ${err.message}`;
  if (err instanceof ApiError && err.status === 422) return `The order was refused: ${err.message}`;
  return errorMessage(err);
}

function OrderTicket({ accountId, initialSymbol }: { accountId: string; initialSymbol: string }) {
  const [form, setForm] = useState<TicketForm>({ ...EMPTY_TICKET, symbol: initialSymbol || 'AAPL' });
  const [errors, setErrors] = useState<TicketErrors>({});
  const [result, setResult] = useState<{ kind: 'ok' | 'rejected'; text: string } | null>(null);
  const [serverError, setServerError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [advanced, setAdvanced] = useState(false);
  const formRef = useRef<HTMLFormElement>(null);
  const idemKey = useRef(newKey());
  const assets = useResource('assets', listAssets);
  const sym = form.symbol.trim().toUpperCase();
  const validSym = /^[A-Z][A-Z0-9.\-/]{0,20}$/.test(sym) ? sym : '';
  const prices = useLivePrices(validSym ? [validSym] : []);
  const lp = validSym ? prices[validSym] : undefined;

  useEffect(() => {
    if (initialSymbol) setForm((f) => ({ ...f, symbol: initialSymbol }));
  }, [initialSymbol]);

  const set = <K extends keyof TicketForm>(k: K, v: TicketForm[K]) => {
    setForm((f) => ({ ...f, [k]: v }));
    // Any edit makes it a new order: a fresh idempotency key.
    idemKey.current = newKey();
    setErrors((e) => (e[k] ? { ...e, [k]: undefined } : e));
  };

  useEffect(() => {
    if (form.amountKind === 'notional' && !notionalAllowed(form))
      setForm((f) => ({ ...f, amountKind: 'qty' }));
  }, [form]);

  const built = useMemo(() => buildOrder(form, accountId), [form, accountId]);
  const estimate =
    built.ok && built.order.qty && (lp?.ask || lp?.last)
      ? mul(built.order.qty, (form.side === 'buy' ? lp.ask : lp.bid) ?? lp.last ?? '0')
      : null;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setResult(null);
    setServerError(null);
    const b = buildOrder(form, accountId);
    if (!b.ok) {
      setErrors(b.errors);
      requestAnimationFrame(() => focusFirstError(formRef.current));
      return;
    }
    setErrors({});
    setBusy(true);
    try {
      const o = await placeOrder(b.order, idemKey.current);
      idemKey.current = newKey();
      if (o.status === 'rejected') {
        setResult({ kind: 'rejected', text: `Rejected: ${o.rejectReason ?? 'no reason given'}` });
      } else {
        setResult({
          kind: 'ok',
          text:
            o.status === 'filled'
              ? `Filled: ${o.side} ${qty(o.filledQty)} ${o.symbol} at ${price(o.filledAvgPrice)}.`
              : `Order ${o.status}: ${describeOrder(b.order)}.`,
        });
      }
      window.dispatchEvent(new CustomEvent('tradeplane:order-placed'));
    } catch (err) {
      // A refusal is final for this key; a network failure may be retried with the same key.
      if (!(err instanceof ApiError && err.status === 0)) idemKey.current = newKey();
      setServerError(err);
    } finally {
      setBusy(false);
    }
  };

  const tifOptions = TIME_IN_FORCE;
  return (
    <Card title="Order ticket" className="ticket">
      <form ref={formRef} onSubmit={(e) => void submit(e)} noValidate aria-describedby="ticket-summary">
        <Field id="symbol" label="Symbol" error={errors.symbol}>
          <input
            {...controlProps('symbol', errors.symbol)}
            list="asset-list"
            autoCapitalize="characters"
            autoComplete="off"
            value={form.symbol}
            onChange={(e) => set('symbol', e.target.value.toUpperCase())}
          />
          <datalist id="asset-list">
            {(assets.data ?? [])
              .filter((a) => a.tradable)
              .map((a) => (
                <option key={a.symbol} value={a.symbol}>
                  {a.name}
                </option>
              ))}
          </datalist>
        </Field>
        <div className="quote-line" aria-live="off" data-testid="ticket-quote">
          {validSym && lp ? (
            <>
              <span>
                Bid <b>{price(lp.bid)}</b>
              </span>
              <span>
                Ask <b>{price(lp.ask)}</b>
              </span>
              <span>
                Last <b>{price(lp.last)}</b>
              </span>
              <Link to={`/market/${validSym}`}>Chart</Link>
            </>
          ) : (
            <span className="muted">Enter a symbol to see its quote.</span>
          )}
        </div>
        <fieldset className="side-toggle">
          <legend>Side</legend>
          {(['buy', 'sell'] as const).map((s) => (
            <label key={s} className={`side side-${s} ${form.side === s ? 'checked' : ''}`}>
              <input
                type="radio"
                name="side"
                value={s}
                checked={form.side === s}
                onChange={() => set('side', s)}
              />
              {s === 'buy' ? 'Buy' : 'Sell'}
            </label>
          ))}
        </fieldset>
        <div className="row2">
          <Field id="type" label="Order type" error={errors.type}>
            <select
              {...controlProps('type', errors.type)}
              value={form.type}
              onChange={(e) => set('type', e.target.value as TicketForm['type'])}
            >
              {ORDER_TYPES.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          </Field>
          <Field id="timeInForce" label="Time in force" error={errors.timeInForce}>
            <select
              {...controlProps('timeInForce', errors.timeInForce)}
              value={form.timeInForce}
              onChange={(e) => set('timeInForce', e.target.value as TimeInForce)}
            >
              {tifOptions.map((t) => (
                <option key={t.value} value={t.value}>
                  {t.label}
                </option>
              ))}
            </select>
          </Field>
        </div>
        <fieldset className="radio-row">
          <legend>Amount in</legend>
          <label>
            <input
              type="radio"
              name="amountKind"
              checked={form.amountKind === 'qty'}
              onChange={() => set('amountKind', 'qty')}
            />{' '}
            Shares
          </label>
          <label>
            <input
              type="radio"
              name="amountKind"
              checked={form.amountKind === 'notional'}
              disabled={!notionalAllowed(form)}
              onChange={() => set('amountKind', 'notional')}
            />{' '}
            Dollars
          </label>
        </fieldset>
        {form.amountKind === 'qty' ? (
          <Field
            id="qty"
            label="Quantity"
            error={errors.qty}
            hint="Shares; fractional shares need a simple Day order."
          >
            <input
              {...controlProps('qty', errors.qty, 'hint')}
              inputMode="decimal"
              value={form.qty}
              onChange={(e) => set('qty', e.target.value)}
            />
          </Field>
        ) : (
          <Field id="notional" label="Amount ($)" error={errors.notional}>
            <input
              {...controlProps('notional', errors.notional)}
              inputMode="decimal"
              value={form.notional}
              onChange={(e) => set('notional', e.target.value)}
            />
          </Field>
        )}
        {needsLimit(form) || needsStop(form) ? (
          <div className="row2">
            {needsStop(form) ? (
              <Field id="stopPrice" label="Stop price" error={errors.stopPrice}>
                <input
                  {...controlProps('stopPrice', errors.stopPrice)}
                  inputMode="decimal"
                  value={form.stopPrice}
                  onChange={(e) => set('stopPrice', e.target.value)}
                />
              </Field>
            ) : null}
            {needsLimit(form) ? (
              <Field id="limitPrice" label="Limit price" error={errors.limitPrice}>
                <input
                  {...controlProps('limitPrice', errors.limitPrice)}
                  inputMode="decimal"
                  value={form.limitPrice}
                  onChange={(e) => set('limitPrice', e.target.value)}
                />
              </Field>
            ) : null}
          </div>
        ) : null}
        {form.type === 'trailing_stop' ? (
          <div className="row2">
            <Field id="trailKind" label="Trail by">
              <select
                id="trailKind"
                value={form.trailKind}
                onChange={(e) => set('trailKind', e.target.value as 'price' | 'percent')}
              >
                <option value="percent">Percent</option>
                <option value="price">Dollars</option>
              </select>
            </Field>
            <Field
              id="trail"
              label={form.trailKind === 'percent' ? 'Trail (%)' : 'Trail ($)'}
              error={errors.trail}
            >
              <input
                {...controlProps('trail', errors.trail)}
                inputMode="decimal"
                value={form.trail}
                onChange={(e) => set('trail', e.target.value)}
              />
            </Field>
          </div>
        ) : null}
        <Field id="orderClass" label="Order class" error={errors.orderClass}>
          <select
            {...controlProps('orderClass', errors.orderClass)}
            value={form.orderClass}
            onChange={(e) => set('orderClass', e.target.value as TicketForm['orderClass'])}
          >
            {ORDER_CLASSES.map((c) => (
              <option key={c.value} value={c.value}>
                {c.label}
              </option>
            ))}
          </select>
        </Field>
        {form.orderClass === 'oto' ? (
          <fieldset className="radio-row">
            <legend>OTO exit leg</legend>
            <label>
              <input
                type="radio"
                name="otoLeg"
                checked={form.otoLeg === 'take_profit'}
                onChange={() => set('otoLeg', 'take_profit')}
              />{' '}
              Take profit
            </label>
            <label>
              <input
                type="radio"
                name="otoLeg"
                checked={form.otoLeg === 'stop_loss'}
                onChange={() => set('otoLeg', 'stop_loss')}
              />{' '}
              Stop loss
            </label>
          </fieldset>
        ) : null}
        {hasTakeProfit(form) ? (
          <Field id="takeProfit" label="Take-profit limit price" error={errors.takeProfit}>
            <input
              {...controlProps('takeProfit', errors.takeProfit)}
              inputMode="decimal"
              value={form.takeProfit}
              onChange={(e) => set('takeProfit', e.target.value)}
            />
          </Field>
        ) : null}
        {hasStopLoss(form) ? (
          <fieldset className="legs">
            <legend>Stop-loss leg</legend>
            <Field id="stopLossKind" label="Stop-loss type" error={errors.stopLossKind}>
              <select
                {...controlProps('stopLossKind', errors.stopLossKind)}
                value={form.stopLossKind}
                onChange={(e) => set('stopLossKind', e.target.value as TicketForm['stopLossKind'])}
              >
                <option value="stop">Stop</option>
                <option value="stop_limit">Stop limit</option>
                {form.orderClass !== 'oco' ? <option value="trail_percent">Trailing stop (%)</option> : null}
                {form.orderClass !== 'oco' ? <option value="trail_price">Trailing stop ($)</option> : null}
              </select>
            </Field>
            {form.stopLossKind === 'stop' ||
            form.stopLossKind === 'stop_limit' ||
            form.orderClass === 'oco' ? (
              <div className="row2">
                <Field id="stopLossStop" label="Stop-loss stop price" error={errors.stopLossStop}>
                  <input
                    {...controlProps('stopLossStop', errors.stopLossStop)}
                    inputMode="decimal"
                    value={form.stopLossStop}
                    onChange={(e) => set('stopLossStop', e.target.value)}
                  />
                </Field>
                {form.stopLossKind === 'stop_limit' ? (
                  <Field id="stopLossLimit" label="Stop-loss limit price" error={errors.stopLossLimit}>
                    <input
                      {...controlProps('stopLossLimit', errors.stopLossLimit)}
                      inputMode="decimal"
                      value={form.stopLossLimit}
                      onChange={(e) => set('stopLossLimit', e.target.value)}
                    />
                  </Field>
                ) : null}
              </div>
            ) : (
              <Field
                id="stopLossTrail"
                label={form.stopLossKind === 'trail_percent' ? 'Trail (%)' : 'Trail ($)'}
                error={errors.stopLossTrail}
              >
                <input
                  {...controlProps('stopLossTrail', errors.stopLossTrail)}
                  inputMode="decimal"
                  value={form.stopLossTrail}
                  onChange={(e) => set('stopLossTrail', e.target.value)}
                />
              </Field>
            )}
          </fieldset>
        ) : null}
        <button
          type="button"
          className="btn btn-ghost small"
          aria-expanded={advanced}
          onClick={() => setAdvanced((a) => !a)}
        >
          {advanced ? 'Hide' : 'Show'} advanced options
        </button>
        {advanced ? (
          <div className="advanced">
            <label className="check">
              <input
                type="checkbox"
                checked={form.extendedHours}
                onChange={(e) => set('extendedHours', e.target.checked)}
                aria-invalid={errors.extendedHours ? true : undefined}
                aria-describedby={errors.extendedHours ? 'extendedHours-error' : undefined}
              />{' '}
              Extended hours (Day limit orders)
            </label>
            {errors.extendedHours ? (
              <div className="field-error" id="extendedHours-error">
                {errors.extendedHours}
              </div>
            ) : null}
            <Field id="clientOrderId" label="Client order id (optional)" error={errors.clientOrderId}>
              <input
                {...controlProps('clientOrderId', errors.clientOrderId)}
                value={form.clientOrderId}
                onChange={(e) => set('clientOrderId', e.target.value)}
              />
            </Field>
          </div>
        ) : null}
        <p id="ticket-summary" className="ticket-summary">
          {built.ok ? describeOrder(built.order) : 'Complete the ticket to review the order.'}
          {estimate ? <> · about {money(estimate)}</> : null}
        </p>
        {serverError ? (
          <div className="form-error" role="alert" data-testid="order-error">
            {riskWords(serverError)}
          </div>
        ) : null}
        {result ? (
          result.kind === 'ok' ? (
            <Notice>
              <span data-testid="order-result">{result.text}</span>
            </Notice>
          ) : (
            <div className="form-error" role="alert" data-testid="order-error">
              {result.text}
            </div>
          )
        ) : null}
        <Button type="submit" variant={form.side === 'buy' ? 'buy' : 'sell'} busy={busy} className="wide">
          {form.side === 'buy' ? 'Place buy order' : 'Place sell order'}
        </Button>
      </form>
    </Card>
  );
}

type BlotterTab = 'open' | 'filled' | 'canceled' | 'all';

interface OrderEventData {
  order?: Partial<Order> & { id: string };
  reason?: string;
  code?: string;
  replacedBy?: string;
}

/** Merges an event's order snapshot into the list (top-level or leg); false when the id is unknown. */
function merge(list: Order[], snap: Partial<Order> & { id: string }): { list: Order[]; known: boolean } {
  let known = false;
  const next = list.map((o) => {
    if (o.id === snap.id) {
      known = true;
      return { ...o, ...snap, legs: o.legs };
    }
    if (o.legs.some((l) => l.id === snap.id)) {
      known = true;
      return { ...o, legs: o.legs.map((l) => (l.id === snap.id ? { ...l, ...snap } : l)) };
    }
    return o;
  });
  return { list: next, known };
}

function Blotter({ accountId }: { accountId: string }) {
  const [tab, setTab] = useState<BlotterTab>('open');
  const res = useResource(`orders:${accountId}`, async () => (await listOrders(accountId, 'all', 200)).data);
  const live = useStreamLive();
  const [replacing, setReplacing] = useState<Order | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [busyId, setBusyId] = useState<string | null>(null);
  const [confirmAll, setConfirmAll] = useState(false);
  const reload = useDebounced(() => void res.reload(), 150);

  useChannel('orders', (m) => {
    if (m.type !== 'event') return;
    const d = m.data as OrderEventData;
    if (!d.order || (d.order.accountId && d.order.accountId !== accountId)) return;
    const snap = d.order;
    let unknown = false;
    res.setData((list) => {
      if (!list) return list;
      const r = merge(list, snap);
      unknown = !r.known;
      return r.list;
    });
    // A new order (placed elsewhere), a replacement or a leg we have not seen: read the list again.
    if (unknown || m.event === 'order.replaced' || m.event === 'order.accepted') reload();
  });
  useResync(reload);
  useInterval(reload, 5000, !live);
  useEffect(() => {
    const placed = () => reload();
    window.addEventListener('tradeplane:order-placed', placed);
    return () => window.removeEventListener('tradeplane:order-placed', placed);
  }, [reload]);

  const rows = useMemo(() => {
    const list = res.data ?? [];
    switch (tab) {
      case 'open':
        return list.filter((o) => isOpen(o) || o.legs.some(isOpen));
      case 'filled':
        return list.filter((o) => o.status === 'filled' || o.status === 'partially_filled');
      case 'canceled':
        return list.filter((o) => ['canceled', 'expired', 'rejected', 'replaced'].includes(o.status));
      case 'all':
        return list;
    }
  }, [res.data, tab]);
  const openCount = (res.data ?? []).filter((o) => isOpen(o) || o.legs.some(isOpen)).length;

  const cancel = async (o: Order) => {
    setBusyId(o.id);
    setActionError(null);
    try {
      const c = await cancelOrder(o.id);
      setNotice(`Order ${o.symbol} ${o.side} ${qty(o.qty)}: ${c.status}.`);
      reload();
    } catch (err) {
      setActionError(err);
    } finally {
      setBusyId(null);
    }
  };
  const cancelAll = async () => {
    setConfirmAll(false);
    setActionError(null);
    try {
      const r = await cancelAllOrders(accountId);
      const failed = r.data.filter((x) => x.status >= 300);
      setNotice(
        `${r.data.length - failed.length} order(s) canceled${failed.length ? `, ${failed.length} could not be` : ''}.`,
      );
      reload();
    } catch (err) {
      setActionError(err);
    }
  };

  return (
    <Card
      title="Orders"
      className="blotter"
      actions={
        <Button variant="danger" disabled={openCount === 0} onClick={() => setConfirmAll(true)}>
          Cancel all open
        </Button>
      }
    >
      {notice ? <Notice>{notice}</Notice> : null}
      {actionError ? <ErrorBox error={actionError} title="The order could not be changed" /> : null}
      <Tabs
        label="Order status"
        value={tab}
        onChange={setTab}
        tabs={[
          { key: 'open', label: `Open (${openCount})` },
          { key: 'filled', label: 'Filled' },
          { key: 'canceled', label: 'Canceled' },
          { key: 'all', label: 'All' },
        ]}
      >
        {res.loading && !res.data ? <Loading label="Loading orders…" /> : null}
        {res.error && !res.data ? <ErrorBox error={res.error} onRetry={() => void res.reload()} /> : null}
        {res.data && rows.length === 0 ? <Empty>No {tab === 'all' ? '' : tab} orders.</Empty> : null}
        {rows.length > 0 ? (
          <div className="table-wrap">
            <table data-testid="orders-table">
              <caption className="sr-only">Orders: {tab}</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Symbol</th>
                  <th scope="col">Side</th>
                  <th scope="col">Type</th>
                  <th scope="col" className="num">
                    Qty
                  </th>
                  <th scope="col" className="num">
                    Filled
                  </th>
                  <th scope="col" className="num">
                    Price
                  </th>
                  <th scope="col">Status</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {rows.flatMap((o) => [
                  <OrderRow
                    key={o.id}
                    o={o}
                    busy={busyId === o.id}
                    onCancel={cancel}
                    onReplace={setReplacing}
                  />,
                  ...o.legs.map((l) => (
                    <OrderRow
                      key={l.id}
                      o={{ ...l, legs: [] }}
                      leg
                      busy={busyId === l.id}
                      onCancel={cancel}
                      onReplace={setReplacing}
                    />
                  )),
                ])}
              </tbody>
            </table>
          </div>
        ) : null}
      </Tabs>
      <Dialog open={confirmAll} title="Cancel every open order?" onClose={() => setConfirmAll(false)}>
        <p>This cancels {openCount} open order(s) of this account.</p>
        <div className="form-actions">
          <Button onClick={() => setConfirmAll(false)}>Keep them</Button>
          <Button variant="danger" onClick={() => void cancelAll()}>
            Cancel all
          </Button>
        </div>
      </Dialog>
      <Dialog
        open={!!replacing}
        title={`Replace ${replacing?.symbol ?? ''} order`}
        onClose={() => setReplacing(null)}
      >
        {replacing ? (
          <ReplaceForm
            order={replacing}
            onDone={(o) => {
              setReplacing(null);
              setNotice(`Replaced: the new order is ${o.status}.`);
              reload();
            }}
          />
        ) : null}
      </Dialog>
    </Card>
  );
}

function statusTone(s: string): 'ok' | 'bad' | 'warn' | 'info' | 'neutral' {
  if (s === 'filled') return 'ok';
  if (s === 'rejected') return 'bad';
  if (s === 'canceled' || s === 'expired' || s === 'replaced') return 'neutral';
  if (s === 'partially_filled') return 'warn';
  return 'info';
}

function OrderRow({
  o,
  leg,
  busy,
  onCancel,
  onReplace,
}: {
  o: Order;
  leg?: boolean;
  busy: boolean;
  onCancel: (o: Order) => Promise<void>;
  onReplace: (o: Order) => void;
}) {
  const priceText = o.filledAvgPrice
    ? price(o.filledAvgPrice)
    : o.type === 'market'
      ? 'market'
      : o.type === 'limit'
        ? price(o.limitPrice)
        : o.type === 'stop'
          ? price(o.stopPrice)
          : o.type === 'stop_limit'
            ? `${price(o.stopPrice)} / ${price(o.limitPrice)}`
            : o.trailPercent
              ? `trail ${o.trailPercent}%`
              : `trail $${o.trailPrice ?? ''}`;
  const replaceable = isOpen(o) && o.type !== 'market' && !leg;
  return (
    <tr className={leg ? 'leg-row' : ''} data-order-id={o.id} data-status={o.status}>
      <td className="nowrap" title={dateTime(o.createdAt)}>
        {stamp(o.createdAt)}
      </td>
      <td>
        {leg ? <span aria-hidden="true">↳ </span> : null}
        {o.symbol}
        {leg && o.legRole ? <span className="muted small"> {o.legRole.replace('_', ' ')}</span> : null}
        {!leg && o.orderClass !== 'simple' ? <span className="muted small"> {o.orderClass}</span> : null}
      </td>
      <td className={o.side === 'buy' ? 'up' : 'down'}>{o.side}</td>
      <td>
        {o.type.replace('_', ' ')} <span className="muted small">{o.timeInForce}</span>
      </td>
      <td className="num" data-testid="order-qty">
        {o.qty ? qty(o.qty) : o.notional ? money(o.notional) : '—'}
      </td>
      <td className="num">{qty(o.filledQty)}</td>
      <td className="num">{priceText}</td>
      <td>
        <Badge tone={statusTone(o.status)}>{o.status.replace(/_/g, ' ')}</Badge>
        {o.rejectReason ? <div className="small down">{o.rejectReason}</div> : null}
      </td>
      <td className="row-actions">
        {isOpen(o) ? (
          <>
            {replaceable ? (
              <Button onClick={() => onReplace(o)} aria-label={`Replace ${o.symbol} ${o.side} order`}>
                Replace
              </Button>
            ) : null}
            <Button
              variant="danger"
              busy={busy}
              onClick={() => void onCancel(o)}
              aria-label={`Cancel ${o.symbol} ${o.side} order`}
            >
              Cancel
            </Button>
          </>
        ) : null}
      </td>
    </tr>
  );
}

function ReplaceForm({ order, onDone }: { order: Order; onDone: (o: Order) => void }) {
  const [q, setQ] = useState(order.qty ?? '');
  const [limit, setLimit] = useState(order.limitPrice ?? '');
  const [stop, setStop] = useState(order.stopPrice ?? '');
  const [trail, setTrail] = useState(order.trailPercent ?? order.trailPrice ?? '');
  const [tif, setTif] = useState<TimeInForce>(order.timeInForce);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const hasLimit = order.type === 'limit' || order.type === 'stop_limit';
  const hasStop = order.type === 'stop' || order.type === 'stop_limit';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const body: ReplaceRequest = {};
    if (q.trim() && q.trim() !== order.qty) {
      if (!isPositiveDecimal(q.trim())) errs.qty = 'A positive quantity';
      else body.qty = q.trim();
    }
    if (hasLimit && limit.trim() !== (order.limitPrice ?? '')) {
      if (!isPositiveDecimal(limit.trim())) errs.limit = 'A positive price';
      else body.limitPrice = limit.trim();
    }
    if (hasStop && stop.trim() !== (order.stopPrice ?? '')) {
      if (!isPositiveDecimal(stop.trim())) errs.stop = 'A positive price';
      else body.stopPrice = stop.trim();
    }
    if (order.type === 'trailing_stop' && trail.trim() !== (order.trailPercent ?? order.trailPrice ?? '')) {
      if (!isPositiveDecimal(trail.trim())) errs.trail = 'A positive trail';
      else body.trail = trail.trim();
    }
    if (tif !== order.timeInForce) body.timeInForce = tif;
    if (!Object.keys(errs).length && !Object.keys(body).length) errs.qty = 'Change at least one field';
    setErrors(errs);
    setServerError(null);
    if (Object.keys(errs).length) {
      requestAnimationFrame(() => focusFirstError(form.current));
      return;
    }
    setBusy(true);
    try {
      onDone(await replaceOrder(order.id, body));
    } catch (err) {
      setServerError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
      <p className="muted">
        {order.side} {qty(order.qty)} {order.symbol} {order.type.replace('_', ' ')} — the order is canceled
        and a new one placed with these values.
      </p>
      <Field id="replace-qty" label="Quantity" error={errors.qty}>
        <input
          {...controlProps('replace-qty', errors.qty)}
          inputMode="decimal"
          value={q}
          onChange={(e) => setQ(e.target.value)}
        />
      </Field>
      {hasLimit ? (
        <Field id="replace-limit" label="Limit price" error={errors.limit}>
          <input
            {...controlProps('replace-limit', errors.limit)}
            inputMode="decimal"
            value={limit}
            onChange={(e) => setLimit(e.target.value)}
          />
        </Field>
      ) : null}
      {hasStop ? (
        <Field id="replace-stop" label="Stop price" error={errors.stop}>
          <input
            {...controlProps('replace-stop', errors.stop)}
            inputMode="decimal"
            value={stop}
            onChange={(e) => setStop(e.target.value)}
          />
        </Field>
      ) : null}
      {order.type === 'trailing_stop' ? (
        <Field id="replace-trail" label={order.trailPercent ? 'Trail (%)' : 'Trail ($)'} error={errors.trail}>
          <input
            {...controlProps('replace-trail', errors.trail)}
            inputMode="decimal"
            value={trail}
            onChange={(e) => setTrail(e.target.value)}
          />
        </Field>
      ) : null}
      <Field id="replace-tif" label="Time in force">
        <select id="replace-tif" value={tif} onChange={(e) => setTif(e.target.value as TimeInForce)}>
          {TIME_IN_FORCE.map((t) => (
            <option key={t.value} value={t.value}>
              {t.label}
            </option>
          ))}
        </select>
      </Field>
      <FormError error={serverError} />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy}>
          Replace order
        </Button>
      </div>
    </form>
  );
}
