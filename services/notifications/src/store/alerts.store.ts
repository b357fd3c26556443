import { sql } from 'kysely';
import { toWire, type AnyDB } from '@tradeplane/kit';

export type AlertKind = 'price' | 'news';
export type Direction = 'above' | 'below';
export type Repeat = 'once' | 'rearm';

export interface Alert {
  id: string;
  userId: string;
  kind: AlertKind;
  symbol: string | null;
  direction: Direction | null;
  /** Decimal string. */
  level: string | null;
  keyword: string | null;
  repeat: Repeat;
  note: string | null;
  status: 'active' | 'triggered';
  /** The side of the level the price was last seen on (price alerts); null before the first quote. */
  side: Direction | null;
  triggerCount: number;
  lastTriggeredAt: Date | null;
  createdAt: Date;
}

interface Row {
  id: string;
  user_id: string;
  kind: AlertKind;
  symbol: string | null;
  direction: Direction | null;
  level: string | null;
  keyword: string | null;
  repeat: Repeat;
  note: string | null;
  status: 'active' | 'triggered';
  side: Direction | null;
  trigger_count: number;
  last_triggered_at: Date | null;
  created_at: Date;
}

const COLUMNS = [
  'id',
  'user_id',
  'kind',
  'symbol',
  'direction',
  'level',
  'keyword',
  'repeat',
  'note',
  'status',
  'side',
  'trigger_count',
  'last_triggered_at',
  'created_at',
] as const;

const toAlert = (r: Row): Alert => ({
  id: r.id,
  userId: r.user_id,
  kind: r.kind,
  symbol: r.symbol,
  direction: r.direction,
  level: r.level === null ? null : toWire(r.level),
  keyword: r.keyword,
  repeat: r.repeat,
  note: r.note,
  status: r.status,
  side: r.side,
  triggerCount: Number(r.trigger_count),
  lastTriggeredAt: r.last_triggered_at,
  createdAt: r.created_at,
});

export async function insertAlert(
  db: AnyDB,
  a: Omit<Alert, 'status' | 'side' | 'triggerCount' | 'lastTriggeredAt'>,
): Promise<Alert> {
  const row: Row = await db
    .insertInto('alerts')
    .values({
      id: a.id,
      user_id: a.userId,
      kind: a.kind,
      symbol: a.symbol,
      direction: a.direction,
      level: a.level,
      keyword: a.keyword,
      repeat: a.repeat,
      note: a.note,
      created_at: a.createdAt,
    })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toAlert(row);
}

export async function listAlerts(db: AnyDB, userId: string): Promise<Alert[]> {
  const rows = (await db
    .selectFrom('alerts')
    .select(COLUMNS)
    .where('user_id', '=', userId)
    .orderBy('id', 'desc')
    .execute()) as Row[];
  return rows.map(toAlert);
}

export async function countActiveAlerts(db: AnyDB, userId: string): Promise<number> {
  const row: { n: string | number } | undefined = await db
    .selectFrom('alerts')
    .select(sql<string>`count(*)`.as('n'))
    .where('user_id', '=', userId)
    .where('status', '=', 'active')
    .executeTakeFirst();
  return Number(row?.n ?? 0);
}

export async function getOwnedAlert(db: AnyDB, userId: string, id: string): Promise<Alert | undefined> {
  const row: Row | undefined = await db
    .selectFrom('alerts')
    .select(COLUMNS)
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return row && toAlert(row);
}

export async function getAlertById(db: AnyDB, id: string): Promise<Alert | undefined> {
  const row: Row | undefined = await db
    .selectFrom('alerts')
    .select(COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toAlert(row);
}

export async function deleteAlert(db: AnyDB, userId: string, id: string): Promise<boolean> {
  const result = await db
    .deleteFrom('alerts')
    .where('id', '=', id)
    .where('user_id', '=', userId)
    .executeTakeFirst();
  return Number(result.numDeletedRows) > 0;
}

/** Every active price alert (the engine's working set). */
export async function activePriceAlerts(db: AnyDB): Promise<Alert[]> {
  const rows = (await db
    .selectFrom('alerts')
    .select(COLUMNS)
    .where('kind', '=', 'price')
    .where('status', '=', 'active')
    .execute()) as Row[];
  return rows.map(toAlert);
}

/**
 * Moves a price alert to the side of the level the price is now on, firing it when that is a
 * crossing. Conditional on the side this instance last saw, so when several instances see the
 * same quote exactly one UPDATE matches (PostgreSQL re-checks the WHERE of a row updated
 * concurrently) and the alert fires once. Undefined: someone else moved it first.
 */
export async function moveAlertSide(
  db: AnyDB,
  a: { id: string; from: Direction | null; to: Direction; fire: boolean; once: boolean; at: Date },
): Promise<Alert | undefined> {
  const row: Row | undefined = await db
    .updateTable('alerts')
    .set((eb) =>
      a.fire
        ? {
            side: a.to,
            trigger_count: eb('trigger_count', '+', 1),
            last_triggered_at: a.at,
            status: a.once ? 'triggered' : 'active',
          }
        : { side: a.to },
    )
    .where('id', '=', a.id)
    .where('status', '=', 'active')
    .where(sql<boolean>`side is not distinct from ${a.from}`)
    .returning(COLUMNS)
    .executeTakeFirst();
  return row && toAlert(row);
}

/** Active news alerts that match an article: its symbols, or a keyword in its text (case-insensitive). */
export async function matchingNewsAlerts(db: AnyDB, symbols: string[], text: string): Promise<Alert[]> {
  const lowered = text.toLowerCase();
  const rows = (await db
    .selectFrom('alerts')
    .select(COLUMNS)
    .where('kind', '=', 'news')
    .where('status', '=', 'active')
    .where((eb) =>
      eb.and([
        symbols.length > 0
          ? eb.or([eb('symbol', 'is', null), eb('symbol', 'in', symbols)])
          : eb('symbol', 'is', null),
        eb.or([eb('keyword', 'is', null), sql<boolean>`strpos(${lowered}, lower(keyword)) > 0`]),
      ]),
    )
    .orderBy('id')
    .execute()) as Row[];
  return rows.map(toAlert);
}

/** Fires a news alert once per matching article; a 'once' alert is done after its first. */
export async function fireNewsAlert(db: AnyDB, id: string, at: Date): Promise<Alert | undefined> {
  const row: Row | undefined = await db
    .updateTable('alerts')
    .set((eb) => ({
      trigger_count: eb('trigger_count', '+', 1),
      last_triggered_at: at,
      status: sql`case when repeat = 'once' then 'triggered' else 'active' end`,
    }))
    .where('id', '=', id)
    .where('status', '=', 'active')
    .returning(COLUMNS)
    .executeTakeFirst();
  return row && toAlert(row);
}
