/** One service in its own process (cluster mode, or one container): `service.ts <name>`. */
import { closeOnSignals, createLogger, runCluster } from '@tradeplane/kit';
import { selectServices } from './catalog.ts';

const name = process.argv[2];
const log = createLogger('info', name ?? 'service');
try {
  if (!name) throw new Error('usage: service.ts <service-name>');
  const running = await runCluster(selectServices(name));
  closeOnSignals(running.close, log);
} catch (err) {
  log.fatal({ err: (err as Error).message }, 'failed to start');
  process.exit(1);
}
