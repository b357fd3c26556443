import { randomUUID } from 'node:crypto';
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { LightMyRequestResponse } from 'fastify';
import { SMTPServer } from 'smtp-server';
import type { CloudEvent, OrderSnapshot } from '@tradeplane/contracts';
import { buildEvent, handleOnce, type DatabaseHandle, type ServiceDefinition } from '@tradeplane/kit';
import { startTestService, type TestService } from '@tradeplane/kit/testing';
import {
  createNotificationsService,
  type HostResolver,
  type NotificationsRuntime,
  type UserDirectory,
} from '../src/index.ts';

/** A clock the test moves. */
export class TestClock {
  constructor(public current = new Date()) {}
  now = () => this.current;
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

/** identity as notifications sees it: addresses set by the test; `down` makes it unreachable. */
export class FakeDirectory implements UserDirectory {
  readonly emails = new Map<string, string>();
  calls = 0;
  down = false;
  async emailOf(userId: string): Promise<string | null> {
    this.calls += 1;
    if (this.down) throw new Error('identity is down');
    return this.emails.get(userId) ?? null;
  }
}

export interface Harness {
  t: TestService;
  rt: NotificationsRuntime;
  clock: TestClock;
  directory: FakeDirectory;
  /** What the log transport recorded. */
  mailLog: { obj: Record<string, unknown>; msg: string }[];
  /** Runs an event through the consumer exactly as ctx.subscribe does (inbox + effect in one transaction). */
  deliver(event: CloudEvent): Promise<boolean>;
  /** Sends everything due at the clock's time. */
  runDeliveries(): Promise<void>;
  call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    userId: string,
    body?: unknown,
    roles?: string[],
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

/** Quiet defaults: no background loop fires during a test unless it asks for one. */
export const TEST_ENV: Record<string, string> = {
  NOTIFICATIONS_DELIVERY_POLL_MS: '600000',
  NOTIFICATIONS_ALERT_REFRESH_MS: '600000',
  NOTIFICATIONS_WEBHOOK_TIMEOUT_MS: '2000',
  NOTIFICATIONS_PROVIDER_TIMEOUT_MS: '2000',
};

export async function startNotifications(
  opts: {
    env?: Record<string, string>;
    clock?: TestClock;
    background?: boolean;
    resolveHost?: HostResolver;
    directory?: FakeDirectory;
    database?: DatabaseHandle;
    /** false: use the real identity client (IDENTITY_URL in env). */
    fakeDirectory?: boolean;
  } = {},
): Promise<Harness> {
  const clock = opts.clock ?? new TestClock();
  const directory = opts.directory ?? new FakeDirectory();
  const mailLog: Harness['mailLog'] = [];
  let rt: NotificationsRuntime | undefined;
  const def = createNotificationsService({
    now: clock.now,
    random: () => 0.5,
    ...(opts.fakeDirectory === false ? {} : { directory }),
    ...(opts.resolveHost ? { resolveHost: opts.resolveHost } : {}),
    mailLog: {
      info: (obj: object, msg?: string) =>
        void mailLog.push({ obj: obj as Record<string, unknown>, msg: msg ?? '' }),
    },
    onRuntime: (built) => {
      rt = built;
    },
  });
  const t = await startTestService(def as unknown as ServiceDefinition, {
    startBackground: opts.background ?? false,
    env: { ...TEST_ENV, ...opts.env },
    ...(opts.database ? { database: opts.database } : {}),
  });
  const runtime = rt!;
  return {
    t,
    rt: runtime,
    clock,
    directory,
    mailLog,
    deliver: (event) =>
      handleOnce(t.service.ctx.db, 'notifications', event, (tx) => runtime.subscriber(event, tx)),
    runDeliveries: () => runtime.worker.run(),
    call: (method, url, userId, body, roles) =>
      t.service.app.inject({
        method,
        url,
        headers: t.as({ userId, ...(roles ? { roles } : {}) }),
        ...(body === undefined ? {} : { payload: body as Record<string, unknown> }),
      }),
    close: () => t.close(),
  };
}

export const newUser = () => randomUUID();

export function event(type: string, data: unknown, source = 'orders'): CloudEvent {
  return buildEvent(source, { type, data });
}

export function order(userId: string, o: Partial<OrderSnapshot> = {}): OrderSnapshot {
  const now = new Date().toISOString();
  return {
    id: randomUUID(),
    clientOrderId: randomUUID(),
    accountId: 'acct-1',
    userId,
    symbol: 'AAPL',
    side: 'buy',
    type: 'market',
    timeInForce: 'day',
    orderClass: 'simple',
    qty: '10',
    notional: null,
    filledQty: '10',
    filledAvgPrice: '190.12',
    limitPrice: null,
    stopPrice: null,
    status: 'filled',
    parentOrderId: null,
    createdAt: now,
    updatedAt: now,
    ...o,
  };
}

export function filled(userId: string, o: Partial<OrderSnapshot> = {}): CloudEvent {
  const snapshot = order(userId, o);
  return event('order.filled', {
    order: snapshot,
    fill: {
      tradeId: randomUUID(),
      qty: snapshot.filledQty,
      price: snapshot.filledAvgPrice ?? '1',
      commission: '0',
      at: new Date().toISOString(),
    },
  });
}

/** Events staged in the outbox, oldest first. */
export async function outbox(h: Harness, type: string): Promise<CloudEvent<any>[]> {
  const rows: { payload: CloudEvent | string }[] = await h.t.service.ctx.db
    .selectFrom('outbox')
    .select('payload')
    .where('type', '=', type)
    .orderBy('id')
    .execute();
  return rows.map((r) => (typeof r.payload === 'string' ? (JSON.parse(r.payload) as CloudEvent) : r.payload));
}

/** Every delivery row of a user (all channels), oldest first. */
export async function deliveriesOf(h: Harness, userId: string): Promise<any[]> {
  return h.t.service.ctx.db
    .selectFrom('deliveries')
    .selectAll()
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute();
}

/** Polls until `fn` returns a value (effects of background work); fails after `ms`. */
export async function waitFor<T>(
  fn: () => Promise<T | undefined | false> | T | undefined | false,
  ms = 5_000,
): Promise<T> {
  const until = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > until) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 10));
  }
}

// ------------------------------------------------------------------------------- local servers
export interface ReceivedRequest {
  method: string;
  url: string;
  headers: http.IncomingHttpHeaders;
  body: string;
}

export interface Reply {
  status: number;
  headers?: Record<string, string>;
  body?: string;
  delayMs?: number;
}

export interface Receiver {
  url: string;
  port: number;
  requests: ReceivedRequest[];
  /** Answers to give, in order; when empty, `fallback` answers. */
  replies: Reply[];
  fallback: Reply;
  close(): Promise<void>;
}

/** An HTTP server on loopback that records every request and answers as told. */
export async function startReceiver(): Promise<Receiver> {
  const requests: ReceivedRequest[] = [];
  const r: Omit<Receiver, 'url' | 'port' | 'close'> = {
    requests,
    replies: [],
    fallback: { status: 200, body: 'ok' },
  };
  const server = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      requests.push({
        method: req.method ?? '',
        url: req.url ?? '',
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
      });
      const reply: Reply = r.replies.shift() ?? r.fallback;
      const send = () => {
        res.writeHead(reply.status, { 'content-type': 'text/plain', ...reply.headers });
        res.end(reply.body ?? '');
      };
      if (reply.delayMs) setTimeout(send, reply.delayMs);
      else send();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  return Object.assign(r, {
    url: `http://127.0.0.1:${port}`,
    port,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  });
}

export interface ReceivedMail {
  from: string;
  to: string[];
  raw: string;
}

/**
 * A real SMTP server (smtp-server) on loopback. Recipients starting with `bounce` are refused with
 * 550, as a mail server refuses an unknown mailbox.
 */
export async function startSmtp(): Promise<{
  url: string;
  messages: ReceivedMail[];
  close(): Promise<void>;
}> {
  const messages: ReceivedMail[] = [];
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS', 'AUTH'],
    logger: false,
    onRcptTo(address, _session, callback) {
      if (address.address.startsWith('bounce'))
        return callback(Object.assign(new Error('mailbox unavailable'), { responseCode: 550 }));
      callback();
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        messages.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  const port = (server.server.address() as AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    messages,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

/** Resolves names from a table the test edits (no real DNS in tests). */
export function fakeDns(table: Record<string, string[]>): HostResolver & { table: Record<string, string[]> } {
  const resolver = (async (host: string) => {
    const addresses = table[host.toLowerCase()];
    if (!addresses) throw Object.assign(new Error(`getaddrinfo ENOTFOUND ${host}`), { code: 'ENOTFOUND' });
    return addresses.map((address) => ({
      address,
      family: address.includes(':') ? (6 as const) : (4 as const),
    }));
  }) as HostResolver & { table: Record<string, string[]> };
  resolver.table = table;
  return resolver;
}
