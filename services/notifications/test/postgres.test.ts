import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { type DatabaseHandle } from '@tradeplane/kit';
import { hasPostgres, scratchPostgres, type ScratchDatabase } from '@tradeplane/kit/testing';
import {
  deliveriesOf,
  FakeDirectory,
  filled,
  newUser,
  outbox,
  startNotifications,
  startReceiver,
  TestClock,
  type Harness,
  type Receiver,
} from './helper.ts';

/**
 * Two notifications instances on one PostgreSQL database, with real concurrency (PGlite has one
 * connection and serializes everything): the migrations, the stores, and the guarantees that must
 * hold across a cluster — one fire per crossing, one send per delivery, one notification per event.
 * Skipped when PostgreSQL does not answer (required under CI).
 */
const pgUp = await hasPostgres();

describe.skipIf(!pgUp)('notifications instances sharing PostgreSQL', () => {
  let scratch: ScratchDatabase | undefined;
  const handles: DatabaseHandle[] = [];
  const clock = new TestClock();
  const directory = new FakeDirectory();
  let receiver: Receiver;
  let a: Harness;
  let b: Harness;

  beforeAll(async () => {
    receiver = await startReceiver();
    scratch = await scratchPostgres('notifications_test');
    handles.push(...scratch.handles);
    const env = { NOTIFICATIONS_WEBHOOK_ALLOWLIST: '127.0.0.1', NOTIFICATIONS_SECRETS_KEY: 'k'.repeat(40) };
    // Started together: both migrate the same schema at the same moment.
    [a, b] = (await Promise.all(
      handles.map((database) => startNotifications({ database, env, clock, directory })),
    )) as [Harness, Harness];
  });

  afterAll(async () => {
    await a?.close();
    await b?.close();
    await scratch?.close();
    await receiver?.close();
  });

  it('migrated every table into the notifications schema', async () => {
    const rows = await sql<{ table_name: string }>`
      select table_name from information_schema.tables where table_schema = 'notifications' order by table_name
    `.execute(handles[0]!.db);
    expect(rows.rows.map((r) => r.table_name)).toEqual([
      'alerts',
      'deliveries',
      'devices',
      'inbox',
      'notifications',
      'outbox',
      'preferences',
      'recipients',
      'schema_migrations',
      'schema_migrations_lock',
      'settings',
      'webhook_allowlist',
      'webhooks',
    ]);
  });

  it('makes one notification when both instances consume the same event at once', async () => {
    const u = newUser();
    const e = filled(u);
    const handled = await Promise.all([a.deliver(e), b.deliver(e), a.deliver(e), b.deliver(e)]);
    expect(handled.filter(Boolean)).toHaveLength(1);
    expect((await a.call('GET', '/v1/notifications', u)).json().items).toHaveLength(1);
    expect((await deliveriesOf(a, u)).map((r) => r.channel).sort()).toEqual(['email', 'inbox', 'websocket']);
  });

  it('sends each webhook delivery once while two workers drain the queue together', async () => {
    const users = Array.from({ length: 12 }, () => newUser());
    for (const u of users) {
      const res = await a.call('POST', '/v1/notifications/webhooks', u, { url: `${receiver.url}/pg/${u}` });
      expect(res.statusCode).toBe(201);
      await (users.indexOf(u) % 2 ? a : b).deliver(filled(u));
    }
    await Promise.all([a.runDeliveries(), b.runDeliveries(), a.rt.worker.runOnce(), b.rt.worker.runOnce()]);
    for (const u of users)
      expect(
        receiver.requests.filter((r) => r.url === `/pg/${u}`),
        u,
      ).toHaveLength(1);
    const rows = (await Promise.all(users.map((u) => deliveriesOf(a, u))))
      .flat()
      .filter((r) => r.channel === 'webhook');
    expect(rows.map((r) => [r.status, r.attempts])).toEqual(users.map(() => ['delivered', 1]));
  });

  it('fires a price alert once when both instances see the same crossing', async () => {
    const u = newUser();
    const res = await a.call('POST', '/v1/alerts', u, {
      kind: 'price',
      symbol: 'RACE',
      direction: 'above',
      level: '100',
      repeat: 'rearm',
    });
    const { id } = res.json();
    const feed = (mid: number) => ({
      quotes: [{ S: 'RACE', bp: mid, bs: 1, ap: mid, as: 1, bx: 'V', ax: 'V', t: new Date().toISOString() }],
    });
    for (const h of [a, b]) {
      h.rt.alerts.markStale();
      h.rt.alerts.onQuotes(feed(99));
    }
    await Promise.all([a.rt.alerts.idle(), b.rt.alerts.idle()]);
    for (let round = 0; round < 3; round++) {
      for (const h of [a, b]) h.rt.alerts.onQuotes(feed(101));
      await Promise.all([a.rt.alerts.idle(), b.rt.alerts.idle()]);
      for (const h of [b, a]) h.rt.alerts.onQuotes(feed(99));
      await Promise.all([a.rt.alerts.idle(), b.rt.alerts.idle()]);
    }
    const fired = (await outbox(a, 'alert.triggered')).filter((e) => e.data.alertId === id);
    expect(fired).toHaveLength(3);
    expect((await a.call('GET', `/v1/alerts/${id}`, u)).json().triggerCount).toBe(3);
    const notes = (await a.call('GET', '/v1/notifications', u)).json().items;
    expect(notes).toHaveLength(3);
  });

  it('keeps webhook secrets sealed with NOTIFICATIONS_SECRETS_KEY, readable by every instance', async () => {
    const u = newUser();
    const created = (
      await a.call('POST', '/v1/notifications/webhooks', u, { url: `${receiver.url}/sealed/${u}` })
    ).json();
    const row = await handles[0]!.db
      .withSchema('notifications')
      .selectFrom('webhooks')
      .select('secret_sealed')
      .where('id', '=', created.id)
      .executeTakeFirstOrThrow();
    expect(row.secret_sealed).toMatch(/^v1\./);
    expect(row.secret_sealed).not.toContain(created.secret);
    expect(b.rt.deps.secrets.open(row.secret_sealed)).toBe(created.secret);
  });
});
