import { isUuid } from '@tradeplane/kit';
import { findUserById, type Role } from '../store/users.store.ts';
import { rolesOf } from './accounts.ts';
import type { IdentityDeps } from './deps.ts';
import { IdentityErrors } from './errors.ts';

export interface Profile {
  id: string;
  email: string;
  role: Role;
  roles: string[];
  plan: string;
  createdAt: Date;
}

export async function getProfile(deps: IdentityDeps, userId: string): Promise<Profile> {
  // Ids are UUIDs: anything else names no user (and must not reach the uuid column as a cast error).
  const user = isUuid(userId) ? await findUserById(deps.db, userId) : undefined;
  if (!user) throw IdentityErrors.userNotFound();
  return {
    id: user.id,
    email: user.email,
    role: user.role,
    roles: rolesOf(user.role),
    plan: user.plan,
    createdAt: user.createdAt,
  };
}
