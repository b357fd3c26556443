import { PortfolioValued } from '@tradeplane/contracts';
import type { PortfolioDeps } from './deps.ts';
import { valueNow } from './account-value.ts';
import { utcDate } from './calendar.ts';
import { getAccount, listOpenAccounts, recordValuation } from '../store/accounts.store.ts';
import { setPrices } from '../store/positions.store.ts';

/**
 * The periodic valuation: each open account with positions, new fills since its last valuation,
 * or a new day is valued; the figures (start-of-day equity on a new UTC day, high-water mark, last
 * equity and prices) are recorded and portfolio.valued is emitted (risk's breakers read it).
 * Returns the accounts valued.
 */
export async function valueAccounts(deps: PortfolioDeps): Promise<number> {
  const now = deps.now();
  let valued = 0;
  for (const listed of await listOpenAccounts(deps.db)) {
    const idle =
      listed.valuedAt !== null &&
      listed.sodDate === utcDate(now) &&
      (listed.lastFillAt === null || listed.lastFillAt <= listed.valuedAt) &&
      listed.lastEquity !== null;
    if (idle && !(await hasPositions(deps, listed.accountId))) continue;
    await deps.transaction(async (tx) => {
      const account = await getAccount(tx, listed.accountId, true);
      if (!account) return;
      const f = await valueNow(deps, tx, account, now);
      for (const p of f.valuation.positions)
        await setPrices(tx, account.accountId, p.symbol, {
          lastPrice: p.price.toFixed(),
          // A new day: today's moves are measured from the price at the roll.
          ...(f.rolled ? { lastdayPrice: p.price.toFixed() } : {}),
        });
      await recordValuation(tx, account.accountId, {
        sodDate: utcDate(now),
        sodEquity: f.startOfDayEquity.toFixed(),
        highWaterMark: f.highWaterMark.toFixed(),
        lastEquity: f.valuation.equity.toFixed(),
        valuedAt: now,
      });
      await deps.emit(tx, {
        type: PortfolioValued.type,
        subject: account.accountId,
        userId: account.userId,
        data: {
          accountId: account.accountId,
          userId: account.userId,
          equity: f.valuation.equity.toFixed(),
          cash: f.valuation.cash.toFixed(),
          at: now.toISOString(),
          startOfDayEquity: f.startOfDayEquity.toFixed(),
          highWaterMark: f.highWaterMark.toFixed(),
        },
      });
    });
    valued += 1;
  }
  return valued;
}

async function hasPositions(deps: PortfolioDeps, accountId: string): Promise<boolean> {
  const row = await deps.db
    .selectFrom('positions')
    .select('symbol')
    .where('account_id', '=', accountId)
    .where('qty', '!=', '0')
    .limit(1)
    .executeTakeFirst();
  return row !== undefined;
}
