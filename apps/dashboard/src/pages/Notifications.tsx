import { useState, type FormEvent } from 'react';
import {
  NOTIFICATION_CHANNELS,
  createWebhook,
  deleteWebhook,
  getPreferences,
  listNotifications,
  listWebhooks,
  markAllRead,
  markRead,
  putPreferences,
  testWebhook,
  webhookDeliveries,
  type Notification,
  type NotificationChannel,
  type NotificationPreferences,
  type NewWebhookEndpoint,
  type WebhookEndpoint,
} from '../api/endpoints.ts';
import { useChannel } from '../state/stream.tsx';
import { useAction } from '../state/useAction.ts';
import { useInterval, useResource } from '../state/useResource.ts';
import { ago, dateTime } from '../lib/format.ts';
import { EMAIL_RE, splitList } from '../lib/text.ts';
import {
  ActionFeedback,
  Badge,
  Button,
  Card,
  ItemDialog,
  Notice,
  Page,
  Tabs,
  View,
} from '../components/ui.tsx';
import { Check, FormFooter, TextField, useForm } from '../components/forms.tsx';
import { DataTable, num } from '../components/table.tsx';

type Tab = 'inbox' | 'preferences' | 'webhooks';

export function NotificationsPage() {
  const [tab, setTab] = useState<Tab>('inbox');
  return (
    <Page title="Notifications">
      <Tabs
        label="Notifications"
        value={tab}
        onChange={setTab}
        tabs={[
          { key: 'inbox', label: 'Inbox' },
          { key: 'preferences', label: 'Preferences' },
          { key: 'webhooks', label: 'Webhooks' },
        ]}
      >
        {tab === 'inbox' ? <Inbox /> : tab === 'preferences' ? <Preferences /> : <Webhooks />}
      </Tabs>
    </Page>
  );
}

const readEvent = () => window.dispatchEvent(new CustomEvent('tradeplane:notifications-read'));

function Inbox() {
  const [unreadOnly, setUnreadOnly] = useState(false);
  const res = useResource(`inbox:${unreadOnly}`, () => listNotifications({ unread: unreadOnly, limit: 50 }));
  const act = useAction();
  const [cursorBusy, setCursorBusy] = useState(false);

  useChannel('notifications', (m) => {
    if (m.type !== 'event') return;
    const d = m.data as {
      notificationId?: string;
      type?: string;
      title?: string;
      body?: string;
      data?: Record<string, unknown>;
      createdAt?: string;
    };
    if (!d.notificationId) return;
    const n: Notification = {
      id: d.notificationId,
      type: d.type ?? '',
      title: d.title ?? '',
      body: d.body ?? '',
      data: d.data ?? {},
      createdAt: d.createdAt ?? new Date().toISOString(),
      readAt: null,
    };
    res.setData((r) => (r && !r.items.some((x) => x.id === n.id) ? { ...r, items: [n, ...r.items] } : r));
  });

  const read = (n: Notification) =>
    act.run(async () => {
      const u = await markRead(n.id);
      res.setData((r) =>
        r
          ? {
              ...r,
              items: r.items.map((x) =>
                x.id === n.id ? { ...x, readAt: u.readAt ?? new Date().toISOString() } : x,
              ),
            }
          : r,
      );
      readEvent();
    });
  const readAll = () =>
    act.run(async () => {
      await markAllRead();
      await res.reload();
      readEvent();
    });
  const more = async () => {
    const cursor = res.data?.nextCursor;
    if (!cursor) return;
    setCursorBusy(true);
    try {
      const page = await listNotifications({ unread: unreadOnly, limit: 50, cursor });
      res.setData((r) => (r ? { items: [...r.items, ...page.items], nextCursor: page.nextCursor } : page));
    } catch (err) {
      act.setError(err);
    } finally {
      setCursorBusy(false);
    }
  };

  return (
    <Card
      title="Inbox"
      actions={
        <>
          <Check checked={unreadOnly} onChange={setUnreadOnly}>
            Unread only
          </Check>
          <Button onClick={() => void readAll()}>Mark all read</Button>
        </>
      }
    >
      <ActionFeedback error={act.error} />
      <View
        res={res}
        label="Loading notifications…"
        isEmpty={(d) => d.items.length === 0}
        empty={unreadOnly ? 'Nothing unread.' : 'No notifications yet.'}
      >
        {(d) => (
          <>
            <ul className="inbox" data-testid="inbox">
              {d.items.map((n) => (
                <li key={n.id} className={n.readAt ? 'read' : 'unread'}>
                  <div className="inbox-main">
                    <div>
                      {n.readAt ? null : <Badge tone="info">new</Badge>} <strong>{n.title}</strong>{' '}
                      <span className="muted small">{n.type}</span>
                    </div>
                    <p>{n.body}</p>
                    <div className="muted small" title={dateTime(n.createdAt)}>
                      {ago(n.createdAt)}
                    </div>
                  </div>
                  {n.readAt ? null : (
                    <Button onClick={() => void read(n)} aria-label={`Mark “${n.title}” read`}>
                      Mark read
                    </Button>
                  )}
                </li>
              ))}
            </ul>
            {d.nextCursor ? (
              <Button busy={cursorBusy} onClick={() => void more()}>
                Load more
              </Button>
            ) : null}
          </>
        )}
      </View>
    </Card>
  );
}

const PHONE_RE = /^\+[1-9]\d{6,14}$/;

function Preferences() {
  const res = useResource('prefs', getPreferences);
  return (
    <Card title="Where each notification goes">
      <View res={res} label="Loading preferences…">
        {(p) => <PreferencesForm initial={p} onSaved={(x) => res.setData(x)} />}
      </View>
    </Card>
  );
}

function PreferencesForm({
  initial,
  onSaved,
}: {
  initial: NotificationPreferences;
  onSaved: (p: NotificationPreferences) => void;
}) {
  const [email, setEmail] = useState(initial.email ?? '');
  const [phone, setPhone] = useState(initial.phone ?? '');
  const [prefs, setPrefs] = useState(initial.preferences);
  const [saved, setSaved] = useState(false);
  const f = useForm();

  const toggle = (type: string, ch: NotificationChannel, on: boolean) => {
    setSaved(false);
    setPrefs((ps) => ps.map((p) => (p.type === type ? { ...p, channels: { ...p.channels, [ch]: on } } : p)));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    const errs: Record<string, string> = {};
    if (email.trim() && !EMAIL_RE.test(email.trim())) errs['pref-email'] = 'An email address, or empty';
    if (phone.trim() && !PHONE_RE.test(phone.trim()))
      errs['pref-phone'] = 'International format like +14155550100, or empty';
    const needEmail = prefs.some((p) => p.channels.email) && !email.trim();
    const needPhone = prefs.some((p) => p.channels.sms) && !phone.trim();
    if (needEmail) errs['pref-email'] = 'Email is on for some notifications: give an address';
    if (needPhone) errs['pref-phone'] = 'SMS is on for some notifications: give a phone number';
    setSaved(false);
    if (!f.check(errs)) return;
    await f.run(async () => {
      const p = await putPreferences({
        email: email.trim() || null,
        phone: phone.trim() || null,
        preferences: prefs,
      });
      onSaved(p);
      setSaved(true);
    });
  };

  return (
    <form ref={f.ref} onSubmit={(e) => void submit(e)} noValidate>
      <div className="row2">
        <TextField
          id="pref-email"
          label="Email for notifications"
          error={f.errors['pref-email']}
          type="email"
          value={email}
          onChange={setEmail}
        />
        <TextField
          id="pref-phone"
          label="Phone for SMS"
          error={f.errors['pref-phone']}
          type="tel"
          value={phone}
          onChange={setPhone}
        />
      </div>
      <DataTable
        className="matrix"
        caption="Channels per notification type"
        columns={['Notification', ...NOTIFICATION_CHANNELS]}
      >
        {prefs.map((p) => (
          <tr key={p.type}>
            <th scope="row">{p.type}</th>
            {NOTIFICATION_CHANNELS.map((c) => (
              <td key={c}>
                <input
                  type="checkbox"
                  aria-label={`${p.type} by ${c}`}
                  checked={!!p.channels[c]}
                  onChange={(e) => toggle(p.type, c, e.target.checked)}
                />
              </td>
            ))}
          </tr>
        ))}
      </DataTable>
      <FormFooter form={f} notice={saved ? <Notice>Preferences saved.</Notice> : null}>
        Save preferences
      </FormFooter>
    </form>
  );
}

function Webhooks() {
  const res = useResource('webhooks', async () => (await listWebhooks()).items);
  const [created, setCreated] = useState<NewWebhookEndpoint | null>(null);
  const act = useAction();
  const [logFor, setLogFor] = useState<string | null>(null);

  const remove = (w: WebhookEndpoint) =>
    act.run(async () => {
      await deleteWebhook(w.id);
      res.setData((l) => l?.filter((x) => x.id !== w.id));
      act.setNotice(`Webhook ${w.url} deleted.`);
    });
  const test = (w: WebhookEndpoint) =>
    act.run(async () => {
      const d = await testWebhook(w.id);
      act.setNotice(
        `Test delivery to ${w.url}: ${d.status}${d.lastStatusCode ? ` (HTTP ${d.lastStatusCode})` : ''}${
          d.lastError ? ` — ${d.lastError}` : ''
        }.`,
      );
      setLogFor(w.id);
    });

  return (
    <div className="stack">
      <Card title="New webhook endpoint">
        <WebhookForm
          onCreated={(w) => {
            setCreated(w);
            const { secret: _secret, ...rest } = w;
            res.setData((l) => [rest, ...(l ?? [])]);
          }}
        />
      </Card>
      <Card title="Endpoints">
        <ActionFeedback notice={act.notice} error={act.error} />
        <View
          res={res}
          label="Loading webhooks…"
          isEmpty={(d) => d.length === 0}
          empty="No webhook endpoints."
        >
          {(items) => (
            <ul className="plain-list">
              {items.map((w) => (
                <li key={w.id} className="webhook">
                  <div className="webhook-row">
                    <code>{w.url}</code>
                    <span className="muted small">{w.types?.length ? w.types.join(', ') : 'all types'}</span>
                    <span className="row-actions">
                      <Button onClick={() => void test(w)}>Send test</Button>
                      <Button
                        aria-expanded={logFor === w.id}
                        onClick={() => setLogFor(logFor === w.id ? null : w.id)}
                      >
                        Delivery log
                      </Button>
                      <Button
                        variant="danger"
                        onClick={() => void remove(w)}
                        aria-label={`Delete webhook ${w.url}`}
                      >
                        Delete
                      </Button>
                    </span>
                  </div>
                  {logFor === w.id ? <Deliveries id={w.id} /> : null}
                </li>
              ))}
            </ul>
          )}
        </View>
      </Card>
      <ItemDialog item={created} title={() => 'Webhook signing secret'} onClose={() => setCreated(null)}>
        {(w) => (
          <>
            <SecretOnce secret={w.secret ?? ''} what="webhook signing secret" />
            <p className="small muted">
              Each delivery carries <code>Tradeplane-Signature: t=…,v1=…</code>: the hex HMAC-SHA256 of
              “t.body” keyed by this secret.
            </p>
          </>
        )}
      </ItemDialog>
    </div>
  );
}

function WebhookForm({ onCreated }: { onCreated: (w: NewWebhookEndpoint) => void }) {
  const [url, setUrl] = useState('');
  const [types, setTypes] = useState('');
  const f = useForm();
  const submit = async (e: FormEvent) => {
    e.preventDefault();
    let ok = false;
    try {
      const u = new URL(url.trim());
      ok = u.protocol === 'https:' || u.protocol === 'http:';
    } catch {
      ok = false;
    }
    const errs = ok ? {} : { 'webhook-url': 'A full http(s) URL like https://example.com/hooks/tradeplane' };
    if (!f.check(errs)) return;
    await f.run(async () => {
      const list = splitList(types);
      onCreated(await createWebhook({ url: url.trim(), ...(list.length ? { types: list } : {}) }));
      setUrl('');
      setTypes('');
    });
  };
  return (
    <form ref={f.ref} onSubmit={(e) => void submit(e)} noValidate>
      <TextField
        id="webhook-url"
        label="URL"
        error={f.errors['webhook-url']}
        type="url"
        value={url}
        onChange={setUrl}
      />
      <TextField
        id="webhook-types"
        label="Notification types (comma-separated, empty for all)"
        value={types}
        onChange={setTypes}
        placeholder="order.filled, alert.triggered"
      />
      <FormFooter form={f}>Add endpoint</FormFooter>
    </form>
  );
}

function Deliveries({ id }: { id: string }) {
  const res = useResource(`deliveries:${id}`, async () => (await webhookDeliveries(id)).items);
  useInterval(() => void res.reload(), 5000);
  return (
    <View res={res} label="Loading deliveries…" refreshError={false}>
      {(items) =>
        items.length === 0 ? (
          <p className="muted">No deliveries yet.</p>
        ) : (
          <DataTable
            caption="Delivery log"
            columns={['Created', 'Type', 'Status', num('Attempts'), 'Last answer', 'Next attempt']}
          >
            {items.map((d) => (
              <tr key={d.id}>
                <td>{dateTime(d.createdAt)}</td>
                <td>{d.type}</td>
                <td>
                  <Badge tone={d.status === 'delivered' ? 'ok' : d.status === 'pending' ? 'info' : 'bad'}>
                    {d.status}
                  </Badge>
                </td>
                <td className="num">{d.attempts}</td>
                <td className="small">
                  {d.lastStatusCode ?? ''} {d.lastError ?? ''}
                </td>
                <td>{d.status === 'delivered' ? dateTime(d.deliveredAt) : dateTime(d.nextAttemptAt)}</td>
              </tr>
            ))}
          </DataTable>
        )
      }
    </View>
  );
}

/** A secret shown once, with a copy button. */
export function SecretOnce({ secret, what }: { secret: string; what: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <div className="secret-once">
      <p>
        <strong>Copy the {what} now.</strong> It is shown only this once and cannot be read again.
      </p>
      <div className="secret-row">
        <code data-testid="secret-value">{secret}</code>
        <Button
          onClick={() =>
            void navigator.clipboard?.writeText(secret).then(
              () => setCopied(true),
              () => setCopied(false),
            )
          }
        >
          {copied ? 'Copied' : 'Copy'}
        </Button>
      </div>
    </div>
  );
}
