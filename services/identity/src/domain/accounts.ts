import type { Role } from '../store/users.store.ts';

/** NIST SP 800-63B §5.1.1.2: at least 8; we ask 10. The upper bound caps the hashing work per request. */
export const PASSWORD_MIN_LENGTH = 10;
export const PASSWORD_MAX_LENGTH = 1024;
/** RFC 5321 §4.5.3.1 path limit. */
export const EMAIL_MAX_LENGTH = 254;

/** Emails are compared case-insensitively: stored and looked up lowercase. */
export function normalizeEmail(email: string): string {
  return email.trim().toLowerCase();
}

/** The roles a user holds: an admin is also a user. */
export function rolesOf(role: Role): string[] {
  return role === 'admin' ? ['user', 'admin'] : ['user'];
}
