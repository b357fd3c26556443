import { Type, type Static } from 'typebox';

/**
 * The high-rate market feed (ARCHITECTURE §4: quote.updated may take a lossy path): market-data
 * broadcasts batches of quotes, trades and bars on these bus channels (`bus.broadcast`), and the
 * gateway's streams (`/v1/stream`, Alpaca's `/alpaca/data/stream/v2/{feed}`) fan them out.
 *
 * Messages use the field names of Alpaca's real-time stock data stream (docs.alpaca.markets,
 * "Real-time Stock Data": trades `t`, quotes `q`, bars `b`, daily bars `d`), without the `T` type
 * tag, which the stream adds per channel. Prices and sizes are JSON numbers here because that is
 * Alpaca's wire format; the platform's native API turns them into decimal strings.
 */
export const MARKET_CHANNELS = {
  quotes: 'market.quotes',
  trades: 'market.trades',
  /** Minute bars, broadcast when they close (Alpaca `b`). */
  bars: 'market.bars',
  /** The current day's bar, re-broadcast after every minute bar that changes it (Alpaca `d`). */
  dailyBars: 'market.daily-bars',
} as const;

export type MarketChannel = (typeof MARKET_CHANNELS)[keyof typeof MARKET_CHANNELS];

const Instant = Type.String({ description: 'RFC 3339 UTC, millisecond precision' });

/** Alpaca stream quote (`q`) without `T`. */
export const StreamQuote = Type.Object({
  S: Type.String({ description: 'symbol' }),
  bp: Type.Number({ description: 'bid price' }),
  bs: Type.Number({ description: 'bid size' }),
  ap: Type.Number({ description: 'ask price' }),
  as: Type.Number({ description: 'ask size' }),
  bx: Type.String({ description: 'bid exchange code' }),
  ax: Type.String({ description: 'ask exchange code' }),
  t: Instant,
  c: Type.Optional(Type.Array(Type.String(), { description: 'quote conditions' })),
  z: Type.Optional(Type.String({ description: 'tape' })),
});
export type StreamQuote = Static<typeof StreamQuote>;

/** Alpaca stream trade (`t`) without `T`. */
export const StreamTrade = Type.Object({
  S: Type.String(),
  p: Type.Number({ description: 'price' }),
  s: Type.Number({ description: 'size' }),
  x: Type.String({ description: 'exchange code' }),
  i: Type.Union([Type.Integer(), Type.String()], { description: 'trade id' }),
  t: Instant,
  c: Type.Optional(Type.Array(Type.String(), { description: 'trade conditions' })),
  z: Type.Optional(Type.String({ description: 'tape' })),
});
export type StreamTrade = Static<typeof StreamTrade>;

/** Alpaca stream bar (`b` minute bar, `d` daily bar) without `T`. */
export const StreamBar = Type.Object({
  S: Type.String(),
  o: Type.Number(),
  h: Type.Number(),
  l: Type.Number(),
  c: Type.Number(),
  v: Type.Integer(),
  n: Type.Integer({ description: 'trade count' }),
  vw: Type.Number({ description: 'volume-weighted average price' }),
  t: Type.String({ description: 'start of the bar, RFC 3339 UTC to the second' }),
});
export type StreamBar = Static<typeof StreamBar>;

/** One broadcast carries every message of one market step, in time order. */
export const QuotesBroadcast = Type.Object({ quotes: Type.Array(StreamQuote) });
export type QuotesBroadcast = Static<typeof QuotesBroadcast>;
export const TradesBroadcast = Type.Object({ trades: Type.Array(StreamTrade) });
export type TradesBroadcast = Static<typeof TradesBroadcast>;
export const BarsBroadcast = Type.Object({ bars: Type.Array(StreamBar) });
export type BarsBroadcast = Static<typeof BarsBroadcast>;
