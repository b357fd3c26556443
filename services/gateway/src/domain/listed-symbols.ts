import type { ServiceContext } from '@tradeplane/kit';
import type { EdgeIdentity } from './authenticate.ts';

const TTL_MS = 5 * 60_000;

/**
 * Whether a symbol is listed, from market-data's asset list (cached for a few minutes). When
 * market-data cannot answer, the answer is "unknown" and the caller decides; a stream keeps
 * accepting well-formed symbols rather than failing every subscribe while market-data restarts.
 */
export function listedSymbols(ctx: ServiceContext) {
  return async (symbol: string, who: EdgeIdentity): Promise<boolean | undefined> => {
    try {
      const symbols = await ctx.cache.wrap<string[]>('gateway:listed-symbols', TTL_MS, async () => {
        const list = await ctx.client('market-data').call<{ data: { symbol: string }[] }>({
          method: 'GET',
          path: '/v1/market/assets',
          as: who,
        });
        return list.data.map((a) => a.symbol);
      });
      return symbols.includes(symbol);
    } catch (err) {
      ctx.log.warn({ err: (err as Error).message }, 'asset list unavailable; accepting the symbol');
      return undefined;
    }
  };
}
