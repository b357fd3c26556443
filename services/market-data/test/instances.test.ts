import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MARKET_CHANNELS, type StreamQuote } from '@tradeplane/contracts';
import { sql } from 'kysely';
import {
  buildService,
  connectPostgres,
  createEmbeddedPlatform,
  readFence,
  StaleLeaderError,
  type BuiltService,
  type DatabaseHandle,
  type Platform,
  type ServiceDefinition,
} from '@tradeplane/kit';
import {
  freshPglite,
  hasPostgres,
  startTestService,
  TEST_DATABASE_URL,
  TEST_INTERNAL_SECRET,
  type TestService,
} from '@tradeplane/kit/testing';
import { marketDataService, marketRuntime, whenBackfilled } from '../src/index.ts';
import { advanceMarket, type LiveMarket } from '../src/domain/live-market.ts';
import { LiveView } from '../src/domain/live-view.ts';
import { publishNews } from '../src/domain/news.ts';
import { BACKFILL_STATE, runBackfill, type BackfillProgress } from '../src/domain/seed-history.ts';
import { countBars } from '../src/store/bars.store.ts';
import { readState } from '../src/store/state.store.ts';
import { get, qs, SMALL_MARKET, startMarket, USER } from './helper.ts';

const def = marketDataService as unknown as ServiceDefinition;

async function until(check: () => boolean | Promise<boolean>, what: string): Promise<void> {
  for (let i = 0; i < 600; i++) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error(`timed out waiting for ${what}`);
}

const MINUTE = 60_000;

/**
 * Steps a live market through [from, to] in 10-second steps (as the loop would), stopping at the
 * first step that fails; returns that failure, or undefined.
 */
async function drive(live: LiveMarket, from: number, to: number): Promise<unknown> {
  for (let at = from; at <= to; at += 10_000) {
    try {
      await advanceMarket(live, new Date(at));
    } catch (err) {
      return err;
    }
  }
  return undefined;
}

describe('two instances sharing one platform (locks, bus, database)', () => {
  let database: DatabaseHandle;
  let platform: Platform;
  let a: BuiltService;
  let b: BuiltService;

  beforeAll(async () => {
    database = (await freshPglite()).handle;
    platform = await createEmbeddedPlatform({
      env: {
        LOG_LEVEL: 'silent',
        INTERNAL_AUTH_SECRET: TEST_INTERNAL_SECRET,
        ...SMALL_MARKET,
        MARKET_LEADER_TTL_MS: '6000',
        MARKET_LOAD_SPX: 'false',
      },
      database,
      keepDatabase: true,
    });
    a = await buildService(def, platform);
    b = await buildService(def, platform);
    await whenBackfilled(a.ctx);
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await platform?.close();
    await database?.close();
  });

  const headers = () => ({
    'x-internal-token': platform.internalAuth.mint('gateway', 'market-data', {
      ...USER,
      roles: ['user'],
      plan: 'free',
      scopes: [],
      via: 'jwt',
    }),
  });

  it('runs the market on exactly one of them', () => {
    expect(marketRuntime(a.ctx).live).toBeDefined();
    expect(marketRuntime(b.ctx).lease).toBeUndefined();
    expect(marketRuntime(b.ctx).live).toBeUndefined();
  });

  it('serves the follower latest quotes from the broadcasts and history from the database', async () => {
    await advanceMarket(marketRuntime(a.ctx).live!, new Date(Date.now() + 30_000));
    const fromLeader = (
      await a.app.inject({ method: 'GET', url: '/v1/market/quotes?symbols=AAPL', headers: headers() })
    ).json();
    const fromFollower = (
      await b.app.inject({ method: 'GET', url: '/v1/market/quotes?symbols=AAPL', headers: headers() })
    ).json();
    expect(fromFollower.quotes.AAPL.timestamp).toBe(fromLeader.quotes.AAPL.timestamp);
    const status = (
      await b.app.inject({ method: 'GET', url: '/v1/market/status', headers: headers() })
    ).json();
    expect(status).toMatchObject({ leader: false, live: false, backfill: { status: 'done' } });
    const bars = (
      await b.app.inject({
        method: 'GET',
        url: '/v1/market/bars/AAPL?timeframe=1Day&limit=3',
        headers: headers(),
      })
    ).json();
    expect(bars.bars).toHaveLength(3);
  });

  it('hands the market to the other instance when the leader stops', async () => {
    await a.close();
    await until(() => marketRuntime(b.ctx).live !== undefined, 'the follower to take over');
    await whenBackfilled(b.ctx);
    expect(marketRuntime(b.ctx).lease).toBeDefined();
  });
});

describe('a restart in the middle of the backfill', () => {
  let t: TestService;
  beforeAll(async () => {
    t = await startMarket({ MARKET_BACKFILL_BATCH_ROWS: '500', MARKET_LOAD_SPX: 'false' });
  });
  afterAll(async () => {
    await t?.close();
  });

  it('resumes from the recorded progress and writes every bar exactly once', async () => {
    const rt = marketRuntime(t.service.ctx);
    const db = t.service.ctx.db;
    const total = await countBars(db, 'MSFT', '1Min');
    expect(total).toBe(1440);
    // Forget MSFT's progress and half its rows, as if the process died while writing it.
    const progress = (await readState<BackfillProgress>(db, BACKFILL_STATE))!;
    const cut = { ...progress, status: 'running' as const, done: progress.done.filter((s) => s !== 'MSFT') };
    await sql`delete from market.bars where symbol = 'MSFT' and timeframe = '1Min' and t > (select min(t) + interval '12 hours' from market.bars where symbol = 'MSFT' and timeframe = '1Min')`.execute(
      db,
    );
    expect(await countBars(db, 'MSFT', '1Min')).toBeLessThan(total);
    let batches = 0;
    const writer = { transaction: t.service.ctx.transaction };
    const stopped = await runBackfill(writer, cut, {
      calendar: rt.deps.calendar,
      universe: rt.universe,
      batchRows: 500,
      shouldStop: () => ++batches > 2,
    });
    expect(stopped.status).toBe('running');
    const finished = await runBackfill(writer, stopped, {
      calendar: rt.deps.calendar,
      universe: rt.universe,
      batchRows: 500,
      shouldStop: () => false,
    });
    expect(finished.status).toBe('done');
    expect(finished.done).toContain('MSFT');
    expect(await countBars(db, 'MSFT', '1Min')).toBe(total);
    const res = await get(
      t,
      `/v1/market/bars/MSFT?${qs({ timeframe: '1Min', start: '2000-01-01', limit: 10_000 })}`,
    );
    const times = res.json().bars.map((b: { t: string }) => b.t);
    expect(new Set(times).size).toBe(times.length);
  });
});

describe('a leader deposed while it still runs (the lease fencing token)', () => {
  let database: DatabaseHandle;
  let platform: Platform;
  let a: BuiltService;
  let b: BuiltService;
  // Renewals and contention far apart (a third of the TTL): the test moves the lease itself.
  const env = {
    ...SMALL_MARKET,
    MARKET_LEADER_TTL_MS: '600000',
    MARKET_LOAD_SPX: 'false',
    MARKET_BACKFILL: 'false',
  };

  beforeAll(async () => {
    database = (await freshPglite()).handle;
    platform = await createEmbeddedPlatform({
      env: { LOG_LEVEL: 'silent', INTERNAL_AUTH_SECRET: TEST_INTERNAL_SECRET, ...env },
      database,
      keepDatabase: true,
    });
    a = await buildService(def, platform);
    await whenBackfilled(a.ctx);
    b = await buildService(def, platform);
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await platform?.close();
    await database?.close();
  });

  const minuteBars = async () => {
    const db = a.ctx.db;
    return Promise.all(['AAPL', 'MSFT', 'SPY'].map((s) => countBars(db, s, '1Min')));
  };
  const rows = async (table: 'outbox' | 'news', type?: string) => {
    let q = a.ctx.db.selectFrom(table).select((eb) => eb.fn.countAll<string>().as('n'));
    if (type) q = q.where('type', '=', type);
    return Number((await q.executeTakeFirstOrThrow()).n);
  };

  it('refuses the bar and news writes of a leader whose lease was taken over, stores nothing of them, and stops its market', async () => {
    const old = marketRuntime(a.ctx);
    const next = marketRuntime(b.ctx);
    const oldLive = old.live!;
    const oldToken = old.lease!.fencingToken;
    expect(next.lease).toBeUndefined();
    expect(await readFence(a.ctx.db)).toMatchObject({ token: oldToken, holder: old.instanceId });

    // The leader "pauses" past its lease: the lock store forgets it while it still believes it
    // leads. The other instance takes the lease, with a higher token, and runs the market.
    await old.lease!.release();
    await next.contend();
    expect(next.lease!.fencingToken).toBeGreaterThan(oldToken);
    expect(await readFence(b.ctx.db)).toMatchObject({
      token: next.lease!.fencingToken,
      holder: next.instanceId,
    });
    await whenBackfilled(b.ctx);
    const start = Math.ceil((Date.now() + 1_000) / MINUTE) * MINUTE;
    const beforeNext = await minuteBars();
    expect(await drive(next.live!, start, start + 2 * MINUTE)).toBeUndefined();
    const afterNext = await minuteBars();
    expect(afterNext[0]).toBeGreaterThan(beforeNext[0]!);
    expect(old.lease).toBeDefined();

    // The old leader wakes up and carries on: its first bar close is refused whole.
    const events = await rows('outbox', 'bar.closed');
    const refused = await drive(oldLive, start + 3 * MINUTE, start + 6 * MINUTE);
    expect(refused).toBeInstanceOf(StaleLeaderError);
    expect(await minuteBars()).toEqual(afterNext);
    expect(await rows('outbox', 'bar.closed')).toBe(events);
    const news = await rows('news');
    await expect(
      publishNews(oldLive.deps, [
        {
          provider: 'simulator',
          providerId: 'stale-leader-article',
          headline: 'Written by a deposed leader',
          summary: '',
          content: '',
          author: '',
          source: 'test',
          url: null,
          symbols: ['AAPL'],
          category: null,
          sentiment: null,
          createdAt: new Date(start).toISOString(),
          updatedAt: new Date(start).toISOString(),
        },
      ]),
    ).rejects.toBeInstanceOf(StaleLeaderError);
    expect(await rows('news')).toBe(news);
    expect(await rows('outbox', 'news.published')).toBe(0);

    // …and it has stopped leading, while the new leader keeps the fence.
    expect(old.lease).toBeUndefined();
    expect(old.live).toBeUndefined();
    const status = (
      await a.app.inject({
        method: 'GET',
        url: '/v1/market/status',
        headers: {
          'x-internal-token': platform.internalAuth.mint('gateway', 'market-data', {
            ...USER,
            roles: ['user'],
            plan: 'free',
            scopes: [],
            via: 'jwt',
          }),
        },
      })
    ).json();
    expect(status).toMatchObject({ leader: false, live: false });
    expect((await readFence(a.ctx.db)).token).toBe(next.lease!.fencingToken);
  });

  it('lets the deposed instance lead again at a later contention, with a newer token', async () => {
    const old = marketRuntime(a.ctx);
    const token = marketRuntime(b.ctx).lease!.fencingToken;
    await b.close();
    await old.contend();
    expect(old.lease!.fencingToken).toBeGreaterThan(token);
    await until(() => old.live !== undefined, 'the market to restart');
    const before = await minuteBars();
    const start = Math.ceil((Date.now() + 10 * MINUTE) / MINUTE) * MINUTE;
    expect(await drive(old.live!, start, start + 2 * MINUTE)).toBeUndefined();
    expect((await minuteBars())[0]).toBeGreaterThan(before[0]!);
  });
});

describe('a lock store whose fencing counter restarted below the database fence', () => {
  let database: DatabaseHandle;
  let t: TestService;

  beforeAll(async () => {
    database = (await freshPglite()).handle;
    const env = { ...SMALL_MARKET, MARKET_LOAD_SPX: 'false', MARKET_BACKFILL: 'false' };
    const first = await startTestService(def, { env, database });
    await whenBackfilled(first.service.ctx);
    await first.close();
    // Earlier leaders used tokens up to 500; the next platform's in-memory locks start from 1 again.
    await database.db.withSchema('market').updateTable('fence').set({ token: 500 }).execute();
    t = await startTestService(def, { env, database });
    await whenBackfilled(t.service.ctx);
  });

  afterAll(async () => {
    await t?.close();
    await database?.close();
  });

  it('catches the counter up and still leads, its writes accepted', async () => {
    const rt = marketRuntime(t.service.ctx);
    expect(rt.lease!.fencingToken).toBe(501);
    expect(await readFence(t.service.ctx.db)).toMatchObject({ token: 501, holder: rt.instanceId });
    const start = Math.ceil((Date.now() + 1_000) / MINUTE) * MINUTE;
    expect(await drive(rt.live!, start, start + 2 * MINUTE)).toBeUndefined();
    expect(await countBars(t.service.ctx.db, 'AAPL', '1Min')).toBeGreaterThan(0);
  });
});

describe('a deposed market leader (its broadcasts)', () => {
  let database: DatabaseHandle;
  let platform: Platform;
  let a: BuiltService;
  let b: BuiltService;

  beforeAll(async () => {
    database = (await freshPglite()).handle;
    platform = await createEmbeddedPlatform({
      env: {
        LOG_LEVEL: 'silent',
        INTERNAL_AUTH_SECRET: TEST_INTERNAL_SECRET,
        ...SMALL_MARKET,
        MARKET_LEADER_TTL_MS: '600000',
        MARKET_LOAD_SPX: 'false',
        MARKET_BACKFILL: 'false',
      },
      database,
      keepDatabase: true,
    });
    a = await buildService(def, platform);
    await whenBackfilled(a.ctx);
    b = await buildService(def, platform);
  });

  afterAll(async () => {
    await b?.close();
    await a?.close();
    await platform?.close();
    await database?.close();
  });

  it('broadcasts no quotes after a newer leader has written, and followers keep the new leader’s prices', async () => {
    const old = marketRuntime(a.ctx);
    const next = marketRuntime(b.ctx);
    const oldLive = old.live!;
    // The old leader pauses past its lease; the other instance takes it and runs the market.
    await old.lease!.release();
    await next.contend();
    await whenBackfilled(b.ctx);
    const start = Math.ceil((Date.now() + 1_000) / MINUTE) * MINUTE;
    for (let at = start; at <= start + 2 * MINUTE; at += 10_000)
      await advanceMarket(next.live!, new Date(at));
    const newest = next.deps.live.quote('AAPL')!;
    expect(Date.parse(newest.t)).toBeLessThanOrEqual(start + 2 * MINUTE);

    const heard: { S: string; t: string }[] = [];
    const stop = platform.bus.onBroadcast(MARKET_CHANNELS.quotes, (payload) => {
      heard.push(...((payload as { quotes: { S: string; t: string }[] }).quotes ?? []));
    });
    try {
      // The old leader wakes up and takes one step of its loop: its bar write is refused…
      await expect(advanceMarket(oldLive, new Date(start + 3 * MINUTE))).rejects.toBeInstanceOf(
        StaleLeaderError,
      );
      await new Promise((r) => setTimeout(r, 50));
      // …and nothing it produced in that step reached the other instances.
      expect(next.deps.live.quote('AAPL')).toEqual(newest);
      expect(heard).toEqual([]);
    } finally {
      stop();
    }
  });

  it('is ignored by followers: a batch from a lower fencing token never replaces a newer leader’s quote', async () => {
    const view = new LiveView();
    const quote = (t: string, bp: number): StreamQuote => ({
      S: 'AAPL',
      bp,
      bs: 100,
      bx: 'Q',
      ap: bp + 0.02,
      as: 100,
      ax: 'Q',
      t,
    });
    view.applyQuotes([quote('2024-03-04T14:30:00Z', 100)], 1);
    // A newer leader's quote replaces the old one even when stamped earlier (its clock may lag)…
    view.applyQuotes([quote('2024-03-04T14:29:59Z', 101)], 2);
    expect(view.quote('AAPL')?.bp).toBe(101);
    // …and the old leader's later quote, carrying its lower token, is ignored.
    view.applyQuotes([quote('2024-03-04T14:31:00Z', 99)], 1);
    expect(view.quote('AAPL')?.bp).toBe(101);
    // The same through the bus, as followers receive them.
    const stop = view.follow(platform.bus);
    try {
      await platform.bus.broadcast(MARKET_CHANNELS.quotes, {
        quotes: [quote('2024-03-04T14:32:00Z', 98)],
        fencingToken: 1,
      });
      await platform.bus.broadcast(MARKET_CHANNELS.quotes, {
        quotes: [quote('2024-03-04T14:32:00Z', 102)],
        fencingToken: 2,
      });
      await until(() => view.quote('AAPL')?.bp === 102, 'the newer leader’s broadcast');
      expect(view.quote('AAPL')?.t).toBe('2024-03-04T14:32:00Z');
    } finally {
      stop();
    }
  });
});

const pgUp = await hasPostgres();

describe.skipIf(!pgUp)('on PostgreSQL', () => {
  const dbName = `market_test_${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  const admin = connectPostgres({ url: TEST_DATABASE_URL, max: 1 });
  let handle: DatabaseHandle;
  let t: TestService;

  beforeAll(async () => {
    await sql`create database ${sql.id(dbName)}`.execute(admin.db);
    const url = new URL(TEST_DATABASE_URL);
    url.pathname = `/${dbName}`;
    handle = connectPostgres({ url: url.toString(), max: 5 });
    t = await startTestService(def, { env: { ...SMALL_MARKET, MARKET_SYMBOLS: 'AAPL' }, database: handle });
    await whenBackfilled(t.service.ctx);
  });

  afterAll(async () => {
    await t?.close();
    await handle?.close();
    await sql`drop database if exists ${sql.id(dbName)} with (force)`.execute(admin.db);
    await admin.close();
  });

  it('backfills, pages bars and loads SPX the same way', async () => {
    expect(await countBars(t.service.ctx.db, 'AAPL', '1Min')).toBe(1440);
    expect(await countBars(t.service.ctx.db, 'SPX', '1Day')).toBe(5105);
    const first = (await get(t, '/v1/market/bars/SPX?timeframe=1Day&start=2000-01-01&limit=1')).json();
    expect(first.bars[0]).toMatchObject({ t: '2000-01-03T05:00:00Z', o: '1469.25', c: '1455.219971' });
    const snaps = (await get(t, '/v1/market/snapshots?symbols=AAPL')).json();
    expect(snaps.snapshots.AAPL.latestQuote.symbol).toBe('AAPL');
  });
});
