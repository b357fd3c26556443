import { ProblemSchema, type ServiceApp } from '@tradeplane/kit';
import type { IdentityDeps } from '../domain/deps.ts';
import { verifyApiKey } from '../domain/verify-api-key.ts';
import { VerifiedApiKeyResponse, VerifyApiKeyBody } from '../schemas/api-keys.schemas.ts';

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
}
