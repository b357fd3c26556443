import { dec, type Dec as Decimal } from '@tradeplane/kit';

/** What portfolio shows of an asset (market-data's asset directory). */
export interface AssetInfo {
  /** The listing exchange, as Alpaca names it (NASDAQ, NYSE, ARCA…). */
  exchange: string;
  marginable: boolean;
}

/** Where the market's regular and extended sessions stand at an instant. */
export interface SessionState {
  /** The regular session is open. */
  open: boolean;
  /** Inside the extended session of a trading day (Alpaca: 4:00 to 20:00 New York time), or a market that never closes. */
  extended: boolean;
}

/**
 * Reference data portfolio reads from market-data besides prices: assets, the previous session's
 * close and the session clock. Every answer may be partial: a symbol market-data does not know, or
 * a market-data that does not answer, is absent from the result (undefined for the session), and
 * the caller falls back.
 */
export interface MarketReference {
  assets(symbols: readonly string[]): Promise<Map<string, AssetInfo>>;
  /** The close of the regular session before the current one (the last one when none is under way). */
  previousCloses(symbols: readonly string[], now: Date): Promise<Map<string, Decimal>>;
  session(now: Date): Promise<SessionState | undefined>;
}

/** Reference data set by hand (tests, demos). */
export class InMemoryMarketReference implements MarketReference {
  readonly #assets = new Map<string, AssetInfo>();
  readonly #closes = new Map<string, Decimal>();
  /** undefined: as if market-data could not be asked. */
  sessionState: SessionState | undefined = { open: true, extended: true };

  setAsset(symbol: string, a: AssetInfo): void {
    this.#assets.set(symbol, a);
  }

  setPreviousClose(symbol: string, close: string | undefined): void {
    if (close === undefined) this.#closes.delete(symbol);
    else this.#closes.set(symbol, dec(close));
  }

  async assets(symbols: readonly string[]): Promise<Map<string, AssetInfo>> {
    const out = new Map<string, AssetInfo>();
    for (const s of symbols) {
      const a = this.#assets.get(s);
      if (a) out.set(s, a);
    }
    return out;
  }

  async previousCloses(symbols: readonly string[]): Promise<Map<string, Decimal>> {
    const out = new Map<string, Decimal>();
    for (const s of symbols) {
      const c = this.#closes.get(s);
      if (c) out.set(s, c);
    }
    return out;
  }

  async session(): Promise<SessionState | undefined> {
    return this.sessionState;
  }
}
