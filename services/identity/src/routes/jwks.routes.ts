import type { ServiceApp } from '@tradeplane/kit';
import type { IdentityDeps } from '../domain/deps.ts';
import { publicKeySet } from '../domain/signing-keys.ts';
import { JwksResponse } from '../schemas/jwks.schemas.ts';

export async function jwksRoutes(app: ServiceApp, deps: IdentityDeps): Promise<void> {
  app.get(
    '/.well-known/jwks.json',
    {
      config: { auth: 'public' },
      schema: {
        tags: ['auth'],
        summary: 'Public keys that verify access tokens (RFC 7517)',
        security: [],
        response: { 200: JwksResponse },
      },
    },
    async (_req, reply) => {
      // Read from the table each time so a key added by any instance is served at once; verifiers cache it.
      void reply.header('cache-control', 'public, max-age=300');
      return publicKeySet(deps.db);
    },
  );
}
