import { alpacaAssetId } from '@tradeplane/contracts';

/**
 * An asset's Alpaca-style UUID: name-based (RFC 9562 §5.5), defined once in contracts so every
 * service (orders, portfolio) derives the same id for a symbol.
 */
export const assetId = (symbol: string): string => alpacaAssetId(symbol);
