/**
 * Simulated news: headline, summary and body about listed symbols from templates, each template
 * carrying the sentiment its story implies (a beat is good news, a downgrade bad). The fields
 * follow Alpaca's news API (headline, summary, content, author, source, symbols, created_at,
 * updated_at, url, images); `sentiment` in [-1, 1] and `category` are ours. The store assigns ids.
 *
 * To make prices react, pass each generated item's sentiment to the simulator's
 * `applyNewsShock(symbol, sentiment)` (or `applyMarketShock` for macro items).
 */
import type { Rng } from './rng.ts';
import type { AssetDefinition } from './universe.ts';

export const NEWS_SOURCE = 'Tradeplane Simulated Wire';

export type NewsCategory = 'earnings' | 'guidance' | 'analyst' | 'product' | 'regulatory' | 'macro';

export interface NewsArticle {
  headline: string;
  summary: string;
  content: string;
  author: string;
  source: typeof NEWS_SOURCE;
  symbols: string[];
  category: NewsCategory;
  /** −1 (very negative) … +1 (very positive), consistent with the template's story. */
  sentiment: number;
  created_at: string;
  updated_at: string;
  url: null;
  images: [];
}

interface Template {
  category: NewsCategory;
  /** The story's sentiment before a little per-item noise; its sign never flips. */
  sentiment: number;
  headline: string;
  summary: string;
  body: string;
}

/** Placeholders: {name} {symbol} {pct} {quarter} {eps} {est} {firm} {target} {product} {agency} {sector} */
const COMPANY_TEMPLATES: readonly Template[] = [
  {
    category: 'earnings',
    sentiment: 0.7,
    headline: '{name} beats {quarter} estimates as revenue jumps {pct}%',
    summary:
      '{name} ({symbol}) reported earnings of ${eps} per share, ahead of the ${est} analysts expected.',
    body: '{name} ({symbol}) posted {quarter} earnings of ${eps} per share against a consensus of ${est}, with revenue up {pct}% from a year earlier. Management cited strong demand across its core {sector} business.',
  },
  {
    category: 'earnings',
    sentiment: -0.7,
    headline: '{name} misses {quarter} profit forecasts; shares slide',
    summary: '{name} ({symbol}) earned ${eps} per share, short of the ${est} consensus.',
    body: '{name} ({symbol}) reported {quarter} earnings of ${eps} per share, below the ${est} analysts had forecast, as costs rose faster than sales. Revenue fell {pct}% from the prior quarter.',
  },
  {
    category: 'guidance',
    sentiment: 0.6,
    headline: '{name} raises full-year outlook on stronger demand',
    summary: '{name} ({symbol}) lifted its annual revenue guidance by {pct}%.',
    body: '{name} ({symbol}) raised its full-year revenue forecast by {pct}%, saying orders in its {sector} segment had accelerated through the quarter.',
  },
  {
    category: 'guidance',
    sentiment: -0.6,
    headline: '{name} cuts guidance, citing softer orders',
    summary: '{name} ({symbol}) lowered its outlook by {pct}% for the year.',
    body: '{name} ({symbol}) cut its full-year forecast by {pct}%, pointing to slower customer spending and inventory adjustments in {sector}.',
  },
  {
    category: 'analyst',
    sentiment: 0.5,
    headline: '{firm} upgrades {symbol} to Buy, sets ${target} target',
    summary: '{firm} upgraded {name} to Buy with a ${target} price target.',
    body: 'Analysts at {firm} upgraded {name} ({symbol}) to Buy from Hold and set a price target of ${target}, arguing the market underestimates its margin potential.',
  },
  {
    category: 'analyst',
    sentiment: -0.5,
    headline: '{firm} downgrades {symbol} to Sell on valuation',
    summary: '{firm} cut {name} to Sell with a ${target} price target.',
    body: 'Analysts at {firm} downgraded {name} ({symbol}) to Sell from Hold with a ${target} target, saying the shares already price in several years of growth.',
  },
  {
    category: 'product',
    sentiment: 0.4,
    headline: '{name} unveils {product}, its most ambitious launch in years',
    summary: '{name} ({symbol}) introduced {product} at an event on {date}.',
    body: '{name} ({symbol}) introduced {product}, which it expects to ship next quarter. Early reviews were positive and the company said pre-orders exceeded plans by {pct}%.',
  },
  {
    category: 'product',
    sentiment: -0.4,
    headline: '{name} delays {product} launch',
    summary: '{name} ({symbol}) pushed back the release of {product}.',
    body: '{name} ({symbol}) said {product} will ship later than planned because of supply constraints, a delay analysts estimate could cost {pct}% of next-quarter revenue.',
  },
  {
    category: 'regulatory',
    sentiment: -0.55,
    headline: '{agency} opens inquiry into {name}',
    summary: 'The {agency} is examining business practices at {name} ({symbol}).',
    body: 'The {agency} has opened an inquiry into {name} ({symbol}), according to a company filing. {name} said it is cooperating fully and does not expect a material impact.',
  },
  {
    category: 'regulatory',
    sentiment: 0.45,
    headline: '{agency} clears {name} after review',
    summary: '{name} ({symbol}) received clearance from the {agency}.',
    body: 'The {agency} closed its review of {name} ({symbol}) without action, removing an overhang that analysts said had weighed on the shares.',
  },
];

const MACRO_TEMPLATES: readonly Template[] = [
  {
    category: 'macro',
    sentiment: 0.5,
    headline: 'Inflation cools more than expected, lifting rate-cut hopes',
    summary: 'Consumer prices rose {pct}% on the year, below forecasts.',
    body: 'Consumer prices rose {pct}% from a year earlier, less than economists expected, strengthening the case for lower interest rates. Index futures rose on the report.',
  },
  {
    category: 'macro',
    sentiment: -0.5,
    headline: 'Hotter-than-expected jobs data pushes yields higher',
    summary: 'Payrolls beat forecasts and wages rose {pct}%, raising rate worries.',
    body: 'Employers added more jobs than forecast and wages grew {pct}%, sending Treasury yields higher as traders pared bets on rate cuts. Equity futures slipped.',
  },
  {
    category: 'macro',
    sentiment: -0.65,
    headline: 'Stocks fall as growth fears resurface',
    summary: 'Weak manufacturing data revived worries about the economy.',
    body: 'A manufacturing survey contracted for a third month, with new orders down {pct}%, reviving concerns about slowing growth. Defensive sectors outperformed.',
  },
  {
    category: 'macro',
    sentiment: 0.35,
    headline: 'Central bank holds rates steady, signals patience',
    summary: 'Policy makers left rates unchanged as expected.',
    body: 'The central bank left its policy rate unchanged and signalled it could ease later in the year if inflation keeps moderating. Markets had priced a {pct}% chance of a move.',
  },
];

const AUTHORS = [
  'Dana Whitfield',
  'Marcus Leung',
  'Priya Natarajan',
  'Tom Okafor',
  'Elena Rossi',
  'Sam Adebayo',
];
const FIRMS = [
  'Northbridge Capital',
  'Halcyon Securities',
  'Meridian Research',
  'Bayview Partners',
  'Granite Street',
];
const AGENCIES = ['SEC', 'FTC', 'Department of Justice', 'European Commission'];
const PRODUCTS = [
  'a new flagship platform',
  'its next-generation chip',
  'a subscription bundle',
  'an AI assistant',
  'a redesigned lineup',
];
const MACRO_SYMBOLS = ['SPY', 'QQQ', 'DIA', 'IWM'];
/** One item in five is macro news. */
const MACRO_SHARE = 0.2;
const SENTIMENT_NOISE = 0.15;

function fill(text: string, values: Readonly<Record<string, string>>): string {
  return text.replace(/\{(\w+)\}/g, (whole, key: string) => values[key] ?? whole);
}

function quarterOf(at: Date): string {
  // Reports land in the quarter after the one they cover.
  const q = Math.floor(at.getUTCMonth() / 3);
  return q === 0 ? `Q4 ${at.getUTCFullYear() - 1}` : `Q${q} ${at.getUTCFullYear()}`;
}

/** Jitters the template's sentiment without flipping its sign or leaving [-1, 1]. */
function itemSentiment(rng: Rng, base: number): number {
  const s = base + rng.uniform(-SENTIMENT_NOISE, SENTIMENT_NOISE);
  const bounded = Math.sign(base) * Math.min(1, Math.max(0.05, Math.abs(s)));
  return Math.round(bounded * 100) / 100;
}

export interface GenerateNewsOptions {
  /** Current prices, so analyst price targets sit near the market; else each asset's start price. */
  prices?: Readonly<Record<string, number>>;
}

export function generateNews(
  rng: Rng,
  universe: readonly AssetDefinition[],
  at: Date,
  options: GenerateNewsOptions = {},
): NewsArticle {
  if (universe.length === 0) throw new RangeError('generateNews needs a non-empty universe');
  const macroSymbols = MACRO_SYMBOLS.filter((s) => universe.some((a) => a.symbol === s));
  const stocks = universe.filter((a) => a.kind === 'stock');
  const macro = macroSymbols.length > 0 && (stocks.length === 0 || rng.bernoulli(MACRO_SHARE));
  const template = rng.pick(macro ? MACRO_TEMPLATES : COMPANY_TEMPLATES);
  const asset = macro ? undefined : rng.pick(stocks.length > 0 ? stocks : universe);
  const est = rng.uniform(0.4, 4);
  const surprise = template.sentiment >= 0 ? rng.uniform(1.03, 1.2) : rng.uniform(0.8, 0.97);
  const values: Record<string, string> = {
    name: asset?.name ?? '',
    symbol: asset?.symbol ?? '',
    sector: (asset?.sector ?? '').toLowerCase(),
    pct: rng.uniform(1.5, 18).toFixed(1),
    quarter: quarterOf(at),
    est: est.toFixed(2),
    eps: (est * surprise).toFixed(2),
    firm: rng.pick(FIRMS),
    agency: rng.pick(AGENCIES),
    product: rng.pick(PRODUCTS),
    target: asset
      ? Math.round(
          (options.prices?.[asset.symbol] ?? asset.sim.startPrice) * (template.sentiment >= 0 ? 1.25 : 0.75),
        ).toString()
      : '',
    date: at.toISOString().slice(0, 10),
  };
  const iso = at.toISOString();
  return {
    headline: fill(template.headline, values),
    summary: fill(template.summary, values),
    content: fill(template.body, values),
    author: rng.pick(AUTHORS),
    source: NEWS_SOURCE,
    symbols: asset ? [asset.symbol] : macroSymbols,
    category: template.category,
    sentiment: itemSentiment(rng, template.sentiment),
    created_at: iso,
    updated_at: iso,
    url: null,
    images: [],
  };
}

/**
 * Arrival instants of news in (from, to] at `perHour` items an hour on average: a Poisson
 * process, so gaps are exponential and bursts happen, as on a real wire.
 */
export function newsArrivals(rng: Rng, perHour: number, from: Date, to: Date): Date[] {
  if (!(perHour >= 0) || !Number.isFinite(perHour))
    throw new RangeError(`perHour must be a finite number >= 0, got ${perHour}`);
  const arrivals: Date[] = [];
  if (perHour === 0) return arrivals;
  const meanGapMs = 3_600_000 / perHour;
  for (let t = from.getTime(); ;) {
    t += -Math.log(1 - rng.next()) * meanGapMs;
    if (t > to.getTime()) return arrivals;
    arrivals.push(new Date(Math.floor(t)));
  }
}
