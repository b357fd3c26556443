import { useCallback, useEffect, useRef, useState } from 'react';
import { snapshots, type Snapshot } from '../api/endpoints.ts';
import type { ChannelMessage } from '../stream/stream.ts';
import { useChannels, useStreamLive } from './stream.tsx';
import { useInterval } from './useResource.ts';

export interface LivePrice {
  last?: string;
  bid?: string;
  ask?: string;
  prevClose?: string;
  /** When the last price changed, and which way (for a short highlight). */
  at?: number;
  tick?: 'up' | 'down';
}

const str = (v: number | string | undefined | null) =>
  v === undefined || v === null ? undefined : String(v);

function fromSnapshot(s: Snapshot | undefined): LivePrice {
  if (!s) return {};
  const p: LivePrice = {};
  const last = str(s.latestTrade?.price) ?? str(s.minuteBar?.c) ?? str(s.dailyBar?.c);
  if (last) p.last = last;
  if (s.latestQuote) {
    p.bid = s.latestQuote.bidPrice;
    p.ask = s.latestQuote.askPrice;
  }
  const prev = str(s.prevDailyBar?.c);
  if (prev) p.prevClose = prev;
  return p;
}

/**
 * Latest trade and quote of each symbol: a REST snapshot first, then `trades:<SYM>` and
 * `quotes:<SYM>` from the stream (or a snapshot poll every 5 s while the stream is down). Updates
 * are batched per animation frame so a busy symbol costs one render per frame at most.
 */
export function useLivePrices(symbols: readonly string[]): Record<string, LivePrice> {
  const key = [...new Set(symbols.map((s) => s.toUpperCase()))].sort().join(',');
  const [prices, setPrices] = useState<Record<string, LivePrice>>({});
  const pending = useRef<Record<string, Partial<LivePrice>>>({});
  const frame = useRef<number | null>(null);
  const live = useStreamLive();

  const load = useCallback(async () => {
    if (!key) return;
    try {
      const snaps = await snapshots(key.split(','));
      setPrices((prev) => {
        const next = { ...prev };
        for (const sym of key.split(',')) {
          const fresh = fromSnapshot(snaps[sym]);
          const old = prev[sym];
          const tick =
            old?.last && fresh.last && fresh.last !== old.last
              ? Number(fresh.last) > Number(old.last)
                ? 'up'
                : 'down'
              : old?.tick;
          next[sym] = {
            ...old,
            ...fresh,
            ...(tick ? { tick } : {}),
            at: fresh.last !== old?.last ? Date.now() : old?.at,
          };
        }
        return next;
      });
    } catch {
      /* keep the last prices; the page shows its own errors */
    }
  }, [key]);

  useEffect(() => {
    void load();
  }, [load]);
  useInterval(() => void load(), 5000, !live && !!key);

  const flush = useCallback(() => {
    frame.current = null;
    const batch = pending.current;
    pending.current = {};
    setPrices((prev) => {
      const next = { ...prev };
      for (const [sym, upd] of Object.entries(batch)) {
        const old = prev[sym] ?? {};
        const merged: LivePrice = { ...old, ...upd };
        if (upd.last && old.last && upd.last !== old.last) {
          merged.tick = Number(upd.last) > Number(old.last) ? 'up' : 'down';
          merged.at = Date.now();
        }
        next[sym] = merged;
      }
      return next;
    });
  }, []);

  useEffect(
    () => () => {
      if (frame.current !== null) cancelAnimationFrame(frame.current);
    },
    [],
  );

  const channels = key ? key.split(',').flatMap((s) => [`trades:${s}`, `quotes:${s}`]) : [];
  useChannels(channels, (msg: ChannelMessage) => {
    let sym: string | undefined;
    let upd: Partial<LivePrice> | undefined;
    if (msg.type === 'trade') {
      sym = msg.data.S;
      upd = { last: String(msg.data.p) };
    } else if (msg.type === 'quote') {
      sym = msg.data.S;
      upd = { bid: String(msg.data.bp), ask: String(msg.data.ap) };
    }
    if (!sym || !upd) return;
    pending.current[sym] = { ...pending.current[sym], ...upd };
    if (frame.current === null) frame.current = requestAnimationFrame(flush);
  });

  return prices;
}
