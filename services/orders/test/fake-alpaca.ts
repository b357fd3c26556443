import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { decode as msgpackDecode, encode as msgpackEncode } from '@msgpack/msgpack';
import { WebSocketServer, type WebSocket } from 'ws';
import { dec, type DatabaseHandle } from '@tradeplane/kit';
import { call, startOrders, type OrdersHarness } from './helper.ts';

/**
 * A local stand-in for Alpaca's Trading API v2 and its trade_updates stream, speaking the same
 * protocol (docs.alpaca.markets "Orders", "Websocket Streaming"): key-pair headers on REST, the
 * auth → authorization → listen → listening handshake, and BINARY frames like the paper stream —
 * JSON, or MessagePack for a client whose upgrade request carried `Content-Type: application/msgpack`.
 *
 * Replace (PATCH /v2/orders/{id}) makes a new order (`replaces` → the old one) and marks the old
 * one `replaced` (`replaced_by`), announced by a `replaced` event (the old order) and a `new`
 * event (the new one). `nextReplace` scripts the next PATCH: held before Alpaca acts on it or
 * before it answers, its answer lost or a 500, announced or not, or left pending (the test then
 * completes it or has the old order fill first, as Alpaca warns can happen after a 200).
 */
export class Gate {
  #open!: () => void;
  #arrive!: () => void;
  /** Resolves once the fake is waiting at the gate. */
  readonly reached = new Promise<void>((r) => (this.#arrive = r));
  readonly opened = new Promise<void>((r) => (this.#open = r));
  arrive(): void {
    this.#arrive();
  }
  open(): void {
    this.#open();
  }
}

export interface ReplacePlan {
  /** Held before Alpaca acts on the PATCH (the test opens it, e.g. after a fill). */
  holdBefore?: Gate;
  /** Held after the replacement is made (and announced), before the answer. */
  holdAnswer?: Gate;
  /**
   * answer: 200 with the new order (default). timeout: never answered. drop: the connection is
   * cut instead of answered. fail: 500 after replacing. fail-before: 500 and nothing replaced.
   */
  outcome?: 'answer' | 'timeout' | 'drop' | 'fail' | 'fail-before';
  /** Whether the stream announces the replacement (default true). */
  announce?: boolean;
  /** pending: the new order is answered pending_new and the old one stays pending_replace. */
  completion?: 'done' | 'pending';
}
export interface FakeOrder {
  id: string;
  client_order_id: string;
  symbol: string;
  qty: string | null;
  notional: string | null;
  side: string;
  type: string;
  time_in_force: string;
  order_class: string;
  limit_price: string | null;
  stop_price: string | null;
  status: string;
  filled_qty: string;
  filled_avg_price: string | null;
  created_at: string;
  updated_at: string;
  legs: null;
  replaces: string | null;
  replaced_by: string | null;
}

export class FakeAlpaca {
  readonly orders = new Map<string, FakeOrder>();
  /** Every POST /v2/orders received, by client_order_id (a resubmission would show twice). */
  readonly submissions: string[] = [];
  /** The next submission is recorded, but answered only after this long (the client times out first). */
  delayNextSubmitMs = 0;
  /** The next submission is never recorded nor answered (lost on the way). */
  loseNextSubmit = false;
  /** Submissions above this qty are refused as Alpaca refuses them for buying power. */
  maxQty = 1_000;
  /** Every PATCH /v2/orders/{id} received, by the id it replaces (a resend would show twice). */
  readonly replaceRequests: string[] = [];
  /** How the next PATCH goes (consumed by it). */
  nextReplace: ReplacePlan = {};
  /** The next cancel is accepted, but the order fills instead, and no stream event says so. */
  fillOnCancel = false;
  /** The next n GET /v2/orders/{id} are answered 500. */
  failOrderReads = 0;
  /** The codec each stream connection asked for on its upgrade request, in order. */
  readonly streamCodecs: ('json' | 'msgpack')[] = [];
  /** Every message the stream clients sent, decoded, with the codec it came in. */
  readonly clientMessages: { codec: 'json' | 'msgpack'; msg: Record<string, unknown> }[] = [];
  readonly key = 'PKFAKE0000000000000';
  readonly secret = 'fake-secret-do-not-leak';
  #server: Server;
  #wss: WebSocketServer;
  #clients = new Set<WebSocket>();
  #codecOf = new Map<WebSocket, 'json' | 'msgpack'>();
  url = '';

  constructor() {
    this.#server = createServer((req, res) => void this.#rest(req, res));
    this.#wss = new WebSocketServer({ server: this.#server, path: '/stream' });
    this.#wss.on('connection', (ws, req) => this.#stream(ws, req));
  }

  async start(): Promise<string> {
    await new Promise<void>((r) => this.#server.listen(0, '127.0.0.1', r));
    this.url = `http://127.0.0.1:${(this.#server.address() as AddressInfo).port}`;
    return this.url;
  }

  async close(): Promise<void> {
    for (const c of this.#clients) c.terminate();
    await new Promise<void>((r) => this.#wss.close(() => r()));
    this.#server.closeAllConnections();
    await new Promise<void>((r) => this.#server.close(() => r()));
  }

  get listeners(): number {
    return this.#clients.size;
  }

  /** An execution at Alpaca, announced on the stream as `fill` or `partial_fill`. */
  fill(id: string, qty: string, price: string, executionId: string = randomUUID()): void {
    const o = this.orders.get(id)!;
    const before = Number(o.filled_qty);
    const after = before + Number(qty);
    const avg =
      o.filled_avg_price === null
        ? Number(price)
        : (Number(o.filled_avg_price) * before + Number(price) * Number(qty)) / after;
    o.filled_qty = String(after);
    o.filled_avg_price = String(avg);
    o.status = after >= Number(o.qty) ? 'filled' : 'partially_filled';
    o.updated_at = new Date().toISOString();
    this.send({
      event: o.status === 'filled' ? 'fill' : 'partial_fill',
      execution_id: executionId,
      order: { ...o },
      timestamp: o.updated_at,
      price,
      qty,
      position_qty: String(after),
    });
  }

  /**
   * Sends one trade_updates message to every listener, as a binary frame in the codec it asked
   * for (or in `codec`, whatever it asked for).
   */
  send(data: Record<string, unknown>, codec?: 'json' | 'msgpack'): void {
    for (const c of this.#clients) this.#reply(c, { stream: 'trade_updates', data }, codec);
  }

  /** Sends raw bytes to every listener, as they are (a frame no codec can read, say). */
  sendRaw(frame: Buffer, binary = true): void {
    for (const c of this.#clients) c.send(frame, { binary });
  }

  #reply(ws: WebSocket, msg: unknown, codec = this.#codecOf.get(ws)): void {
    const frame =
      codec === 'msgpack' ? Buffer.from(msgpackEncode(msg)) : Buffer.from(JSON.stringify(msg), 'utf8');
    ws.send(frame, { binary: true });
  }

  /**
   * Replaces an order as Alpaca does: a new order (`replaces` → the old one) with the changes,
   * for the old one's qty unless a qty is given (Alpaca keeps what is not sent, even after a
   * partial fill); the old one becomes `replaced`.
   */
  replaceNow(oldId: string, changes: Record<string, any>, opts: { pending?: boolean } = {}): FakeOrder {
    const old = this.orders.get(oldId)!;
    const now = new Date().toISOString();
    const fresh: FakeOrder = {
      ...old,
      id: randomUUID(),
      client_order_id: changes.client_order_id ?? randomUUID(),
      // As Alpaca: an attribute not sent stays the old order's, qty included (Alpaca-API #165).
      qty: changes.qty ?? old.qty,
      time_in_force: changes.time_in_force ?? old.time_in_force,
      limit_price: changes.limit_price ?? old.limit_price,
      stop_price: changes.stop_price ?? old.stop_price,
      status: opts.pending ? 'pending_new' : 'new',
      filled_qty: '0',
      filled_avg_price: null,
      created_at: now,
      updated_at: now,
      replaces: old.id,
      replaced_by: null,
    };
    this.orders.set(fresh.id, fresh);
    old.replaced_by = fresh.id;
    old.status = opts.pending ? 'pending_replace' : 'replaced';
    old.updated_at = now;
    return fresh;
  }

  /** Announces a finished replacement: `replaced` for the old order, then `new` for the new one. */
  announceReplace(oldId: string, which: 'both' | 'replaced' = 'both'): void {
    const old = this.orders.get(oldId)!;
    const timestamp = new Date().toISOString();
    this.send({ event: 'replaced', order: { ...old }, timestamp });
    if (which === 'both')
      this.send({ event: 'new', order: { ...this.orders.get(old.replaced_by!)! }, timestamp });
  }

  /** A pending replacement goes through: the old order replaced, the new one working. */
  completeReplace(oldId: string): void {
    const old = this.orders.get(oldId)!;
    old.status = 'replaced';
    this.orders.get(old.replaced_by!)!.status = 'new';
    this.announceReplace(oldId);
  }

  /**
   * The old order fills before its pending replacement reaches the venue (Alpaca, "Replace an
   * Order"): it fills, the replacement is rejected, and the replace is refused.
   */
  fillBeforeReplace(oldId: string, price: string): void {
    const old = this.orders.get(oldId)!;
    const freshId = old.replaced_by!;
    old.replaced_by = null;
    old.status = 'new';
    this.fill(oldId, dec(old.qty!).minus(old.filled_qty).toFixed(), price);
    const fresh = this.orders.get(freshId)!;
    fresh.status = 'rejected';
    const timestamp = new Date().toISOString();
    this.send({ event: 'rejected', order: { ...fresh }, timestamp });
    this.send({ event: 'order_replace_rejected', order: { ...old }, timestamp });
  }

  #authorized(req: IncomingMessage): boolean {
    return req.headers['apca-api-key-id'] === this.key && req.headers['apca-api-secret-key'] === this.secret;
  }

  async #rest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = chunks.length
      ? (JSON.parse(Buffer.concat(chunks).toString('utf8')) as Record<string, any>)
      : {};
    const url = new URL(req.url ?? '/', 'http://x');
    const send = (status: number, payload?: unknown) => {
      res.writeHead(status, { 'content-type': 'application/json' });
      res.end(payload === undefined ? '' : JSON.stringify(payload));
    };
    if (!this.#authorized(req)) return send(401, { code: 40110000, message: 'request is not authorized' });
    if (req.method === 'GET' && url.pathname === '/v2/account')
      return send(200, { id: 'acct', cash: '50000', status: 'ACTIVE' });
    if (req.method === 'POST' && url.pathname === '/v2/orders') {
      this.submissions.push(body.client_order_id);
      if (this.loseNextSubmit) {
        this.loseNextSubmit = false;
        return; // never answered
      }
      if ([...this.orders.values()].some((o) => o.client_order_id === body.client_order_id))
        return send(422, { code: 40010001, message: 'client_order_id must be unique' });
      if (Number(body.qty) > this.maxQty)
        return send(403, { code: 40310000, message: 'insufficient buying power' });
      const now = new Date().toISOString();
      const o: FakeOrder = {
        id: randomUUID(),
        client_order_id: body.client_order_id,
        symbol: body.symbol,
        qty: body.qty ?? null,
        notional: body.notional ?? null,
        side: body.side,
        type: body.type,
        time_in_force: body.time_in_force,
        order_class: body.order_class ?? 'simple',
        limit_price: body.limit_price ?? null,
        stop_price: body.stop_price ?? null,
        status: 'new',
        filled_qty: '0',
        filled_avg_price: null,
        created_at: now,
        updated_at: now,
        legs: null,
        replaces: null,
        replaced_by: null,
      };
      this.orders.set(o.id, o);
      const delay = this.delayNextSubmitMs;
      this.delayNextSubmitMs = 0;
      if (delay > 0) await new Promise((r) => setTimeout(r, delay));
      if (!res.destroyed) send(200, o);
      return;
    }
    if (req.method === 'GET' && url.pathname === '/v2/orders:by_client_order_id') {
      const o = [...this.orders.values()].find(
        (x) => x.client_order_id === url.searchParams.get('client_order_id'),
      );
      return o ? send(200, o) : send(404, { code: 40410000, message: 'order not found' });
    }
    const one = /^\/v2\/orders\/([^/]+)$/.exec(url.pathname);
    if (one) {
      const o = this.orders.get(one[1]!);
      if (!o) return send(404, { code: 40410000, message: 'order not found' });
      if (req.method === 'GET') {
        if (this.failOrderReads > 0) {
          this.failOrderReads -= 1;
          return send(500, { code: 50010000, message: 'internal server error' });
        }
        return send(200, o);
      }
      if (req.method === 'DELETE') {
        if (['filled', 'canceled', 'expired'].includes(o.status))
          return send(422, { code: 42210000, message: `order is already in "${o.status}" state` });
        send(204);
        if (this.fillOnCancel) {
          // The cancel request was accepted (204), but the order filled before Alpaca canceled it;
          // the stream's event for it is lost.
          this.fillOnCancel = false;
          Object.assign(o, { status: 'filled', filled_qty: o.qty, filled_avg_price: '100' });
          return;
        }
        o.status = 'canceled';
        this.send({ event: 'canceled', order: { ...o }, timestamp: new Date().toISOString() });
        return;
      }
      if (req.method === 'PATCH') return this.#replace(o, body, req, res, send);
    }
    send(404, { code: 40410000, message: 'not found' });
  }

  async #replace(
    o: FakeOrder,
    body: Record<string, any>,
    req: IncomingMessage,
    res: ServerResponse,
    send: (status: number, payload?: unknown) => void,
  ): Promise<void> {
    this.replaceRequests.push(o.id);
    const plan = this.nextReplace;
    this.nextReplace = {};
    if (plan.holdBefore) {
      plan.holdBefore.arrive();
      await plan.holdBefore.opened;
    }
    // Alpaca: "Order cannot be replaced when the status is accepted, pending_new, pending_cancel
    // or pending_replace", nor once it is final.
    if (!['new', 'partially_filled', 'held'].includes(o.status))
      return send(422, { code: 42210000, message: `order is in "${o.status}" state and cannot be replaced` });
    if (plan.outcome === 'fail-before')
      return send(500, { code: 50010000, message: 'internal server error' });
    const pending = plan.completion === 'pending';
    const fresh = this.replaceNow(o.id, body, { pending });
    if (!pending && plan.announce !== false) this.announceReplace(o.id);
    if (plan.holdAnswer) {
      plan.holdAnswer.arrive();
      await plan.holdAnswer.opened;
    }
    switch (plan.outcome ?? 'answer') {
      case 'timeout':
        return; // never answered
      case 'drop':
        req.socket.destroy();
        return;
      case 'fail':
        return send(500, { code: 50010000, message: 'internal server error' });
      case 'answer':
        if (!res.destroyed) send(200, fresh);
    }
  }

  #stream(ws: WebSocket, req: IncomingMessage): void {
    const codec = /^application\/msgpack\b/i.test(req.headers['content-type'] ?? '') ? 'msgpack' : 'json';
    this.#codecOf.set(ws, codec);
    this.streamCodecs.push(codec);
    const reply = (msg: unknown) => this.#reply(ws, msg);
    ws.on('message', (raw: Buffer, isBinary: boolean) => {
      // A client in MessagePack mode writes MessagePack; JSON (text or binary) is read too.
      let msg: { action?: string; key?: string; secret?: string; data?: { streams?: string[] } };
      try {
        msg = (
          isBinary && codec === 'msgpack' ? msgpackDecode(raw) : JSON.parse(raw.toString())
        ) as typeof msg;
      } catch {
        msg = JSON.parse(raw.toString()) as typeof msg;
      }
      this.clientMessages.push({
        codec: isBinary && codec === 'msgpack' ? 'msgpack' : 'json',
        msg: msg as Record<string, unknown>,
      });
      if (msg.action === 'auth') {
        const ok = msg.key === this.key && msg.secret === this.secret;
        reply({
          stream: 'authorization',
          data: { status: ok ? 'authorized' : 'unauthorized', action: 'authenticate' },
        });
        if (!ok) ws.close();
      } else if (msg.action === 'listen') {
        this.#clients.add(ws);
        reply({ stream: 'listening', data: { streams: msg.data?.streams ?? [] } });
      }
    });
    ws.on('close', () => {
      this.#clients.delete(ws);
      this.#codecOf.delete(ws);
    });
  }
}

/**
 * An orders service with one account of `userId` routed to a fresh fake Alpaca (AAPL quoted at
 * 100 / 100.10); with `stream`, once the adapter listens to that account's trade_updates.
 */
export async function startWithAlpaca(opts: {
  userId: string;
  env?: Record<string, string>;
  database?: DatabaseHandle;
  stream?: boolean;
}): Promise<{ h: OrdersHarness; alpaca: FakeAlpaca; accountId: string }> {
  const alpaca = new FakeAlpaca();
  await alpaca.start();
  const h = await startOrders({
    env: {
      ORDERS_ALPACA_ALLOW_CUSTOM_URL: 'true',
      ORDERS_SECRETS_KEY: 'a-test-secrets-key-of-at-least-32-chars!',
      ...opts.env,
    },
    ...(opts.database ? { database: opts.database } : {}),
  });
  h.assets.add({ symbol: 'AAPL' });
  h.quotes.set({ symbol: 'AAPL', bid: '100', ask: '100.10' });
  const opened = await call(h, 'POST', '/v1/accounts', opts.userId, {
    name: 'Alpaca paper',
    broker: 'alpaca',
    alpaca: { keyId: alpaca.key, secretKey: alpaca.secret, paper: true, baseUrl: alpaca.url },
  });
  if (opened.statusCode !== 201) throw new Error(opened.body);
  const accountId = opened.json().id as string;
  if (opts.stream) {
    await h.rt.alpaca.ensureStreams();
    await h.rt.alpaca.stream(accountId)!.ready();
  }
  return { h, alpaca, accountId };
}
