import { useState, type FormEvent } from 'react';
import { createApiKey, listApiKeys, revokeApiKey, type ApiKey, type NewApiKey } from '../api/endpoints.ts';
import { useAction } from '../state/useAction.ts';
import { useResource } from '../state/useResource.ts';
import { dateTime } from '../lib/format.ts';
import {
  ActionFeedback,
  Badge,
  Button,
  Card,
  ConfirmDialog,
  ItemDialog,
  Page,
  View,
} from '../components/ui.tsx';
import { FormFooter, TextField, useForm } from '../components/forms.tsx';
import { DataTable } from '../components/table.tsx';
import { SecretOnce } from './Notifications.tsx';

export function ApiKeysPage() {
  const res = useResource('api-keys', async () => (await listApiKeys()).data);
  const [created, setCreated] = useState<NewApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const act = useAction();

  const revoke = (k: ApiKey) => {
    setRevoking(null);
    return act.run(async () => {
      await revokeApiKey(k.id);
      act.setNotice(`Key “${k.name}” (${k.keyId}) revoked: it no longer authenticates.`);
      await res.reload();
    });
  };

  return (
    <Page title="API keys">
      <p className="muted">
        Key pairs authenticate bots and Alpaca clients: send <code>APCA-API-KEY-ID</code> and{' '}
        <code>APCA-API-SECRET-KEY</code>. They trade on your default account.
      </p>
      <Card title="Create a key">
        <CreateForm
          onCreated={(k) => {
            setCreated(k);
            void res.reload();
          }}
        />
      </Card>
      <Card title="Your keys">
        <ActionFeedback notice={act.notice} error={act.error} errorTitle="The key could not be revoked" />
        <View res={res} label="Loading keys…" isEmpty={(d) => d.length === 0} empty="No API keys yet.">
          {(keys) => (
            <DataTable
              testId="api-keys-table"
              caption="Your API keys"
              columns={['Name', 'Key id', 'Created', 'Last used', 'Status']}
              actions
            >
              {keys.map((k) => (
                <tr key={k.id}>
                  <th scope="row">{k.name}</th>
                  <td>
                    <code>{k.keyId}</code>
                  </td>
                  <td>{dateTime(k.createdAt)}</td>
                  <td>{k.lastUsedAt ? dateTime(k.lastUsedAt) : 'never'}</td>
                  <td>
                    {k.revokedAt ? (
                      <Badge tone="neutral">revoked {dateTime(k.revokedAt)}</Badge>
                    ) : (
                      <Badge tone="ok">active</Badge>
                    )}
                  </td>
                  <td className="row-actions">
                    {k.revokedAt ? null : (
                      <Button
                        variant="danger"
                        onClick={() => setRevoking(k)}
                        aria-label={`Revoke key ${k.name}`}
                      >
                        Revoke
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </DataTable>
          )}
        </View>
      </Card>
      <ItemDialog item={created} title={(k) => `Key “${k.name}” created`} onClose={() => setCreated(null)}>
        {(k) => (
          <>
            <p>
              Key id: <code data-testid="new-key-id">{k.keyId}</code>
            </p>
            <SecretOnce secret={k.secret} what="secret key" />
            <div className="form-actions">
              <Button variant="primary" onClick={() => setCreated(null)}>
                I have saved it
              </Button>
            </div>
          </>
        )}
      </ItemDialog>
      <ConfirmDialog
        open={!!revoking}
        title={`Revoke “${revoking?.name ?? ''}”?`}
        onClose={() => setRevoking(null)}
        onConfirm={() => revoking && void revoke(revoking)}
        cancelLabel="Keep it"
        confirmLabel="Revoke key"
      >
        <p>Programs using this key stop working at once. This cannot be undone.</p>
      </ConfirmDialog>
    </Page>
  );
}

function CreateForm({ onCreated }: { onCreated: (k: NewApiKey) => void }) {
  const [name, setName] = useState('');
  const f = useForm();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    const err = !n ? 'Name the key, e.g. “my bot”' : n.length > 100 ? 'At most 100 characters' : undefined;
    if (!f.check(err ? { 'key-name': err } : {})) return;
    await f.run(async () => {
      onCreated(await createApiKey(n));
      setName('');
    });
  };
  return (
    <form ref={f.ref} className="inline-form" onSubmit={(e) => void submit(e)} noValidate>
      <TextField
        id="key-name"
        label="Key name"
        error={f.errors['key-name']}
        value={name}
        onChange={setName}
      />
      <FormFooter form={f}>Create key</FormFooter>
    </form>
  );
}
