import { useState, type FormEvent } from 'react';
import { createApiKey, listApiKeys, revokeApiKey, type ApiKey, type NewApiKey } from '../api/endpoints.ts';
import { useResource } from '../state/useResource.ts';
import { dateTime } from '../lib/format.ts';
import {
  Badge,
  Button,
  Card,
  Dialog,
  ErrorBox,
  Field,
  FormError,
  Notice,
  View,
  controlProps,
} from '../components/ui.tsx';
import { SecretOnce } from './Notifications.tsx';

export function ApiKeysPage() {
  const res = useResource('api-keys', async () => (await listApiKeys()).data);
  const [created, setCreated] = useState<NewApiKey | null>(null);
  const [revoking, setRevoking] = useState<ApiKey | null>(null);
  const [notice, setNotice] = useState<string | null>(null);
  const [actionError, setActionError] = useState<unknown>(null);

  const revoke = async (k: ApiKey) => {
    setRevoking(null);
    setActionError(null);
    try {
      await revokeApiKey(k.id);
      setNotice(`Key “${k.name}” (${k.keyId}) revoked: it no longer authenticates.`);
      await res.reload();
    } catch (err) {
      setActionError(err);
    }
  };

  return (
    <div className="page">
      <div className="page-head">
        <h1>API keys</h1>
      </div>
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
        {notice ? <Notice>{notice}</Notice> : null}
        {actionError ? <ErrorBox error={actionError} title="The key could not be revoked" /> : null}
        <View res={res} label="Loading keys…" isEmpty={(d) => d.length === 0} empty="No API keys yet.">
          {(keys) => (
            <div className="table-wrap">
              <table data-testid="api-keys-table">
                <caption className="sr-only">Your API keys</caption>
                <thead>
                  <tr>
                    <th scope="col">Name</th>
                    <th scope="col">Key id</th>
                    <th scope="col">Created</th>
                    <th scope="col">Last used</th>
                    <th scope="col">Status</th>
                    <th scope="col">
                      <span className="sr-only">Actions</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
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
                </tbody>
              </table>
            </div>
          )}
        </View>
      </Card>
      <Dialog
        open={!!created}
        title={`Key “${created?.name ?? ''}” created`}
        onClose={() => setCreated(null)}
      >
        {created ? (
          <>
            <p>
              Key id: <code data-testid="new-key-id">{created.keyId}</code>
            </p>
            <SecretOnce secret={created.secret} what="secret key" />
          </>
        ) : null}
        <div className="form-actions">
          <Button variant="primary" onClick={() => setCreated(null)}>
            I have saved it
          </Button>
        </div>
      </Dialog>
      <Dialog open={!!revoking} title={`Revoke “${revoking?.name ?? ''}”?`} onClose={() => setRevoking(null)}>
        <p>Programs using this key stop working at once. This cannot be undone.</p>
        <div className="form-actions">
          <Button onClick={() => setRevoking(null)}>Keep it</Button>
          <Button variant="danger" onClick={() => revoking && void revoke(revoking)}>
            Revoke key
          </Button>
        </div>
      </Dialog>
    </div>
  );
}

function CreateForm({ onCreated }: { onCreated: (k: NewApiKey) => void }) {
  const [name, setName] = useState('');
  const [error, setError] = useState<string | undefined>();
  const [serverError, setServerError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const n = name.trim();
    const err = !n ? 'Name the key, e.g. “my bot”' : n.length > 100 ? 'At most 100 characters' : undefined;
    setError(err);
    setServerError(null);
    if (err) {
      document.getElementById('key-name')?.focus();
      return;
    }
    setBusy(true);
    try {
      onCreated(await createApiKey(n));
      setName('');
    } catch (e2) {
      setServerError(e2);
    } finally {
      setBusy(false);
    }
  };
  return (
    <form className="inline-form" onSubmit={(e) => void submit(e)} noValidate>
      <Field id="key-name" label="Key name" error={error}>
        <input {...controlProps('key-name', error)} value={name} onChange={(e) => setName(e.target.value)} />
      </Field>
      <FormError error={serverError} />
      <Button type="submit" variant="primary" busy={busy}>
        Create key
      </Button>
    </form>
  );
}
