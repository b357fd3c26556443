/**
 * GET-and-parse for provider REST APIs: one deadline per call (retries included, as in the kit's
 * service client), bounded retries with full-jitter backoff for answers that mean "try again"
 * (no answer, 500/502/503/504), and every failure mapped to a ProviderError. 429 is not retried
 * here: the caller gets `retryAfterMs` and decides (a backfill job waits, a user request fails).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { ProviderError, type ProviderLogger } from './provider.ts';
import { isObject, type JsonObject } from './wire.ts';

export type FetchLike = (input: URL | string, init?: RequestInit) => Promise<Response>;

export interface RestClientOptions {
  provider: string;
  /** Headers on every request (credentials). */
  headers: Record<string, string>;
  /** Deadline of one call, retries included. */
  timeoutMs: number;
  /** Retries after the first attempt. */
  retries: number;
  fetch: FetchLike;
  logger: ProviderLogger;
  /** Aborted when the provider closes: calls in flight fail at once. */
  closed: AbortSignal;
  /** The upstream's own message and code from an error body. */
  describeError(body: unknown): { message?: string; code?: string | number };
}

export interface RestClient {
  getJson(url: URL): Promise<JsonObject>;
}

const RETRYABLE_STATUSES = new Set([500, 502, 503, 504]);
const BACKOFF_BASE_MS = 100;
const BACKOFF_MAX_MS = 2_000;

/**
 * Milliseconds to wait after a 429: `Retry-After` (delta-seconds or HTTP-date, RFC 9110 §10.2.3),
 * else `X-RateLimit-Reset` (unix seconds; Alpaca sends it on every answer).
 */
export function retryAfterMs(headers: Headers, now = Date.now()): number | undefined {
  const retryAfter = headers.get('retry-after');
  if (retryAfter !== null) {
    const trimmed = retryAfter.trim();
    if (/^\d+$/.test(trimmed)) return Number(trimmed) * 1000;
    const at = Date.parse(trimmed);
    if (Number.isFinite(at)) return Math.max(0, at - now);
  }
  const reset = headers.get('x-ratelimit-reset');
  if (reset !== null && /^\d+$/.test(reset.trim())) return Math.max(0, Number(reset.trim()) * 1000 - now);
  return undefined;
}

function parseJson(text: string): unknown {
  try {
    return text.length === 0 ? undefined : (JSON.parse(text) as unknown);
  } catch {
    return undefined;
  }
}

export function createRestClient(o: RestClientOptions): RestClient {
  const { provider } = o;

  function errorFromResponse(res: Response, text: string, path: string): ProviderError {
    const body = parseJson(text);
    const { message, code } = o.describeError(body);
    const requestId =
      res.headers.get('x-request-id') ??
      (isObject(body) && typeof body.request_id === 'string' && body.request_id
        ? body.request_id
        : undefined);
    return new ProviderError(
      provider,
      res.status,
      `GET ${path} answered ${res.status}${message ? `: ${message}` : ''}`,
      {
        ...(res.status === 429 ? { retryAfterMs: retryAfterMs(res.headers) } : {}),
        ...(code !== undefined ? { upstreamCode: code } : {}),
        ...(requestId ? { requestId } : {}),
      },
    );
  }

  function errorFromTransport(err: unknown, deadline: AbortSignal, path: string): ProviderError {
    if (o.closed.aborted)
      return new ProviderError(provider, 0, `GET ${path} aborted: provider closed`, {
        kind: 'unavailable',
        cause: err,
      });
    if (deadline.aborted)
      return new ProviderError(provider, 0, `GET ${path} did not answer in time`, {
        kind: 'timeout',
        cause: err,
      });
    return new ProviderError(
      provider,
      0,
      `GET ${path} failed: ${err instanceof Error ? err.message : String(err)}`,
      {
        kind: 'unavailable',
        cause: err,
      },
    );
  }

  async function getJson(url: URL): Promise<JsonObject> {
    // Only the path goes into messages and logs: a query may carry credentials.
    const path = url.pathname;
    const deadline = AbortSignal.timeout(o.timeoutMs);
    const signal = AbortSignal.any([deadline, o.closed]);
    for (let attempt = 0; ; attempt++) {
      let failure: ProviderError;
      try {
        const res = await o.fetch(url, {
          method: 'GET',
          headers: { accept: 'application/json', ...o.headers },
          signal,
        });
        const text = await res.text();
        if (res.ok) {
          const body = parseJson(text);
          if (!isObject(body)) {
            throw new ProviderError(
              provider,
              res.status,
              `GET ${path} answered with a body that is not a JSON object`,
              {
                kind: 'bad_response',
              },
            );
          }
          return body;
        }
        failure = errorFromResponse(res, text, path);
        if (!RETRYABLE_STATUSES.has(res.status)) throw failure;
      } catch (err) {
        if (err instanceof ProviderError) throw err;
        failure = errorFromTransport(err, deadline, path);
        if (failure.kind !== 'unavailable' || o.closed.aborted) throw failure;
      }
      if (attempt >= o.retries) throw failure;
      const delay = Math.random() * Math.min(BACKOFF_MAX_MS, BACKOFF_BASE_MS * 2 ** attempt);
      o.logger.warn(
        { provider, path, status: failure.status, attempt: attempt + 1, delayMs: Math.round(delay) },
        'provider request failed, retrying',
      );
      try {
        await sleep(delay, undefined, { signal });
      } catch (err) {
        throw errorFromTransport(err, deadline, path);
      }
    }
  }

  return { getJson };
}

/** `base` (may carry a path prefix) + `path`, with the defined query values. */
export function buildUrl(
  base: string,
  path: string,
  query: Record<string, string | number | undefined> = {},
): URL {
  const url = new URL(`${base.replace(/\/+$/, '')}${path}`);
  for (const [k, v] of Object.entries(query)) if (v !== undefined) url.searchParams.set(k, String(v));
  return url;
}
