import websocket from '@fastify/websocket';
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
 * order event of its own accounts. Frames are JSON; Alpaca's paper endpoint sends them as binary
 * frames, and so does this one, which every Alpaca client reads.
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
      const frame = Buffer.from(JSON.stringify({ stream: 'trade_updates', data: update }));
      for (const c of listeners)
        if (c.listening && c.socket.readyState === c.socket.OPEN) c.socket.send(frame, { binary: true });
    },
  });
  ctx.onClose(() => subscription.close());

  app.get(
    '/alpaca/stream',
    { websocket: true, config: { auth: 'public', rateLimit: false }, schema: { hide: true } },
    (socket) => {
      const client: Client = { socket, userId: undefined, listening: false };
      clients.inc();
      const send = (msg: unknown) => socket.send(Buffer.from(JSON.stringify(msg)), { binary: true });
      const authTimer = setTimeout(() => {
        if (!client.userId) {
          send({ stream: 'authorization', data: { status: 'unauthorized', action: 'authenticate' } });
          socket.close(1008, 'auth timeout');
        }
      }, 10_000);
      authTimer.unref();

      socket.on('message', (raw) => {
        void (async () => {
          let msg: {
            action?: string;
            key?: string;
            secret?: string;
            data?: { key_id?: string; secret_key?: string; streams?: string[] };
          };
          try {
            msg = JSON.parse(raw.toString()) as typeof msg;
          } catch {
            send({ action: 'error', data: { error_message: 'invalid syntax' } });
            return;
          }
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
