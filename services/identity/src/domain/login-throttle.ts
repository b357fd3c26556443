import { clearAttempts, countAttempt } from '../store/login-attempts.store.ts';
import type { IdentityDeps } from './deps.ts';
import { IdentityErrors } from './errors.ts';

const emailKey = (email: string) => `email:${email}`;
const ipKey = (ip: string) => `ip:${ip}`;

/**
 * Counts a login attempt against the email (slows guessing one account's password) and the client
 * IP (slows spraying many accounts), each in a fixed window; over either limit → 429 with
 * Retry-After. Counted before the password check, so a refused attempt costs no argon2 work.
 */
export async function throttleLogin(deps: IdentityDeps, email: string, ip: string): Promise<void> {
  const { LOGIN_WINDOW_SECONDS: window, LOGIN_MAX_PER_EMAIL, LOGIN_MAX_PER_IP } = deps.config;
  const byIp = await countAttempt(deps.db, ipKey(ip), window);
  const byEmail = await countAttempt(deps.db, emailKey(email), window);
  const waits = [
    byIp.count > LOGIN_MAX_PER_IP ? byIp.retryAfterSeconds : 0,
    byEmail.count > LOGIN_MAX_PER_EMAIL ? byEmail.retryAfterSeconds : 0,
  ];
  const retryAfter = Math.max(...waits);
  if (retryAfter > 0) {
    deps.log.warn({ overIp: waits[0]! > 0, overEmail: waits[1]! > 0 }, 'login attempts over the limit');
    throw IdentityErrors.tooManyAttempts(retryAfter);
  }
}

/**
 * A successful login clears the email's count (the owner got in). The IP's count stays: one
 * account an attacker controls must not reset the budget for spraying others.
 */
export async function clearEmailAttempts(deps: IdentityDeps, email: string): Promise<void> {
  await clearAttempts(deps.db, emailKey(email));
}
