import { AppError, type ServiceClient } from '@tradeplane/kit';

/** Where a user's email address comes from when notifications has not seen it yet. */
export interface UserDirectory {
  /** The user's address; null when identity has no such user. Throws when identity cannot answer. */
  emailOf(userId: string): Promise<string | null>;
}

/** identity's `GET /internal/users/:id` (auth: service), called as notifications itself. */
export function identityDirectory(client: ServiceClient): UserDirectory {
  return {
    async emailOf(userId) {
      const res = await client.request<{ email?: unknown }>({
        method: 'GET',
        path: `/internal/users/${encodeURIComponent(userId)}`,
      });
      if (res.status === 404) return null;
      if (res.status !== 200 || typeof res.body?.email !== 'string')
        throw new AppError('NOTIFICATIONS_IDENTITY_UNAVAILABLE', 503, `identity answered ${res.status}`);
      return res.body.email;
    },
  };
}
