/** One bar of the candlestick chart: time in UTC seconds, prices as numbers (display only). */
export interface Candle {
  time: number;
  open: number;
  high: number;
  low: number;
  close: number;
  volume: number;
}

/** Folds a trade into the candles: the bucket's candle moves, or a new one opens. */
export function applyTrade(
  candles: Candle[],
  tf: { seconds: number },
  tradeTime: number,
  p: number,
  size: number,
): Candle[] {
  if (!candles.length || !Number.isFinite(p)) return candles;
  const bucket = Math.floor(tradeTime / tf.seconds) * tf.seconds;
  const last = candles[candles.length - 1]!;
  if (bucket < last.time) return candles;
  if (bucket === last.time) {
    const next = candles.slice();
    next[next.length - 1] = {
      ...last,
      high: Math.max(last.high, p),
      low: Math.min(last.low, p),
      close: p,
      volume: last.volume + size,
    };
    return next;
  }
  return [...candles, { time: bucket, open: p, high: p, low: p, close: p, volume: size }];
}
