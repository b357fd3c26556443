import { useRef, useState, type FormEvent } from 'react';
import {
  compliance,
  killSwitch,
  riskDecisions,
  riskLimits,
  riskState,
  setCompliance,
  setRiskState,
  updateRiskLimits,
  type RiskLimits,
  type RiskLimitsUpdate,
  type RiskState,
  type TradingState,
} from '../api/endpoints.ts';
import { useAccounts } from '../state/account.tsx';
import { useInterval, useResource } from '../state/useResource.ts';
import { isPositiveDecimal } from '../lib/decimal.ts';
import { dateTime, stamp, money } from '../lib/format.ts';
import {
  Badge,
  Button,
  Card,
  Dialog,
  ErrorBox,
  Field,
  FormError,
  Loading,
  Notice,
  View,
  controlProps,
  focusFirstError,
} from '../components/ui.tsx';

export function RiskPage() {
  const { current, error: accountsError, reload: reloadAccounts } = useAccounts();
  if (!current && accountsError)
    return <ErrorBox error={accountsError} onRetry={() => void reloadAccounts()} />;
  if (!current) return <Loading label="Loading your account…" />;
  return (
    <div className="page">
      <div className="page-head">
        <h1>Risk</h1>
        <span className="muted">{current.name}</span>
      </div>
      <div className="two-col">
        <div className="stack">
          <StateCard accountId={current.id} />
          <ComplianceCard accountId={current.id} />
        </div>
        <LimitsCard accountId={current.id} />
      </div>
      <DecisionsCard accountId={current.id} />
    </div>
  );
}

const stateTone = (s: TradingState) => (s === 'ACTIVE' ? 'ok' : s === 'REDUCING' ? 'warn' : 'bad');

function StateCard({ accountId }: { accountId: string }) {
  const res = useResource(`risk-state:${accountId}`, () => riskState(accountId));
  useInterval(() => void res.reload(), 10_000);
  const [confirm, setConfirm] = useState<null | boolean>(null);
  const [busy, setBusy] = useState(false);
  const [actionError, setActionError] = useState<unknown>(null);
  const [manual, setManual] = useState<TradingState>('ACTIVE');
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();

  const flip = async (engaged: boolean) => {
    setConfirm(null);
    setBusy(true);
    setActionError(null);
    try {
      res.setData(await killSwitch(accountId, engaged));
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(false);
    }
  };
  const setState = async (e: FormEvent) => {
    e.preventDefault();
    if (reason.length > 500) {
      setReasonError('At most 500 characters');
      return;
    }
    setReasonError(undefined);
    setBusy(true);
    setActionError(null);
    try {
      res.setData(
        await setRiskState(accountId, manual, reason.trim() || `set to ${manual} from the dashboard`),
      );
      setReason('');
    } catch (err) {
      setActionError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Card title="Trading state">
      <View res={res} label="Loading trading state…">
        {(s: RiskState) => (
          <>
            <div className="state-line">
              <Badge tone={stateTone(s.state)}>
                <span data-testid="trading-state">{s.state}</span>
              </Badge>
              <span>{s.reason}</span>
            </div>
            <dl className="facts">
              <dt>Changed</dt>
              <dd>
                {dateTime(s.changedAt)} by {s.changedBy}
              </dd>
              <dt>Kill switch</dt>
              <dd>{s.killSwitchEngaged ? 'Engaged: every order is refused' : 'Released'}</dd>
              <dt>Start-of-day equity</dt>
              <dd>{money(s.startOfDayEquity)}</dd>
              <dt>High-water mark</dt>
              <dd>{money(s.highWaterMark)}</dd>
              <dt>Last equity</dt>
              <dd>
                {money(s.lastEquity)}{' '}
                {s.valuedAt ? <span className="muted small">({dateTime(s.valuedAt)})</span> : null}
              </dd>
              <dt>Day trades (5 days)</dt>
              <dd>
                {s.dayTradeCount} {s.patternDayTrader ? <Badge tone="warn">pattern day trader</Badge> : null}
              </dd>
            </dl>
            {actionError ? <ErrorBox error={actionError} title="The state could not be changed" /> : null}
            <div className="kill-switch">
              {s.killSwitchEngaged ? (
                <Button variant="primary" busy={busy} onClick={() => setConfirm(false)}>
                  Release kill switch
                </Button>
              ) : (
                <Button variant="danger" busy={busy} onClick={() => setConfirm(true)}>
                  Engage kill switch
                </Button>
              )}
            </div>
            <form className="inline-form" onSubmit={(e) => void setState(e)} noValidate>
              <Field id="manual-state" label="Set state by hand">
                <select
                  id="manual-state"
                  value={manual}
                  onChange={(e) => setManual(e.target.value as TradingState)}
                >
                  <option value="ACTIVE">ACTIVE — trade normally</option>
                  <option value="REDUCING">REDUCING — only orders that reduce positions</option>
                  <option value="HALTED">HALTED — no orders</option>
                </select>
              </Field>
              <Field id="manual-reason" label="Reason" error={reasonError}>
                <input
                  {...controlProps('manual-reason', reasonError)}
                  value={reason}
                  onChange={(e) => setReason(e.target.value)}
                />
              </Field>
              <Button type="submit" busy={busy}>
                Set state
              </Button>
            </form>
          </>
        )}
      </View>
      <Dialog
        open={confirm !== null}
        title={confirm ? 'Engage the kill switch?' : 'Release the kill switch?'}
        onClose={() => setConfirm(null)}
      >
        <p>
          {confirm
            ? 'The account moves to HALTED: every new order is refused until you release the switch. Open orders stay; cancel them on the Trade page if needed.'
            : 'The account goes back to ACTIVE and orders are accepted again.'}
        </p>
        <div className="form-actions">
          <Button onClick={() => setConfirm(null)}>Cancel</Button>
          <Button variant={confirm ? 'danger' : 'primary'} onClick={() => void flip(!!confirm)}>
            {confirm ? 'Engage' : 'Release'}
          </Button>
        </div>
      </Dialog>
    </Card>
  );
}

type LimitText = Record<
  | 'maxOrderNotional'
  | 'maxPositionPct'
  | 'maxOpenOrders'
  | 'priceCollarPct'
  | 'dailyLossLimitPct'
  | 'maxDrawdownPct'
  | 'allowSymbols'
  | 'denySymbols',
  string
>;

const LIMIT_FIELDS: {
  key: keyof LimitText;
  label: string;
  hint: string;
  integer?: boolean;
  list?: boolean;
}[] = [
  { key: 'maxOrderNotional', label: 'Max order value ($)', hint: 'Empty: no limit' },
  { key: 'maxPositionPct', label: 'Max position (% of equity)', hint: 'Empty: no limit' },
  { key: 'maxOpenOrders', label: 'Max open orders', hint: 'Empty: no limit', integer: true },
  {
    key: 'priceCollarPct',
    label: 'Price collar (% from last)',
    hint: 'Limit prices further away are refused',
  },
  { key: 'dailyLossLimitPct', label: 'Daily loss breaker (% of start-of-day equity)', hint: 'Empty: off' },
  { key: 'maxDrawdownPct', label: 'Drawdown breaker (% from high-water mark)', hint: 'Empty: off' },
  { key: 'allowSymbols', label: 'Only these symbols', hint: 'Comma-separated; empty: any', list: true },
  { key: 'denySymbols', label: 'Never these symbols', hint: 'Comma-separated', list: true },
];

function toText(l: RiskLimits): LimitText {
  return {
    maxOrderNotional: l.maxOrderNotional ?? '',
    maxPositionPct: l.maxPositionPct ?? '',
    maxOpenOrders: l.maxOpenOrders === null ? '' : String(l.maxOpenOrders),
    priceCollarPct: l.priceCollarPct ?? '',
    dailyLossLimitPct: l.dailyLossLimitPct ?? '',
    maxDrawdownPct: l.maxDrawdownPct ?? '',
    allowSymbols: l.allowSymbols.join(', '),
    denySymbols: l.denySymbols.join(', '),
  };
}

function LimitsCard({ accountId }: { accountId: string }) {
  const res = useResource(`limits:${accountId}`, () => riskLimits(accountId));
  return (
    <Card title="Limits">
      <View res={res} label="Loading limits…">
        {(l) => (
          <LimitsForm key={accountId} accountId={accountId} limits={l} onSaved={(x) => res.setData(x)} />
        )}
      </View>
    </Card>
  );
}

function LimitsForm({
  accountId,
  limits,
  onSaved,
}: {
  accountId: string;
  limits: RiskLimits;
  onSaved: (l: RiskLimits) => void;
}) {
  const [text, setText] = useState<LimitText>(() => toText(limits));
  const [dailyAction, setDailyAction] = useState(limits.dailyLossAction);
  const [drawdownAction, setDrawdownAction] = useState(limits.drawdownAction);
  const [shorting, setShorting] = useState(limits.shortingEnabled);
  const [errors, setErrors] = useState<Partial<Record<keyof LimitText, string>>>({});
  const [serverError, setServerError] = useState<unknown>(null);
  const [saved, setSaved] = useState(false);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Partial<Record<keyof LimitText, string>> = {};
    const num = (k: keyof LimitText, integer = false): string | null => {
      const v = text[k].trim();
      if (!v) return null;
      if (!isPositiveDecimal(v) || (integer && !/^\d+$/.test(v)))
        errs[k] = integer ? 'A whole number' : 'A positive number';
      return v;
    };
    const syms = (k: keyof LimitText) =>
      text[k]
        .split(',')
        .map((s) => s.trim().toUpperCase())
        .filter(Boolean);
    const body: RiskLimitsUpdate = {
      maxOrderNotional: num('maxOrderNotional'),
      maxPositionPct: num('maxPositionPct'),
      maxOpenOrders: (() => {
        const v = num('maxOpenOrders', true);
        return v === null ? null : Number(v);
      })(),
      priceCollarPct: num('priceCollarPct'),
      dailyLossLimitPct: num('dailyLossLimitPct'),
      maxDrawdownPct: num('maxDrawdownPct'),
      allowSymbols: syms('allowSymbols'),
      denySymbols: syms('denySymbols'),
      dailyLossAction: dailyAction,
      drawdownAction,
      shortingEnabled: shorting,
    };
    for (const k of ['allowSymbols', 'denySymbols'] as const)
      if (syms(k).some((s) => !/^[A-Z][A-Z0-9.\-/]{0,20}$/.test(s))) errs[k] = 'Symbols like AAPL, MSFT';
    for (const k of ['maxPositionPct', 'priceCollarPct', 'dailyLossLimitPct', 'maxDrawdownPct'] as const)
      if (!errs[k] && text[k].trim() && Number(text[k]) > 100) errs[k] = 'At most 100';
    setErrors(errs);
    setServerError(null);
    setSaved(false);
    if (Object.keys(errs).length) {
      requestAnimationFrame(() => focusFirstError(form.current));
      return;
    }
    setBusy(true);
    try {
      const l = await updateRiskLimits(accountId, body);
      onSaved(l);
      setSaved(true);
    } catch (err) {
      setServerError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
      <div className="limits-grid">
        {LIMIT_FIELDS.map((f) => (
          <Field key={f.key} id={`limit-${f.key}`} label={f.label} error={errors[f.key]} hint={f.hint}>
            <input
              {...controlProps(`limit-${f.key}`, errors[f.key], 'hint')}
              inputMode={f.list ? 'text' : 'decimal'}
              value={text[f.key]}
              onChange={(e) => setText((t) => ({ ...t, [f.key]: e.target.value }))}
            />
          </Field>
        ))}
        <Field id="limit-daily-action" label="When the daily loss breaker trips">
          <select
            id="limit-daily-action"
            value={dailyAction}
            onChange={(e) => setDailyAction(e.target.value as 'REDUCING' | 'HALTED')}
          >
            <option value="REDUCING">Move to REDUCING</option>
            <option value="HALTED">Move to HALTED</option>
          </select>
        </Field>
        <Field id="limit-drawdown-action" label="When the drawdown breaker trips">
          <select
            id="limit-drawdown-action"
            value={drawdownAction}
            onChange={(e) => setDrawdownAction(e.target.value as 'REDUCING' | 'HALTED')}
          >
            <option value="REDUCING">Move to REDUCING</option>
            <option value="HALTED">Move to HALTED</option>
          </select>
        </Field>
      </div>
      <label className="check">
        <input type="checkbox" checked={shorting} onChange={(e) => setShorting(e.target.checked)} /> Allow
        short selling
      </label>
      <p className="muted small">Last changed {dateTime(limits.updatedAt)}.</p>
      <FormError error={serverError} />
      {saved ? <Notice>Limits saved.</Notice> : null}
      <Button type="submit" variant="primary" busy={busy}>
        Save limits
      </Button>
    </form>
  );
}

function ComplianceCard({ accountId }: { accountId: string }) {
  const res = useResource(`compliance:${accountId}`, () => compliance(accountId));
  const [error, setError] = useState<unknown>(null);
  const toggle = async (id: string, enabled: boolean) => {
    setError(null);
    try {
      res.setData(await setCompliance(accountId, [{ id, enabled }]));
    } catch (err) {
      setError(err);
    }
  };
  return (
    <Card title="Compliance rules">
      {error ? <ErrorBox error={error} /> : null}
      <View res={res} isEmpty={(d) => d.rules.length === 0} empty="No compliance rules.">
        {(d) => (
          <ul className="plain-list">
            {d.rules.map((r) => (
              <li key={r.id}>
                <label className="check">
                  <input
                    type="checkbox"
                    checked={r.enabled}
                    onChange={(e) => void toggle(r.id, e.target.checked)}
                  />{' '}
                  <strong>{r.id}</strong> — {r.description}
                </label>
              </li>
            ))}
          </ul>
        )}
      </View>
    </Card>
  );
}

function DecisionsCard({ accountId }: { accountId: string }) {
  const res = useResource(`decisions:${accountId}`, async () => (await riskDecisions(accountId, 20)).data);
  useInterval(() => void res.reload(), 15_000);
  return (
    <Card title="Recent pre-trade decisions">
      <View res={res} isEmpty={(d) => d.length === 0} empty="No orders checked yet.">
        {(d) => (
          <div className="table-wrap">
            <table>
              <caption className="sr-only">Recent pre-trade risk decisions</caption>
              <thead>
                <tr>
                  <th scope="col">Time</th>
                  <th scope="col">Order</th>
                  <th scope="col">Decision</th>
                  <th scope="col">Reason</th>
                </tr>
              </thead>
              <tbody>
                {d.map((x) => (
                  <tr key={x.id}>
                    <td className="nowrap" title={dateTime(x.createdAt)}>
                      {stamp(x.createdAt)}
                    </td>
                    <td>
                      {x.side} {x.symbol}
                    </td>
                    <td>
                      <Badge tone={x.approved ? 'ok' : 'bad'}>{x.approved ? 'approved' : 'rejected'}</Badge>
                    </td>
                    <td className="small">
                      {x.approved ? '' : `${x.message ?? ''} ${x.code ? `(${x.code})` : ''}`}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </View>
    </Card>
  );
}
