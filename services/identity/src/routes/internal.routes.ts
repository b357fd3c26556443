import { ProblemSchema, type ServiceApp } from '@tradeplane/kit';
import type { IdentityDeps } from '../domain/deps.ts';
import { getProfile } from '../domain/get-profile.ts';
import { verifyApiKey } from '../domain/verify-api-key.ts';
import { VerifiedApiKeyResponse, VerifyApiKeyBody } from '../schemas/api-keys.schemas.ts';
import { ProfileResponse, UserIdParams } from '../schemas/users.schemas.ts';

/** Endpoints for other platform services (the gateway), never reachable through the gateway's proxy. */
export async function internalRoutes(app: ServiceApp, deps: IdentityDeps): Promise<void> {
  app.post(
    '/internal/api-keys/verify',
    {
      config: { auth: 'service' },
      schema: {
        hide: true,
        body: VerifyApiKeyBody,
        response: { 200: VerifiedApiKeyResponse, 400: ProblemSchema, 401: ProblemSchema, 403: ProblemSchema },
      },
    },
    async (req) => verifyApiKey(deps, req.body),
  );

  // Other services' way to a user's contact details (notifications sends email to this address).
  app.get(
    '/internal/users/:id',
    {
      config: { auth: 'service' },
      schema: {
        hide: true,
        params: UserIdParams,
        response: { 200: ProfileResponse, 401: ProblemSchema, 403: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req) => {
      const profile = await getProfile(deps, req.params.id);
      return { ...profile, createdAt: profile.createdAt.toISOString() };
    },
  );
}
