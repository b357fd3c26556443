/**
 * The bare baseline: the least work an order endpoint can do — validate the body, INSERT it into
 * PostgreSQL, XADD an event to Redis — with no gateway, auth, risk or outbox. Scenario 1 is read
 * against it. Run as its own process: `tsx bench/baseline.ts <port>`.
 */
import Fastify from 'fastify';
import pg from 'pg';
import { Redis } from 'ioredis';
import { Type } from 'typebox';
import { randomUUID } from 'node:crypto';

const port = Number(process.argv[2] ?? 19_500);
const databaseUrl = process.env.DATABASE_URL!;
const redisUrl = process.env.REDIS_URL!;

const pool = new pg.Pool({ connectionString: databaseUrl, max: 10 });
const redis = new Redis(redisUrl);
await pool.query(`create schema if not exists bench_baseline`);
await pool.query(
  `create table if not exists bench_baseline.orders (id uuid primary key, client_order_id text not null, symbol text not null, side text not null, qty numeric not null, type text not null, created_at timestamptz not null default now())`,
);

const Body = Type.Object({
  symbol: Type.String({ pattern: '^[A-Z.]{1,10}$' }),
  side: Type.Union([Type.Literal('buy'), Type.Literal('sell')]),
  qty: Type.String({ pattern: '^\\d+(\\.\\d+)?$' }),
  type: Type.Literal('market'),
  time_in_force: Type.String(),
  client_order_id: Type.Optional(Type.String({ maxLength: 48 })),
});

const app = Fastify({ logger: false });
app.post('/v2/orders', { schema: { body: Body } }, async (req, reply) => {
  const b = req.body as { symbol: string; side: string; qty: string; type: string; client_order_id?: string };
  const id = randomUUID();
  await pool.query(
    'insert into bench_baseline.orders (id, client_order_id, symbol, side, qty, type) values ($1, $2, $3, $4, $5, $6)',
    [id, b.client_order_id ?? id, b.symbol, b.side, b.qty, b.type],
  );
  await redis.xadd('bench:baseline:orders', 'MAXLEN', '~', '100000', '*', 'id', id, 'symbol', b.symbol);
  return reply.code(200).send({ id, status: 'accepted', symbol: b.symbol, qty: b.qty });
});
await app.listen({ port, host: '127.0.0.1' });
process.send?.('ready');
process.on('SIGTERM', () => {
  void app.close().then(async () => {
    await pool.end();
    redis.disconnect();
    process.exit(0);
  });
});
