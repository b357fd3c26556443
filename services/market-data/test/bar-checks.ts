import type { Bar } from '../src/domain/bars.ts';

/** Bars breaking h >= max(o, c), l <= min(o, c), l <= vw <= h, positive low, volume and count. */
export function inconsistentBars(bars: readonly Bar[]): Bar[] {
  return bars.filter(
    (b) =>
      !(
        b.h >= Math.max(b.o, b.c) &&
        b.l <= Math.min(b.o, b.c) &&
        b.l <= b.vw &&
        b.vw <= b.h &&
        b.l > 0 &&
        b.v > 0 &&
        b.n > 0
      ),
  );
}
