import { useMemo, useRef, useState, type FormEvent } from 'react';
import {
  accountSummary,
  closePosition,
  listActivities,
  listPositions,
  portfolioHistory,
  setExits,
  type AccountSummary,
  type Position,
} from '../api/endpoints.ts';
import { Link } from '../router.tsx';
import { useAccounts } from '../state/account.tsx';
import { useChannel, useResync, useStreamLive } from '../state/stream.tsx';
import { useLivePrices, type LivePrice } from '../state/prices.ts';
import { useDebounced, useInterval, useResource } from '../state/useResource.ts';
import { add, cmp, dec, isPositiveDecimal, mul, neg, sub, toFixed, type Dec } from '../lib/decimal.ts';
import { dateTime, stamp, money, pct, pctOfFraction, price, qty, trend } from '../lib/format.ts';
import { EquityChart } from '../components/charts.tsx';
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
  Stat,
  View,
  controlProps,
  focusFirstError,
  newKey,
} from '../components/ui.tsx';

const PERIODS = [
  { key: '1D', label: '1D', timeframe: '5Min' },
  { key: '1W', label: '1W', timeframe: '1H' },
  { key: '1M', label: '1M', timeframe: '1D' },
  { key: '3M', label: '3M', timeframe: '1D' },
  { key: '1A', label: '1Y', timeframe: '1D' },
] as const;

function signedQty(p: Position): Dec {
  const q = dec(p.qty);
  return p.side === 'short' && q.int > 0n ? neg(q) : q;
}

export interface LiveRow {
  position: Position;
  last: string;
  marketValue: Dec;
  unrealized: Dec;
  unrealizedPct: number;
  dayChangePct: number | null;
  tick?: 'up' | 'down' | undefined;
  tickAt?: number | undefined;
}

export function liveRow(p: Position, lp: LivePrice | undefined): LiveRow {
  const last = lp?.last ?? p.currentPrice;
  const q = signedQty(p);
  const marketValue = mul(q, last);
  const unrealized = mul(sub(last, p.avgEntryPrice), q);
  const entry = Number(p.avgEntryPrice);
  const sign = q.int < 0n ? -1 : 1;
  const unrealizedPct = entry ? ((Number(last) - entry) / entry) * 100 * sign : 0;
  const prev = Number(lp?.prevClose ?? p.lastdayPrice);
  return {
    position: p,
    last,
    marketValue,
    unrealized,
    unrealizedPct,
    dayChangePct: prev ? ((Number(last) - prev) / prev) * 100 : null,
    tick: lp?.tick,
    tickAt: lp?.at,
  };
}

export function PortfolioPage() {
  const { current, loading: accountsLoading, error: accountsError, reload: reloadAccounts } = useAccounts();
  const accountId = current?.id;
  const live = useStreamLive();

  const summary = useResource(accountId ? `summary:${accountId}` : null, () => accountSummary(accountId!));
  const positions = useResource(
    accountId ? `positions:${accountId}` : null,
    async () => (await listPositions(accountId!)).data,
  );
  const fills = useResource(
    accountId ? `fills:${accountId}` : null,
    async () => (await listActivities(accountId!, 10)).data,
  );

  const refresh = useDebounced(() => {
    void summary.reload();
    void positions.reload();
    void fills.reload();
  }, 150);

  // Account events: a fill moves positions and cash; a valuation moves equity.
  useChannel(accountId ? 'positions' : null, (m) => {
    if (m.type === 'event' && (m.data as { accountId?: string }).accountId === accountId) refresh();
  });
  useChannel(accountId ? 'orders' : null, (m) => {
    if (m.type === 'event' && (m.event === 'order.filled' || m.event === 'order.partially_filled')) {
      const o = (m.data as { order?: { accountId?: string } }).order;
      if (o?.accountId === accountId) refresh();
    }
  });
  useChannel(accountId ? 'portfolio' : null, (m) => {
    if (m.type !== 'event') return;
    const d = m.data as { accountId?: string; equity?: string; cash?: string };
    if (d.accountId !== accountId) return;
    summary.setData((s) =>
      s ? { ...s, ...(d.equity ? { equity: d.equity } : {}), ...(d.cash ? { cash: d.cash } : {}) } : s,
    );
  });
  useResync(refresh);
  useInterval(refresh, 5000, !live && !!accountId);

  const symbols = useMemo(() => (positions.data ?? []).map((p) => p.symbol), [positions.data]);
  const prices = useLivePrices(symbols);
  const rows = useMemo(
    () => (positions.data ?? []).map((p) => liveRow(p, prices[p.symbol])),
    [positions.data, prices],
  );

  if (accountsLoading && !current) return <Loading label="Loading your accounts…" />;
  if (accountsError && !current)
    return <ErrorBox error={accountsError} onRetry={() => void reloadAccounts()} />;
  if (!current)
    return (
      <div className="page">
        <h1>Portfolio</h1>
        <Loading label="Opening your paper account…" />
      </div>
    );

  return (
    <div className="page">
      <div className="page-head">
        <h1>Portfolio</h1>
        <span className="muted">
          {current.name} · {current.broker === 'paper' ? 'paper trading' : 'Alpaca'}
        </span>
      </div>
      <Summary res={summary} rows={rows} />
      <EquityCurve accountId={current.id} />
      <Card title="Positions" actions={<Link to="/trade">New order</Link>}>
        <View
          res={positions}
          label="Loading positions…"
          isEmpty={(d) => d.length === 0}
          empty={
            <>
              No open positions. <Link to="/trade">Place an order</Link> to open one.
            </>
          }
        >
          {() => <PositionsTable rows={rows} accountId={current.id} onChanged={refresh} />}
        </View>
      </Card>
      <Card title="Recent fills">
        <View res={fills} isEmpty={(d) => d.length === 0} empty="No fills yet.">
          {(d) => (
            <div className="table-wrap">
              <table>
                <caption className="sr-only">Recent fills</caption>
                <thead>
                  <tr>
                    <th scope="col">Time</th>
                    <th scope="col">Symbol</th>
                    <th scope="col">Side</th>
                    <th scope="col" className="num">
                      Qty
                    </th>
                    <th scope="col" className="num">
                      Price
                    </th>
                    <th scope="col" className="num">
                      Realized P&amp;L
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {d.map((f) => (
                    <tr key={f.id}>
                      <td className="nowrap" title={dateTime(f.at)}>
                        {stamp(f.at)}
                      </td>
                      <td>{f.symbol}</td>
                      <td className={f.side === 'buy' ? 'up' : 'down'}>{f.side}</td>
                      <td className="num">{qty(f.qty)}</td>
                      <td className="num">{price(f.price)}</td>
                      <td className={`num ${trend(f.realizedPnl)}`}>
                        {money(f.realizedPnl, { signed: true })}
                      </td>
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
          )}
        </View>
      </Card>
    </div>
  );
}

function Summary({ res, rows }: { res: ReturnType<typeof useResource<AccountSummary>>; rows: LiveRow[] }) {
  if (res.loading && !res.data) return <Loading label="Loading balances…" />;
  if (res.error && !res.data) return <ErrorBox error={res.error} onRetry={() => void res.reload()} />;
  const s = res.data;
  if (!s) return null;
  // Live equity: cash plus the positions at their live prices (the server's figure until priced).
  const priced = rows.length > 0;
  const equity = priced ? rows.reduce<Dec>((acc, r) => add(acc, r.marketValue), dec(s.cash)) : dec(s.equity);
  const dayPnl = sub(equity, s.startOfDayEquity);
  const sod = Number(s.startOfDayEquity);
  const dayPct = sod ? (Number(toFixed(dayPnl, 2)) / sod) * 100 : 0;
  const unrealized = priced
    ? rows.reduce<Dec>((acc, r) => add(acc, r.unrealized), dec('0'))
    : dec(s.unrealizedPnl);
  return (
    <section className="stats" aria-label="Account balances">
      <Stat label="Equity" value={money(equity)} testId="stat-equity" />
      <Stat label="Cash" value={money(s.cash)} testId="stat-cash" />
      <Stat label="Buying power" value={money(s.buyingPower)} testId="stat-buying-power" />
      <Stat
        label="Day P&L"
        value={money(dayPnl, { signed: true })}
        sub={pct(String(dayPct.toFixed(4)))}
        trend={trend(dayPnl)}
        testId="stat-day-pnl"
      />
      <Stat label="Unrealized P&L" value={money(unrealized, { signed: true })} trend={trend(unrealized)} />
      <Stat
        label="Realized P&L"
        value={money(s.realizedPnl, { signed: true })}
        trend={trend(s.realizedPnl)}
      />
    </section>
  );
}

function EquityCurve({ accountId }: { accountId: string }) {
  const [period, setPeriod] = useState<(typeof PERIODS)[number]>(PERIODS[0]);
  const res = useResource(`history:${accountId}:${period.key}`, () =>
    portfolioHistory(accountId, period.key, period.timeframe),
  );
  useInterval(() => void res.reload(), 60_000);
  const points = useMemo(
    () =>
      (res.data?.points ?? []).map((p) => ({
        time: Math.floor(new Date(p.at).getTime() / 1000),
        value: Number(p.equity),
      })),
    [res.data],
  );
  const last = res.data?.points[res.data.points.length - 1];
  return (
    <Card
      title="Equity curve"
      actions={
        <div className="segmented" role="group" aria-label="History period">
          {PERIODS.map((p) => (
            <button
              key={p.key}
              type="button"
              className="seg"
              aria-pressed={p.key === period.key}
              onClick={() => setPeriod(p)}
            >
              {p.label}
            </button>
          ))}
        </div>
      }
    >
      {res.error && !res.data ? <ErrorBox error={res.error} onRetry={() => void res.reload()} /> : null}
      {res.loading && !res.data ? <Loading label="Loading history…" /> : null}
      {res.data && points.length === 0 ? (
        <Empty>No history yet: equity is recorded every few minutes.</Empty>
      ) : null}
      {res.data && points.length > 0 ? (
        <>
          <EquityChart
            points={points}
            baseValue={Number(res.data.baseValue)}
            intraday={period.timeframe !== '1D'}
            label={`Equity over ${period.label}: from ${money(res.data.baseValue)} to ${money(last?.equity)}`}
          />
          <p className="muted small">
            {period.label}: {money(last?.profitLoss, { signed: true })} ({pctOfFraction(last?.profitLossPct)})
            since {dateTime(res.data.points[0]?.at)}
          </p>
        </>
      ) : null}
    </Card>
  );
}

function PositionsTable({
  rows,
  accountId,
  onChanged,
}: {
  rows: LiveRow[];
  accountId: string;
  onChanged: () => void;
}) {
  const [closing, setClosing] = useState<LiveRow | null>(null);
  const [exits, setExitsFor] = useState<LiveRow | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  return (
    <>
      {notice ? <Notice>{notice}</Notice> : null}
      <div className="table-wrap">
        <table data-testid="positions-table">
          <caption className="sr-only">Open positions with live prices</caption>
          <thead>
            <tr>
              <th scope="col">Symbol</th>
              <th scope="col" className="num">
                Qty
              </th>
              <th scope="col" className="num">
                Avg entry
              </th>
              <th scope="col" className="num">
                Last
              </th>
              <th scope="col" className="num">
                Market value
              </th>
              <th scope="col" className="num">
                Unrealized P&amp;L
              </th>
              <th scope="col" className="num">
                Today
              </th>
              <th scope="col">Stop / target</th>
              <th scope="col">
                <span className="sr-only">Actions</span>
              </th>
            </tr>
          </thead>
          <tbody>
            {rows.map((r) => {
              const p = r.position;
              const fresh = r.tickAt && Date.now() - r.tickAt < 1200;
              return (
                <tr key={p.symbol} data-symbol={p.symbol}>
                  <th scope="row">
                    <Link to={`/market/${p.symbol}`}>{p.symbol}</Link>{' '}
                    {p.side === 'short' ? <Badge tone="warn">short</Badge> : null}
                  </th>
                  <td className="num" data-testid="position-qty">
                    {qty(p.qty)}
                  </td>
                  <td className="num">{price(p.avgEntryPrice)}</td>
                  <td
                    className={`num live-price ${fresh ? `flash-${r.tick}` : ''}`}
                    data-testid="position-last"
                  >
                    {price(r.last)}
                  </td>
                  <td className="num">{money(r.marketValue)}</td>
                  <td className={`num ${trend(r.unrealized)}`} data-testid="position-upnl">
                    {money(r.unrealized, { signed: true })}
                    <span className="small"> {pct(r.unrealizedPct.toFixed(4))}</span>
                  </td>
                  <td className={`num ${r.dayChangePct === null ? '' : r.dayChangePct >= 0 ? 'up' : 'down'}`}>
                    {r.dayChangePct === null ? '—' : pct(r.dayChangePct.toFixed(4))}
                  </td>
                  <td>
                    <ExitsSummary p={p} />
                  </td>
                  <td className="row-actions">
                    <Button
                      onClick={() => setExitsFor(r)}
                      aria-label={`Set stop-loss and take-profit for ${p.symbol}`}
                    >
                      Exits
                    </Button>
                    <Button
                      variant="danger"
                      onClick={() => setClosing(r)}
                      aria-label={`Close ${p.symbol} position`}
                    >
                      Close
                    </Button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </div>
      <Dialog
        open={!!closing}
        title={`Close ${closing?.position.symbol ?? ''}`}
        onClose={() => setClosing(null)}
      >
        {closing ? (
          <CloseForm
            row={closing}
            accountId={accountId}
            onDone={(msg) => {
              setClosing(null);
              setNotice(msg);
              onChanged();
            }}
          />
        ) : null}
      </Dialog>
      <Dialog
        open={!!exits}
        title={`Stop-loss and take-profit for ${exits?.position.symbol ?? ''}`}
        onClose={() => setExitsFor(null)}
      >
        {exits ? (
          <ExitsForm
            row={exits}
            accountId={accountId}
            onDone={(msg) => {
              setExitsFor(null);
              setNotice(msg);
              onChanged();
            }}
          />
        ) : null}
      </Dialog>
    </>
  );
}

function ExitsSummary({ p }: { p: Position }) {
  const e = p.exits;
  if (!e || (!e.stopLoss && !e.takeProfit)) return <span className="muted">—</span>;
  return (
    <span className="small">
      {e.stopLoss ? <>SL {price(e.stopLoss)}</> : null}
      {e.stopLoss && e.takeProfit ? ' · ' : null}
      {e.takeProfit ? <>TP {price(e.takeProfit)}</> : null}
      {e.state !== 'armed' ? (
        <>
          {' '}
          <Badge tone={e.state === 'failed' ? 'bad' : 'info'}>{e.state}</Badge>
        </>
      ) : null}
      {e.error ? <span className="down"> {e.error}</span> : null}
    </span>
  );
}

function CloseForm({
  row,
  accountId,
  onDone,
}: {
  row: LiveRow;
  accountId: string;
  onDone: (msg: string) => void;
}) {
  const p = row.position;
  const abs = p.qty.replace(/^-/, '');
  const [mode, setMode] = useState<'all' | 'qty' | 'percentage'>('all');
  const [amount, setAmount] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [serverError, setServerError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newKey());
  const form = useRef<HTMLFormElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setServerError(null);
    let body: { qty?: string; percentage?: string } = {};
    if (mode !== 'all') {
      const v = amount.trim();
      if (!isPositiveDecimal(v)) return fail('Enter a positive number');
      if (mode === 'qty' && cmp(v, abs) > 0) return fail(`At most ${qty(abs)} shares`);
      if (mode === 'percentage' && cmp(v, '100') > 0) return fail('At most 100%');
      body = mode === 'qty' ? { qty: v } : { percentage: v };
    }
    setError(undefined);
    setBusy(true);
    try {
      const order = await closePosition(accountId, p.symbol, body, key.current);
      onDone(
        `Closing ${order.qty ? qty(order.qty) : ''} ${p.symbol}: order ${order.status}${
          order.filledAvgPrice ? ` at ${price(order.filledAvgPrice)}` : ''
        }.`,
      );
    } catch (err) {
      key.current = newKey();
      setServerError(err);
    } finally {
      setBusy(false);
    }
  };
  const fail = (msg: string) => {
    setError(msg);
    requestAnimationFrame(() => focusFirstError(form.current));
  };

  return (
    <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
      <p>
        {qty(p.qty)} {p.symbol} at about {price(row.last)} — a market order closes it.
      </p>
      <fieldset className="radio-row">
        <legend>How much</legend>
        {(['all', 'qty', 'percentage'] as const).map((m) => (
          <label key={m}>
            <input
              type="radio"
              name="close-mode"
              value={m}
              checked={mode === m}
              onChange={() => setMode(m)}
            />{' '}
            {m === 'all' ? 'All' : m === 'qty' ? 'Shares' : 'Percent'}
          </label>
        ))}
      </fieldset>
      {mode !== 'all' ? (
        <Field
          id="close-amount"
          label={mode === 'qty' ? 'Shares to close' : 'Percent to close'}
          error={error}
        >
          <input
            {...controlProps('close-amount', error)}
            inputMode="decimal"
            value={amount}
            onChange={(e) => setAmount(e.target.value)}
          />
        </Field>
      ) : null}
      <FormError error={serverError} />
      <div className="form-actions">
        <Button type="submit" variant="danger" busy={busy}>
          Close position
        </Button>
      </div>
    </form>
  );
}

function ExitsForm({
  row,
  accountId,
  onDone,
}: {
  row: LiveRow;
  accountId: string;
  onDone: (msg: string) => void;
}) {
  const p = row.position;
  const [sl, setSl] = useState(p.exits?.stopLoss ?? '');
  const [tp, setTp] = useState(p.exits?.takeProfit ?? '');
  const [errors, setErrors] = useState<{ sl?: string; tp?: string }>({});
  const [serverError, setServerError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const long = p.side !== 'short';

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: { sl?: string; tp?: string } = {};
    const s = sl.trim();
    const t = tp.trim();
    if (s && !isPositiveDecimal(s)) errs.sl = 'A positive price, or empty for none';
    if (t && !isPositiveDecimal(t)) errs.tp = 'A positive price, or empty for none';
    if (!errs.sl && s && (long ? cmp(s, row.last) >= 0 : cmp(s, row.last) <= 0))
      errs.sl = `A ${long ? 'long' : 'short'} position's stop-loss is ${long ? 'below' : 'above'} the last price (${price(row.last)})`;
    if (!errs.tp && t && (long ? cmp(t, row.last) <= 0 : cmp(t, row.last) >= 0))
      errs.tp = `A ${long ? 'long' : 'short'} position's take-profit is ${long ? 'above' : 'below'} the last price (${price(row.last)})`;
    setErrors(errs);
    setServerError(null);
    if (errs.sl || errs.tp) {
      requestAnimationFrame(() => focusFirstError(form.current));
      return;
    }
    setBusy(true);
    try {
      await setExits(accountId, p.symbol, { stopLoss: s || null, takeProfit: t || null });
      onDone(
        s || t
          ? `${p.symbol}: ${s ? `stop-loss ${price(s)}` : 'no stop-loss'}, ${t ? `take-profit ${price(t)}` : 'no take-profit'}.`
          : `${p.symbol}: exits removed.`,
      );
    } catch (err) {
      setServerError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
      <p className="muted">
        Last {price(row.last)}. Crossing a level places one market order that closes the position. Leave a
        field empty for none.
      </p>
      <Field id="exit-sl" label="Stop-loss price" error={errors.sl}>
        <input
          {...controlProps('exit-sl', errors.sl)}
          inputMode="decimal"
          value={sl}
          onChange={(e) => setSl(e.target.value)}
        />
      </Field>
      <Field id="exit-tp" label="Take-profit price" error={errors.tp}>
        <input
          {...controlProps('exit-tp', errors.tp)}
          inputMode="decimal"
          value={tp}
          onChange={(e) => setTp(e.target.value)}
        />
      </Field>
      <FormError error={serverError} />
      <div className="form-actions">
        <Button type="submit" variant="primary" busy={busy}>
          Save levels
        </Button>
      </div>
    </form>
  );
}
