import { currentUser, ProblemSchema, type ServiceApp } from '@tradeplane/kit';
import type { IdentityDeps } from '../domain/deps.ts';
import { getProfile } from '../domain/get-profile.ts';
import { ProfileResponse } from '../schemas/users.schemas.ts';

export async function usersRoutes(app: ServiceApp, deps: IdentityDeps): Promise<void> {
  app.get(
    '/v1/users/me',
    {
      config: { auth: 'user' },
      schema: {
        tags: ['users'],
        summary: 'The signed-in user',
        response: { 200: ProfileResponse, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req) => {
      const profile = await getProfile(deps, currentUser(req).userId);
      return { ...profile, createdAt: profile.createdAt.toISOString() };
    },
  );
}
