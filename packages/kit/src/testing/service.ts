import { buildService, type BuiltService, type ServiceDefinition } from '../service.ts';
import { createEmbeddedPlatform, type Platform } from '../platform.ts';
import type { AuthContext } from '../internal-auth.ts';
import { INTERNAL_TOKEN_HEADER } from '../internal-auth.ts';
import type { DatabaseHandle } from '../db.ts';
import { freshPglite } from './infra.ts';

export const TEST_INTERNAL_SECRET = 'test-internal-secret-0123456789abcdef0123456789';

export interface TestService {
  service: BuiltService;
  platform: Platform;
  database: DatabaseHandle;
  /** Headers that authenticate an injected request as `user` (as if forwarded by the gateway). */
  as(user: Partial<Omit<AuthContext, 'issuer'>> & { userId: string }): Record<string, string>;
  /** Headers of a call from another platform service. */
  asService(caller: string, user?: Partial<Omit<AuthContext, 'issuer'>>): Record<string, string>;
  close(): Promise<void>;
}

/**
 * A service built on a fresh PGlite database and in-process adapters, for route tests through
 * `service.app.inject()`. Extra env (service config) can be passed.
 */
export async function startTestService(
  def: ServiceDefinition,
  opts: { env?: Record<string, string>; startBackground?: boolean; database?: DatabaseHandle } = {},
): Promise<TestService> {
  const database = opts.database ?? (await freshPglite()).handle;
  const platform = await createEmbeddedPlatform({
    env: { LOG_LEVEL: 'silent', INTERNAL_AUTH_SECRET: TEST_INTERNAL_SECRET, ...opts.env },
    database,
    keepDatabase: true,
  });
  const service = await buildService(def, platform, { startBackground: opts.startBackground ?? true });
  const full = (u: Partial<Omit<AuthContext, 'issuer'>>) => ({
    roles: u.roles ?? ['user'],
    plan: u.plan ?? 'free',
    scopes: u.scopes ?? [],
    via: u.via ?? 'jwt',
    userId: u.userId,
    apiKeyId: u.apiKeyId,
  });
  return {
    service,
    platform,
    database,
    as: (user) => ({ [INTERNAL_TOKEN_HEADER]: platform.internalAuth.mint('gateway', def.name, full(user)) }),
    asService: (caller, user) => ({
      [INTERNAL_TOKEN_HEADER]: platform.internalAuth.mint(caller, def.name, {
        ...full(user ?? {}),
        via: 'service',
      }),
    }),
    async close() {
      await service.close();
      await platform.close();
      if (!opts.database) await database.close();
    },
  };
}
