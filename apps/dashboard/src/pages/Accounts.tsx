import { useMemo, useRef, useState, type FormEvent } from 'react';
import { accountSummaries, closeAccount, openAccount, resetAccount, type Account } from '../api/endpoints.ts';
import { useAccounts } from '../state/account.tsx';
import { useAction } from '../state/useAction.ts';
import { useResource } from '../state/useResource.ts';
import { cmp, isPositiveDecimal } from '../lib/decimal.ts';
import { dateTime, money } from '../lib/format.ts';
import {
  ActionFeedback,
  Badge,
  Button,
  Card,
  ConfirmDialog,
  ItemDialog,
  Loading,
  Page,
  View,
  newKey,
} from '../components/ui.tsx';
import { Check, FormFooter, TextField, useForm } from '../components/forms.tsx';
import { DataTable, num } from '../components/table.tsx';

export function AccountsPage() {
  const { accounts, current, setCurrent, reload, loading, error } = useAccounts();
  const summaries = useResource('summaries', async () => (await accountSummaries()).data);
  const byId = useMemo(() => new Map((summaries.data ?? []).map((s) => [s.accountId, s])), [summaries.data]);
  const [resetting, setResetting] = useState<Account | null>(null);
  const [closing, setClosing] = useState<Account | null>(null);
  const act = useAction();

  const refresh = () => {
    void reload();
    void summaries.reload();
  };

  const close = (a: Account) =>
    act.run(async () => {
      await closeAccount(a.id).finally(() => setClosing(null));
      act.setNotice(`Account “${a.name}” closed.`);
      refresh();
    });

  return (
    <Page title="Accounts">
      <Card title="Your accounts">
        <ActionFeedback notice={act.notice} error={act.error} errorTitle="The account could not be changed" />
        <View
          res={{ data: accounts, loading, error, reload: async () => refresh() }}
          label="Loading accounts…"
          refreshError={false}
        >
          {(list) =>
            list.length === 0 ? (
              <Loading label="Opening your first paper account…" />
            ) : (
              <DataTable
                testId="accounts-table"
                caption="Your trading accounts"
                columns={['Name', 'Broker', num('Equity'), num('Cash'), num('Positions'), 'Opened']}
                actions
              >
                {list.map((a) => {
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
              </DataTable>
            )
          }
        </View>
      </Card>
      <Card title="Open a paper account">
        <OpenForm
          onOpened={(a) => {
            act.setNotice(`Account “${a.name}” opened with ${money(a.cash)}.`);
            refresh();
            setCurrent(a.id);
          }}
        />
      </Card>
      <ItemDialog item={resetting} title={(a) => `Reset ${a.name}`} onClose={() => setResetting(null)}>
        {(a) => (
          <ResetForm
            account={a}
            onDone={(done) => {
              setResetting(null);
              act.setNotice(
                `Account “${done.name}” reset to ${money(done.cash)}: positions and open orders are gone.`,
              );
              refresh();
            }}
          />
        )}
      </ItemDialog>
      <ConfirmDialog
        open={!!closing}
        title={`Close ${closing?.name ?? ''}?`}
        onClose={() => setClosing(null)}
        onConfirm={() => closing && void close(closing)}
        cancelLabel="Keep it"
        confirmLabel="Close account"
      >
        <p>
          Closing cancels its open orders. An account with positions cannot be closed: close them first. A
          closed account cannot be reopened.
        </p>
      </ConfirmDialog>
    </Page>
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
  const f = useForm();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (!name.trim()) errs['open-name'] = 'Name the account';
    else if (name.trim().length > 100) errs['open-name'] = 'At most 100 characters';
    const ce = cashError(cash);
    if (ce) errs['open-cash'] = ce;
    if (!f.check(errs)) return;
    await f.run(async () => {
      const a = await openAccount({
        name: name.trim(),
        cash: cash.trim(),
        broker: 'paper',
        marginEnabled: margin,
      });
      onOpened(a);
      setName('');
    });
  };
  return (
    <form ref={f.ref} onSubmit={(e) => void submit(e)} noValidate className="inline-form">
      <TextField
        id="open-name"
        label="Account name"
        error={f.errors['open-name']}
        value={name}
        onChange={setName}
      />
      <TextField
        id="open-cash"
        label="Starting cash ($)"
        error={f.errors['open-cash']}
        inputMode="decimal"
        value={cash}
        onChange={setCash}
      />
      <Check checked={margin} onChange={setMargin}>
        Margin (buying power above cash, shorting)
      </Check>
      <FormFooter form={f}>Open account</FormFooter>
    </form>
  );
}

function ResetForm({ account, onDone }: { account: Account; onDone: (a: Account) => void }) {
  const [cash, setCash] = useState('100000');
  const f = useForm();
  const key = useRef(newKey());
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const ce = cashError(cash);
    if (!f.check(ce ? { 'reset-cash': ce } : {})) return;
    await f.run(
      async () => onDone(await resetAccount(account.id, cash.trim(), key.current)),
      () => (key.current = newKey()),
    );
  };
  return (
    <form ref={f.ref} onSubmit={(e) => void submit(e)} noValidate>
      <p>
        Resetting <strong>{account.name}</strong> cancels its open orders, removes its positions and history
        of fills, and sets its cash. This cannot be undone.
      </p>
      <TextField
        id="reset-cash"
        label="Cash after the reset ($)"
        error={f.errors['reset-cash']}
        inputMode="decimal"
        value={cash}
        onChange={setCash}
      />
      <FormFooter form={f} variant="danger" row>
        Reset account
      </FormFooter>
    </form>
  );
}
