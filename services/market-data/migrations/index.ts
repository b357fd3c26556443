import { sql } from 'kysely';
import { fenceTableMigration, type Migrations } from '@tradeplane/kit';

/** Prices: up to 12 integer digits and 6 decimals (an index level, a sub-penny VWAP). */
const PRICE = 'numeric(18, 6)';

export const migrations: Migrations = {
  '001_assets': {
    async up(db) {
      await db.schema
        .createTable('assets')
        // A UUID derived from the symbol (domain/asset-ids.ts), so it is the same on every install.
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('symbol', 'text', (c) => c.notNull())
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('exchange', 'text', (c) => c.notNull())
        .addColumn('class', 'text', (c) => c.notNull())
        // stock | etf | index | imported
        .addColumn('kind', 'text', (c) => c.notNull())
        .addColumn('sector', 'text')
        .addColumn('status', 'text', (c) => c.notNull().defaultTo('active'))
        .addColumn('tradable', 'boolean', (c) => c.notNull())
        .addColumn('marginable', 'boolean', (c) => c.notNull())
        .addColumn('shortable', 'boolean', (c) => c.notNull())
        .addColumn('easy_to_borrow', 'boolean', (c) => c.notNull())
        .addColumn('fractionable', 'boolean', (c) => c.notNull())
        .addColumn('min_tick', PRICE, (c) => c.notNull())
        // Whether the live market (simulator or provider stream) prices it.
        .addColumn('live', 'boolean', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addUniqueConstraint('assets_symbol_key', ['symbol'])
        .execute();
    },
  },
  '002_bars': {
    async up(db) {
      // Only 1Min and 1Day are stored; 5Min, 15Min and 1Hour are aggregated from 1Min on read.
      await db.schema
        .createTable('bars')
        .addColumn('symbol', 'text', (c) => c.notNull())
        .addColumn('timeframe', 'text', (c) => c.notNull())
        .addColumn('t', 'timestamptz', (c) => c.notNull())
        .addColumn('o', PRICE, (c) => c.notNull())
        .addColumn('h', PRICE, (c) => c.notNull())
        .addColumn('l', PRICE, (c) => c.notNull())
        .addColumn('c', PRICE, (c) => c.notNull())
        .addColumn('v', 'bigint', (c) => c.notNull())
        // Imported series may lack the trade count and the VWAP.
        .addColumn('n', 'integer')
        .addColumn('vw', PRICE)
        .addPrimaryKeyConstraint('bars_pkey', ['symbol', 'timeframe', 't'])
        .addCheckConstraint('bars_timeframe_stored', sql`timeframe in ('1Min', '1Day')`)
        .addCheckConstraint('bars_ohlc_consistent', sql`h >= greatest(o, c) and l <= least(o, c) and l > 0`)
        .addCheckConstraint('bars_volume_nonnegative', sql`v >= 0`)
        .execute();
    },
  },
  '003_news': {
    async up(db) {
      await db.schema
        .createTable('news')
        // A number, as Alpaca's news ids are.
        .addColumn('id', 'bigserial', (c) => c.primaryKey())
        // Where it came from and its id there: polling a provider again inserts nothing twice.
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('provider_id', 'text', (c) => c.notNull())
        .addColumn('headline', 'text', (c) => c.notNull())
        .addColumn('summary', 'text', (c) => c.notNull())
        .addColumn('content', 'text', (c) => c.notNull())
        .addColumn('author', 'text', (c) => c.notNull())
        .addColumn('source', 'text', (c) => c.notNull())
        .addColumn('url', 'text')
        .addColumn('symbols', sql`text[]`, (c) => c.notNull())
        .addColumn('category', 'text')
        .addColumn('sentiment', 'numeric(4, 3)')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull())
        .addUniqueConstraint('news_provider_id_key', ['provider', 'provider_id'])
        .execute();
      await db.schema.createIndex('news_created_idx').on('news').columns(['created_at', 'id']).execute();
      // The symbol filter goes through this table: portable to PostgreSQL and PGlite alike.
      await db.schema
        .createTable('news_symbols')
        .addColumn('news_id', 'bigint', (c) => c.notNull().references('news.id').onDelete('cascade'))
        .addColumn('symbol', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull())
        .addPrimaryKeyConstraint('news_symbols_pkey', ['news_id', 'symbol'])
        .execute();
      await db.schema
        .createIndex('news_symbols_symbol_time_idx')
        .on('news_symbols')
        .columns(['symbol', 'created_at', 'news_id'])
        .execute();
    },
  },
  '004_import_runs': {
    async up(db) {
      await db.schema
        .createTable('import_runs')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('symbol', 'text', (c) => c.notNull())
        .addColumn('timeframe', 'text', (c) => c.notNull())
        .addColumn('format', 'text', (c) => c.notNull())
        .addColumn('rows', 'integer', (c) => c.notNull())
        .addColumn('first_t', 'timestamptz', (c) => c.notNull())
        .addColumn('last_t', 'timestamptz', (c) => c.notNull())
        // The admin who imported it; null for the series loaded at first start.
        .addColumn('user_id', 'text')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
    },
  },
  '005_market_state': {
    async up(db) {
      // Small durable facts of the market: the backfill plan and progress, the last session event.
      await db.schema
        .createTable('market_state')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('value', 'jsonb', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
    },
  },
  // The highest fencing token of the `market-data:leader` lease ever used to write (kit
  // fence.ts): a deposed leader's writes, made with a lower token, are refused.
  '006_fence': fenceTableMigration,
  '007_provider_history': {
    async up(db) {
      // Where a bar came from: 'simulator', 'import', or the provider it was fetched or streamed
      // from ('polygon', 'alpaca'). Null for bars written before this migration, except imports.
      await db.schema.alterTable('bars').addColumn('source', 'text').execute();
      // Imported bars are real data an admin chose: provider history never overwrites them.
      await db
        .updateTable('bars')
        .set({ source: 'import' })
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('import_runs as r')
              .select(sql<number>`1`.as('one'))
              .whereRef('r.symbol', '=', 'bars.symbol')
              .whereRef('r.timeframe', '=', 'bars.timeframe')
              .whereRef('r.first_t', '<=', 'bars.t')
              .whereRef('r.last_t', '>=', 'bars.t'),
          ),
        )
        .execute();
      // The time ranges whose bars a provider has handed over and the store holds: a read inside
      // them is served from the store; only what lies outside is asked of the provider.
      await db.schema
        .createTable('provider_coverage')
        .addColumn('provider', 'text', (c) => c.notNull())
        .addColumn('symbol', 'text', (c) => c.notNull())
        .addColumn('timeframe', 'text', (c) => c.notNull())
        // Bar starts, both inclusive.
        .addColumn('from_t', 'timestamptz', (c) => c.notNull())
        .addColumn('to_t', 'timestamptz', (c) => c.notNull())
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addPrimaryKeyConstraint('provider_coverage_pkey', ['provider', 'symbol', 'timeframe', 'from_t'])
        .addCheckConstraint('provider_coverage_ordered', sql`from_t <= to_t`)
        .addCheckConstraint('provider_coverage_timeframe', sql`timeframe in ('1Min', '1Day')`)
        .execute();
    },
  },
  '008_import_daily_bars': {
    async up(db) {
      // A minute import also re-derived (wrote) the daily bars of the days it touched; 007 marked
      // only rows of the import's own timeframe, so those daily bars were left unmarked and a
      // provider's daily bar could replace them. Mark the unmarked daily bars whose day (a day
      // from the bar's start: midnight New York in exchange mode, midnight UTC in always mode)
      // overlaps a minute import, as an import made now marks them.
      await db
        .updateTable('bars')
        .set({ source: 'import' })
        .where('timeframe', '=', '1Day')
        .where('source', 'is', null)
        .where(({ exists, selectFrom }) =>
          exists(
            selectFrom('import_runs as r')
              .select(sql<number>`1`.as('one'))
              .whereRef('r.symbol', '=', 'bars.symbol')
              .where('r.timeframe', '=', '1Min')
              .where(sql<boolean>`r.first_t < bars.t + interval '24 hours'`)
              .whereRef('r.last_t', '>=', 'bars.t'),
          ),
        )
        .execute();
    },
  },
};
