/**
 * The tradable universe of the simulated market: US equities and ETFs with their Alpaca asset
 * attributes and the parameters that drive their simulated prices.
 *
 * Start prices, volatilities, betas and volumes are round, plausible figures of the mid-2020s,
 * not market data. Betas and volatilities satisfy beta² · σ_market² ≤ σ², so each symbol's
 * idiosyncratic variance is non-negative (checked by test/universe.test.ts).
 */

export type Exchange = 'NASDAQ' | 'NYSE' | 'ARCA';

export interface SimulationParams {
  /** Price at the start of the simulated history, USD. */
  startPrice: number;
  /** Expected annual return (arithmetic), e.g. 0.08. */
  drift: number;
  /**
   * Annualised volatility of the diffusive part of log returns, e.g. 0.25; the occasional jumps
   * of the price model add a little on top (about 0.01–0.02 for most names).
   */
  volatility: number;
  /** Sensitivity to the common market factor. */
  beta: number;
  /** Average daily volume, shares. */
  avgDailyVolume: number;
}

export interface AssetDefinition {
  symbol: string;
  name: string;
  exchange: Exchange;
  class: 'us_equity';
  status: 'active';
  tradable: boolean;
  shortable: boolean;
  easy_to_borrow: boolean;
  fractionable: boolean;
  marginable: boolean;
  min_tick: '0.01';
  kind: 'stock' | 'etf';
  sector: string;
  sim: SimulationParams;
}

function asset(
  kind: AssetDefinition['kind'],
  symbol: string,
  name: string,
  exchange: Exchange,
  sector: string,
  [startPrice, drift, volatility, beta, avgDailyVolume]: [number, number, number, number, number],
): AssetDefinition {
  return {
    symbol,
    name,
    exchange,
    class: 'us_equity',
    status: 'active',
    tradable: true,
    shortable: true,
    easy_to_borrow: true,
    fractionable: true,
    marginable: true,
    min_tick: '0.01',
    kind,
    sector,
    sim: { startPrice, drift, volatility, beta, avgDailyVolume },
  };
}

const M = 1_000_000;

//                                                                          [price, drift, vol, beta, ADV]
export const DEFAULT_UNIVERSE: readonly AssetDefinition[] = Object.freeze([
  asset('etf', 'SPY', 'SPDR S&P 500 ETF Trust', 'ARCA', 'Broad Market', [560, 0.08, 0.17, 1.0, 60 * M]),
  asset('etf', 'QQQ', 'Invesco QQQ Trust, Series 1', 'NASDAQ', 'Broad Market', [480, 0.1, 0.22, 1.2, 40 * M]),
  asset('etf', 'IWM', 'iShares Russell 2000 ETF', 'ARCA', 'Broad Market', [215, 0.07, 0.24, 1.15, 30 * M]),
  asset('etf', 'DIA', 'SPDR Dow Jones Industrial Average ETF Trust', 'ARCA', 'Broad Market', [
    420,
    0.07,
    0.16,
    0.9,
    3 * M,
  ]),
  asset('etf', 'XLF', 'Financial Select Sector SPDR Fund', 'ARCA', 'Financials', [
    45,
    0.07,
    0.21,
    1.1,
    40 * M,
  ]),
  asset('etf', 'XLE', 'Energy Select Sector SPDR Fund', 'ARCA', 'Energy', [90, 0.05, 0.27, 0.9, 15 * M]),
  asset('etf', 'XLK', 'Technology Select Sector SPDR Fund', 'ARCA', 'Information Technology', [
    220,
    0.11,
    0.24,
    1.25,
    6 * M,
  ]),
  asset('etf', 'GLD', 'SPDR Gold Shares', 'ARCA', 'Commodities', [240, 0.05, 0.15, 0.1, 8 * M]),
  asset('etf', 'TLT', 'iShares 20+ Year Treasury Bond ETF', 'NASDAQ', 'Fixed Income', [
    92,
    0.02,
    0.16,
    -0.2,
    30 * M,
  ]),
  asset('stock', 'AAPL', 'Apple Inc.', 'NASDAQ', 'Information Technology', [225, 0.12, 0.28, 1.2, 55 * M]),
  asset('stock', 'MSFT', 'Microsoft Corporation', 'NASDAQ', 'Information Technology', [
    420,
    0.12,
    0.26,
    1.15,
    20 * M,
  ]),
  asset('stock', 'NVDA', 'NVIDIA Corporation', 'NASDAQ', 'Information Technology', [
    120,
    0.2,
    0.5,
    1.9,
    300 * M,
  ]),
  asset('stock', 'AMD', 'Advanced Micro Devices, Inc.', 'NASDAQ', 'Information Technology', [
    150,
    0.14,
    0.5,
    1.9,
    45 * M,
  ]),
  asset('stock', 'AVGO', 'Broadcom Inc.', 'NASDAQ', 'Information Technology', [170, 0.15, 0.4, 1.5, 25 * M]),
  asset('stock', 'INTC', 'Intel Corporation', 'NASDAQ', 'Information Technology', [
    22,
    0.0,
    0.4,
    1.1,
    50 * M,
  ]),
  asset('stock', 'ADBE', 'Adobe Inc.', 'NASDAQ', 'Information Technology', [500, 0.09, 0.32, 1.2, 3 * M]),
  asset('stock', 'CSCO', 'Cisco Systems, Inc.', 'NASDAQ', 'Information Technology', [
    55,
    0.06,
    0.22,
    0.9,
    18 * M,
  ]),
  asset('stock', 'QCOM', 'QUALCOMM Incorporated', 'NASDAQ', 'Information Technology', [
    165,
    0.09,
    0.35,
    1.35,
    8 * M,
  ]),
  asset('stock', 'ORCL', 'Oracle Corporation', 'NYSE', 'Information Technology', [
    165,
    0.11,
    0.32,
    1.1,
    9 * M,
  ]),
  asset('stock', 'CRM', 'Salesforce, Inc.', 'NYSE', 'Information Technology', [270, 0.1, 0.33, 1.2, 6 * M]),
  asset('stock', 'IBM', 'International Business Machines Corporation', 'NYSE', 'Information Technology', [
    215,
    0.06,
    0.22,
    0.8,
    4 * M,
  ]),
  asset('stock', 'PLTR', 'Palantir Technologies Inc.', 'NASDAQ', 'Information Technology', [
    40,
    0.15,
    0.6,
    1.8,
    60 * M,
  ]),
  asset('stock', 'GOOGL', 'Alphabet Inc. Class A', 'NASDAQ', 'Communication Services', [
    165,
    0.11,
    0.3,
    1.1,
    25 * M,
  ]),
  asset('stock', 'META', 'Meta Platforms, Inc.', 'NASDAQ', 'Communication Services', [
    560,
    0.13,
    0.38,
    1.3,
    15 * M,
  ]),
  asset('stock', 'NFLX', 'Netflix, Inc.', 'NASDAQ', 'Communication Services', [
    700,
    0.12,
    0.4,
    1.25,
    3.5 * M,
  ]),
  asset('stock', 'DIS', 'The Walt Disney Company', 'NYSE', 'Communication Services', [
    95,
    0.05,
    0.28,
    1.05,
    9 * M,
  ]),
  asset('stock', 'T', 'AT&T Inc.', 'NYSE', 'Communication Services', [22, 0.04, 0.22, 0.6, 35 * M]),
  asset('stock', 'VZ', 'Verizon Communications Inc.', 'NYSE', 'Communication Services', [
    42,
    0.03,
    0.2,
    0.45,
    20 * M,
  ]),
  asset('stock', 'AMZN', 'Amazon.com, Inc.', 'NASDAQ', 'Consumer Discretionary', [
    185,
    0.12,
    0.32,
    1.2,
    40 * M,
  ]),
  asset('stock', 'TSLA', 'Tesla, Inc.', 'NASDAQ', 'Consumer Discretionary', [240, 0.15, 0.6, 2.0, 90 * M]),
  asset('stock', 'HD', 'The Home Depot, Inc.', 'NYSE', 'Consumer Discretionary', [
    390,
    0.08,
    0.24,
    1.0,
    3.5 * M,
  ]),
  asset('stock', 'MCD', "McDonald's Corporation", 'NYSE', 'Consumer Discretionary', [
    295,
    0.07,
    0.18,
    0.65,
    3.5 * M,
  ]),
  asset('stock', 'NKE', 'NIKE, Inc.', 'NYSE', 'Consumer Discretionary', [80, 0.05, 0.3, 1.0, 12 * M]),
  asset('stock', 'COIN', 'Coinbase Global, Inc.', 'NASDAQ', 'Financials', [200, 0.15, 0.75, 2.2, 10 * M]),
  asset('stock', 'JPM', 'JPMorgan Chase & Co.', 'NYSE', 'Financials', [215, 0.09, 0.24, 1.1, 9 * M]),
  asset('stock', 'BAC', 'Bank of America Corporation', 'NYSE', 'Financials', [40, 0.08, 0.28, 1.25, 35 * M]),
  asset('stock', 'WFC', 'Wells Fargo & Company', 'NYSE', 'Financials', [58, 0.08, 0.28, 1.2, 17 * M]),
  asset('stock', 'GS', 'The Goldman Sachs Group, Inc.', 'NYSE', 'Financials', [
    500,
    0.09,
    0.28,
    1.3,
    2.5 * M,
  ]),
  asset('stock', 'V', 'Visa Inc.', 'NYSE', 'Financials', [280, 0.1, 0.21, 0.95, 7 * M]),
  asset('stock', 'MA', 'Mastercard Incorporated', 'NYSE', 'Financials', [490, 0.1, 0.22, 1.05, 3 * M]),
  asset('stock', 'JNJ', 'Johnson & Johnson', 'NYSE', 'Health Care', [160, 0.05, 0.17, 0.55, 7 * M]),
  asset('stock', 'PFE', 'Pfizer Inc.', 'NYSE', 'Health Care', [29, 0.03, 0.25, 0.65, 35 * M]),
  asset('stock', 'UNH', 'UnitedHealth Group Incorporated', 'NYSE', 'Health Care', [
    560,
    0.08,
    0.27,
    0.7,
    4 * M,
  ]),
  asset('stock', 'LLY', 'Eli Lilly and Company', 'NYSE', 'Health Care', [880, 0.15, 0.32, 0.6, 3.5 * M]),
  asset('stock', 'MRK', 'Merck & Co., Inc.', 'NYSE', 'Health Care', [110, 0.06, 0.21, 0.5, 9 * M]),
  asset('stock', 'XOM', 'Exxon Mobil Corporation', 'NYSE', 'Energy', [115, 0.06, 0.27, 0.85, 15 * M]),
  asset('stock', 'CVX', 'Chevron Corporation', 'NYSE', 'Energy', [150, 0.06, 0.26, 0.9, 8 * M]),
  asset('stock', 'KO', 'The Coca-Cola Company', 'NYSE', 'Consumer Staples', [68, 0.05, 0.15, 0.55, 13 * M]),
  asset('stock', 'PEP', 'PepsiCo, Inc.', 'NASDAQ', 'Consumer Staples', [165, 0.05, 0.16, 0.55, 6 * M]),
  asset('stock', 'PG', 'The Procter & Gamble Company', 'NYSE', 'Consumer Staples', [
    170,
    0.06,
    0.16,
    0.5,
    7 * M,
  ]),
  asset('stock', 'WMT', 'Walmart Inc.', 'NASDAQ', 'Consumer Staples', [80, 0.08, 0.19, 0.55, 17 * M]),
  asset('stock', 'COST', 'Costco Wholesale Corporation', 'NASDAQ', 'Consumer Staples', [
    880,
    0.11,
    0.21,
    0.8,
    2 * M,
  ]),
  asset('stock', 'BA', 'The Boeing Company', 'NYSE', 'Industrials', [160, 0.04, 0.36, 1.3, 8 * M]),
  asset('stock', 'CAT', 'Caterpillar Inc.', 'NYSE', 'Industrials', [360, 0.09, 0.28, 1.1, 2.5 * M]),
]);

export function findAsset(universe: readonly AssetDefinition[], symbol: string): AssetDefinition | undefined {
  return universe.find((a) => a.symbol === symbol);
}
