import { sql } from 'kysely';
import type { AnyDB } from '@tradeplane/kit';
import { fromJson } from './json.ts';

export interface WebhookEndpoint {
  id: string;
  userId: string;
  url: string;
  /** Notification types sent to the endpoint; empty means every type. */
  types: string[];
  secretSealed: string;
  createdAt: Date;
}

interface Row {
  id: string;
  user_id: string;
  url: string;
  types: unknown;
  secret_sealed: string;
  created_at: Date;
}

const COLUMNS = ['id', 'user_id', 'url', 'types', 'secret_sealed', 'created_at'] as const;

const toEndpoint = (r: Row): WebhookEndpoint => ({
  id: r.id,
  userId: r.user_id,
  url: r.url,
  types: fromJson<string[]>(r.types) ?? [],
  secretSealed: r.secret_sealed,
  createdAt: r.created_at,
});

export async function insertWebhook(db: AnyDB, w: WebhookEndpoint): Promise<void> {
  await db
    .insertInto('webhooks')
    .values({
      id: w.id,
      user_id: w.userId,
      url: w.url,
      types: JSON.stringify(w.types),
      secret_sealed: w.secretSealed,
      created_at: w.createdAt,
    })
    .execute();
}

export async function listWebhooks(db: AnyDB, userId: string): Promise<WebhookEndpoint[]> {
  const rows = (await db
    .selectFrom('webhooks')
    .select(COLUMNS)
    .where('user_id', '=', userId)
    .orderBy('id')
    .execute()) as Row[];
  return rows.map(toEndpoint);
}

export async function countWebhooks(db: AnyDB, userId: string): Promise<number> {
  const row: { n: string | number } | undefined = await db
    .selectFrom('webhooks')
    .select(sql<string>`count(*)`.as('n'))
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function getOwnedWebhook(
  db: AnyDB,
  userId: string,
  id: string,
): Promise<WebhookEndpoint | undefined> {
  const row: Row | undefined = await db
    .selectFrom('webhooks')
    .select(COLUMNS)
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row && toEndpoint(row);
}

/** The endpoint a delivery goes to (the worker acts for its owner already). */
export async function getWebhookById(db: AnyDB, id: string): Promise<WebhookEndpoint | undefined> {
  const row: Row | undefined = await db
    .selectFrom('webhooks')
    .select(COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toEndpoint(row);
}

/** Deletes the endpoint and, with it, its delivery log (ON DELETE CASCADE). */
export async function deleteWebhook(db: AnyDB, userId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('webhooks')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}
