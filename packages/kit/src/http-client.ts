import { Pool } from 'undici';
import {
  BrokenCircuitError,
  CircuitState,
  ConsecutiveBreaker,
  ExponentialBackoff,
  IsolatedCircuitError,
  TaskCancelledError,
  TimeoutStrategy,
  circuitBreaker,
  fullJitterGenerator,
  handleWhen,
  retry,
  timeout,
} from 'cockatiel';
import { AppError, isAppError } from './errors.ts';
import { INTERNAL_TOKEN_HEADER, type AuthContext, type InternalAuth } from './internal-auth.ts';

/**
 * The one way a service calls another (ARCHITECTURE §4): a deadline on every call, retries only
 * for idempotent requests (exponential backoff, full jitter), a circuit breaker per upstream, and
 * the request id and an internal token (audience = the target) on every request.
 *
 * `timeoutMs` is the caller's whole budget, retries and backoff included: a hung upstream answers
 * 504 after about `timeoutMs`, not after `timeoutMs × attempts`. Retries therefore only ever follow
 * fast failures (refused or reset connections, 502/503/504 answers).
 */

export interface ServiceClientOptions {
  /** The calling service (the token's issuer). */
  caller: string;
  /** The called service (the token's audience; named in error messages). */
  target: string;
  /** The target's base URL, e.g. `http://127.0.0.1:8009`; asked before every attempt, so it may change. */
  resolve: () => Promise<string>;
  auth: InternalAuth;
  /** Deadline of one call, retries included. Default 2000 ms. */
  timeoutMs?: number;
  /** Retries after the first attempt, for idempotent requests only. Default 2. */
  retries?: number;
  breaker?: {
    /** Consecutive failures (transport errors, 5xx) that open the circuit. Default 5. */
    threshold?: number;
    /** How long the circuit stays open before one trial call is let through. Default 5000 ms. */
    halfOpenAfterMs?: number;
  };
}

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'HEAD';

export interface RequestOptions {
  method: HttpMethod;
  /** Path below the base URL, e.g. `/v1/orders`. */
  path: string;
  /** Appended to the path; `undefined` values are left out, arrays repeat the parameter. */
  query?: Record<string, string | number | boolean | undefined | string[]>;
  /** Sent as JSON. */
  body?: unknown;
  /** Sent as-is (set content-type in `headers`; default application/octet-stream). */
  rawBody?: Buffer | string;
  headers?: Record<string, string>;
  /** The user the call acts for; omitted, the call is the calling service's own. */
  as?: Omit<AuthContext, 'issuer'>;
  requestId?: string;
  /** Overrides the client's deadline for this call. */
  timeoutMs?: number;
  /**
   * Whether the call may be sent more than once. Default: GET/HEAD/PUT/DELETE yes, POST/PATCH no;
   * a request with an Idempotency-Key header counts as idempotent.
   */
  idempotent?: boolean;
  /**
   * Answer the body as the bytes that came (a Buffer), JSON or not: for a caller that passes it
   * on unchanged (the gateway's proxy), so it is neither parsed nor serialized again.
   */
  raw?: boolean;
}

export interface UpstreamResponse<T = unknown> {
  status: number;
  /** Lower-case names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** Parsed JSON when the content type is JSON (undefined when empty), else (or with `raw`) the bytes. */
  body: T;
}

export interface ServiceClient {
  readonly target: string;
  /** Any HTTP status is returned as-is; throws AppError only when no answer came (see upstreamErrorFromTransport). */
  request<T = unknown>(o: RequestOptions): Promise<UpstreamResponse<T>>;
  /** Like request, but a status >= 400 throws an AppError carrying the upstream problem's code, status and detail. */
  call<T = unknown>(o: RequestOptions): Promise<T>;
  breakerState(): 'closed' | 'open' | 'half-open';
  close(): Promise<void>;
}

export const UPSTREAM_UNAVAILABLE = 'UPSTREAM_UNAVAILABLE';
export const UPSTREAM_TIMEOUT = 'UPSTREAM_TIMEOUT';
export const UPSTREAM_ERROR = 'UPSTREAM_ERROR';

const DEFAULT_TIMEOUT_MS = 2_000;
const DEFAULT_RETRIES = 2;
const BACKOFF_BASE_MS = 50;
const BACKOFF_MAX_MS = 1_000;
/** Statuses that mean "not handled, try again": a proxy or instance that could not take the request. */
const RETRYABLE_STATUSES = new Set([502, 503, 504]);
/** Pools kept for origins seen; beyond this the least recently used is closed (instances come and go). */
const MAX_POOLS = 16;

const TIMEOUT_CODES = new Set([
  'UND_ERR_HEADERS_TIMEOUT',
  'UND_ERR_BODY_TIMEOUT',
  'ETIMEDOUT',
  'UND_ERR_ABORTED',
  'UND_ERR_ABORT',
]);

function errorCodes(err: unknown): string[] {
  if (typeof err !== 'object' || err === null) return [];
  const codes: string[] = [];
  const { code, errors, name } = err as { code?: unknown; errors?: unknown; name?: unknown };
  if (typeof code === 'string') codes.push(code);
  if (typeof name === 'string') codes.push(name);
  // Node reports a failed happy-eyeballs connect as an AggregateError of the per-address errors.
  if (Array.isArray(errors)) for (const e of errors) codes.push(...errorCodes(e));
  return codes;
}

const unavailable = (target: string, cause: unknown) =>
  new AppError(UPSTREAM_UNAVAILABLE, 503, `${target} is unavailable`, {
    details: { upstream: target },
    cause,
  });
const timedOut = (target: string, cause: unknown) =>
  new AppError(UPSTREAM_TIMEOUT, 504, `${target} did not answer in time`, {
    details: { upstream: target },
    cause,
  });

/**
 * Maps a failure to reach an upstream to an AppError: a timeout or abort → 504 UPSTREAM_TIMEOUT;
 * anything else that kept an answer from arriving (refused, reset, unresolvable, open circuit,
 * closed client) → 503 UPSTREAM_UNAVAILABLE. An AppError passes through unchanged.
 */
export function upstreamErrorFromTransport(err: unknown, target: string): AppError {
  if (isAppError(err)) return err;
  if (err instanceof TaskCancelledError) return timedOut(target, err);
  const codes = errorCodes(err);
  if (codes.some((c) => TIMEOUT_CODES.has(c) || c === 'AbortError' || c === 'TimeoutError'))
    return timedOut(target, err);
  return unavailable(target, err);
}

function isIdempotent(o: RequestOptions): boolean {
  if (o.idempotent !== undefined) return o.idempotent;
  if (o.method === 'POST' || o.method === 'PATCH') {
    return Object.keys(o.headers ?? {}).some((h) => h.toLowerCase() === 'idempotency-key');
  }
  return true;
}

function pathWithQuery(path: string, query: RequestOptions['query']): string {
  const p = path.startsWith('/') ? path : `/${path}`;
  if (!query) return p;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v === undefined) continue;
    if (Array.isArray(v)) for (const item of v) params.append(k, item);
    else params.append(k, String(v));
  }
  const qs = params.toString();
  if (!qs) return p;
  return `${p}${p.includes('?') ? '&' : '?'}${qs}`;
}

function flattenHeaders(raw: Record<string, string | string[] | undefined>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) {
    if (v === undefined) continue;
    out[k.toLowerCase()] = Array.isArray(v) ? v.join(', ') : v;
  }
  return out;
}

const isJsonType = (contentType: string | undefined) =>
  contentType !== undefined && /^application\/([\w.+-]+\+)?json\b/i.test(contentType.trim());

interface ProblemLike {
  code: string;
  detail?: string;
  title?: string;
  status?: number;
  [key: string]: unknown;
}

function asProblem(body: unknown): ProblemLike | undefined {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return undefined;
  const code = (body as { code?: unknown }).code;
  return typeof code === 'string' && code.length > 0 ? (body as ProblemLike) : undefined;
}

// Members the local error handler sets itself; the rest of an upstream problem (validation
// `errors`, domain extensions) is carried through as details so the client sees it unchanged.
const OWN_PROBLEM_MEMBERS = new Set(['type', 'title', 'status', 'detail', 'code', 'instance', 'requestId']);

/** The AppError `call` throws for an upstream answer with status >= 400. */
function errorFromResponse(target: string, res: UpstreamResponse): AppError {
  const problem = asProblem(res.body);
  const headers: Record<string, string> = {};
  if (res.headers['retry-after']) headers['retry-after'] = res.headers['retry-after'];
  const headerOpt = Object.keys(headers).length > 0 ? { headers } : {};

  // A 5xx is the upstream's fault, not the caller's request: our client sees a bad gateway. A 503
  // problem is the exception: "unavailable, try later" stays true one hop further out.
  if (res.status >= 500 && !(res.status === 503 && problem)) {
    if (res.status === 503)
      return new AppError(UPSTREAM_UNAVAILABLE, 503, `${target} is unavailable`, {
        details: { upstream: target },
        ...headerOpt,
      });
    const details: Record<string, unknown> = { upstream: target, upstreamStatus: res.status };
    if (problem) details.upstreamCode = problem.code;
    return new AppError(UPSTREAM_ERROR, 502, `${target} failed to handle the request`, {
      details,
      ...headerOpt,
    });
  }
  if (!problem) {
    return new AppError(`HTTP_${res.status}`, res.status, `${target} answered ${res.status}`, {
      details: { upstream: target },
      ...headerOpt,
    });
  }
  const details: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(problem)) if (!OWN_PROBLEM_MEMBERS.has(k)) details[k] = v;
  const message =
    typeof problem.detail === 'string'
      ? problem.detail
      : typeof problem.title === 'string'
        ? problem.title
        : `${target} answered ${res.status}`;
  return new AppError(problem.code, res.status, message, {
    ...(Object.keys(details).length > 0 ? { details } : {}),
    ...headerOpt,
  });
}

/** Failures of the upstream itself: no answer, no answer in time, or an unreadable one. */
const BREAKER_CODES = new Set([UPSTREAM_UNAVAILABLE, UPSTREAM_TIMEOUT, UPSTREAM_ERROR]);

/** A 5xx answer that came back from the upstream (as opposed to no answer at all). */
const isServerError = (r: unknown) =>
  typeof r === 'object' && r !== null && (r as UpstreamResponse).status >= 500;

export function createServiceClient(o: ServiceClientOptions): ServiceClient {
  const { caller, target, auth } = o;
  const defaultTimeoutMs = o.timeoutMs ?? DEFAULT_TIMEOUT_MS;
  const pools = new Map<string, Pool>();
  let closed = false;

  // Transport failures and 5xx count against the upstream; a 4xx is a healthy upstream saying no.
  const breaker = circuitBreaker(
    handleWhen((err) => isAppError(err) && BREAKER_CODES.has(err.code)).orWhenResult(isServerError),
    {
      breaker: new ConsecutiveBreaker(o.breaker?.threshold ?? 5),
      halfOpenAfter: o.breaker?.halfOpenAfterMs ?? 5_000,
    },
  );

  // Only a connection that never produced an answer is retried: a timeout has used up the budget.
  // The breaker's own BrokenCircuitError is not an AppError, so an open circuit fails fast here.
  const retries = Math.max(0, o.retries ?? DEFAULT_RETRIES);
  const retryPolicy = retry(
    handleWhen((err) => isAppError(err) && err.code === UPSTREAM_UNAVAILABLE).orWhenResult(
      (r) => typeof r === 'object' && r !== null && RETRYABLE_STATUSES.has((r as UpstreamResponse).status),
    ),
    {
      maxAttempts: retries,
      backoff: new ExponentialBackoff({
        generator: fullJitterGenerator,
        initialDelay: BACKOFF_BASE_MS,
        maxDelay: BACKOFF_MAX_MS,
      }),
    },
  ).dangerouslyUnref();

  function poolFor(origin: string): Pool {
    let pool = pools.get(origin);
    if (pool) {
      pools.delete(origin);
    } else {
      pool = new Pool(origin, {
        connections: 32,
        pipelining: 1,
        keepAliveTimeout: 10_000,
        keepAliveMaxTimeout: 60_000,
      });
      if (pools.size >= MAX_POOLS) {
        const [oldOrigin, oldPool] = pools.entries().next().value as [string, Pool];
        pools.delete(oldOrigin);
        // close() lets requests already on that pool finish; a failure to close leaks nothing we can act on.
        oldPool.close().catch(() => undefined);
      }
    }
    pools.set(origin, pool);
    return pool;
  }

  async function attempt(opts: RequestOptions, signal: AbortSignal): Promise<UpstreamResponse> {
    try {
      if (signal.aborted) throw timedOut(target, signal.reason);
      let origin: string;
      try {
        origin = new URL(await o.resolve()).origin;
      } catch (err) {
        throw unavailable(target, err);
      }

      const headers: Record<string, string> = {
        accept: 'application/json, application/problem+json;q=0.9, */*;q=0.1',
      };
      for (const [k, v] of Object.entries(opts.headers ?? {})) headers[k.toLowerCase()] = v;
      let body: string | Buffer | undefined;
      if (opts.rawBody !== undefined) {
        body = opts.rawBody;
        headers['content-type'] ??= 'application/octet-stream';
      } else if (opts.body !== undefined) {
        body = JSON.stringify(opts.body);
        headers['content-type'] ??= 'application/json';
      }
      if (opts.requestId) headers['x-request-id'] = opts.requestId;
      // Minted per attempt, so a retry late in the budget never carries a nearly expired token.
      headers[INTERNAL_TOKEN_HEADER] = auth.mint(caller, target, opts.as);

      const res = await poolFor(origin).request({
        method: opts.method,
        path: pathWithQuery(opts.path, opts.query),
        headers,
        body: body ?? null,
        signal,
      });
      // The body is read inside the deadline too: an upstream that sends headers and then stalls
      // must time out like one that never answers.
      const bytes = Buffer.from(await res.body.arrayBuffer());
      const resHeaders = flattenHeaders(res.headers);
      let parsed: unknown = bytes;
      if (!opts.raw && isJsonType(resHeaders['content-type'])) {
        try {
          parsed = bytes.length === 0 ? undefined : JSON.parse(bytes.toString('utf8'));
        } catch (err) {
          throw new AppError(UPSTREAM_ERROR, 502, `${target} sent an unreadable response`, {
            details: { upstream: target },
            cause: err,
          });
        }
      }
      return { status: res.statusCode, headers: resHeaders, body: parsed };
    } catch (err) {
      // Our deadline is the only thing that aborts a request, whatever error undici surfaced for it.
      if (signal.aborted && !isAppError(err)) throw timedOut(target, err);
      throw upstreamErrorFromTransport(err, target);
    }
  }

  async function request<T>(opts: RequestOptions): Promise<UpstreamResponse<T>> {
    if (closed) throw unavailable(target, new Error('service client closed'));
    // abortOnReturn off: aborting a finished call's signal only cost a DOMException (with its stack)
    // per call; the deadline still aborts a call that runs out of time.
    const deadline = timeout(opts.timeoutMs ?? defaultTimeoutMs, {
      strategy: TimeoutStrategy.Aggressive,
      abortOnReturn: false,
    });
    const once = (signal: AbortSignal) => breaker.execute(({ signal: s }) => attempt(opts, s), signal);
    try {
      const res = await deadline.execute(({ signal }) =>
        isIdempotent(opts) && retries > 0
          ? retryPolicy.execute(({ signal: s }) => once(s), signal)
          : once(signal),
      );
      return res as UpstreamResponse<T>;
    } catch (err) {
      if (err instanceof BrokenCircuitError || err instanceof IsolatedCircuitError)
        throw unavailable(target, err);
      throw upstreamErrorFromTransport(err, target);
    }
  }

  return {
    target,
    request,
    async call<T>(opts: RequestOptions): Promise<T> {
      const res = await request<T>(opts);
      if (res.status >= 400) throw errorFromResponse(target, res);
      return res.body;
    },
    breakerState() {
      switch (breaker.state) {
        case CircuitState.Closed:
          return 'closed';
        case CircuitState.HalfOpen:
          return 'half-open';
        case CircuitState.Open:
        case CircuitState.Isolated:
          return 'open';
      }
    },
    async close() {
      closed = true;
      const all = [...pools.values()];
      pools.clear();
      await Promise.all(all.map((p) => p.close()));
    },
  };
}
