import { Type } from 'typebox';
import { currentUser, ProblemSchema, type ServiceApp } from '@tradeplane/kit';
import type { IdentityDeps } from '../domain/deps.ts';
import { createApiKey } from '../domain/create-api-key.ts';
import { listApiKeys } from '../domain/list-api-keys.ts';
import { revokeApiKey } from '../domain/revoke-api-key.ts';
import type { ApiKey } from '../store/api-keys.store.ts';
import {
  ApiKeyListQuery,
  ApiKeyListResponse,
  ApiKeyParams,
  CreateApiKeyBody,
  CreatedApiKeyResponse,
} from '../schemas/api-keys.schemas.ts';

const tags = ['api-keys'];

const summary = (k: ApiKey) => ({
  id: k.id,
  name: k.name,
  keyId: k.keyId,
  createdAt: k.createdAt.toISOString(),
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
  revokedAt: k.revokedAt?.toISOString() ?? null,
});

export async function apiKeysRoutes(app: ServiceApp, deps: IdentityDeps): Promise<void> {
  app.post(
    '/v1/api-keys',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Create an API key pair (the secret is shown once)',
        body: CreateApiKeyBody,
        response: { 201: CreatedApiKeyResponse, 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req, reply) => {
      const key = await createApiKey(deps, currentUser(req).userId, req.body.name);
      return reply.code(201).send({
        id: key.id,
        name: key.name,
        keyId: key.keyId,
        secret: key.secret,
        createdAt: key.createdAt.toISOString(),
      });
    },
  );

  app.get(
    '/v1/api-keys',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: "The user's API keys, newest first, without secrets",
        querystring: ApiKeyListQuery,
        response: { 200: ApiKeyListResponse, 400: ProblemSchema, 401: ProblemSchema },
      },
    },
    async (req) => {
      const page = await listApiKeys(deps, currentUser(req).userId, {
        limit: req.query.limit,
        cursor: req.query.cursor,
      });
      return { data: page.data.map(summary), nextCursor: page.nextCursor };
    },
  );

  app.delete(
    '/v1/api-keys/:id',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Revoke an API key',
        params: ApiKeyParams,
        response: { 204: Type.Null(), 401: ProblemSchema, 404: ProblemSchema },
      },
    },
    async (req, reply) => {
      await revokeApiKey(deps, currentUser(req).userId, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
