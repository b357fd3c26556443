import { Type } from 'typebox';
import { defineEvent } from './cloudevent.ts';

/**
 * The event catalog (ARCHITECTURE §4). Names are `<entity>.<past verb>`; each entry is the schema
 * of the event's `data`. Services publish and consume only what is listed here.
 */
export const UserRegistered = defineEvent(
  'user.registered',
  Type.Object({ userId: Type.String(), email: Type.String(), role: Type.String() }),
);

export const ApiKeyCreated = defineEvent(
  'apikey.created',
  Type.Object({ userId: Type.String(), apiKeyId: Type.String(), keyId: Type.String(), name: Type.String() }),
);

const Price = Type.String({ description: 'decimal string' });

/**
 * A new top-of-book quote. It travels on the lossy broadcast path (`MARKET_CHANNELS.quotes` in
 * market.ts, batched), never through the outbox: listed here so the catalog is complete.
 */
export const QuoteUpdated = defineEvent(
  'quote.updated',
  Type.Object({
    symbol: Type.String(),
    bidPrice: Price,
    bidSize: Type.Integer(),
    askPrice: Price,
    askSize: Type.Integer(),
    timestamp: Type.String(),
  }),
);

/** A closed bar (durable). `timeframe` is '1Min': coarser bars are aggregates of these. */
export const BarClosed = defineEvent(
  'bar.closed',
  Type.Object({
    symbol: Type.String(),
    timeframe: Type.Literal('1Min'),
    /** Start of the bar, RFC 3339 UTC. */
    t: Type.String(),
    o: Price,
    h: Price,
    l: Price,
    c: Price,
    v: Type.Integer(),
    n: Type.Integer(),
    vw: Price,
  }),
);

const SessionEvent = Type.Object({
  /** Trading date of the session, YYYY-MM-DD (New York). */
  date: Type.String(),
  /** 'NYSE' in exchange mode. */
  calendar: Type.String(),
  /** When the session opened (market.opened) or closed (market.closed), RFC 3339. */
  at: Type.String(),
  nextOpen: Type.String(),
  nextClose: Type.String(),
});

export const MarketOpened = defineEvent('market.opened', SessionEvent);
export const MarketClosed = defineEvent('market.closed', SessionEvent);

export const NewsPublished = defineEvent(
  'news.published',
  Type.Object({
    id: Type.String(),
    headline: Type.String(),
    summary: Type.String(),
    source: Type.String(),
    symbols: Type.Array(Type.String()),
    /** −1 … 1 when known (the simulated wire and some providers score articles). */
    sentiment: Type.Union([Type.Number(), Type.Null()]),
    url: Type.Union([Type.String(), Type.Null()]),
    createdAt: Type.String(),
  }),
);

export const Events = {
  UserRegistered,
  ApiKeyCreated,
  QuoteUpdated,
  BarClosed,
  MarketOpened,
  MarketClosed,
  NewsPublished,
} as const;
