/**
 * Which real providers the service uses, from its (already validated) config. No market provider
 * means "use the built-in simulator", which the service decides; news providers are every one
 * configured.
 */
import { createAlpacaDataProvider } from './alpaca.ts';
import { createPolygonProvider } from './polygon.ts';
import type { MarketDataProvider, NewsProvider, ProviderLogger, ReconnectOptions } from './provider.ts';
import type { FetchLike } from './rest.ts';

export * from './provider.ts';
export { createPolygonProvider, type PolygonProvider, type PolygonProviderOptions } from './polygon.ts';
export {
  createAlpacaDataProvider,
  type AlpacaDataProvider,
  type AlpacaDataProviderOptions,
} from './alpaca.ts';
export type { FetchLike } from './rest.ts';

export type MarketProviderChoice = 'auto' | 'simulator' | 'polygon' | 'alpaca';

export interface ProviderConfig {
  /**
   * Which configured provider supplies prices. `auto` (default): Polygon when its key is set,
   * else Alpaca when its keys are set, else the simulator. `simulator` keeps simulated prices even
   * with keys set (news providers are still used).
   */
  MARKET_DATA_PROVIDER?: MarketProviderChoice;
  POLYGON_API_KEY?: string;
  POLYGON_BASE_URL?: string;
  POLYGON_WS_URL?: string;
  ALPACA_DATA_KEY_ID?: string;
  ALPACA_DATA_SECRET_KEY?: string;
  ALPACA_DATA_FEED?: string;
  ALPACA_DATA_BASE_URL?: string;
  ALPACA_DATA_STREAM_URL?: string;
}

export interface ProviderDeps {
  logger?: ProviderLogger;
  fetch?: FetchLike;
  timeoutMs?: number;
  reconnect?: ReconnectOptions;
}

export interface SelectedProviders {
  /** Undefined: use the simulator. */
  market?: MarketDataProvider;
  news: NewsProvider[];
  /** Closes every provider created here (each once, though one may serve prices and news). */
  close(): Promise<void>;
}

const set = (v: string | undefined): string | undefined => {
  const t = v?.trim();
  return t ? t : undefined;
};

export function selectProviders(config: ProviderConfig, deps: ProviderDeps = {}): SelectedProviders {
  const common = {
    ...(deps.logger ? { logger: deps.logger } : {}),
    ...(deps.fetch ? { fetch: deps.fetch } : {}),
    ...(deps.timeoutMs !== undefined ? { timeoutMs: deps.timeoutMs } : {}),
    ...(deps.reconnect ? { reconnect: deps.reconnect } : {}),
  };

  const polygonKey = set(config.POLYGON_API_KEY);
  const alpacaKeyId = set(config.ALPACA_DATA_KEY_ID);
  const alpacaSecret = set(config.ALPACA_DATA_SECRET_KEY);
  // Half a key pair is a configuration mistake, not a request for the simulator.
  if ((alpacaKeyId === undefined) !== (alpacaSecret === undefined)) {
    throw new Error('ALPACA_DATA_KEY_ID and ALPACA_DATA_SECRET_KEY must be set together');
  }
  const choice = config.MARKET_DATA_PROVIDER ?? 'auto';
  if (choice === 'polygon' && !polygonKey)
    throw new Error('MARKET_DATA_PROVIDER=polygon needs POLYGON_API_KEY');
  if (choice === 'alpaca' && !alpacaKeyId) {
    throw new Error('MARKET_DATA_PROVIDER=alpaca needs ALPACA_DATA_KEY_ID and ALPACA_DATA_SECRET_KEY');
  }

  const polygon = polygonKey
    ? createPolygonProvider({
        apiKey: polygonKey,
        baseUrl: set(config.POLYGON_BASE_URL),
        wsUrl: set(config.POLYGON_WS_URL),
        ...common,
      })
    : undefined;
  const alpaca =
    alpacaKeyId && alpacaSecret
      ? createAlpacaDataProvider({
          keyId: alpacaKeyId,
          secretKey: alpacaSecret,
          feed: set(config.ALPACA_DATA_FEED),
          baseUrl: set(config.ALPACA_DATA_BASE_URL),
          streamUrl: set(config.ALPACA_DATA_STREAM_URL),
          ...common,
        })
      : undefined;

  let market: MarketDataProvider | undefined;
  switch (choice) {
    case 'auto':
      market = polygon ?? alpaca;
      break;
    case 'polygon':
      market = polygon;
      break;
    case 'alpaca':
      market = alpaca;
      break;
    case 'simulator':
      market = undefined;
      break;
  }

  const created = [polygon, alpaca].filter((p): p is NonNullable<typeof p> => p !== undefined);
  const news: NewsProvider[] = created;
  return {
    ...(market ? { market } : {}),
    news,
    async close() {
      await Promise.all(created.map((p) => p.close()));
    },
  };
}
