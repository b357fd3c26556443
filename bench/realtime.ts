import { WebSocket } from 'ws';
import { MARKET_CHANNELS, type StreamQuote } from '@tradeplane/contracts';
import { createRedisBus } from '@tradeplane/kit';
import { json, withProcessStats, type BenchContext, type Scenario } from './scenarios.ts';

/**
 * The real-time scenarios: many WebSocket clients on `/v1/stream` at the gateway, and how long
 * a quote and a fill take to reach every one of them.
 *
 * - quote → client: the bench publishes marked quotes on the bus's market channel (where
 *   market-data's simulator publishes) and times each one until every client has it, so the
 *   figure is Redis pub/sub + gateway fan-out + WebSocket, without the simulator's 100 ms tick.
 * - fill → client: market orders placed over the Alpaca API; the time from the fill (the
 *   exchange's `fill.at`) to each client's order.filled, and to its position.changed (fill →
 *   portfolio → gateway → client).
 *
 * The clients run in this one process, so their own parsing is inside the figures.
 */

const SYMBOL = 'SPY';
const MARK = 'BENCH';

interface Client {
  ws: WebSocket;
  onMessage(fn: (m: Record<string, any>) => void): void;
}

async function openClient(url: string, channels: string[]): Promise<Client> {
  const ws = new WebSocket(url, { perMessageDeflate: false });
  const listeners: ((m: Record<string, any>) => void)[] = [];
  ws.on('message', (data: Buffer) => {
    const parsed = JSON.parse(data.toString()) as Record<string, any> | Record<string, any>[];
    for (const m of Array.isArray(parsed) ? parsed : [parsed]) for (const l of listeners) l(m);
  });
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('stream client: no ack within 15 s')), 15_000);
    listeners.push((m) => {
      if (m.type === 'welcome') ws.send(JSON.stringify({ type: 'subscribe', id: 'sub', channels }));
      if (m.type === 'ack' && m.id === 'sub') {
        clearTimeout(timer);
        resolve();
      }
      if (m.type === 'error') {
        clearTimeout(timer);
        reject(new Error(`stream client: ${m.code} ${m.message}`));
      }
    });
    ws.once('error', reject);
  });
  return { ws, onMessage: (fn) => listeners.push(fn) };
}

/** Opens `n` clients, 50 at a time. */
async function openClients(url: string, n: number, channels: string[]): Promise<Client[]> {
  const clients: Client[] = [];
  for (let i = 0; i < n; i += 50) {
    const batch = await Promise.all(
      Array.from({ length: Math.min(50, n - i) }, () => openClient(url, channels)),
    );
    clients.push(...batch);
  }
  return clients;
}

function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => (s.length ? s[Math.min(s.length - 1, Math.ceil((p / 100) * s.length) - 1)]! : 0);
  const r = (x: number) => Math.round(x * 10) / 10;
  return { samples: s.length, p50: r(at(50)), p95: r(at(95)), p99: r(at(99)), max: r(s.at(-1) ?? 0) };
}

let trader: Promise<{ token: string; keyId: string; secret: string }> | undefined;
/** A user of its own for these scenarios, so no other scenario's resting orders tie up its cash. */
function realtimeUser(ctx: BenchContext) {
  trader ??= (async () => {
    const email = `bench-rt-${Date.now()}@example.com`;
    const password = 'bench-password-123';
    await json('POST', `${ctx.gateway}/v1/auth/register`, { email, password });
    const login = await json('POST', `${ctx.gateway}/v1/auth/login`, { email, password });
    const key = await json(
      'POST',
      `${ctx.gateway}/v1/api-keys`,
      { name: 'bench-realtime' },
      { authorization: `Bearer ${login.accessToken}` },
    );
    return { token: login.accessToken as string, keyId: key.keyId as string, secret: key.secret as string };
  })();
  return trader;
}

const streamUrl = (ctx: BenchContext, token: string) =>
  `${ctx.gateway.replace(/^http/, 'ws')}/v1/stream?token=${encodeURIComponent(token)}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export const REALTIME_SCENARIOS: Scenario[] = [
  {
    name: 'quote-fanout',
    title: 'quote → /v1/stream client latency, 1,000 subscribers',
    async run(ctx) {
      const subscribers = ctx.quick ? 50 : 1_000;
      const quotes = ctx.quick ? 20 : 300;
      const u = await realtimeUser(ctx);
      const clients = await openClients(streamUrl(ctx, u.token), subscribers, [`quotes:${SYMBOL}`]);
      const sentAt = new Map<number, number>();
      const latencies: number[] = [];
      let received = 0;
      for (const c of clients)
        c.onMessage((m) => {
          if (m.type !== 'quote' || m.data?.bx !== MARK) return;
          const sent = sentAt.get(Number(m.data.c?.[0]));
          if (sent === undefined) return;
          latencies.push(performance.now() - sent);
          received++;
        });
      const bus = createRedisBus({ url: ctx.redisUrl });
      try {
        const { services } = await withProcessStats(ctx, async () => {
          for (let i = 0; i < quotes; i++) {
            const quote: StreamQuote = {
              S: SYMBOL,
              bp: 500,
              bs: 1,
              ap: 500.02,
              as: 1,
              bx: MARK,
              ax: MARK,
              t: new Date().toISOString(),
              c: [String(i)],
            };
            sentAt.set(i, performance.now());
            await bus.broadcast(MARKET_CHANNELS.quotes, { quotes: [quote] });
            await sleep(50);
          }
          // Stragglers get a moment; anything still missing counts as an error.
          const expected = quotes * subscribers;
          for (let waited = 0; received < expected && waited < 5_000; waited += 100) await sleep(100);
        });
        const expected = quotes * subscribers;
        return {
          name: this.name,
          title: this.title,
          summary: {
            rps: Math.round(received / ((quotes * 50) / 1000)),
            ...percentiles(latencies),
            errors: expected - received,
            requests: received,
          },
          detail: { subscribers, quotes, services, note: 'rps column: messages delivered per second' },
        };
      } finally {
        await bus.close();
        for (const c of clients) c.ws.terminate();
      }
    },
  },
  fillScenario(
    'fill-client',
    'fill → /v1/stream client latency (order.filled, position.changed), 1 subscriber',
    {
      subscribers: 1,
      orders: 30,
    },
  ),
  fillScenario(
    'fill-fanout',
    'fill → /v1/stream client latency (order.filled, position.changed), 1,000 subscribers',
    { subscribers: 1_000, orders: 40 },
  ),
];

/**
 * fill → client: market orders over the Alpaca API, timed from the exchange's fill time to each
 * client's order.filled and position.changed. Run with one client (the latency a trader sees)
 * and with 1,000 clients of the same user (the fan-out).
 */
function fillScenario(name: string, title: string, size: { subscribers: number; orders: number }): Scenario {
  return {
    name,
    title,
    async run(ctx) {
      const subscribers = ctx.quick ? Math.min(20, size.subscribers) : size.subscribers;
      const orders = ctx.quick ? 3 : size.orders;
      const u = await realtimeUser(ctx);
      const headers = { 'apca-api-key-id': u.keyId, 'apca-api-secret-key': u.secret };
      const order = (i: number) =>
        json(
          'POST',
          `${ctx.gateway}/alpaca/v2/orders`,
          {
            symbol: SYMBOL,
            qty: '1',
            side: i % 2 === 0 ? 'buy' : 'sell',
            type: 'market',
            time_in_force: 'day',
          },
          headers,
        );
      // Warm the path first (connections, JIT, schemas compiled on first use): a round trip, unmeasured.
      for (let i = 0; i < 2; i++) {
        await order(i);
        await sleep(250); // the sell after a buy needs the position in portfolio first
      }
      const clients = await openClients(streamUrl(ctx, u.token), subscribers, ['orders', 'positions']);
      const fillAt = new Map<string, number>();
      const fills: number[] = [];
      const positions: number[] = [];
      const pendingPositions: { tradeId: string; at: number }[] = [];
      for (const c of clients)
        c.onMessage((m) => {
          if (m.type !== 'event') return;
          const now = Date.now();
          if (m.event === 'order.filled' && m.data.fill) {
            const at = Date.parse(m.data.fill.at as string);
            fillAt.set(m.data.fill.tradeId as string, at);
            fills.push(now - at);
          } else if (m.event === 'position.changed') {
            pendingPositions.push({ tradeId: m.data.tradeId as string, at: now });
          }
        });
      let failed = 0;
      const { services } = await withProcessStats(ctx, async () => {
        for (let i = 0; i < orders; i++) {
          try {
            await order(i);
          } catch {
            failed++;
          }
          await sleep(250);
        }
        const expected = (orders - failed) * subscribers;
        const done = () => fills.length >= expected && pendingPositions.length >= expected;
        for (let waited = 0; !done() && waited < 5_000; waited += 100) await sleep(100);
      });
      for (const p of pendingPositions) {
        const at = fillAt.get(p.tradeId);
        if (at !== undefined) positions.push(p.at - at);
      }
      for (const c of clients) c.ws.terminate();
      const expected = (orders - failed) * subscribers;
      const fill = percentiles(fills);
      return {
        name: this.name,
        title: this.title,
        summary: {
          rps: undefined,
          ...fill,
          errors: failed + Math.max(0, expected - fills.length) + Math.max(0, expected - positions.length),
          requests: orders,
        },
        detail: {
          subscribers,
          orders,
          orderFilled: fill,
          positionChanged: percentiles(positions),
          services,
          note: 'latency from the exchange fill time (ms clock) to each client',
        },
      };
    },
  };
}
