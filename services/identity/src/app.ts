import { defineService } from '@tradeplane/kit';
import { migrations } from '../migrations/index.ts';
import { IdentityConfig } from './config.ts';
import type { IdentityDeps } from './domain/deps.ts';
import { loadAccessTokenSigner } from './domain/signing-keys.ts';
import { pruneExpired } from './domain/prune-expired.ts';
import { preparePasswordChecks } from './domain/passwords.ts';
import { authRoutes } from './routes/auth.routes.ts';
import { usersRoutes } from './routes/users.routes.ts';
import { apiKeysRoutes } from './routes/api-keys.routes.ts';
import { internalRoutes } from './routes/internal.routes.ts';
import { jwksRoutes } from './routes/jwks.routes.ts';

const PRUNE_EVERY_MS = 10 * 60_000;

/** Accounts, sessions (access + refresh tokens), API keys, and the JWKS the gateway verifies with. */
export const identityService = defineService({
  name: 'identity',
  schema: 'identity',
  config: IdentityConfig,
  migrations,
  async routes(app, ctx) {
    // Loaded at build, not in start(): no route can answer without the signing key.
    const deps: IdentityDeps = {
      db: ctx.db,
      config: ctx.config,
      emit: (tx, events) => ctx.emit(tx, events),
      signer: await loadAccessTokenSigner(ctx.db, ctx.log),
      log: ctx.log,
    };
    await preparePasswordChecks();
    await authRoutes(app, deps);
    await usersRoutes(app, deps);
    await apiKeysRoutes(app, deps);
    await internalRoutes(app, deps);
    await jwksRoutes(app, deps);
  },
  async start(ctx) {
    // Idempotent deletes, so every instance may run it; no lock needed.
    ctx.every('prune-expired', PRUNE_EVERY_MS, () => pruneExpired({ db: ctx.db, config: ctx.config }));
  },
});
