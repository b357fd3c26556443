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
  ActionFeedback,
  Badge,
  Button,
  Card,
  ConfirmDialog,
  ItemDialog,
  Notice,
  Page,
  Tabs,
  View,
  WithAccount,
  newKey,
} from '../components/ui.tsx';
import { Check, FormFooter, RadioGroup, SelectField, TextField, useForm } from '../components/forms.tsx';
import { DataTable, num } from '../components/table.tsx';
import { useAction } from '../state/useAction.ts';
import { SYMBOL_RE } from '../lib/text.ts';

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
  const loc = useLocation();
  const symbol = (loc.query.get('symbol') ?? '').toUpperCase();
  return (
    <WithAccount>
      {(current) => (
        <Page title="Trade" aside={<span className="muted">{current.name}</span>}>
          <div className="trade-grid">
            <OrderTicket accountId={current.id} initialSymbol={symbol} key={current.id} />
            <Blotter accountId={current.id} />
          </div>
        </Page>
      )}
    </WithAccount>
  );
}

function riskWords(err: unknown): string {
  if (err instanceof ApiError && err.code.startsWith('RISK_'))
    return `Rejected by risk checks: ${err.message}`;
  if (err instanceof ApiError && err.status === 422) return `The order was refused: ${err.message}`;
  return errorMessage(err);
}

type DecimalKey =
  | 'qty'
  | 'notional'
  | 'limitPrice'
  | 'stopPrice'
  | 'trail'
  | 'takeProfit'
  | 'stopLossStop'
  | 'stopLossLimit'
  | 'stopLossTrail';

function OrderTicket({ accountId, initialSymbol }: { accountId: string; initialSymbol: string }) {
  const [form, setForm] = useState<TicketForm>({ ...EMPTY_TICKET, symbol: initialSymbol || 'AAPL' });
  const f = useForm<TicketErrors>();
  const { errors, setErrors } = f;
  const [result, setResult] = useState<{ kind: 'ok' | 'rejected'; text: string } | null>(null);
  const [advanced, setAdvanced] = useState(false);
  const idemKey = useRef(newKey());
  const assets = useResource('assets', listAssets);
  const sym = form.symbol.trim().toUpperCase();
  const validSym = SYMBOL_RE.test(sym) ? sym : '';
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
    const b = buildOrder(form, accountId);
    if (!f.check(b.ok ? {} : b.errors) || !b.ok) return;
    await f.run(
      async () => {
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
      },
      (err) => {
        // A refusal is final for this key; a network failure may be retried with the same key.
        if (!(err instanceof ApiError && err.status === 0)) idemKey.current = newKey();
      },
    );
  };

  /** A price or amount field of the ticket, named after its form key. */
  const decimal = (k: DecimalKey, label: string, hint?: string) => (
    <TextField
      id={k}
      label={label}
      error={errors[k]}
      hint={hint}
      inputMode="decimal"
      value={form[k]}
      onChange={(v) => set(k, v)}
    />
  );
  const trailLabel = (percent: boolean) => (percent ? 'Trail (%)' : 'Trail ($)');

  return (
    <Card title="Order ticket" className="ticket">
      <form ref={f.ref} onSubmit={(e) => void submit(e)} noValidate aria-describedby="ticket-summary">
        <TextField
          id="symbol"
          label="Symbol"
          error={errors.symbol}
          list="asset-list"
          autoCapitalize="characters"
          autoComplete="off"
          value={form.symbol}
          onChange={(v) => set('symbol', v.toUpperCase())}
        >
          <datalist id="asset-list">
            {(assets.data ?? [])
              .filter((a) => a.tradable)
              .map((a) => (
                <option key={a.symbol} value={a.symbol}>
                  {a.name}
                </option>
              ))}
          </datalist>
        </TextField>
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
          <SelectField
            id="type"
            label="Order type"
            error={errors.type}
            value={form.type}
            onChange={(v) => set('type', v)}
            options={ORDER_TYPES}
          />
          <SelectField
            id="timeInForce"
            label="Time in force"
            error={errors.timeInForce}
            value={form.timeInForce}
            onChange={(v) => set('timeInForce', v)}
            options={TIME_IN_FORCE}
          />
        </div>
        <RadioGroup
          legend="Amount in"
          name="amountKind"
          value={form.amountKind}
          onChange={(v) => set('amountKind', v)}
          options={[
            { value: 'qty', label: 'Shares' },
            { value: 'notional', label: 'Dollars', disabled: !notionalAllowed(form) },
          ]}
        />
        {form.amountKind === 'qty'
          ? decimal('qty', 'Quantity', 'Shares; fractional shares need a simple Day order.')
          : decimal('notional', 'Amount ($)')}
        {needsLimit(form) || needsStop(form) ? (
          <div className="row2">
            {needsStop(form) ? decimal('stopPrice', 'Stop price') : null}
            {needsLimit(form) ? decimal('limitPrice', 'Limit price') : null}
          </div>
        ) : null}
        {form.type === 'trailing_stop' ? (
          <div className="row2">
            <SelectField
              id="trailKind"
              label="Trail by"
              value={form.trailKind}
              onChange={(v) => set('trailKind', v)}
              options={[
                { value: 'percent', label: 'Percent' },
                { value: 'price', label: 'Dollars' },
              ]}
            />
            {decimal('trail', trailLabel(form.trailKind === 'percent'))}
          </div>
        ) : null}
        <SelectField
          id="orderClass"
          label="Order class"
          error={errors.orderClass}
          value={form.orderClass}
          onChange={(v) => set('orderClass', v)}
          options={ORDER_CLASSES}
        />
        {form.orderClass === 'oto' ? (
          <RadioGroup
            legend="OTO exit leg"
            name="otoLeg"
            value={form.otoLeg}
            onChange={(v) => set('otoLeg', v)}
            options={[
              { value: 'take_profit', label: 'Take profit' },
              { value: 'stop_loss', label: 'Stop loss' },
            ]}
          />
        ) : null}
        {hasTakeProfit(form) ? decimal('takeProfit', 'Take-profit limit price') : null}
        {hasStopLoss(form) ? (
          <fieldset className="legs">
            <legend>Stop-loss leg</legend>
            <SelectField
              id="stopLossKind"
              label="Stop-loss type"
              error={errors.stopLossKind}
              value={form.stopLossKind}
              onChange={(v) => set('stopLossKind', v)}
              options={STOP_LOSS_KINDS.filter((k) => form.orderClass !== 'oco' || !k.trailing)}
            />
            {form.stopLossKind === 'stop' ||
            form.stopLossKind === 'stop_limit' ||
            form.orderClass === 'oco' ? (
              <div className="row2">
                {decimal('stopLossStop', 'Stop-loss stop price')}
                {form.stopLossKind === 'stop_limit'
                  ? decimal('stopLossLimit', 'Stop-loss limit price')
                  : null}
              </div>
            ) : (
              decimal('stopLossTrail', trailLabel(form.stopLossKind === 'trail_percent'))
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
            <Check
              checked={form.extendedHours}
              onChange={(on) => set('extendedHours', on)}
              aria-invalid={errors.extendedHours ? true : undefined}
              aria-describedby={errors.extendedHours ? 'extendedHours-error' : undefined}
            >
              Extended hours (Day limit orders)
            </Check>
            {errors.extendedHours ? (
              <div className="field-error" id="extendedHours-error">
                {errors.extendedHours}
              </div>
            ) : null}
            <TextField
              id="clientOrderId"
              label="Client order id (optional)"
              error={errors.clientOrderId}
              value={form.clientOrderId}
              onChange={(v) => set('clientOrderId', v)}
            />
          </div>
        ) : null}
        <p id="ticket-summary" className="ticket-summary">
          {built.ok ? describeOrder(built.order) : 'Complete the ticket to review the order.'}
          {estimate ? <> · about {money(estimate)}</> : null}
        </p>
        {f.serverError ? (
          <div className="form-error" role="alert" data-testid="order-error">
            {riskWords(f.serverError)}
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
        <Button type="submit" variant={form.side === 'buy' ? 'buy' : 'sell'} busy={f.busy} className="wide">
          {form.side === 'buy' ? 'Place buy order' : 'Place sell order'}
        </Button>
      </form>
    </Card>
  );
}

const STOP_LOSS_KINDS: { value: TicketForm['stopLossKind']; label: string; trailing?: boolean }[] = [
  { value: 'stop', label: 'Stop' },
  { value: 'stop_limit', label: 'Stop limit' },
  { value: 'trail_percent', label: 'Trailing stop (%)', trailing: true },
  { value: 'trail_price', label: 'Trailing stop ($)', trailing: true },
];

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
  const act = useAction();
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
    await act.run(async () => {
      const c = await cancelOrder(o.id);
      act.setNotice(`Order ${o.symbol} ${o.side} ${qty(o.qty)}: ${c.status}.`);
      reload();
    });
    setBusyId(null);
  };
  const cancelAll = () => {
    setConfirmAll(false);
    return act.run(async () => {
      const r = await cancelAllOrders(accountId);
      const failed = r.data.filter((x) => x.status >= 300);
      act.setNotice(
        `${r.data.length - failed.length} order(s) canceled${failed.length ? `, ${failed.length} could not be` : ''}.`,
      );
      reload();
    });
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
      <ActionFeedback notice={act.notice} error={act.error} errorTitle="The order could not be changed" />
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
        <View
          res={res}
          label="Loading orders…"
          refreshError={false}
          isEmpty={() => rows.length === 0}
          empty={<>No {tab === 'all' ? '' : tab} orders.</>}
        >
          {() => (
            <DataTable
              testId="orders-table"
              caption={`Orders: ${tab}`}
              columns={['Time', 'Symbol', 'Side', 'Type', num('Qty'), num('Filled'), num('Price'), 'Status']}
              actions
            >
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
            </DataTable>
          )}
        </View>
      </Tabs>
      <ConfirmDialog
        open={confirmAll}
        title="Cancel every open order?"
        onClose={() => setConfirmAll(false)}
        onConfirm={() => void cancelAll()}
        cancelLabel="Keep them"
        confirmLabel="Cancel all"
      >
        <p>This cancels {openCount} open order(s) of this account.</p>
      </ConfirmDialog>
      <ItemDialog
        item={replacing}
        title={(o) => `Replace ${o.symbol} order`}
        onClose={() => setReplacing(null)}
      >
        {(order) => (
          <ReplaceForm
            order={order}
            onDone={(o) => {
              setReplacing(null);
              act.setNotice(`Replaced: the new order is ${o.status}.`);
              reload();
            }}
          />
        )}
      </ItemDialog>
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
  const f = useForm();
  const { errors } = f;
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
    if (!f.check(errs)) return;
    await f.run(async () => onDone(await replaceOrder(order.id, body)));
  };

  return (
    <form ref={f.ref} onSubmit={(e) => void submit(e)} noValidate>
      <p className="muted">
        {order.side} {qty(order.qty)} {order.symbol} {order.type.replace('_', ' ')} — the order is canceled
        and a new one placed with these values.
      </p>
      <TextField
        id="replace-qty"
        label="Quantity"
        error={errors.qty}
        inputMode="decimal"
        value={q}
        onChange={setQ}
      />
      {hasLimit ? (
        <TextField
          id="replace-limit"
          label="Limit price"
          error={errors.limit}
          inputMode="decimal"
          value={limit}
          onChange={setLimit}
        />
      ) : null}
      {hasStop ? (
        <TextField
          id="replace-stop"
          label="Stop price"
          error={errors.stop}
          inputMode="decimal"
          value={stop}
          onChange={setStop}
        />
      ) : null}
      {order.type === 'trailing_stop' ? (
        <TextField
          id="replace-trail"
          label={order.trailPercent ? 'Trail (%)' : 'Trail ($)'}
          error={errors.trail}
          inputMode="decimal"
          value={trail}
          onChange={setTrail}
        />
      ) : null}
      <SelectField
        id="replace-tif"
        label="Time in force"
        value={tif}
        onChange={setTif}
        options={TIME_IN_FORCE}
      />
      <FormFooter form={f} row>
        Replace order
      </FormFooter>
    </form>
  );
}
