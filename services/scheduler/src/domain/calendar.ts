import { addDays } from './zoned-time.ts';

/** One NYSE session, as market-data's calendar states it (holidays absent, early closes at 13:00 ET). */
export interface MarketSession {
  /** Trading date in New York, YYYY-MM-DD. */
  date: string;
  open: Date;
  close: Date;
  earlyClose: boolean;
}

/** Where market triggers learn the sessions: market-data over HTTP, or a fixture in tests. */
export interface CalendarSource {
  /** Sessions whose date is within [start, end] (YYYY-MM-DD, inclusive), in date order. */
  sessions(start: string, end: string): Promise<MarketSession[]>;
}

interface Cached {
  from: string;
  to: string;
  sessions: MarketSession[];
  fetchedAt: number;
}

/**
 * Keeps one contiguous range of sessions, at least `days` long from the first date asked, and
 * asks the source again only for dates outside it or once it is older than `refreshMs`. When the
 * source fails, a stale range that covers the request still answers: sessions are published a
 * year ahead and change rarely, so stale beats no schedule.
 */
export function cachedCalendar(
  source: CalendarSource,
  opts: { days: number; refreshMs: number; now?: () => number },
): CalendarSource {
  const now = opts.now ?? Date.now;
  let cache: Cached | undefined;
  const inflight = new Map<string, Promise<Cached>>();

  const covers = (c: Cached | undefined, start: string, end: string): c is Cached =>
    c !== undefined && c.from <= start && end <= c.to;
  const pick = (c: Cached, start: string, end: string) =>
    c.sessions.filter((s) => s.date >= start && s.date <= end);

  const load = (from: string, to: string): Promise<Cached> => {
    const key = `${from}|${to}`;
    let p = inflight.get(key);
    if (!p) {
      p = source
        .sessions(from, to)
        .then((sessions) => ({ from, to, sessions, fetchedAt: now() }))
        .finally(() => inflight.delete(key));
      inflight.set(key, p);
    }
    return p;
  };

  return {
    async sessions(start, end) {
      if (covers(cache, start, end) && now() - cache.fetchedAt < opts.refreshMs)
        return pick(cache, start, end);
      const minEnd = addDays(start, opts.days);
      const to = end > minEnd ? end : minEnd;
      try {
        const fresh = await load(start, to);
        if (!cache || fresh.fetchedAt >= cache.fetchedAt) cache = fresh;
        return pick(fresh, start, end);
      } catch (err) {
        if (covers(cache, start, end)) return pick(cache, start, end);
        throw err;
      }
    },
  };
}

/** A calendar from a fixed list of sessions (tests). */
export function fixedCalendar(sessions: readonly MarketSession[]): CalendarSource {
  const sorted = [...sessions].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return {
    sessions: (start, end) => Promise.resolve(sorted.filter((s) => s.date >= start && s.date <= end)),
  };
}
