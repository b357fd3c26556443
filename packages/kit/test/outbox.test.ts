import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { sql } from 'kysely';
import type { CloudEvent } from '@tradeplane/contracts';
import { createMemoryBus, createRedisBus } from '../src/bus/index.ts';
import {
  buildEvent,
  createOutbox,
  eventTablesMigration,
  handleOnce,
  pruneInbox,
  pruneOutbox,
} from '../src/outbox.ts';
import { migrateSchema } from '../src/migrate.ts';
import type { AnyDB, DatabaseHandle } from '../src/db.ts';
import type { EventBus, Subscription } from '../src/ports.ts';
import { isUuid } from '../src/ids.ts';
import {
  freshPglite,
  hasPostgres,
  hasRedis,
  testPostgres,
  TEST_REDIS_URL,
  uniqueName,
  deleteRedisKeys,
} from '../src/testing/infra.ts';

const [pgUp, redisUp] = await Promise.all([hasPostgres(), hasRedis()]);
const waitFor = <T>(fn: () => T | Promise<T>) => vi.waitFor(fn, { timeout: 5_000, interval: 10 });
const silentLog = { warn: () => undefined, error: () => undefined };

describe('buildEvent', () => {
  it('makes a CloudEvents 1.0 JSON envelope with a UUIDv7 id and our extensions', () => {
    const e = buildEvent('orders', {
      type: 'order.filled',
      data: { qty: '1' },
      subject: 'o-1',
      userId: 'u-1',
      correlationId: 'c-1',
      causationId: 'e-0',
    });
    expect(e).toMatchObject({
      specversion: '1.0',
      source: 'orders',
      type: 'order.filled',
      subject: 'o-1',
      datacontenttype: 'application/json',
      data: { qty: '1' },
      userid: 'u-1',
      correlationid: 'c-1',
      causationid: 'e-0',
    });
    expect(isUuid(e.id) && e.id[14] === '7').toBe(true);
    expect(new Date(e.time).toISOString()).toBe(e.time);
    expect(Object.keys(buildEvent('orders', { type: 'order.accepted', data: {} }))).not.toContain('subject');
  });
});

/** The same behaviour on PGlite and on PostgreSQL; each test works in a fresh schema. */
function storeContract(kind: 'pglite' | 'postgres', openHandle: () => Promise<DatabaseHandle>) {
  describe(`outbox and inbox on ${kind}`, () => {
    let handle: DatabaseHandle;
    const schemas: string[] = [];
    const cleanups: (() => Promise<void>)[] = [];

    beforeAll(async () => {
      handle = await openHandle();
    });
    afterEach(async () => {
      for (const c of cleanups.splice(0).reverse()) await c();
    });
    afterAll(async () => {
      for (const s of schemas) await sql`drop schema if exists ${sql.id(s)} cascade`.execute(handle.db);
      await handle.close();
    });

    async function freshSchema(): Promise<AnyDB> {
      const schema = uniqueName('kit_events');
      schemas.push(schema);
      expect(await migrateSchema(handle, schema, { '000_kit_events': eventTablesMigration })).toEqual([
        '000_kit_events',
      ]);
      const db = handle.db.withSchema(schema);
      await db.schema
        .createTable('effects')
        .addColumn('id', 'serial', (c) => c.primaryKey())
        .addColumn('event_id', 'text', (c) => c.notNull())
        .execute();
      return db;
    }
    const effectCount = async (db: AnyDB) =>
      Number(
        (
          await db
            .selectFrom('effects')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const inboxCount = async (db: AnyDB) =>
      Number(
        (
          await db
            .selectFrom('inbox')
            .select((eb) => eb.fn.countAll().as('n'))
            .executeTakeFirstOrThrow()
        ).n,
      );
    const memoryBus = () => {
      const bus = createMemoryBus();
      cleanups.push(() => bus.close());
      return bus;
    };
    const outboxOn = (db: AnyDB, bus: EventBus, extra: { pollMs?: number; batchSize?: number } = {}) => {
      const outbox = createOutbox({ db, bus, source: 'orders', log: silentLog, ...extra });
      cleanups.push(() => outbox.stop());
      return outbox;
    };

    it('never publishes an event written in a transaction that rolled back', async () => {
      const db = await freshSchema();
      const bus = memoryBus();
      const outbox = outboxOn(db, bus);
      await expect(
        db.transaction().execute(async (tx) => {
          await outbox.add(tx, { type: 'order.accepted', data: { id: 'o1' } });
          throw new Error('insufficient buying power');
        }),
      ).rejects.toThrow('insufficient buying power');

      expect(await outbox.flush()).toBe(0);
      expect(await bus.replay('order.accepted')).toEqual([]);
      expect(await db.selectFrom('outbox').selectAll().execute()).toEqual([]);
    });

    it('publishes a committed event once, and marks its row published', async () => {
      const db = await freshSchema();
      const bus = memoryBus();
      const outbox = outboxOn(db, bus);
      const [written] = await db
        .transaction()
        .execute((tx) => outbox.add(tx, { type: 'order.filled', data: { qty: '2' }, subject: 'o1' }));

      expect(await outbox.flush()).toBe(1);
      expect(await outbox.flush()).toBe(0);
      const published = await bus.replay('order.filled');
      expect(published.map((p) => p.event)).toEqual([written]);
      const row = await db.selectFrom('outbox').selectAll().executeTakeFirstOrThrow();
      expect(row).toMatchObject({ id: written!.id, type: 'order.filled', source: 'orders', subject: 'o1' });
      expect(row.published_at).not.toBeNull();
    });

    it('publishes in id order and shares the rows between relays flushing at once', async () => {
      const db = await freshSchema();
      const bus = memoryBus();
      const a = outboxOn(db, bus, { batchSize: 7 });
      const b = outboxOn(db, bus, { batchSize: 7 });
      const written = await db.transaction().execute((tx) =>
        a.add(
          tx,
          Array.from({ length: 40 }, (_, i) => ({ type: 'trade.executed', data: { i } })),
        ),
      );

      const [na, nb] = await Promise.all([a.flush(), b.flush()]);
      expect(na + nb).toBe(40);
      const ids = (await bus.replay('trade.executed')).map((p) => p.event.id);
      expect([...ids].sort()).toEqual(written.map((e) => e.id).sort());
      if (kind === 'pglite') expect(ids).toEqual(written.map((e) => e.id));
    });

    it('relays in the background after a kick, and flushes the rest on stop', async () => {
      const db = await freshSchema();
      const bus = memoryBus();
      const outbox = outboxOn(db, bus, { pollMs: 60_000 });
      outbox.start();
      await db.transaction().execute(async (tx) => {
        await outbox.add(tx, { type: 'order.canceled', data: { n: 1 } });
        outbox.kick();
      });
      await waitFor(async () => expect(await bus.replay('order.canceled')).toHaveLength(1));

      await outbox.add(db, { type: 'order.canceled', data: { n: 2 } });
      await outbox.stop();
      expect((await bus.replay('order.canceled')).map((p) => p.event.data)).toEqual([{ n: 1 }, { n: 2 }]);
    });

    it('keeps rows whose publication failed, and publishes them on a later flush', async () => {
      const db = await freshSchema();
      const bus = memoryBus();
      vi.spyOn(bus, 'publish').mockRejectedValueOnce(new Error('bus down'));
      const outbox = outboxOn(db, bus);
      await outbox.add(db, { type: 'order.expired', data: {} });

      await expect(outbox.flush()).rejects.toThrow('bus down');
      expect(await outbox.flush()).toBe(1);
      expect(await outbox.flush()).toBe(0);
      expect(await bus.replay('order.expired')).toHaveLength(1);
    });

    it('applies an effect once however often the event is handled', async () => {
      const db = await freshSchema();
      const e = buildEvent('orders', { type: 'order.filled', data: {} });
      const effect = (tx: AnyDB) =>
        tx
          .insertInto('effects')
          .values({ event_id: e.id })
          .execute()
          .then(() => undefined);

      expect(await handleOnce(db, 'positions', e, effect)).toBe(true);
      expect(await handleOnce(db, 'positions', e, effect)).toBe(false);
      expect(await effectCount(db)).toBe(1);
      // Another consumer has its own inbox record.
      expect(await handleOnce(db, 'notifications', e, async () => undefined)).toBe(true);
    });

    it('leaves no inbox record when the effect throws, so a redelivery applies it', async () => {
      const db = await freshSchema();
      const e = buildEvent('orders', { type: 'order.filled', data: {} });
      await expect(
        handleOnce(db, 'positions', e, async (tx) => {
          await tx.insertInto('effects').values({ event_id: e.id }).execute();
          throw new Error('deadlock detected');
        }),
      ).rejects.toThrow('deadlock detected');
      expect(await inboxCount(db)).toBe(0);
      expect(await effectCount(db)).toBe(0);

      expect(
        await handleOnce(db, 'positions', e, (tx) =>
          tx
            .insertInto('effects')
            .values({ event_id: e.id })
            .execute()
            .then(() => undefined),
        ),
      ).toBe(true);
      expect(await effectCount(db)).toBe(1);
    });

    it('prunes old inbox records and old published outbox rows, never unpublished ones', async () => {
      const db = await freshSchema();
      const outbox = outboxOn(db, memoryBus());
      await outbox.add(db, [
        { type: 'a.old', data: {} },
        { type: 'a.recent', data: {} },
        { type: 'a.unpublished', data: {} },
      ]);
      await db
        .updateTable('outbox')
        .set({ published_at: sql`now() - interval '10 days'`, created_at: sql`now() - interval '10 days'` })
        .where('type', 'in', ['a.old'])
        .execute();
      await db
        .updateTable('outbox')
        .set({ published_at: sql`now()` })
        .where('type', '=', 'a.recent')
        .execute();
      await db
        .updateTable('outbox')
        .set({ created_at: sql`now() - interval '30 days'` })
        .where('type', '=', 'a.unpublished')
        .execute();
      await handleOnce(db, 'c', buildEvent('x', { type: 'a.old', data: {} }), async () => undefined);
      await handleOnce(db, 'c', buildEvent('x', { type: 'a.new', data: {} }), async () => undefined);
      await db
        .updateTable('inbox')
        .set({ processed_at: sql`now() - interval '10 days'` })
        .where(
          'event_id',
          '=',
          (await db.selectFrom('inbox').select('event_id').orderBy('event_id').executeTakeFirstOrThrow())
            .event_id,
        )
        .execute();

      expect(await pruneOutbox(db, 7)).toBe(1);
      expect(
        (await db.selectFrom('outbox').select('type').orderBy('type').execute()).map((r) => r.type),
      ).toEqual(['a.recent', 'a.unpublished']);
      expect(await pruneInbox(db, 7)).toBe(1);
      expect(await inboxCount(db)).toBe(1);
    });

    describe('end to end: outbox → bus → inbox consumer', () => {
      const buses: [string, boolean, () => { bus: EventBus; cleanup: () => Promise<void> }][] = [
        ['memory', true, () => ({ bus: createMemoryBus(), cleanup: async () => undefined })],
        [
          'redis',
          redisUp,
          () => {
            const prefix = uniqueName('tpoutbox');
            return {
              bus: createRedisBus({ url: TEST_REDIS_URL, prefix, blockMs: 1_000 }),
              cleanup: () => deleteRedisKeys(prefix),
            };
          },
        ],
      ];
      for (const [busKind, enabled, makeBus] of buses) {
        it.runIf(enabled)(
          `applies each committed event once over the ${busKind} bus, despite a failure and a duplicate`,
          async () => {
            const db = await freshSchema();
            const { bus, cleanup } = makeBus();
            cleanups.push(async () => {
              await bus.close();
              await cleanup();
            });
            const outbox = outboxOn(db, bus);
            const results: { id: string; attempt: number; applied: boolean | 'threw' }[] = [];
            let failOnce = true;
            const sub: Subscription = bus.subscribe({
              group: 'positions',
              types: ['order.filled'],
              redeliverAfterMs: 150,
              handler: async (event: CloudEvent, delivery) => {
                try {
                  const applied = await handleOnce(db, 'positions', event, async (tx) => {
                    await tx.insertInto('effects').values({ event_id: event.id }).execute();
                    if ((event.data as { n: number }).n === 2 && failOnce) {
                      failOnce = false;
                      throw new Error('transient failure');
                    }
                  });
                  results.push({ id: event.id, attempt: delivery.attempt, applied });
                } catch (err) {
                  results.push({ id: event.id, attempt: delivery.attempt, applied: 'threw' });
                  throw err;
                }
              },
            });
            cleanups.push(() => sub.close());
            outbox.start();

            // A rolled-back transaction's event, then two committed ones.
            await expect(
              db.transaction().execute(async (tx) => {
                await outbox.add(tx, { type: 'order.filled', data: { n: 0 } });
                throw new Error('rolled back');
              }),
            ).rejects.toThrow('rolled back');
            const [one] = await db
              .transaction()
              .execute((tx) => outbox.add(tx, { type: 'order.filled', data: { n: 1 } }));
            const [two] = await db
              .transaction()
              .execute((tx) => outbox.add(tx, { type: 'order.filled', data: { n: 2 } }));
            outbox.kick();

            await waitFor(() => expect(results.filter((r) => r.applied === true)).toHaveLength(2));
            expect(results.find((r) => r.id === two!.id && r.applied === 'threw')?.attempt).toBe(1);
            expect(results.find((r) => r.id === two!.id && r.applied === true)?.attempt).toBe(2);

            // The bus delivers the same event again (a relay that died before marking its rows).
            await bus.publish([one!]);
            await waitFor(() => expect(results.filter((r) => r.id === one!.id)).toHaveLength(2));
            expect(results.filter((r) => r.id === one!.id).map((r) => r.applied)).toEqual([true, false]);

            const effects = await db.selectFrom('effects').select('event_id').orderBy('id').execute();
            expect(effects.map((r) => r.event_id)).toEqual([one!.id, two!.id]);
            expect((await bus.replay('order.filled')).map((p) => (p.event.data as { n: number }).n)).toEqual([
              1, 2, 1,
            ]);
          },
        );
      }
    });
  });
}

storeContract('pglite', async () => (await freshPglite()).handle);

describe.skipIf(!pgUp)('postgres', () => {
  storeContract('postgres', async () => testPostgres());
});
