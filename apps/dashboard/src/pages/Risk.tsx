import { useState, type FormEvent } from 'react';
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
import { useAction } from '../state/useAction.ts';
import { useInterval, useResource } from '../state/useResource.ts';
import { isPositiveDecimal } from '../lib/decimal.ts';
import { dateTime, stamp, money } from '../lib/format.ts';
import { SYMBOL_RE, splitList } from '../lib/text.ts';
import {
  ActionFeedback,
  Badge,
  Button,
  Card,
  ConfirmDialog,
  Notice,
  Page,
  View,
  WithAccount,
} from '../components/ui.tsx';
import { Check, FormFooter, SelectField, TextField, useForm, type Choice } from '../components/forms.tsx';
import { DataTable } from '../components/table.tsx';

export function RiskPage() {
  return (
    <WithAccount>
      {(current) => (
        <Page title="Risk" aside={<span className="muted">{current.name}</span>}>
          <div className="two-col">
            <div className="stack">
              <StateCard accountId={current.id} />
              <ComplianceCard accountId={current.id} />
            </div>
            <LimitsCard accountId={current.id} />
          </div>
          <DecisionsCard accountId={current.id} />
        </Page>
      )}
    </WithAccount>
  );
}

const stateTone = (s: TradingState) => (s === 'ACTIVE' ? 'ok' : s === 'REDUCING' ? 'warn' : 'bad');

function StateCard({ accountId }: { accountId: string }) {
  const res = useResource(`risk-state:${accountId}`, () => riskState(accountId));
  useInterval(() => void res.reload(), 10_000);
  const [confirm, setConfirm] = useState<null | boolean>(null);
  const [busy, setBusy] = useState(false);
  const act = useAction();
  const [manual, setManual] = useState<TradingState>('ACTIVE');
  const [reason, setReason] = useState('');
  const [reasonError, setReasonError] = useState<string | undefined>();

  const busyWhile = async (action: () => Promise<void>) => {
    setBusy(true);
    await act.run(action);
    setBusy(false);
  };
  const flip = (engaged: boolean) => {
    setConfirm(null);
    return busyWhile(async () => res.setData(await killSwitch(accountId, engaged)));
  };
  const setState = async (e: FormEvent) => {
    e.preventDefault();
    if (reason.length > 500) {
      setReasonError('At most 500 characters');
      return;
    }
    setReasonError(undefined);
    await busyWhile(async () => {
      res.setData(
        await setRiskState(accountId, manual, reason.trim() || `set to ${manual} from the dashboard`),
      );
      setReason('');
    });
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
            <ActionFeedback error={act.error} errorTitle="The state could not be changed" />
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
              <SelectField
                id="manual-state"
                label="Set state by hand"
                value={manual}
                onChange={setManual}
                options={[
                  { value: 'ACTIVE', label: 'ACTIVE — trade normally' },
                  { value: 'REDUCING', label: 'REDUCING — only orders that reduce positions' },
                  { value: 'HALTED', label: 'HALTED — no orders' },
                ]}
              />
              <TextField
                id="manual-reason"
                label="Reason"
                error={reasonError}
                value={reason}
                onChange={setReason}
              />
              <Button type="submit" busy={busy}>
                Set state
              </Button>
            </form>
          </>
        )}
      </View>
      <ConfirmDialog
        open={confirm !== null}
        title={confirm ? 'Engage the kill switch?' : 'Release the kill switch?'}
        onClose={() => setConfirm(null)}
        onConfirm={() => void flip(!!confirm)}
        cancelLabel="Cancel"
        confirmLabel={confirm ? 'Engage' : 'Release'}
        variant={confirm ? 'danger' : 'primary'}
      >
        <p>
          {confirm
            ? 'The account moves to HALTED: every new order is refused until you release the switch. Open orders stay; cancel them on the Trade page if needed.'
            : 'The account goes back to ACTIVE and orders are accepted again.'}
        </p>
      </ConfirmDialog>
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

const BREAKER_ACTIONS: Choice<'REDUCING' | 'HALTED'>[] = [
  { value: 'REDUCING', label: 'Move to REDUCING' },
  { value: 'HALTED', label: 'Move to HALTED' },
];

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
  const [saved, setSaved] = useState(false);
  const f = useForm<Partial<Record<keyof LimitText, string>>>();

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
    const syms = (k: keyof LimitText) => splitList(text[k].toUpperCase());
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
      if (syms(k).some((s) => !SYMBOL_RE.test(s))) errs[k] = 'Symbols like AAPL, MSFT';
    for (const k of ['maxPositionPct', 'priceCollarPct', 'dailyLossLimitPct', 'maxDrawdownPct'] as const)
      if (!errs[k] && text[k].trim() && Number(text[k]) > 100) errs[k] = 'At most 100';
    setSaved(false);
    if (!f.check(errs)) return;
    await f.run(async () => {
      const l = await updateRiskLimits(accountId, body);
      onSaved(l);
      setSaved(true);
    });
  };

  return (
    <form ref={f.ref} onSubmit={(e) => void submit(e)} noValidate>
      <div className="limits-grid">
        {LIMIT_FIELDS.map((lf) => (
          <TextField
            key={lf.key}
            id={`limit-${lf.key}`}
            label={lf.label}
            error={f.errors[lf.key]}
            hint={lf.hint}
            inputMode={lf.list ? 'text' : 'decimal'}
            value={text[lf.key]}
            onChange={(v) => setText((t) => ({ ...t, [lf.key]: v }))}
          />
        ))}
        <SelectField
          id="limit-daily-action"
          label="When the daily loss breaker trips"
          value={dailyAction}
          onChange={setDailyAction}
          options={BREAKER_ACTIONS}
        />
        <SelectField
          id="limit-drawdown-action"
          label="When the drawdown breaker trips"
          value={drawdownAction}
          onChange={setDrawdownAction}
          options={BREAKER_ACTIONS}
        />
      </div>
      <Check checked={shorting} onChange={setShorting}>
        Allow short selling
      </Check>
      <p className="muted small">Last changed {dateTime(limits.updatedAt)}.</p>
      <FormFooter form={f} notice={saved ? <Notice>Limits saved.</Notice> : null}>
        Save limits
      </FormFooter>
    </form>
  );
}

function ComplianceCard({ accountId }: { accountId: string }) {
  const res = useResource(`compliance:${accountId}`, () => compliance(accountId));
  const act = useAction();
  const toggle = (id: string, enabled: boolean) =>
    act.run(async () => res.setData(await setCompliance(accountId, [{ id, enabled }])));
  return (
    <Card title="Compliance rules">
      <ActionFeedback error={act.error} />
      <View res={res} isEmpty={(d) => d.rules.length === 0} empty="No compliance rules.">
        {(d) => (
          <ul className="plain-list">
            {d.rules.map((r) => (
              <li key={r.id}>
                <Check checked={r.enabled} onChange={(on) => void toggle(r.id, on)}>
                  <strong>{r.id}</strong> — {r.description}
                </Check>
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
          <DataTable
            caption="Recent pre-trade risk decisions"
            columns={['Time', 'Order', 'Decision', 'Reason']}
          >
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
          </DataTable>
        )}
      </View>
    </Card>
  );
}
