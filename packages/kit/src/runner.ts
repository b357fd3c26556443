import { hostname } from 'node:os';
import { buildService, type BuiltService, type ServiceDefinition } from './service.ts';
import {
  createClusterPlatform,
  createEmbeddedPlatform,
  type EmbeddedPlatformOptions,
  type Platform,
} from './platform.ts';
import type { Logger } from './logger.ts';

export interface RunningPlatform {
  platform: Platform;
  services: Map<string, BuiltService>;
  urls: Map<string, string>;
  close(): Promise<void>;
}

/**
 * Embedded mode: every service in this process, each on its own port, sharing one PGlite
 * database and the in-process bus. Services start in the order given (dependencies first) and
 * stop in reverse.
 */
export async function runEmbedded(
  defs: readonly ServiceDefinition[],
  opts: EmbeddedPlatformOptions & { ports?: Record<string, number> } = {},
): Promise<RunningPlatform> {
  const platform = await createEmbeddedPlatform(opts);
  return startAll(platform, defs, opts.ports);
}

/** Cluster mode, some services in this process (normally one) against PostgreSQL and Redis. */
export async function runCluster(
  defs: readonly ServiceDefinition[],
  opts: { ports?: Record<string, number> } = {},
): Promise<RunningPlatform> {
  // A stable consumer name lets a restarted process pick up the deliveries it had not acked.
  const consumerName = `${defs.map((d) => d.name).join('+')}@${hostname()}`;
  const platform = await createClusterPlatform({ consumerName });
  return startAll(platform, defs, opts.ports);
}

async function startAll(
  platform: Platform,
  defs: readonly ServiceDefinition[],
  ports?: Record<string, number>,
): Promise<RunningPlatform> {
  const services = new Map<string, BuiltService>();
  const urls = new Map<string, string>();
  const close = async () => {
    for (const s of [...services.values()].reverse()) {
      await s
        .close()
        .catch((err: unknown) =>
          platform.log.error({ err, service: s.definition.name }, 'service close failed'),
        );
    }
    await platform.close();
  };
  try {
    for (const def of defs) {
      const built = await buildService(def, platform);
      services.set(def.name, built);
      urls.set(def.name, await built.listen(ports?.[def.name]));
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { platform, services, urls, close };
}

/** Graceful shutdown on SIGTERM/SIGINT; a second signal exits at once. */
export function closeOnSignals(close: () => Promise<void>, log: Logger): void {
  let closing = false;
  const onSignal = (signal: NodeJS.Signals) => {
    if (closing) process.exit(1);
    closing = true;
    log.info({ signal }, 'shutting down');
    close()
      .then(() => process.exit(0))
      .catch((err: unknown) => {
        log.error({ err }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.once('SIGTERM', onSignal);
  process.once('SIGINT', onSignal);
}
