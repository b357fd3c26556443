import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import { Type } from 'typebox';
import {
  AppError,
  buildEvent,
  ConfigError,
  defineService,
  handleOnce,
  InternalAuth,
  loadConfig,
  Cfg,
} from '../src/index.ts';
import { startTestService, type TestService } from '../src/testing/index.ts';

const widgets = new Map<string, { id: string; owner: string; price: string }>();

const demo = defineService({
  name: 'identity',
  schema: 'demo_svc',
  config: Type.Object({ DEMO_LIMIT: Cfg.int(3, 1, 10) }),
  migrations: {
    '001_widgets': {
      async up(db) {
        await db.schema
          .createTable('widgets')
          .addColumn('id', 'text', (c) => c.primaryKey())
          .addColumn('price', 'numeric(20, 4)')
          .execute();
      },
    },
  },
  async routes(app, ctx) {
    app.post(
      '/v1/widgets',
      {
        schema: {
          body: Type.Object({
            id: Type.String({ minLength: 2 }),
            price: Type.String({ pattern: '^\\d+(\\.\\d+)?$' }),
          }),
        },
      },
      async (req, reply) => {
        const userId = req.auth!.userId!;
        await ctx.db.insertInto('widgets').values({ id: req.body.id, price: req.body.price }).execute();
        widgets.set(req.body.id, { id: req.body.id, owner: userId, price: req.body.price });
        return reply.code(201).send({ id: req.body.id, limit: ctx.config.DEMO_LIMIT });
      },
    );
    app.get('/v1/widgets/:id', async (req) => {
      const { id } = req.params as { id: string };
      const w = widgets.get(id);
      if (!w || w.owner !== req.auth?.userId) throw new AppError('DEMO_NOT_FOUND', 404, 'No such widget');
      const row = await ctx.db
        .selectFrom('widgets')
        .select('price')
        .where('id', '=', id)
        .executeTakeFirstOrThrow();
      return { id, price: row.price };
    });
    app.get('/v1/boom', { config: { auth: 'public' } }, async () => {
      throw new Error('secret database detail: password=hunter2');
    });
    app.get('/v1/admin-only', { config: { auth: 'admin' } }, async () => ({ ok: true }));
    // What PostgreSQL throws when it breaks a deadlock by rolling one transaction back.
    app.get('/v1/deadlock', { config: { auth: 'public' } }, async () => {
      throw Object.assign(new Error('deadlock detected'), { code: '40P01' });
    });
  },
});

describe('a service built by the kit', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startTestService(demo as never, { env: { DEMO_LIMIT: '7' } });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('reads its config from the environment once, typed', async () => {
    const res = await t.service.app.inject({
      method: 'POST',
      url: '/v1/widgets',
      payload: { id: 'w1', price: '12.3400' },
      headers: t.as({ userId: 'u1' }),
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().limit).toBe(7);
  });

  it('keeps NUMERIC exact as a string', async () => {
    const res = await t.service.app.inject({
      method: 'GET',
      url: '/v1/widgets/w1',
      headers: t.as({ userId: 'u1' }),
    });
    expect(res.json().price).toBe('12.3400');
  });

  it('does not return another user’s resource', async () => {
    const res = await t.service.app.inject({
      method: 'GET',
      url: '/v1/widgets/w1',
      headers: t.as({ userId: 'u2' }),
    });
    expect(res.statusCode).toBe(404);
    expect(res.json().code).toBe('DEMO_NOT_FOUND');
  });

  it('answers 401 problem+json without a token and for a token minted for another service', async () => {
    const none = await t.service.app.inject({ method: 'GET', url: '/v1/widgets/w1' });
    expect(none.statusCode).toBe(401);
    expect(none.headers['content-type']).toContain('application/problem+json');
    const other = new InternalAuth('test-internal-secret-0123456789abcdef0123456789').mint(
      'gateway',
      'orders',
      {
        userId: 'u1',
        roles: ['user'],
        plan: 'free',
        scopes: [],
        via: 'jwt',
      },
    );
    const wrongAud = await t.service.app.inject({
      method: 'GET',
      url: '/v1/widgets/w1',
      headers: { 'x-internal-token': other },
    });
    expect(wrongAud.statusCode).toBe(401);
    expect(wrongAud.json().code).toBe('AUTH_INVALID_INTERNAL_TOKEN');
  });

  it('answers 403 to a non-admin on an admin route', async () => {
    const res = await t.service.app.inject({
      method: 'GET',
      url: '/v1/admin-only',
      headers: t.as({ userId: 'u1' }),
    });
    expect(res.statusCode).toBe(403);
    const ok = await t.service.app.inject({
      method: 'GET',
      url: '/v1/admin-only',
      headers: t.as({ userId: 'u9', roles: ['user', 'admin'] }),
    });
    expect(ok.statusCode).toBe(200);
  });

  it('turns schema violations into 400 with each failing path', async () => {
    const res = await t.service.app.inject({
      method: 'POST',
      url: '/v1/widgets',
      payload: { id: 'x', price: '1e5' },
      headers: t.as({ userId: 'u1' }),
    });
    expect(res.statusCode).toBe(400);
    const body = res.json();
    expect(body.code).toBe('VALIDATION_FAILED');
    expect(body.errors.length).toBeGreaterThan(0);
    expect(body.errors[0].path).toMatch(/^body\//);
  });

  it('turns malformed JSON into 400 problem+json', async () => {
    const res = await t.service.app.inject({
      method: 'POST',
      url: '/v1/widgets',
      payload: '{"id": "w',
      headers: { ...t.as({ userId: 'u1' }), 'content-type': 'application/json' },
    });
    expect(res.statusCode).toBe(400);
    expect(res.json().code).toBe('INVALID_JSON');
  });

  it('hides internals of an unknown error behind a 500 with an error id', async () => {
    const res = await t.service.app.inject({ method: 'GET', url: '/v1/boom' });
    expect(res.statusCode).toBe(500);
    const body = res.json();
    expect(body.code).toBe('INTERNAL');
    expect(body.errorId).toMatch(/^[0-9a-f-]{36}$/);
    expect(res.body).not.toContain('hunter2');
  });

  it('answers a transaction rolled back by a deadlock with 503 and Retry-After, not a 500', async () => {
    const res = await t.service.app.inject({ method: 'GET', url: '/v1/deadlock' });
    expect(res.statusCode).toBe(503);
    expect(res.headers['retry-after']).toBe('1');
    expect(res.headers['content-type']).toContain('application/problem+json');
    expect(res.json()).toMatchObject({ code: 'TRANSACTION_CONFLICT', status: 503 });
  });

  it('takes the request id from x-request-id, or makes one', async () => {
    const given = await t.service.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'abc-123' },
    });
    expect(given.headers['x-request-id']).toBe('abc-123');
    const bad = await t.service.app.inject({
      method: 'GET',
      url: '/health/live',
      headers: { 'x-request-id': 'a b\nc' },
    });
    expect(bad.headers['x-request-id']).not.toBe('a b\nc');
  });

  it('serves health, readiness, metrics and OpenAPI', async () => {
    expect((await t.service.app.inject({ method: 'GET', url: '/health/live' })).statusCode).toBe(200);
    const ready = await t.service.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(200);
    expect(ready.json().checks.database.status).toBe('up');
    const metrics = await t.service.app.inject({ method: 'GET', url: '/metrics' });
    expect(metrics.body).toContain('http_request_duration_seconds_bucket');
    expect(metrics.body).toContain('route="/v1/widgets/:id"');
    expect(metrics.body).toContain('process_cpu_user_seconds_total');
    const doc = await t.service.app.inject({ method: 'GET', url: '/openapi.json' });
    expect(Object.keys(doc.json().paths)).toContain('/v1/widgets');
    expect(Object.keys(doc.json().paths)).not.toContain('/metrics');
  });

  it('reports not ready when a readiness check fails', async () => {
    t.service.ctx.addReadinessCheck({
      name: 'broker',
      check: () => Promise.reject(new Error('broker down')),
    });
    const ready = await t.service.app.inject({ method: 'GET', url: '/health/ready' });
    expect(ready.statusCode).toBe(503);
    expect(ready.json().checks.broker).toEqual({ status: 'down', error: 'broker down' });
  });
});

describe('config', () => {
  it('fails fast listing every bad key', () => {
    const schema = Type.Object({
      A_PORT: Cfg.port(1),
      B_URL: Type.String({ minLength: 1 }),
      C_FLAG: Cfg.bool(false),
    });
    try {
      loadConfig(schema, { A_PORT: 'x', C_FLAG: 'maybe' });
      expect.unreachable();
    } catch (err) {
      expect(err).toBeInstanceOf(ConfigError);
      const keys = (err as ConfigError).problems.map((p) => p.split(':')[0]);
      expect(keys.sort()).toEqual(['A_PORT', 'B_URL', 'C_FLAG']);
    }
  });

  it('never echoes a secret value in the error', () => {
    const schema = Type.Object({ API_SECRET: Type.String({ minLength: 32 }) });
    try {
      loadConfig(schema, { API_SECRET: 'short-secret' });
      expect.unreachable();
    } catch (err) {
      expect((err as Error).message).not.toContain('short-secret');
    }
  });
});

describe('internal auth', () => {
  const auth = new InternalAuth('x'.repeat(40));
  it('round-trips claims for the right audience only', () => {
    const token = auth.mint('gateway', 'orders', {
      userId: 'u1',
      roles: ['user'],
      plan: 'pro',
      scopes: [],
      via: 'apikey',
      apiKeyId: 'k1',
    });
    expect(auth.verify(token, 'orders')).toMatchObject({
      userId: 'u1',
      plan: 'pro',
      via: 'apikey',
      apiKeyId: 'k1',
      issuer: 'gateway',
    });
    expect(() => auth.verify(token, 'risk')).toThrow(AppError);
  });
  it('rejects a token signed with another secret or tampered with', () => {
    const other = new InternalAuth('y'.repeat(40)).mint('gateway', 'orders', undefined);
    expect(() => auth.verify(other, 'orders')).toThrow(/signature/);
    const good = auth.mint('gateway', 'orders', {
      userId: 'u1',
      roles: [],
      plan: 'free',
      scopes: [],
      via: 'jwt',
    });
    const [h, p, s] = good.split('.');
    const forged = JSON.parse(Buffer.from(p!, 'base64url').toString());
    forged.roles = ['admin'];
    expect(() =>
      auth.verify(`${h}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${s}`, 'orders'),
    ).toThrow();
  });
  it('rejects an expired token', () => {
    const short = new InternalAuth('x'.repeat(40), -10);
    const token = short.mint('gateway', 'orders', undefined);
    expect(() => auth.verify(token, 'orders')).toThrow(/expired/);
  });
});

describe('event retention', () => {
  it('a service with a schema prunes old published outbox rows and processed inbox rows at start', async () => {
    const def = { ...demo, eventRetentionDays: () => 2 };
    // First start: tables in place, nothing running; the rows below stand for weeks of traffic.
    const first = await startTestService(def, { startBackground: false });
    const db = first.service.ctx.db;
    await first.service.ctx.outbox.add(db, [
      { type: 'w.old', data: {} },
      { type: 'w.recent', data: {} },
      { type: 'w.unpublished', data: {} },
    ]);
    await db
      .updateTable('outbox')
      .set({ published_at: sql`now() - interval '3 days'` })
      .where('type', '=', 'w.old')
      .execute();
    await db
      .updateTable('outbox')
      .set({ published_at: sql`now()` })
      .where('type', '=', 'w.recent')
      .execute();
    await db
      .updateTable('outbox')
      .set({ created_at: sql`now() - interval '30 days'` })
      .where('type', '=', 'w.unpublished')
      .execute();
    await handleOnce(db, 'c', buildEvent('x', { type: 'w.old', data: {} }), async () => undefined);
    await handleOnce(db, 'c', buildEvent('x', { type: 'w.new', data: {} }), async () => undefined);
    const oldest = await db
      .selectFrom('inbox')
      .select('event_id')
      .orderBy('event_id')
      .executeTakeFirstOrThrow();
    await db
      .updateTable('inbox')
      .set({ processed_at: sql`now() - interval '3 days'` })
      .where('event_id', '=', oldest.event_id)
      .execute();
    await first.service.close();

    const second = await startTestService(def, { database: first.database });
    try {
      await vi.waitFor(
        async () => {
          const types = (await db.selectFrom('outbox').select('type').orderBy('type').execute()).map(
            (r) => r.type,
          );
          expect(types).toEqual(['w.recent', 'w.unpublished']);
          expect((await db.selectFrom('inbox').select('event_id').execute()).length).toBe(1);
        },
        { timeout: 5_000, interval: 20 },
      );
    } finally {
      await second.close();
      await first.database.close();
    }
  });
});
