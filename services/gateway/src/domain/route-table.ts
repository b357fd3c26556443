import { API_AREAS, ALPACA_ROUTES } from '@tradeplane/contracts';

/**
 * Where a public path goes. `/v1/<area>/…` goes to the service that owns the area; the
 * Alpaca-compatible surface (`/alpaca/…`) goes by the first matching prefix of ALPACA_ROUTES.
 * Unknown paths are answered by the gateway itself with a 404.
 */
export interface Route {
  service: string;
  /** Path to send upstream (the public path: services serve the Alpaca shapes under /alpaca too). */
  upstreamPath: string;
  /** Alpaca-compatible routes answer errors in Alpaca's shape. */
  alpaca: boolean;
  timeoutMs?: number;
}

/** Per-area timeouts (ms) that differ from the default. */
const AREA_TIMEOUTS: Record<string, number> = {};

export function routeFor(url: string): Route | undefined {
  if (url.startsWith('/alpaca/')) {
    const path = url.split('?')[0]!;
    const hit = ALPACA_ROUTES.find(
      (r) => path === r.prefix || path.startsWith(r.prefix + '/') || path.startsWith(r.prefix + ':'),
    );
    return hit ? { service: hit.service, upstreamPath: url, alpaca: true } : undefined;
  }
  const match = /^\/v1\/([a-z0-9-]+)(?:[/?:]|$)/.exec(url);
  if (!match) return undefined;
  const area = match[1]!;
  const service = API_AREAS[area];
  if (!service) return undefined;
  const timeoutMs = AREA_TIMEOUTS[area];
  return { service, upstreamPath: url, alpaca: false, ...(timeoutMs ? { timeoutMs } : {}) };
}
