import { API_AREAS } from '@tradeplane/contracts';

/**
 * Where a public path goes. `/v1/<area>/…` goes to the service that owns the area; the
 * Alpaca-compatible surface (`/alpaca/…`) is added by the trading issues. Unknown areas are
 * answered by the gateway itself with a 404.
 */
export interface Route {
  service: string;
  /** Path to send upstream (same as the public path for the native API). */
  upstreamPath: string;
  timeoutMs?: number;
}

/** Per-area timeouts (ms) that differ from the default. */
const AREA_TIMEOUTS: Record<string, number> = {};

export function routeFor(url: string): Route | undefined {
  const match = /^\/v1\/([a-z0-9-]+)(?:[/?]|$)/.exec(url);
  if (!match) return undefined;
  const area = match[1]!;
  const service = API_AREAS[area];
  if (!service) return undefined;
  const timeoutMs = AREA_TIMEOUTS[area];
  return { service, upstreamPath: url, ...(timeoutMs ? { timeoutMs } : {}) };
}
