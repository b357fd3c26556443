import { sql } from 'kysely';
import type { Migrations } from '@tradeplane/kit';

export const migrations: Migrations = {
  '001_users': {
    async up(db) {
      await db.schema
        .createTable('users')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        // Stored normalized (lowercase) so the unique constraint is case-insensitive.
        .addColumn('email', 'text', (c) => c.notNull())
        .addColumn('password_hash', 'text', (c) => c.notNull())
        .addColumn('role', 'text', (c) => c.notNull().defaultTo('user'))
        .addColumn('plan', 'text', (c) => c.notNull().defaultTo('free'))
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('updated_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addUniqueConstraint('users_email_key', ['email'])
        .addCheckConstraint('users_email_lowercase', sql`email = lower(email)`)
        .addCheckConstraint('users_role_known', sql`role in ('user', 'admin')`)
        .execute();
    },
  },
  '002_refresh_tokens': {
    async up(db) {
      await db.schema
        .createTable('refresh_tokens')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
        // Every token rotated from one login shares the family; reuse revokes all of it.
        .addColumn('family_id', 'uuid', (c) => c.notNull())
        // SHA-256 of the token (hex): the token itself is never stored.
        .addColumn('token_hash', 'text', (c) => c.notNull())
        .addColumn('expires_at', 'timestamptz', (c) => c.notNull())
        .addColumn('used_at', 'timestamptz')
        .addColumn('revoked_at', 'timestamptz')
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addUniqueConstraint('refresh_tokens_hash_key', ['token_hash'])
        .execute();
      await db.schema.createIndex('refresh_tokens_family').on('refresh_tokens').column('family_id').execute();
      await db.schema.createIndex('refresh_tokens_user').on('refresh_tokens').column('user_id').execute();
      await db.schema
        .createIndex('refresh_tokens_expires')
        .on('refresh_tokens')
        .column('expires_at')
        .execute();
    },
  },
  '003_login_attempts': {
    async up(db) {
      // One row per throttled key (`email:<addr>` / `ip:<addr>`), holding the current fixed window.
      await db.schema
        .createTable('login_attempts')
        .addColumn('key', 'text', (c) => c.primaryKey())
        .addColumn('window_start', 'timestamptz', (c) => c.notNull())
        .addColumn('count', 'integer', (c) => c.notNull())
        .execute();
      await db.schema
        .createIndex('login_attempts_window')
        .on('login_attempts')
        .column('window_start')
        .execute();
    },
  },
  '004_api_keys': {
    async up(db) {
      await db.schema
        .createTable('api_keys')
        .addColumn('id', 'uuid', (c) => c.primaryKey())
        .addColumn('user_id', 'uuid', (c) => c.notNull().references('users.id').onDelete('cascade'))
        .addColumn('name', 'text', (c) => c.notNull())
        .addColumn('key_id', 'text', (c) => c.notNull())
        // SHA-256 of the secret (hex): the secret is shown once at creation and never stored.
        .addColumn('secret_hash', 'text', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .addColumn('last_used_at', 'timestamptz')
        .addColumn('revoked_at', 'timestamptz')
        .addUniqueConstraint('api_keys_key_id_key', ['key_id'])
        .execute();
      await db.schema.createIndex('api_keys_user').on('api_keys').columns(['user_id', 'id']).execute();
    },
  },
  '005_signing_keys': {
    async up(db) {
      await db.schema
        .createTable('signing_keys')
        .addColumn('kid', 'text', (c) => c.primaryKey())
        .addColumn('alg', 'text', (c) => c.notNull())
        .addColumn('public_jwk', 'jsonb', (c) => c.notNull())
        .addColumn('private_jwk', 'jsonb', (c) => c.notNull())
        .addColumn('active', 'boolean', (c) => c.notNull())
        .addColumn('created_at', 'timestamptz', (c) => c.notNull().defaultTo(sql`now()`))
        .execute();
      // At most one active key, whatever races happen between instances.
      await db.schema
        .createIndex('signing_keys_one_active')
        .on('signing_keys')
        .column('active')
        .unique()
        .where('active', '=', true)
        .execute();
    },
  },
};
