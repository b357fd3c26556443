import websocket from '@fastify/websocket';
import { decode as msgpackDecode, encode as msgpackEncode } from '@msgpack/msgpack';
import type { WebSocket } from 'ws';
import { Gauge } from 'prom-client';
import type { CloudEvent, OrderSnapshot } from '@tradeplane/contracts';
import { uuidv7, type ServiceApp, type ServiceContext } from '@tradeplane/kit';
import type { Authenticator } from '../domain/authenticate.ts';
import { toAlpacaOrder } from './alpaca-order.ts';

/**
 * Alpaca's `trade_updates` stream at `/alpaca/stream` (docs: "Streaming trade updates"): the
 * client authenticates (`{"action":"authenticate","data":{"key_id","secret_key"}}`, or the newer
 * `{"action":"auth","key","secret"}`), listens to `trade_updates`, and receives one message per
 * order event of its own accounts. Alpaca "supports both JSON and MessagePack codecs", MessagePack
 * asked for with `Content-Type: application/msgpack` on the upgrade request (docs "Websocket
 * Streaming"; the data stream reads the same header). Such a client gets every message
 * MessagePack-encoded — the same object as in JSON, timestamps as RFC 3339 strings — and may
 * write MessagePack; any other gets JSON, in binary frames as Alpaca's paper endpoint sends them,
 * which every Alpaca client (the official SDK's JSON-only TradingStream included) reads. Client
 * frames are read in either codec, by what they hold.
 *
 * Order events reach every gateway instance: each subscribes with a consumer group of its own.
 * The stream is best-effort like Alpaca's: a client that reconnects reads missed orders over REST.
 */
const ORDER_EVENTS: Record<string, string> = {
  'order.accepted': 'new',
  'order.partially_filled': 'partial_fill',
  'order.filled': 'fill',
  'order.canceled': 'canceled',
  'order.expired': 'expired',
  'order.rejected': 'rejected',
  'order.replaced': 'replaced',
};

interface Client {
  socket: WebSocket;
  codec: WireCodec;
  userId: string | undefined;
  listening: boolean;
}

export async function registerAlpacaTradingStream(
  app: ServiceApp,
  ctx: ServiceContext,
  auth: Authenticator,
): Promise<void> {
  if (!app.hasDecorator('websocketServer')) await app.register(websocket);
  const byUser = new Map<string, Set<Client>>();
  const clients = new Gauge({
    name: 'gateway_trade_stream_clients',
    help: 'Connected trade_updates clients',
    registers: [ctx.metrics],
  });

  const subscription = ctx.bus.subscribe({
    group: `gateway-trade-updates-${uuidv7()}`,
    types: Object.keys(ORDER_EVENTS),
    from: 'new',
    handler: async (event: CloudEvent) => {
      const data = event.data as {
        order: OrderSnapshot;
        fill?: { tradeId: string; qty: string; price: string; at: string };
        replacedBy?: string;
      };
      const listeners = byUser.get(data.order.userId);
      if (!listeners?.size) return;
      const update: Record<string, unknown> = {
        event: ORDER_EVENTS[event.type],
        timestamp: data.fill?.at ?? event.time,
        order: toAlpacaOrder(data.order, data.replacedBy),
      };
      if (data.fill) {
        update.execution_id = data.fill.tradeId;
        update.price = data.fill.price;
        update.qty = data.fill.qty;
      }
      const message = { stream: 'trade_updates', data: update };
      // Encoded once per codec in use, not once per client.
      const frames = new Map<WireCodec, Uint8Array>();
      for (const c of listeners) {
        if (!c.listening || c.socket.readyState !== c.socket.OPEN) continue;
        let frame = frames.get(c.codec);
        if (!frame) frames.set(c.codec, (frame = c.codec.encode(message)));
        c.socket.send(frame, { binary: true });
      }
    },
  });
  ctx.onClose(() => subscription.close());

  app.get(
    '/alpaca/stream',
    { websocket: true, config: { auth: 'public', rateLimit: false }, schema: { hide: true } },
    (socket, req) => {
      const codec = /^application\/msgpack\b/i.test(req.headers['content-type'] ?? '')
        ? MSGPACK
        : JSON_FRAMES;
      const client: Client = { socket, codec, userId: undefined, listening: false };
      clients.inc();
      const send = (msg: unknown) => socket.send(codec.encode(msg), { binary: true });
      const authTimer = setTimeout(() => {
        if (!client.userId) {
          send({ stream: 'authorization', data: { status: 'unauthorized', action: 'authenticate' } });
          socket.close(1008, 'auth timeout');
        }
      }, 10_000);
      authTimer.unref();

      socket.on('message', (raw, isBinary) => {
        void (async () => {
          const decoded = decodeClientFrame(raw as Buffer, isBinary);
          if (decoded === undefined) {
            send({ action: 'error', data: { error_message: 'invalid syntax' } });
            return;
          }
          const msg = decoded as {
            action?: string;
            key?: string;
            secret?: string;
            data?: { key_id?: string; secret_key?: string; streams?: string[] };
          };
          if (msg.action === 'authenticate' || msg.action === 'auth') {
            const key = msg.action === 'auth' ? msg.key : msg.data?.key_id;
            const secret = msg.action === 'auth' ? msg.secret : msg.data?.secret_key;
            try {
              const who = await auth.authenticate({ 'apca-api-key-id': key, 'apca-api-secret-key': secret });
              if (!who) throw new Error('no credentials');
              client.userId = who.userId;
              let set = byUser.get(who.userId);
              if (!set) byUser.set(who.userId, (set = new Set()));
              set.add(client);
              send({ stream: 'authorization', data: { status: 'authorized', action: 'authenticate' } });
            } catch {
              send({ stream: 'authorization', data: { status: 'unauthorized', action: 'authenticate' } });
            }
            return;
          }
          if (msg.action === 'listen') {
            if (!client.userId) {
              send({ stream: 'authorization', data: { status: 'unauthorized', action: 'listen' } });
              return;
            }
            const streams = (msg.data?.streams ?? []).filter((s) => s === 'trade_updates');
            client.listening = streams.length > 0;
            send({ stream: 'listening', data: { streams } });
            return;
          }
          send({ action: 'error', data: { error_message: `unknown action ${String(msg.action)}` } });
        })();
      });
      socket.on('close', () => {
        clearTimeout(authTimer);
        clients.dec();
        if (client.userId) byUser.get(client.userId)?.delete(client);
      });
    },
  );
}

// ---------------------------------------------------------------- wire formats

interface WireCodec {
  encode(message: unknown): Uint8Array;
}

const JSON_FRAMES: WireCodec = { encode: (m) => Buffer.from(JSON.stringify(m)) };
// Fields JSON leaves out (undefined) are left out here too, so both codecs carry the same object.
const MSGPACK: WireCodec = { encode: (m) => msgpackEncode(m, { ignoreUndefined: true }) };

/**
 * A client's frame as a message object, in either codec: text is JSON; binary is MessagePack when
 * its first byte starts a MessagePack map or array (0x80–0x9f, 0xdc–0xdf; JSON text starts with
 * an ASCII byte), else UTF-8 JSON, the other codec tried if the likely one fails. undefined: neither.
 */
export function decodeClientFrame(data: Buffer, isBinary: boolean): Record<string, unknown> | undefined {
  const asJson = () => JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(data)) as unknown;
  const asMsgpack = () => msgpackDecode(data);
  const first = data[0] ?? 0;
  const looksMsgpack = isBinary && ((first >= 0x80 && first <= 0x9f) || (first >= 0xdc && first <= 0xdf));
  const tries = !isBinary ? [asJson] : looksMsgpack ? [asMsgpack, asJson] : [asJson, asMsgpack];
  for (const parse of tries) {
    try {
      const v = parse();
      if (typeof v === 'object' && v !== null && !Array.isArray(v)) return v as Record<string, unknown>;
    } catch {
      // the next codec, if any
    }
  }
  return undefined;
}
