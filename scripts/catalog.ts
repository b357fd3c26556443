import type { ServiceDefinition } from '@tradeplane/kit';
import { identityService } from '@tradeplane/identity';
import { controlService } from '@tradeplane/control';
import { marketDataService } from '@tradeplane/market-data';
import { portfolioService } from '@tradeplane/portfolio';
import { riskService } from '@tradeplane/risk';
import { ordersService } from '@tradeplane/orders';
import { schedulerService } from '@tradeplane/scheduler';
import { notificationsService } from '@tradeplane/notifications';
import { gatewayService } from '@tradeplane/gateway';

/**
 * Every service of the platform, in start order: the ones others call first, the gateway last
 * (it routes to the rest). A new service adds itself here and to contracts' API_AREAS.
 */
export const CATALOG: readonly ServiceDefinition[] = [
  identityService as unknown as ServiceDefinition,
  controlService as unknown as ServiceDefinition,
  marketDataService as unknown as ServiceDefinition,
  // Portfolio before risk (risk prices every check on portfolio's state), both before orders (it calls both).
  portfolioService as unknown as ServiceDefinition,
  riskService as unknown as ServiceDefinition,
  ordersService as unknown as ServiceDefinition,
  // Reads market-data's calendar for market-open/close triggers.
  schedulerService as unknown as ServiceDefinition,
  // Asks identity for users' email addresses.
  notificationsService as unknown as ServiceDefinition,
  gatewayService as unknown as ServiceDefinition,
];

export function selectServices(list: string | undefined): ServiceDefinition[] {
  if (!list) return [...CATALOG];
  const wanted = list
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
  const unknown = wanted.filter((w) => !CATALOG.some((d) => d.name === w));
  if (unknown.length)
    throw new Error(
      `SERVICES: unknown service(s) ${unknown.join(', ')}; known: ${CATALOG.map((d) => d.name).join(', ')}`,
    );
  return CATALOG.filter((d) => wanted.includes(d.name));
}
