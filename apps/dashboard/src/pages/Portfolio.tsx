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
  ErrorBox,
  ItemDialog,
  Loading,
  Notice,
  Page,
  Stat,
  View,
  newKey,
} from '../components/ui.tsx';
import { FormFooter, RadioGroup, TextField, useForm } from '../components/forms.tsx';
import { DataTable, num } from '../components/table.tsx';

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
    <Page
      title="Portfolio"
      aside={
        <span className="muted">
          {current.name} · {current.broker === 'paper' ? 'paper trading' : 'Alpaca'}
        </span>
      }
    >
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
            <DataTable
              caption="Recent fills"
              columns={['Time', 'Symbol', 'Side', num('Qty'), num('Price'), num('Realized P&L')]}
            >
              {d.map((f) => (
                <tr key={f.id}>
                  <td className="nowrap" title={dateTime(f.at)}>
                    {stamp(f.at)}
                  </td>
                  <td>{f.symbol}</td>
                  <td className={f.side === 'buy' ? 'up' : 'down'}>{f.side}</td>
                  <td className="num">{qty(f.qty)}</td>
                  <td className="num">{price(f.price)}</td>
                  <td className={`num ${trend(f.realizedPnl)}`}>{money(f.realizedPnl, { signed: true })}</td>
                </tr>
              ))}
            </DataTable>
          )}
        </View>
      </Card>
    </Page>
  );
}

function Summary({ res, rows }: { res: ReturnType<typeof useResource<AccountSummary>>; rows: LiveRow[] }) {
  return (
    <View res={res} label="Loading balances…" refreshError={false}>
      {(s) => <Balances s={s} rows={rows} />}
    </View>
  );
}

function Balances({ s, rows }: { s: AccountSummary; rows: LiveRow[] }) {
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
      <View
        res={res}
        label="Loading history…"
        refreshError={false}
        isEmpty={() => points.length === 0}
        empty="No history yet: equity is recorded every few minutes."
      >
        {(h) => (
          <>
            <EquityChart
              points={points}
              baseValue={Number(h.baseValue)}
              intraday={period.timeframe !== '1D'}
              label={`Equity over ${period.label}: from ${money(h.baseValue)} to ${money(last?.equity)}`}
            />
            <p className="muted small">
              {period.label}: {money(last?.profitLoss, { signed: true })} (
              {pctOfFraction(last?.profitLossPct)}) since {dateTime(h.points[0]?.at)}
            </p>
          </>
        )}
      </View>
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
  const [editing, setEditing] = useState<{ row: LiveRow; form: 'close' | 'exits' } | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const done = (msg: string) => {
    setEditing(null);
    setNotice(msg);
    onChanged();
  };
  return (
    <>
      {notice ? <Notice>{notice}</Notice> : null}
      <DataTable
        testId="positions-table"
        caption="Open positions with live prices"
        columns={[
          'Symbol',
          num('Qty'),
          num('Avg entry'),
          num('Last'),
          num('Market value'),
          num('Unrealized P&L'),
          num('Today'),
          'Stop / target',
        ]}
        actions
      >
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
              <td className={`num live-price ${fresh ? `flash-${r.tick}` : ''}`} data-testid="position-last">
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
                  onClick={() => setEditing({ row: r, form: 'exits' })}
                  aria-label={`Set stop-loss and take-profit for ${p.symbol}`}
                >
                  Exits
                </Button>
                <Button
                  variant="danger"
                  onClick={() => setEditing({ row: r, form: 'close' })}
                  aria-label={`Close ${p.symbol} position`}
                >
                  Close
                </Button>
              </td>
            </tr>
          );
        })}
      </DataTable>
      <ItemDialog
        item={editing}
        title={({ row, form }) =>
          form === 'close'
            ? `Close ${row.position.symbol}`
            : `Stop-loss and take-profit for ${row.position.symbol}`
        }
        onClose={() => setEditing(null)}
      >
        {({ row, form }) => {
          const Form = form === 'close' ? CloseForm : ExitsForm;
          return <Form row={row} accountId={accountId} onDone={done} />;
        }}
      </ItemDialog>
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

/** A dialog's form about one position; `onDone` gets what happened, in words. */
interface RowFormProps {
  row: LiveRow;
  accountId: string;
  onDone: (msg: string) => void;
}

function CloseForm({ row, accountId, onDone }: RowFormProps) {
  const p = row.position;
  const abs = p.qty.replace(/^-/, '');
  const [mode, setMode] = useState<'all' | 'qty' | 'percentage'>('all');
  const [amount, setAmount] = useState('');
  const key = useRef(newKey());
  const f = useForm();

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    let body: { qty?: string; percentage?: string } = {};
    let error: string | undefined;
    if (mode !== 'all') {
      const v = amount.trim();
      if (!isPositiveDecimal(v)) error = 'Enter a positive number';
      else if (mode === 'qty' && cmp(v, abs) > 0) error = `At most ${qty(abs)} shares`;
      else if (mode === 'percentage' && cmp(v, '100') > 0) error = 'At most 100%';
      body = mode === 'qty' ? { qty: v } : { percentage: v };
    }
    if (!f.check(error ? { 'close-amount': error } : {})) return;
    await f.run(
      async () => {
        const order = await closePosition(accountId, p.symbol, body, key.current);
        onDone(
          `Closing ${order.qty ? qty(order.qty) : ''} ${p.symbol}: order ${order.status}${
            order.filledAvgPrice ? ` at ${price(order.filledAvgPrice)}` : ''
          }.`,
        );
      },
      () => (key.current = newKey()),
    );
  };

  return (
    <form ref={f.ref} onSubmit={(e) => void submit(e)} noValidate>
      <p>
        {qty(p.qty)} {p.symbol} at about {price(row.last)} — a market order closes it.
      </p>
      <RadioGroup
        legend="How much"
        name="close-mode"
        value={mode}
        onChange={setMode}
        options={[
          { value: 'all', label: 'All' },
          { value: 'qty', label: 'Shares' },
          { value: 'percentage', label: 'Percent' },
        ]}
      />
      {mode !== 'all' ? (
        <TextField
          id="close-amount"
          label={mode === 'qty' ? 'Shares to close' : 'Percent to close'}
          error={f.errors['close-amount']}
          inputMode="decimal"
          value={amount}
          onChange={setAmount}
        />
      ) : null}
      <FormFooter form={f} variant="danger" row>
        Close position
      </FormFooter>
    </form>
  );
}

function ExitsForm({ row, accountId, onDone }: RowFormProps) {
  const p = row.position;
  const [sl, setSl] = useState(p.exits?.stopLoss ?? '');
  const [tp, setTp] = useState(p.exits?.takeProfit ?? '');
  const f = useForm<{ sl?: string; tp?: string }>();
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
    if (!f.check(errs)) return;
    await f.run(async () => {
      await setExits(accountId, p.symbol, { stopLoss: s || null, takeProfit: t || null });
      onDone(
        s || t
          ? `${p.symbol}: ${s ? `stop-loss ${price(s)}` : 'no stop-loss'}, ${t ? `take-profit ${price(t)}` : 'no take-profit'}.`
          : `${p.symbol}: exits removed.`,
      );
    });
  };

  return (
    <form ref={f.ref} onSubmit={(e) => void submit(e)} noValidate>
      <p className="muted">
        Last {price(row.last)}. Crossing a level places one market order that closes the position. Leave a
        field empty for none.
      </p>
      <TextField
        id="exit-sl"
        label="Stop-loss price"
        error={f.errors.sl}
        inputMode="decimal"
        value={sl}
        onChange={setSl}
      />
      <TextField
        id="exit-tp"
        label="Take-profit price"
        error={f.errors.tp}
        inputMode="decimal"
        value={tp}
        onChange={setTp}
      />
      <FormFooter form={f} row>
        Save levels
      </FormFooter>
    </form>
  );
}
