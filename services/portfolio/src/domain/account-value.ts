import { dec, Dec, type AnyDB, type Dec as Decimal } from '@tradeplane/kit';
import type { PortfolioDeps } from './deps.ts';
import { averageEntry } from './ledger.ts';
import { markPrice, type Quote } from './quotes.ts';
import { utcDate } from './calendar.ts';
import { valueAccount, valuePosition, type AccountValuation } from './valuation.ts';
import type { LedgerAccount } from '../store/accounts.store.ts';
import { listOpenPositions, type PositionRecord } from '../store/positions.store.ts';
import type { AssetInfo } from './market-reference.ts';

export interface AccountFigures {
  account: LedgerAccount;
  valuation: AccountValuation;
  /** Equity at the start of the UTC day (the last valuation before midnight when the day has not rolled yet). */
  startOfDayEquity: Decimal;
  highWaterMark: Decimal;
  dayPnl: Decimal;
  /** Whether this valuation starts a new day for the account (the loop then records the roll). */
  rolled: boolean;
  /** The ledger rows of the open positions, by symbol (realized P&L, commissions, dates). */
  records: Map<string, PositionRecord>;
  /** market-data's assets of the open positions (exchange), when asked for with `reference`. */
  assets: Map<string, AssetInfo>;
}

export interface ValueOptions {
  /**
   * For showing positions: each one's day is measured from the previous regular session's close
   * (market-data's daily bars), and its asset is looked up. Without it (risk's state, the loops)
   * the stored day price serves, with no call beyond the quotes.
   */
  reference?: boolean;
}

/**
 * The account at the market now: every open position marked at its latest price (the last trade,
 * else the quote's mid; without any quote, the last price portfolio saw, else the average entry),
 * then cash, equity, buying power, day P&L and the high-water mark. The one place accounts are
 * valued: the API, the state risk reads, the valuation loop and the history snapshots all use it.
 */
export async function valueNow(
  deps: PortfolioDeps,
  db: AnyDB,
  account: LedgerAccount,
  now = deps.now(),
  /** The open positions when the caller read them with the account (getAccountWithPositions). */
  open?: PositionRecord[],
  opts: ValueOptions = {},
): Promise<AccountFigures> {
  const positions = open ?? (await listOpenPositions(db, account.accountId));
  const symbols = positions.map((p) => p.symbol);
  const none = <T>() => Promise.resolve(new Map<string, T>());
  const reference = opts.reference && symbols.length > 0;
  const [quotes, closes, assets] = await Promise.all([
    symbols.length ? deps.quotes.latest(symbols) : none<Quote>(),
    reference ? deps.market.previousCloses(symbols, now) : none<Decimal>(),
    reference ? deps.market.assets(symbols) : none<AssetInfo>(),
  ]);
  const today = utcDate(now);
  const valued = positions.map((p) => {
    const qty = dec(p.qty);
    const costBasis = dec(p.costBasis);
    const held = {
      symbol: p.symbol,
      qty,
      costBasis,
      // Alpaca's lastday_price: the previous session's close; without one from market-data, the
      // price stored at the day's roll (or the entry of a position opened since).
      lastdayPrice: closes.get(p.symbol) ?? (p.lastdayPrice ? dec(p.lastdayPrice) : null),
      // A position opened today was not held at the previous close: its day (intraday P&L) runs
      // from its average entry, with or without a close from market-data.
      dayBase: p.openedAt && utcDate(p.openedAt) === today ? averageEntry({ qty, costBasis }).abs() : null,
    };
    const q = quotes.get(p.symbol);
    const price = (q && markPrice(q)) ?? (p.lastPrice ? dec(p.lastPrice) : averageEntry(held).abs());
    return valuePosition(held, price);
  });
  const valuation = valueAccount(dec(account.cash), valued, account.marginEnabled);
  const rolled = account.sodDate !== today;
  const startOfDayEquity =
    !rolled && account.sodEquity !== null
      ? dec(account.sodEquity)
      : account.lastEquity !== null
        ? dec(account.lastEquity)
        : valuation.equity;
  const highWaterMark = Dec.max(valuation.equity, dec(account.highWaterMark ?? '0'));
  return {
    account,
    valuation,
    startOfDayEquity,
    highWaterMark,
    dayPnl: valuation.equity.minus(startOfDayEquity),
    rolled,
    records: new Map(positions.map((p) => [p.symbol, p])),
    assets,
  };
}
