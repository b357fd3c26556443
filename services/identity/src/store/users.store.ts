import { sql } from 'kysely';
import type { AnyDB } from '@tradeplane/kit';

export type Role = 'user' | 'admin';

export interface User {
  id: string;
  email: string;
  passwordHash: string;
  role: Role;
  plan: string;
  createdAt: Date;
}

interface UserRow {
  id: string;
  email: string;
  password_hash: string;
  role: Role;
  plan: string;
  created_at: Date;
}

const COLUMNS = ['id', 'email', 'password_hash', 'role', 'plan', 'created_at'] as const;

const toUser = (r: UserRow): User => ({
  id: r.id,
  email: r.email,
  passwordHash: r.password_hash,
  role: r.role,
  plan: r.plan,
  createdAt: r.created_at,
});

export async function insertUser(
  db: AnyDB,
  u: { id: string; email: string; passwordHash: string; role: Role },
): Promise<User> {
  const row: UserRow = await db
    .insertInto('users')
    .values({ id: u.id, email: u.email, password_hash: u.passwordHash, role: u.role })
    .returning(COLUMNS)
    .executeTakeFirstOrThrow();
  return toUser(row);
}

export async function findUserByEmail(db: AnyDB, email: string): Promise<User | undefined> {
  const row: UserRow | undefined = await db
    .selectFrom('users')
    .select(COLUMNS)
    .where('email', '=', email)
    .executeTakeFirst();
  return row && toUser(row);
}

export async function findUserById(db: AnyDB, id: string): Promise<User | undefined> {
  const row: UserRow | undefined = await db
    .selectFrom('users')
    .select(COLUMNS)
    .where('id', '=', id)
    .executeTakeFirst();
  return row && toUser(row);
}

export async function hasAnyUser(db: AnyDB): Promise<boolean> {
  const row: unknown = await db
    .selectFrom('users')
    .select(sql<number>`1`.as('one'))
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
