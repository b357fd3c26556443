import { findUserByEmail } from '../store/users.store.ts';
import { normalizeEmail } from './accounts.ts';
import type { IdentityDeps } from './deps.ts';
import { IdentityErrors } from './errors.ts';
import { clearEmailAttempts, throttleLogin } from './login-throttle.ts';
import { verifyAgainstDummy, verifyPassword } from './passwords.ts';
import { startSession, type TokenPair } from './sessions.ts';

/**
 * Exchanges an email and password for a token pair. An unknown email and a wrong password get the
 * same error after the same argon2 work, so neither the answer nor its timing tells which
 * accounts exist.
 */
export async function logIn(
  deps: IdentityDeps,
  input: { email: string; password: string; clientIp: string },
): Promise<TokenPair> {
  const email = normalizeEmail(input.email);
  await throttleLogin(deps, email, input.clientIp);
  const user = await findUserByEmail(deps.db, email);
  if (!user) {
    await verifyAgainstDummy(input.password);
    throw IdentityErrors.invalidCredentials();
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) throw IdentityErrors.invalidCredentials();
  await clearEmailAttempts(deps, email);
  return startSession(deps, user);
}
