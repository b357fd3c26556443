import { useCallback, useEffect, useRef, useState, type Dispatch, type SetStateAction } from 'react';
import { ApiError } from '../api/http.ts';

export interface Resource<T> {
  data: T | undefined;
  error: unknown;
  /** True on the first load only (a reload keeps showing the previous data). */
  loading: boolean;
  reloading: boolean;
  reload: () => Promise<void>;
  setData: Dispatch<SetStateAction<T | undefined>>;
}

/**
 * Loads `fetcher()` when `key` changes (null: don't load), keeps the last data while reloading,
 * drops answers that arrive after a newer request was made.
 */
export function useResource<T>(key: string | null, fetcher: () => Promise<T>): Resource<T> {
  const [data, setData] = useState<T | undefined>(undefined);
  const [error, setError] = useState<unknown>(undefined);
  const [loading, setLoading] = useState(key !== null);
  const [reloading, setReloading] = useState(false);
  const generation = useRef(0);
  const fetcherRef = useRef(fetcher);
  fetcherRef.current = fetcher;
  const keyRef = useRef(key);

  const run = useCallback(async (first: boolean): Promise<void> => {
    if (keyRef.current === null) return;
    const mine = ++generation.current;
    if (first) setLoading(true);
    else setReloading(true);
    try {
      const value = await fetcherRef.current();
      if (mine !== generation.current) return;
      setData(value);
      setError(undefined);
    } catch (err) {
      if (mine !== generation.current) return;
      setError(err);
      // Over the plan's rate limit: try again by itself once the gateway says it may.
      if (err instanceof ApiError && err.status === 429) {
        const wait = Math.min(Math.max(err.retryAfterMs ?? 5000, 500), 60_000);
        setTimeout(() => {
          if (mine === generation.current) void run(false);
        }, wait);
      }
    } finally {
      if (mine === generation.current) {
        setLoading(false);
        setReloading(false);
      }
    }
  }, []);

  useEffect(() => {
    keyRef.current = key;
    if (key === null) {
      generation.current++;
      setLoading(false);
      return;
    }
    setData(undefined);
    setError(undefined);
    void run(true);
  }, [key, run]);

  const reload = useCallback(() => run(false), [run]);
  return { data, error, loading, reloading, reload, setData };
}

/** Calls `fn` at most once per `ms`, trailing: the last call always runs. */
export function useDebounced(fn: () => void, ms: number): () => void {
  const ref = useRef(fn);
  ref.current = fn;
  const timer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  useEffect(() => () => clearTimeout(timer.current), []);
  return useCallback(() => {
    clearTimeout(timer.current);
    timer.current = setTimeout(() => ref.current(), ms);
  }, [ms]);
}

/** Runs `fn` every `ms` while `enabled` (a fallback when the stream is down). */
export function useInterval(fn: () => void, ms: number, enabled = true): void {
  const ref = useRef(fn);
  ref.current = fn;
  useEffect(() => {
    if (!enabled) return;
    const t = setInterval(() => ref.current(), ms);
    return () => clearInterval(t);
  }, [ms, enabled]);
}
