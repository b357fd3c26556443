import { useMemo, useRef, useState, type FormEvent } from 'react';
import { accountSummaries, closeAccount, openAccount, resetAccount, type Account } from '../api/endpoints.ts';
import { useAccounts } from '../state/account.tsx';
import { useResource } from '../state/useResource.ts';
import { cmp, isPositiveDecimal } from '../lib/decimal.ts';
import { dateTime, money } from '../lib/format.ts';
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
  controlProps,
  focusFirstError,
  newKey,
} from '../components/ui.tsx';

export function AccountsPage() {
  const { accounts, current, setCurrent, reload, loading, error } = useAccounts();
  const summaries = useResource('summaries', async () => (await accountSummaries()).data);
  const byId = useMemo(() => new Map((summaries.data ?? []).map((s) => [s.accountId, s])), [summaries.data]);
  const [resetting, setResetting] = useState<Account | null>(null);
  const [closing, setClosing] = useState<Account | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const refresh = () => {
    void reload();
    void summaries.reload();
  };

  const close = async (a: Account) => {
    setActionError(null);
    try {
      await closeAccount(a.id);
      setNotice(`Account “${a.name}” closed.`);
      setClosing(null);
      refresh();
    } catch (err) {
      setClosing(null);
      setActionError(err);
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>Accounts</h1>
      </div>
      <Card title="Your accounts">
        {notice ? <Notice>{notice}</Notice> : null}
        {actionError ? <ErrorBox error={actionError} title="The account could not be changed" /> : null}
        {loading && !accounts ? <Loading label="Loading accounts…" /> : null}
        {error && !accounts ? <ErrorBox error={error} onRetry={refresh} /> : null}
        {accounts && accounts.length === 0 ? <Loading label="Opening your first paper account…" /> : null}
        {accounts && accounts.length > 0 ? (
          <div className="table-wrap">
            <table data-testid="accounts-table">
              <caption className="sr-only">Your trading accounts</caption>
              <thead>
                <tr>
                  <th scope="col">Name</th>
                  <th scope="col">Broker</th>
                  <th scope="col" className="num">
                    Equity
                  </th>
                  <th scope="col" className="num">
                    Cash
                  </th>
                  <th scope="col" className="num">
                    Positions
                  </th>
                  <th scope="col">Opened</th>
                  <th scope="col">
                    <span className="sr-only">Actions</span>
                  </th>
                </tr>
              </thead>
              <tbody>
                {accounts.map((a) => {
                  const s = byId.get(a.id);
                  const isCurrent = current?.id === a.id;
                  return (
                    <tr key={a.id} className={isCurrent ? 'current' : ''}>
                      <th scope="row">
                        {a.name} {a.isDefault ? <Badge>default</Badge> : null}{' '}
                        {isCurrent ? <Badge tone="info">in use</Badge> : null}{' '}
                        {a.status === 'closed' ? <Badge tone="neutral">closed</Badge> : null}
                      </th>
                      <td>{a.broker === 'paper' ? 'Paper' : `Alpaca${a.alpaca?.paper ? ' (paper)' : ''}`}</td>
                      <td className="num">{s ? money(s.equity) : '—'}</td>
                      <td className="num">{s ? money(s.cash) : money(a.cash)}</td>
                      <td className="num">{s?.positionCount ?? '—'}</td>
                      <td>{dateTime(a.createdAt)}</td>
                      <td className="row-actions">
                        {a.status === 'active' && !isCurrent ? (
                          <Button onClick={() => setCurrent(a.id)} aria-label={`Switch to ${a.name}`}>
                            Switch to
                          </Button>
                        ) : null}
                        {a.status === 'active' && a.broker === 'paper' ? (
                          <Button onClick={() => setResetting(a)} aria-label={`Reset ${a.name}`}>
                            Reset
                          </Button>
                        ) : null}
                        {a.status === 'active' && !a.isDefault ? (
                          <Button
                            variant="danger"
                            onClick={() => setClosing(a)}
                            aria-label={`Close ${a.name}`}
                          >
                            Close
                          </Button>
                        ) : null}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          </div>
        ) : null}
      </Card>
      <Card title="Open a paper account">
        <OpenForm
          onOpened={(a) => {
            setNotice(`Account “${a.name}” opened with ${money(a.cash)}.`);
            refresh();
            setCurrent(a.id);
          }}
        />
      </Card>
      <Dialog open={!!resetting} title={`Reset ${resetting?.name ?? ''}`} onClose={() => setResetting(null)}>
        {resetting ? (
          <ResetForm
            account={resetting}
            onDone={(a) => {
              setResetting(null);
              setNotice(`Account “${a.name}” reset to ${money(a.cash)}: positions and open orders are gone.`);
              refresh();
            }}
          />
        ) : null}
      </Dialog>
      <Dialog open={!!closing} title={`Close ${closing?.name ?? ''}?`} onClose={() => setClosing(null)}>
        <p>
          Closing cancels its open orders. An account with positions cannot be closed: close them first. A
          closed account cannot be reopened.
        </p>
        <div className="form-actions">
          <Button onClick={() => setClosing(null)}>Keep it</Button>
          <Button variant="danger" onClick={() => closing && void close(closing)}>
            Close account
          </Button>
        </div>
      </Dialog>
    </div>
  );
}

function cashError(v: string): string | undefined {
  const s = v.trim();
  if (!isPositiveDecimal(s)) return 'A positive amount like 100000';
  if ((s.split('.')[1] ?? '').length > 2) return 'At most 2 decimals';
  if (cmp(s, '1000000000') > 0) return 'At most $1,000,000,000';
  return undefined;
}

function OpenForm({ onOpened }: { onOpened: (a: Account) => void }) {
  const [name, setName] = useState('');
  const [cash, setCash] = useState('100000');
  const [margin, setMargin] = useState(false);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [serverError, setServerError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const form = useRef<HTMLFormElement>(null);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!name.trim()) errs['open-name'] = 'Name the account';
    else if (name.trim().length > 100) errs['open-name'] = 'At most 100 characters';
    const ce = cashError(cash);
    if (ce) errs['open-cash'] = ce;
    setErrors(errs);
    setServerError(null);
    if (Object.keys(errs).length) {
      requestAnimationFrame(() => focusFirstError(form.current));
      return;
    }
    setBusy(true);
    try {
      const a = await openAccount({
        name: name.trim(),
        cash: cash.trim(),
        broker: 'paper',
        marginEnabled: margin,
      });
      onOpened(a);
      setName('');
    } catch (err) {
      setServerError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form ref={form} onSubmit={(e) => void submit(e)} noValidate className="inline-form">
      <Field id="open-name" label="Account name" error={errors['open-name']}>
        <input
          {...controlProps('open-name', errors['open-name'])}
          value={name}
          onChange={(e) => setName(e.target.value)}
        />
      </Field>
      <Field id="open-cash" label="Starting cash ($)" error={errors['open-cash']}>
        <input
          {...controlProps('open-cash', errors['open-cash'])}
          inputMode="decimal"
          value={cash}
          onChange={(e) => setCash(e.target.value)}
        />
      </Field>
      <label className="check">
        <input type="checkbox" checked={margin} onChange={(e) => setMargin(e.target.checked)} /> Margin
        (buying power above cash, shorting)
      </label>
      <FormError error={serverError} />
      <Button type="submit" variant="primary" busy={busy}>
        Open account
      </Button>
    </form>
  );
}

function ResetForm({ account, onDone }: { account: Account; onDone: (a: Account) => void }) {
  const [cash, setCash] = useState('100000');
  const [error, setError] = useState<string | undefined>();
  const [serverError, setServerError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const key = useRef(newKey());
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ce = cashError(cash);
    setError(ce);
    setServerError(null);
    if (ce) {
      document.getElementById('reset-cash')?.focus();
      return;
    }
    setBusy(true);
    try {
      onDone(await resetAccount(account.id, cash.trim(), key.current));
    } catch (err) {
      key.current = newKey();
      setServerError(err);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form onSubmit={(e) => void submit(e)} noValidate>
      <p>
        Resetting <strong>{account.name}</strong> cancels its open orders, removes its positions and history
        of fills, and sets its cash. This cannot be undone.
      </p>
      <Field id="reset-cash" label="Cash after the reset ($)" error={error}>
        <input
          {...controlProps('reset-cash', error)}
          inputMode="decimal"
          value={cash}
          onChange={(e) => setCash(e.target.value)}
        />
      </Field>
      <FormError error={serverError} />
      <div className="form-actions">
        <Button type="submit" variant="danger" busy={busy}>
          Reset account
        </Button>
      </div>
    </form>
  );
}
