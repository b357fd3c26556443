import { hash, verify, type Algorithm, type Options } from '@node-rs/argon2';
import { randomToken } from '@tradeplane/kit';
import { PASSWORD_MIN_LENGTH } from './accounts.ts';
import { IdentityErrors } from './errors.ts';

/**
 * argon2id with OWASP's second recommended setting (m=19 MiB, t=2, p=1). `Algorithm` is an ambient
 * const enum, which isolatedModules can't read, hence the literal (2 = Argon2id).
 */
const ARGON2: Options = { algorithm: 2 as Algorithm, memoryCost: 19_456, timeCost: 2, parallelism: 1 };

export function assertPasswordPolicy(password: string): void {
  // Counted in code points, like the JSON schema's minLength.
  if ([...password].length < PASSWORD_MIN_LENGTH) throw IdentityErrors.weakPassword(PASSWORD_MIN_LENGTH);
}

export function hashPassword(password: string): Promise<string> {
  return hash(password, ARGON2);
}

export async function verifyPassword(passwordHash: string, password: string): Promise<boolean> {
  try {
    return await verify(passwordHash, password);
  } catch {
    // A malformed stored hash is a failed check, not a 500 that would tell the account exists.
    return false;
  }
}

let dummyHash: Promise<string> | undefined;

/** Computes the dummy hash ahead of time, so the first unknown-email login isn't slower than the rest. */
export async function preparePasswordChecks(): Promise<void> {
  dummyHash ??= hashPassword(randomToken(24));
  await dummyHash;
}

/**
 * Spends the same time as checking a real password, for logins with an unknown email, so the
 * response time doesn't reveal which emails have accounts.
 */
export async function verifyAgainstDummy(password: string): Promise<void> {
  dummyHash ??= hashPassword(randomToken(24));
  await verifyPassword(await dummyHash, password);
}
