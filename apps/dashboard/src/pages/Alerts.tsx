import { useState, type FormEvent } from 'react';
import {
  createAlert,
  deleteAlert,
  listAlerts,
  type Alert,
  type Direction,
  type NewAlert,
  type Repeat,
  createTrigger,
  deleteTrigger,
  listTriggers,
  triggerRuns,
  updateTrigger,
  type NewTrigger,
  type Trigger,
  type TriggerKind,
} from '../api/endpoints.ts';
import { useChannel } from '../state/stream.tsx';
import { useAction } from '../state/useAction.ts';
import { useResource } from '../state/useResource.ts';
import { isPositiveDecimal } from '../lib/decimal.ts';
import { dateTime, price } from '../lib/format.ts';
import { SYMBOL_RE, splitList } from '../lib/text.ts';
import { ActionFeedback, Badge, Button, Card, Page, View } from '../components/ui.tsx';
import { FormFooter, SelectField, TextField, useForm } from '../components/forms.tsx';
import { DataTable } from '../components/table.tsx';

export function AlertsPage() {
  return (
    <Page title="Alerts & triggers">
      <div className="two-col">
        <AlertsSection />
        <TriggersSection />
      </div>
    </Page>
  );
}

// ------------------------------------------------------------------------------------ alerts

function AlertsSection() {
  const res = useResource('alerts', async () => (await listAlerts()).items);
  const act = useAction();

  useChannel('alerts', (m) => {
    if (m.type !== 'event') return;
    const d = m.data as { alertId?: string; message?: string; at?: string };
    if (d.message) act.setNotice(`Alert: ${d.message}`);
    void res.reload();
  });

  const remove = (a: Alert) =>
    act.run(async () => {
      await deleteAlert(a.id);
      res.setData((l) => l?.filter((x) => x.id !== a.id));
      act.setNotice('Alert deleted.');
    });

  return (
    <div className="stack">
      <Card title="New alert">
        <AlertForm
          onCreated={(a) => {
            res.setData((l) => (l ? [a, ...l.filter((x) => x.id !== a.id)] : [a]));
            act.setNotice(`Alert created: ${describeAlert(a)}.`);
          }}
        />
      </Card>
      <Card title="Your alerts">
        <ActionFeedback notice={act.notice} error={act.error} errorTitle="Could not delete the alert" />
        <View
          res={res}
          label="Loading alerts…"
          isEmpty={(d) => d.length === 0}
          empty="No alerts yet. Create one above."
        >
          {(items) => (
            <DataTable
              testId="alerts-table"
              caption="Your alerts"
              columns={['Alert', 'Repeat', 'Status', 'Last triggered']}
              actions
            >
              {items.map((a) => (
                <tr key={a.id}>
                  <td>
                    {describeAlert(a)}
                    {a.note ? <div className="muted small">{a.note}</div> : null}
                  </td>
                  <td>{a.repeat === 'rearm' ? 'Re-arm' : 'Once'}</td>
                  <td>
                    <Badge tone={a.status === 'active' ? 'ok' : 'neutral'}>{a.status}</Badge>
                    {a.triggerCount ? <span className="small muted"> ×{a.triggerCount}</span> : null}
                  </td>
                  <td>{dateTime(a.lastTriggeredAt)}</td>
                  <td className="row-actions">
                    <Button
                      variant="danger"
                      onClick={() => void remove(a)}
                      aria-label={`Delete alert ${describeAlert(a)}`}
                    >
                      Delete
                    </Button>
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </View>
      </Card>
    </div>
  );
}

export function describeAlert(a: Pick<Alert, 'kind' | 'symbol' | 'direction' | 'level' | 'keyword'>): string {
  if (a.kind === 'price')
    return `${a.symbol ?? '?'} ${a.direction === 'above' ? 'crosses above' : 'crosses below'} ${price(a.level)}`;
  const parts = [
    a.symbol ? `about ${a.symbol}` : null,
    a.keyword ? `mentioning “${a.keyword}”` : null,
  ].filter(Boolean);
  return `News ${parts.join(' ')}`;
}

function AlertForm({ onCreated }: { onCreated: (a: Alert) => void }) {
  const [kind, setKind] = useState<'price' | 'news'>('price');
  const [symbol, setSymbol] = useState('AAPL');
  const [direction, setDirection] = useState<Direction>('above');
  const [level, setLevel] = useState('');
  const [keyword, setKeyword] = useState('');
  const [repeat, setRepeat] = useState<Repeat>('once');
  const [note, setNote] = useState('');
  const f = useForm();
  const { errors } = f;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    const sym = symbol.trim().toUpperCase();
    let body: NewAlert;
    if (kind === 'price') {
      if (!SYMBOL_RE.test(sym)) errs['alert-symbol'] = 'A symbol like AAPL';
      if (!isPositiveDecimal(level.trim())) errs['alert-level'] = 'A positive price like 190.00';
      body = { kind, symbol: sym, direction, level: level.trim(), repeat };
    } else {
      if (sym && !SYMBOL_RE.test(sym)) errs['alert-symbol'] = 'A symbol like AAPL, or empty';
      if (!sym && !keyword.trim()) errs['alert-keyword'] = 'Give a symbol, a keyword, or both';
      body = {
        kind,
        repeat,
        ...(sym ? { symbol: sym } : {}),
        ...(keyword.trim() ? { keyword: keyword.trim() } : {}),
      };
    }
    if (note.length > 500) errs['alert-note'] = 'At most 500 characters';
    if (note.trim()) body.note = note.trim();
    if (!f.check(errs)) return;
    await f.run(async () => {
      onCreated(await createAlert(body));
      setLevel('');
      setNote('');
    });
  };

  return (
    <form ref={f.ref} onSubmit={(e) => void submit(e)} noValidate>
      <SelectField
        id="alert-kind"
        label="Alert type"
        value={kind}
        onChange={setKind}
        options={[
          { value: 'price', label: 'Price crosses a level' },
          { value: 'news', label: 'News is published' },
        ]}
      />
      <TextField
        id="alert-symbol"
        label={kind === 'price' ? 'Symbol' : 'Symbol (optional)'}
        error={errors['alert-symbol']}
        autoComplete="off"
        value={symbol}
        onChange={(v) => setSymbol(v.toUpperCase())}
      />
      {kind === 'price' ? (
        <div className="row2">
          <SelectField
            id="alert-direction"
            label="Direction"
            value={direction}
            onChange={setDirection}
            options={[
              { value: 'above', label: 'Crosses above' },
              { value: 'below', label: 'Crosses below' },
            ]}
          />
          <TextField
            id="alert-level"
            label="Level"
            error={errors['alert-level']}
            inputMode="decimal"
            value={level}
            onChange={setLevel}
          />
        </div>
      ) : (
        <TextField
          id="alert-keyword"
          label="Keyword (optional)"
          error={errors['alert-keyword']}
          value={keyword}
          onChange={setKeyword}
        />
      )}
      <SelectField
        id="alert-repeat"
        label="Repeat"
        value={repeat}
        onChange={setRepeat}
        options={[
          { value: 'once', label: 'Once, then stop' },
          { value: 'rearm', label: 'Re-arm after each trigger' },
        ]}
      />
      <TextField
        id="alert-note"
        label="Note (optional)"
        error={errors['alert-note']}
        value={note}
        onChange={setNote}
      />
      <FormFooter form={f}>Create alert</FormFooter>
    </form>
  );
}

// ------------------------------------------------------------------------------------ triggers

function describeSchedule(t: Pick<Trigger, 'kind' | 'schedule'>): string {
  const s = t.schedule as Record<string, unknown>;
  switch (t.kind) {
    case 'cron':
      return `cron ${String(s.expression)} (${String(s.timezone ?? 'America/New_York')})`;
    case 'market': {
      const off = Number(s.offsetMinutes ?? 0);
      return `market ${String(s.event)}${off ? ` ${off > 0 ? '+' : ''}${off} min` : ''}`;
    }
    case 'price':
      return `${String(s.symbol)} ${String(s.direction)} ${String(s.level)}`;
    case 'news':
      return `news${Array.isArray(s.symbols) && s.symbols.length ? ` about ${s.symbols.join(', ')}` : ''}${
        Array.isArray(s.keywords) && s.keywords.length ? ` mentioning ${s.keywords.join(', ')}` : ''
      }`;
  }
}

function TriggersSection() {
  const res = useResource('triggers', async () => (await listTriggers()).items);
  const act = useAction();
  const [runsFor, setRunsFor] = useState<string | null>(null);

  const remove = (t: Trigger) =>
    act.run(async () => {
      await deleteTrigger(t.id);
      res.setData((l) => l?.filter((x) => x.id !== t.id));
      act.setNotice(`Trigger “${t.name}” deleted.`);
    });
  const toggle = (t: Trigger) =>
    act.run(async () => {
      const u = await updateTrigger(t.id, { enabled: !t.enabled });
      res.setData((l) => l?.map((x) => (x.id === t.id ? u : x)));
    });

  return (
    <div className="stack">
      <Card title="New scheduler trigger">
        <TriggerForm
          onCreated={(t) => {
            res.setData((l) => (l ? [t, ...l] : [t]));
            act.setNotice(`Trigger “${t.name}” created.`);
          }}
        />
      </Card>
      <Card title="Your triggers">
        <ActionFeedback notice={act.notice} error={act.error} errorTitle="Could not change the trigger" />
        <View res={res} label="Loading triggers…" isEmpty={(d) => d.length === 0} empty="No triggers yet.">
          {(items) => (
            <DataTable
              testId="triggers-table"
              caption="Your scheduler triggers"
              columns={['Name', 'When', 'Target', 'Next / last fire']}
              actions
            >
              {items.flatMap((t) => [
                <tr key={t.id}>
                  <td>
                    {t.name} {t.enabled ? null : <Badge>disabled</Badge>}
                  </td>
                  <td>{describeSchedule(t)}</td>
                  <td>
                    {t.target.type}
                    {t.target.id ? ` ${t.target.id}` : ''}
                  </td>
                  <td className="small">
                    next {dateTime(t.nextFireAt)}
                    <br />
                    last {dateTime(t.lastFiredAt)}
                  </td>
                  <td className="row-actions">
                    <Button onClick={() => void toggle(t)}>{t.enabled ? 'Disable' : 'Enable'}</Button>
                    <Button
                      aria-expanded={runsFor === t.id}
                      onClick={() => setRunsFor(runsFor === t.id ? null : t.id)}
                    >
                      Runs
                    </Button>
                    <Button
                      variant="danger"
                      onClick={() => void remove(t)}
                      aria-label={`Delete trigger ${t.name}`}
                    >
                      Delete
                    </Button>
                  </td>
                </tr>,
                runsFor === t.id ? (
                  <tr key={`${t.id}-runs`}>
                    <td colSpan={5}>
                      <TriggerRuns id={t.id} />
                    </td>
                  </tr>
                ) : null,
              ])}
            </DataTable>
          )}
        </View>
      </Card>
    </div>
  );
}

function TriggerRuns({ id }: { id: string }) {
  const res = useResource(`runs:${id}`, async () => (await triggerRuns(id)).items);
  return (
    <View res={res} label="Loading runs…" refreshError={false}>
      {(runs) =>
        runs.length === 0 ? (
          <p className="muted">No runs yet.</p>
        ) : (
          <ul className="plain-list small">
            {runs.map((r) => (
              <li key={r.id}>
                {dateTime(r.firedAt ?? r.scheduledFor)} — {r.status}
                {r.misfire ? ' (late)' : ''}
                {r.reason ? `: ${r.reason}` : ''}
              </li>
            ))}
          </ul>
        )
      }
    </View>
  );
}

function TriggerForm({ onCreated }: { onCreated: (t: Trigger) => void }) {
  const [name, setName] = useState('');
  const [kind, setKind] = useState<TriggerKind>('market');
  const [expression, setExpression] = useState('0 9 * * 1-5');
  const [timezone, setTimezone] = useState('America/New_York');
  const [event, setEvent] = useState<'open' | 'close'>('open');
  const [offset, setOffset] = useState('0');
  const [symbol, setSymbol] = useState('AAPL');
  const [direction, setDirection] = useState<Direction>('above');
  const [level, setLevel] = useState('');
  const [symbols, setSymbols] = useState('');
  const [keywords, setKeywords] = useState('');
  const [targetType, setTargetType] = useState<'notification' | 'agent' | 'strategy'>('notification');
  const [targetId, setTargetId] = useState('');
  const [message, setMessage] = useState('');
  const [misfire, setMisfire] = useState<'fire_once' | 'skip'>('fire_once');
  const f = useForm();
  const { errors } = f;

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!name.trim()) errs['trigger-name'] = 'Name the trigger';
    else if (name.length > 100) errs['trigger-name'] = 'At most 100 characters';
    let schedule: NewTrigger['schedule'];
    switch (kind) {
      case 'cron':
        if (expression.trim().split(/\s+/).length < 5)
          errs['trigger-cron'] = 'Five fields: minute hour day month weekday';
        schedule = {
          expression: expression.trim(),
          ...(timezone.trim() ? { timezone: timezone.trim() } : {}),
        };
        break;
      case 'market': {
        const n = Number(offset);
        if (!Number.isInteger(n) || Math.abs(n) > 720)
          errs['trigger-offset'] = 'Whole minutes between −720 and 720';
        schedule = { event, offsetMinutes: n };
        break;
      }
      case 'price':
        if (!SYMBOL_RE.test(symbol.trim().toUpperCase())) errs['trigger-symbol'] = 'A symbol like AAPL';
        if (!isPositiveDecimal(level.trim())) errs['trigger-level'] = 'A positive price';
        schedule = { symbol: symbol.trim().toUpperCase(), direction, level: level.trim() };
        break;
      case 'news': {
        const syms = splitList(symbols.toUpperCase());
        const kws = splitList(keywords);
        if (syms.some((s) => !SYMBOL_RE.test(s))) errs['trigger-symbols'] = 'Symbols like AAPL, MSFT';
        if (!syms.length && !kws.length) errs['trigger-symbols'] = 'Give symbols, keywords, or both';
        schedule = { ...(syms.length ? { symbols: syms } : {}), ...(kws.length ? { keywords: kws } : {}) };
        break;
      }
    }
    if (targetType !== 'notification' && !targetId.trim())
      errs['trigger-target-id'] = `The ${targetType} id is required`;
    if (message.length > 2000) errs['trigger-message'] = 'At most 2000 characters';
    if (!f.check(errs)) return;
    await f.run(async () => {
      const t = await createTrigger({
        name: name.trim(),
        kind,
        schedule,
        target: {
          type: targetType,
          ...(targetId.trim() ? { id: targetId.trim() } : {}),
          ...(message.trim() ? { message: message.trim() } : {}),
        },
        misfirePolicy: misfire,
        enabled: true,
      });
      onCreated(t);
      setName('');
    });
  };

  return (
    <form ref={f.ref} onSubmit={(e) => void submit(e)} noValidate>
      <TextField
        id="trigger-name"
        label="Name"
        error={errors['trigger-name']}
        value={name}
        onChange={setName}
      />
      <SelectField
        id="trigger-kind"
        label="Fires on"
        value={kind}
        onChange={setKind}
        options={[
          { value: 'market', label: 'Market open or close' },
          { value: 'cron', label: 'A schedule (cron)' },
          { value: 'price', label: 'A price cross' },
          { value: 'news', label: 'News' },
        ]}
      />
      {kind === 'cron' ? (
        <div className="row2">
          <TextField
            id="trigger-cron"
            label="Cron expression"
            error={errors['trigger-cron']}
            hint="e.g. 0 9 * * 1-5"
            value={expression}
            onChange={setExpression}
          />
          <TextField id="trigger-tz" label="Time zone" value={timezone} onChange={setTimezone} />
        </div>
      ) : null}
      {kind === 'market' ? (
        <div className="row2">
          <SelectField
            id="trigger-event"
            label="Event"
            value={event}
            onChange={setEvent}
            options={[
              { value: 'open', label: 'Open' },
              { value: 'close', label: 'Close' },
            ]}
          />
          <TextField
            id="trigger-offset"
            label="Offset (minutes)"
            error={errors['trigger-offset']}
            inputMode="numeric"
            value={offset}
            onChange={setOffset}
          />
        </div>
      ) : null}
      {kind === 'price' ? (
        <div className="row3">
          <TextField
            id="trigger-symbol"
            label="Symbol"
            error={errors['trigger-symbol']}
            value={symbol}
            onChange={(v) => setSymbol(v.toUpperCase())}
          />
          <SelectField
            id="trigger-direction"
            label="Direction"
            value={direction}
            onChange={setDirection}
            options={[
              { value: 'above', label: 'Above' },
              { value: 'below', label: 'Below' },
            ]}
          />
          <TextField
            id="trigger-level"
            label="Level"
            error={errors['trigger-level']}
            inputMode="decimal"
            value={level}
            onChange={setLevel}
          />
        </div>
      ) : null}
      {kind === 'news' ? (
        <div className="row2">
          <TextField
            id="trigger-symbols"
            label="Symbols (comma-separated)"
            error={errors['trigger-symbols']}
            value={symbols}
            onChange={setSymbols}
          />
          <TextField
            id="trigger-keywords"
            label="Keywords (comma-separated)"
            value={keywords}
            onChange={setKeywords}
          />
        </div>
      ) : null}
      <div className="row2">
        <SelectField
          id="trigger-target"
          label="Target"
          value={targetType}
          onChange={setTargetType}
          options={[
            { value: 'notification', label: 'Notify me' },
            { value: 'agent', label: 'Run an agent' },
            { value: 'strategy', label: 'Evaluate a strategy' },
          ]}
        />
        {targetType !== 'notification' ? (
          <TextField
            id="trigger-target-id"
            label={`${targetType === 'agent' ? 'Agent' : 'Strategy'} id`}
            error={errors['trigger-target-id']}
            value={targetId}
            onChange={setTargetId}
          />
        ) : null}
      </div>
      <TextField
        id="trigger-message"
        label="Message (optional)"
        error={errors['trigger-message']}
        value={message}
        onChange={setMessage}
      />
      <SelectField
        id="trigger-misfire"
        label="If a fire was missed (platform down)"
        value={misfire}
        onChange={setMisfire}
        options={[
          { value: 'fire_once', label: 'Fire once when back' },
          { value: 'skip', label: 'Skip it' },
        ]}
      />
      <FormFooter form={f}>Create trigger</FormFooter>
    </form>
  );
}
