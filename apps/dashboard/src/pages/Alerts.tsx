import { useRef, useState, type FormEvent } from 'react';
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
import { useResource } from '../state/useResource.ts';
import { isPositiveDecimal } from '../lib/decimal.ts';
import { dateTime, price } from '../lib/format.ts';
import {
  Badge,
  Button,
  Card,
  ErrorBox,
  Field,
  FormError,
  Loading,
  Notice,
  View,
  controlProps,
  focusFirstError,
} from '../components/ui.tsx';

const SYMBOL_RE = /^[A-Z][A-Z0-9.\-/]{0,20}$/;

export function AlertsPage() {
  return (
    <div className="page">
      <div className="page-head">
        <h1>Alerts &amp; triggers</h1>
      </div>
      <div className="two-col">
        <AlertsSection />
        <TriggersSection />
      </div>
    </div>
  );
}

// ------------------------------------------------------------------------------------ alerts

function AlertsSection() {
  const res = useResource('alerts', async () => (await listAlerts()).items);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  useChannel('alerts', (m) => {
    if (m.type !== 'event') return;
    const d = m.data as { alertId?: string; message?: string; at?: string };
    if (d.message) setNotice(`Alert: ${d.message}`);
    void res.reload();
  });

  const remove = async (a: Alert) => {
    setActionError(null);
    try {
      await deleteAlert(a.id);
      res.setData((l) => l?.filter((x) => x.id !== a.id));
      setNotice('Alert deleted.');
    } catch (err) {
      setActionError(err);
    }
  };

  return (
    <div className="stack">
      <Card title="New alert">
        <AlertForm
          onCreated={(a) => {
            res.setData((l) => (l ? [a, ...l.filter((x) => x.id !== a.id)] : [a]));
            setNotice(`Alert created: ${describeAlert(a)}.`);
          }}
        />
      </Card>
      <Card title="Your alerts">
        {notice ? <Notice>{notice}</Notice> : null}
        {actionError ? <ErrorBox error={actionError} title="Could not delete the alert" /> : null}
        <View
          res={res}
          label="Loading alerts…"
          isEmpty={(d) => d.length === 0}
          empty="No alerts yet. Create one above."
        >
          {(items) => (
            <div className="table-wrap">
              <table data-testid="alerts-table">
                <caption className="sr-only">Your alerts</caption>
                <thead>
                  <tr>
                    <th scope="col">Alert</th>
                    <th scope="col">Repeat</th>
                    <th scope="col">Status</th>
                    <th scope="col">Last triggered</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
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
                </tbody>
              </table>
            </div>
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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

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
    setErrors(errs);
    setServerError(null);
    if (Object.keys(errs).length) {
      requestAnimationFrame(() => focusFirstError(form.current));
      return;
    }
    setBusy(true);
    try {
      onCreated(await createAlert(body));
      setLevel('');
      setNote('');
    } catch (err) {
      setServerError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
      <Field id="alert-kind" label="Alert type">
        <select id="alert-kind" value={kind} onChange={(e) => setKind(e.target.value as 'price' | 'news')}>
          <option value="price">Price crosses a level</option>
          <option value="news">News is published</option>
        </select>
      </Field>
      <Field
        id="alert-symbol"
        label={kind === 'price' ? 'Symbol' : 'Symbol (optional)'}
        error={errors['alert-symbol']}
      >
        <input
          {...controlProps('alert-symbol', errors['alert-symbol'])}
          autoComplete="off"
          value={symbol}
          onChange={(e) => setSymbol(e.target.value.toUpperCase())}
        />
      </Field>
      {kind === 'price' ? (
        <div className="row2">
          <Field id="alert-direction" label="Direction">
            <select
              id="alert-direction"
              value={direction}
              onChange={(e) => setDirection(e.target.value as Direction)}
            >
              <option value="above">Crosses above</option>
              <option value="below">Crosses below</option>
            </select>
          </Field>
          <Field id="alert-level" label="Level" error={errors['alert-level']}>
            <input
              {...controlProps('alert-level', errors['alert-level'])}
              inputMode="decimal"
              value={level}
              onChange={(e) => setLevel(e.target.value)}
            />
          </Field>
        </div>
      ) : (
        <Field id="alert-keyword" label="Keyword (optional)" error={errors['alert-keyword']}>
          <input
            {...controlProps('alert-keyword', errors['alert-keyword'])}
            value={keyword}
            onChange={(e) => setKeyword(e.target.value)}
          />
        </Field>
      )}
      <Field id="alert-repeat" label="Repeat">
        <select id="alert-repeat" value={repeat} onChange={(e) => setRepeat(e.target.value as Repeat)}>
          <option value="once">Once, then stop</option>
          <option value="rearm">Re-arm after each trigger</option>
        </select>
      </Field>
      <Field id="alert-note" label="Note (optional)" error={errors['alert-note']}>
        <input
          {...controlProps('alert-note', errors['alert-note'])}
          value={note}
          onChange={(e) => setNote(e.target.value)}
        />
      </Field>
      <FormError error={serverError} />
      <Button type="submit" variant="primary" busy={busy}>
        Create alert
      </Button>
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
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);
  const [runsFor, setRunsFor] = useState<string | null>(null);

  const remove = async (t: Trigger) => {
    setActionError(null);
    try {
      await deleteTrigger(t.id);
      res.setData((l) => l?.filter((x) => x.id !== t.id));
      setNotice(`Trigger “${t.name}” deleted.`);
    } catch (err) {
      setActionError(err);
    }
  };
  const toggle = async (t: Trigger) => {
    setActionError(null);
    try {
      const u = await updateTrigger(t.id, { enabled: !t.enabled });
      res.setData((l) => l?.map((x) => (x.id === t.id ? u : x)));
    } catch (err) {
      setActionError(err);
    }
  };

  return (
    <div className="stack">
      <Card title="New scheduler trigger">
        <TriggerForm
          onCreated={(t) => {
            res.setData((l) => (l ? [t, ...l] : [t]));
            setNotice(`Trigger “${t.name}” created.`);
          }}
        />
      </Card>
      <Card title="Your triggers">
        {notice ? <Notice>{notice}</Notice> : null}
        {actionError ? <ErrorBox error={actionError} title="Could not change the trigger" /> : null}
        <View res={res} label="Loading triggers…" isEmpty={(d) => d.length === 0} empty="No triggers yet.">
          {(items) => (
            <div className="table-wrap">
              <table data-testid="triggers-table">
                <caption className="sr-only">Your scheduler triggers</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">When</th>
                    <th scope="col">Target</th>
                    <th scope="col">Next / last fire</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
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
                </tbody>
              </table>
            </div>
          )}
        </View>
      </Card>
    </div>
  );
}

function TriggerRuns({ id }: { id: string }) {
  const res = useResource(`runs:${id}`, async () => (await triggerRuns(id)).items);
  if (res.loading) return <Loading label="Loading runs…" />;
  if (res.error) return <ErrorBox error={res.error} onRetry={() => void res.reload()} />;
  if (!res.data?.length) return <p className="muted">No runs yet.</p>;
  return (
    <ul className="plain-list small">
      {res.data.map((r) => (
        <li key={r.id}>
          {dateTime(r.firedAt ?? r.scheduledFor)} — {r.status}
          {r.misfire ? ' (late)' : ''}
          {r.reason ? `: ${r.reason}` : ''}
        </li>
      ))}
    </ul>
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
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);

  const list = (s: string) =>
    s
      .split(',')
      .map((x) => x.trim())
      .filter(Boolean);

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
        const syms = list(symbols.toUpperCase());
        const kws = list(keywords);
        if (syms.some((s) => !SYMBOL_RE.test(s))) errs['trigger-symbols'] = 'Symbols like AAPL, MSFT';
        if (!syms.length && !kws.length) errs['trigger-symbols'] = 'Give symbols, keywords, or both';
        schedule = { ...(syms.length ? { symbols: syms } : {}), ...(kws.length ? { keywords: kws } : {}) };
        break;
      }
    }
    if (targetType !== 'notification' && !targetId.trim())
      errs['trigger-target-id'] = `The ${targetType} id is required`;
    if (message.length > 2000) errs['trigger-message'] = 'At most 2000 characters';
    setErrors(errs);
    setServerError(null);
    if (Object.keys(errs).length) {
      requestAnimationFrame(() => focusFirstError(form.current));
      return;
    }
    setBusy(true);
    try {
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
    } catch (err) {
      setServerError(err);
    } finally {
      setBusy(false);
    }
  };

  return (
    <form ref={form} onSubmit={(e) => void submit(e)} noValidate>
      <Field id="trigger-name" label="Name" error={errors['trigger-name']}>
        <input
          {...controlProps('trigger-name', errors['trigger-name'])}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
      <Field id="trigger-kind" label="Fires on">
        <select id="trigger-kind" value={kind} onChange={(e) => setKind(e.target.value as TriggerKind)}>
          <option value="market">Market open or close</option>
          <option value="cron">A schedule (cron)</option>
          <option value="price">A price cross</option>
          <option value="news">News</option>
        </select>
      </Field>
      {kind === 'cron' ? (
        <div className="row2">
          <Field
            id="trigger-cron"
            label="Cron expression"
            error={errors['trigger-cron']}
            hint="e.g. 0 9 * * 1-5"
          >
            <input
              {...controlProps('trigger-cron', errors['trigger-cron'], 'hint')}
              value={expression}
              onChange={(e) => setExpression(e.target.value)}
            />
          </Field>
          <Field id="trigger-tz" label="Time zone">
            <input id="trigger-tz" value={timezone} onChange={(e) => setTimezone(e.target.value)} />
          </Field>
        </div>
      ) : null}
      {kind === 'market' ? (
        <div className="row2">
          <Field id="trigger-event" label="Event">
            <select
              id="trigger-event"
              value={event}
              onChange={(e) => setEvent(e.target.value as 'open' | 'close')}
            >
              <option value="open">Open</option>
              <option value="close">Close</option>
            </select>
          </Field>
          <Field id="trigger-offset" label="Offset (minutes)" error={errors['trigger-offset']}>
            <input
              {...controlProps('trigger-offset', errors['trigger-offset'])}
              inputMode="numeric"
              value={offset}
              onChange={(e) => setOffset(e.target.value)}
            />
          </Field>
        </div>
      ) : null}
      {kind === 'price' ? (
        <div className="row3">
          <Field id="trigger-symbol" label="Symbol" error={errors['trigger-symbol']}>
            <input
              {...controlProps('trigger-symbol', errors['trigger-symbol'])}
              value={symbol}
              onChange={(e) => setSymbol(e.target.value.toUpperCase())}
            />
          </Field>
          <Field id="trigger-direction" label="Direction">
            <select
              id="trigger-direction"
              value={direction}
              onChange={(e) => setDirection(e.target.value as Direction)}
            >
              <option value="above">Above</option>
              <option value="below">Below</option>
            </select>
          </Field>
          <Field id="trigger-level" label="Level" error={errors['trigger-level']}>
            <input
              {...controlProps('trigger-level', errors['trigger-level'])}
              inputMode="decimal"
              value={level}
              onChange={(e) => setLevel(e.target.value)}
            />
          </Field>
        </div>
      ) : null}
      {kind === 'news' ? (
        <div className="row2">
          <Field id="trigger-symbols" label="Symbols (comma-separated)" error={errors['trigger-symbols']}>
            <input
              {...controlProps('trigger-symbols', errors['trigger-symbols'])}
              value={symbols}
              onChange={(e) => setSymbols(e.target.value)}
            />
          </Field>
          <Field id="trigger-keywords" label="Keywords (comma-separated)">
            <input id="trigger-keywords" value={keywords} onChange={(e) => setKeywords(e.target.value)} />
          </Field>
        </div>
      ) : null}
      <div className="row2">
        <Field id="trigger-target" label="Target">
          <select
            id="trigger-target"
            value={targetType}
            onChange={(e) => setTargetType(e.target.value as typeof targetType)}
          >
            <option value="notification">Notify me</option>
            <option value="agent">Run an agent</option>
            <option value="strategy">Evaluate a strategy</option>
          </select>
        </Field>
        {targetType !== 'notification' ? (
          <Field
            id="trigger-target-id"
            label={`${targetType === 'agent' ? 'Agent' : 'Strategy'} id`}
            error={errors['trigger-target-id']}
          >
            <input
              {...controlProps('trigger-target-id', errors['trigger-target-id'])}
              value={targetId}
              onChange={(e) => setTargetId(e.target.value)}
            />
          </Field>
        ) : null}
      </div>
      <Field id="trigger-message" label="Message (optional)" error={errors['trigger-message']}>
        <input
          {...controlProps('trigger-message', errors['trigger-message'])}
          value={message}
          onChange={(e) => setMessage(e.target.value)}
        />
      </Field>
      <Field id="trigger-misfire" label="If a fire was missed (platform down)">
        <select
          id="trigger-misfire"
          value={misfire}
          onChange={(e) => setMisfire(e.target.value as 'fire_once' | 'skip')}
        >
          <option value="fire_once">Fire once when back</option>
          <option value="skip">Skip it</option>
        </select>
      </Field>
      <FormError error={serverError} />
      <Button type="submit" variant="primary" busy={busy}>
        Create trigger
      </Button>
    </form>
  );
}
