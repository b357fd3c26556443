/** Domain values to wire shapes: native (decimal strings, descriptive names) and Alpaca (numbers, letter keys). */
import type { StreamQuote, StreamTrade } from '@tradeplane/contracts';
import type { Asset } from '../store/assets.store.ts';
import type { StoredBar } from '../store/bars.store.ts';
import type { NewsItem } from '../store/news.store.ts';
import { decimalOrNull, decimalString } from '../domain/format.ts';
import type { Snapshot } from '../domain/snapshots.ts';

export const nativeBar = (b: StoredBar) => ({
  t: b.t,
  o: decimalString(b.o),
  h: decimalString(b.h),
  l: decimalString(b.l),
  c: decimalString(b.c),
  v: b.v,
  n: b.n,
  vw: decimalOrNull(b.vw),
});

export const nativeQuote = (q: StreamQuote) => ({
  symbol: q.S,
  bidPrice: decimalString(q.bp),
  bidSize: Math.round(q.bs),
  askPrice: decimalString(q.ap),
  askSize: Math.round(q.as),
  bidExchange: q.bx,
  askExchange: q.ax,
  conditions: q.c ?? [],
  tape: q.z ?? null,
  timestamp: q.t,
});

export const nativeTrade = (t: StreamTrade) => ({
  symbol: t.S,
  price: decimalString(t.p),
  size: Math.round(t.s),
  exchange: t.x,
  id: String(t.i),
  conditions: t.c ?? [],
  tape: t.z ?? null,
  timestamp: t.t,
});

export const nativeSnapshot = (s: Snapshot) => ({
  latestTrade: s.latestTrade && nativeTrade(s.latestTrade),
  latestQuote: s.latestQuote && nativeQuote(s.latestQuote),
  minuteBar: s.minuteBar && nativeBar(s.minuteBar),
  dailyBar: s.dailyBar && nativeBar(s.dailyBar),
  prevDailyBar: s.prevDailyBar && nativeBar(s.prevDailyBar),
});

export const nativeNews = (n: NewsItem) => ({
  id: n.id,
  headline: n.headline,
  summary: n.summary,
  content: n.content,
  author: n.author,
  source: n.source,
  url: n.url,
  symbols: n.symbols,
  sentiment: n.sentiment,
  createdAt: n.createdAt,
  updatedAt: n.updatedAt,
});

export const nativeAsset = (a: Asset) => ({
  id: a.id,
  symbol: a.symbol,
  name: a.name,
  exchange: a.exchange,
  class: a.class,
  kind: a.kind,
  sector: a.sector,
  status: a.status,
  tradable: a.tradable,
  marginable: a.marginable,
  shortable: a.shortable,
  easyToBorrow: a.easyToBorrow,
  fractionable: a.fractionable,
  minTick: a.minTick,
  live: a.live,
});

// ---------------------------------------------------------------- Alpaca

/**
 * Alpaca's bars always carry a trade count and a VWAP; an imported series without them reports
 * 0 trades and the close as its VWAP (services/market-data/README.md, Decisions).
 */
export const alpacaBar = (b: StoredBar) => ({
  t: b.t,
  o: b.o,
  h: b.h,
  l: b.l,
  c: b.c,
  v: b.v,
  n: b.n ?? 0,
  vw: b.vw ?? b.c,
});

export const alpacaQuote = (q: StreamQuote) => ({
  t: q.t,
  ax: q.ax,
  ap: q.ap,
  as: q.as,
  bx: q.bx,
  bp: q.bp,
  bs: q.bs,
  c: q.c ?? [],
  z: q.z ?? '',
});

export const alpacaTrade = (t: StreamTrade) => ({
  t: t.t,
  x: t.x,
  p: t.p,
  s: t.s,
  c: t.c ?? [],
  i: t.i,
  z: t.z ?? '',
});

export function alpacaSnapshot(s: Snapshot) {
  return {
    ...(s.latestTrade ? { latestTrade: alpacaTrade(s.latestTrade) } : {}),
    ...(s.latestQuote ? { latestQuote: alpacaQuote(s.latestQuote) } : {}),
    ...(s.minuteBar ? { minuteBar: alpacaBar(s.minuteBar) } : {}),
    ...(s.dailyBar ? { dailyBar: alpacaBar(s.dailyBar) } : {}),
    ...(s.prevDailyBar ? { prevDailyBar: alpacaBar(s.prevDailyBar) } : {}),
  };
}

export const alpacaNews = (n: NewsItem, includeContent: boolean) => ({
  id: Number(n.id),
  headline: n.headline,
  author: n.author,
  created_at: n.createdAt,
  updated_at: n.updatedAt,
  summary: n.summary,
  content: includeContent ? n.content : '',
  url: n.url,
  images: [] as { size: string; url: string }[],
  symbols: n.symbols,
  source: n.source,
});

/** Alpaca's maintenance margin for a marginable long equity: 30 %; not marginable: 100 %. */
export const alpacaAsset = (a: Asset) => ({
  id: a.id,
  class: a.class,
  exchange: a.exchange,
  symbol: a.symbol,
  name: a.name,
  status: a.status,
  tradable: a.tradable,
  marginable: a.marginable,
  maintenance_margin_requirement: a.marginable ? 30 : 100,
  shortable: a.shortable,
  easy_to_borrow: a.easyToBorrow,
  fractionable: a.fractionable,
  price_increment: a.minTick,
  attributes: [] as string[],
});
