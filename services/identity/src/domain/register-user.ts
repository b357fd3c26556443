import { sql } from 'kysely';
import { isUniqueViolation, uuidv7, type AnyDB } from '@tradeplane/kit';
import { hasAnyUser, insertUser, type User } from '../store/users.store.ts';
import { userRegistered } from '../events/identity.events.ts';
import { normalizeEmail } from './accounts.ts';
import type { IdentityDeps } from './deps.ts';
import { IdentityErrors } from './errors.ts';
import { assertPasswordPolicy, hashPassword } from './passwords.ts';

/**
 * Creates an account. The first account of the platform, and the one with ADMIN_EMAIL, is an
 * admin. `user.registered` is staged in the same transaction as the row, so it is published if
 * and only if the account exists.
 */
export async function registerUser(
  deps: IdentityDeps,
  input: { email: string; password: string },
): Promise<User> {
  const email = normalizeEmail(input.email);
  assertPasswordPolicy(input.password);
  // Hashed before the transaction: ~50 ms of CPU that shouldn't hold a connection.
  const passwordHash = await hashPassword(input.password);
  const adminEmail = deps.config.ADMIN_EMAIL ? normalizeEmail(deps.config.ADMIN_EMAIL) : undefined;
  try {
    return await deps.db.transaction().execute(async (tx) => {
      const role = email === adminEmail || (await isFirstUser(tx)) ? 'admin' : 'user';
      const user = await insertUser(tx, { id: uuidv7(), email, passwordHash, role });
      await deps.emit(tx, userRegistered({ userId: user.id, email: user.email, role: user.role }));
      return user;
    });
  } catch (err) {
    if (isUniqueViolation(err, 'users_email_key')) throw IdentityErrors.emailTaken();
    throw err;
  }
}

async function isFirstUser(tx: AnyDB): Promise<boolean> {
  if (await hasAnyUser(tx)) return false;
  // Two registrations on an empty table would both see it empty. The lock makes the later one
  // wait until the earlier commits; its next statement then sees the earlier user.
  await sql`select pg_advisory_xact_lock(hashtext(${'tradeplane:identity:first-user'}))`.execute(tx);
  return !(await hasAnyUser(tx));
}
