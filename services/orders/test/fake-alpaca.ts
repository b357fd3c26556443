import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { WebSocketServer, type WebSocket } from 'ws';

/**
 * A local stand-in for Alpaca's Trading API v2 and its trade_updates stream, speaking the same
 * protocol (docs.alpaca.markets "Orders", "Websocket Streaming"): key-pair headers on REST, the
 * auth → authorization → listen → listening handshake, and BINARY frames like the paper stream.
 */
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
  readonly key = 'PKFAKE0000000000000';
  readonly secret = 'fake-secret-do-not-leak';
  #server: Server;
  #wss: WebSocketServer;
  #clients = new Set<WebSocket>();
  url = '';

  constructor() {
    this.#server = createServer((req, res) => void this.#rest(req, res));
    this.#wss = new WebSocketServer({ server: this.#server, path: '/stream' });
    this.#wss.on('connection', (ws) => this.#stream(ws));
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

  /** Sends one trade_updates message to every listener, as a binary frame. */
  send(data: Record<string, unknown>): void {
    const frame = Buffer.from(JSON.stringify({ stream: 'trade_updates', data }), 'utf8');
    for (const c of this.#clients) c.send(frame, { binary: true });
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
      if (req.method === 'GET') return send(200, o);
      if (req.method === 'DELETE') {
        if (['filled', 'canceled', 'expired'].includes(o.status))
          return send(422, { code: 42210000, message: `order is already in "${o.status}" state` });
        send(204);
        o.status = 'canceled';
        this.send({ event: 'canceled', order: { ...o }, timestamp: new Date().toISOString() });
        return;
      }
    }
    send(404, { code: 40410000, message: 'not found' });
  }

  #stream(ws: WebSocket): void {
    const reply = (msg: unknown) => ws.send(Buffer.from(JSON.stringify(msg), 'utf8'), { binary: true });
    ws.on('message', (raw) => {
      const msg = JSON.parse(raw.toString()) as {
        action?: string;
        key?: string;
        secret?: string;
        data?: { streams?: string[] };
      };
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
    ws.on('close', () => this.#clients.delete(ws));
  }
}
