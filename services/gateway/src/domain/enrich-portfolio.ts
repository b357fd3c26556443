import { dec, toWire, type AuthContext, type ServiceContext } from '@tradeplane/kit';

interface Position {
  symbol: string;
  qty: string;
  [key: string]: unknown;
}
interface Snapshot {
  latestTrade: { price: string } | null;
  latestQuote: { bidPrice: string; askPrice: string } | null;
  prevDailyBar: { c: string } | null;
}

export interface EnrichedPosition extends Position {
  bid: string | null;
  ask: string | null;
  last: string | null;
  prevClose: string | null;
  dayChange: string | null;
  dayChangePct: string | null;
  dayPnl: string | null;
}

/**
 * `GET /v1/portfolio/enriched`: the account, its positions and, for each, the live quote and the
 * change on the day. The account and the positions are asked for in parallel; the snapshots of
 * every held symbol then come in one call.
 */
export async function enrichPortfolio(
  ctx: ServiceContext,
  as: Omit<AuthContext, 'issuer'>,
  accountId: string,
  requestId: string,
): Promise<{ account: unknown; positions: EnrichedPosition[] }> {
  const portfolio = ctx.client('portfolio');
  const q = `accountId=${encodeURIComponent(accountId)}`;
  const [account, positions] = await Promise.all([
    portfolio.call<unknown>({
      method: 'GET',
      path: `/v1/portfolio/accounts/${encodeURIComponent(accountId)}`,
      as,
      requestId,
    }),
    portfolio.call<{ data: Position[] }>({
      method: 'GET',
      path: `/v1/portfolio/positions?${q}`,
      as,
      requestId,
    }),
  ]);
  const symbols = [...new Set(positions.data.map((p) => p.symbol))];
  const snaps =
    symbols.length === 0
      ? { snapshots: {} as Record<string, Snapshot> }
      : await ctx.client('market-data').call<{ snapshots: Record<string, Snapshot> }>({
          method: 'GET',
          path: `/v1/market/snapshots?symbols=${symbols.join(',')}`,
          as,
          requestId,
        });
  return {
    account,
    positions: positions.data.map((p) => {
      const s = snaps.snapshots[p.symbol];
      const last = s?.latestTrade?.price ?? null;
      const prevClose = s?.prevDailyBar?.c ?? null;
      const change = last !== null && prevClose !== null ? dec(last).minus(prevClose) : null;
      return {
        ...p,
        bid: s?.latestQuote?.bidPrice ?? null,
        ask: s?.latestQuote?.askPrice ?? null,
        last,
        prevClose,
        dayChange: change ? toWire(change) : null,
        dayChangePct:
          change && prevClose && !dec(prevClose).isZero()
            ? dec(change).div(prevClose).times(100).toDecimalPlaces(4).toFixed()
            : null,
        dayPnl: change ? toWire(change.times(p.qty)) : null,
      };
    }),
  };
}
