/**
 * The one HTTP path of the dashboard: same-origin `fetch` to the gateway's public API, typed by the
 * generated OpenAPI types (schema.d.ts). Errors come back as RFC 9457 problem+json and are thrown as
 * `ApiError` carrying the server's own words (`detail`) and stable `code`.
 *
 * Authentication is plugged in by session.ts (`configureAuth`): a bearer access token on every call,
 * and one refresh + retry when the gateway answers 401.
 */
import type { paths } from './schema';

export interface Problem {
  type?: string;
  title?: string;
  status: number;
  detail?: string;
  code?: string;
  requestId?: string;
  errorId?: string;
  [key: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly code: string;
  readonly problem: Problem;
  /** From Retry-After (429, 503): when trying again makes sense. */
  readonly retryAfterMs: number | undefined;
  constructor(problem: Problem, retryAfterMs?: number) {
    super(problemMessage(problem));
    this.name = 'ApiError';
    this.status = problem.status;
    this.code = problem.code ?? `HTTP_${problem.status}`;
    this.problem = problem;
    this.retryAfterMs = retryAfterMs;
  }
}

function retryAfter(res: Response): number | undefined {
  const v = res.headers.get('retry-after');
  if (!v) return undefined;
  const s = Number(v);
  if (Number.isFinite(s)) return Math.max(0, s * 1000);
  const at = Date.parse(v);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** The sentence to show for a refused request: the server's own explanation first. */
export function problemMessage(p: Problem): string {
  const detail = typeof p.detail === 'string' && p.detail.trim() ? p.detail.trim() : undefined;
  const base = detail ?? p.title ?? `Request failed (${p.status})`;
  const errors = Array.isArray(p.errors) ? (p.errors as { line?: number; message?: string }[]) : [];
  const more = errors
    .slice(0, 3)
    .map((e) => (e.line !== undefined ? `line ${e.line}: ${e.message ?? ''}` : (e.message ?? '')))
    .filter(Boolean);
  const id = p.errorId ? ` (error id ${p.errorId})` : '';
  return (more.length ? `${base}: ${more.join('; ')}` : base) + id;
}

export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return err.message;
  if (err instanceof Error) return err.message;
  return String(err);
}

// ------------------------------------------------------------------------------------------ auth

export interface AuthHooks {
  /** A valid access token, refreshed first when it is about to expire; null when signed out. */
  token(): Promise<string | null>;
  /** Called on a 401 to a call that carried `stale`: refresh, and return the new token or null. */
  refreshAfter401(stale: string): Promise<string | null>;
}

let auth: AuthHooks = { token: async () => null, refreshAfter401: async () => null };

export function configureAuth(hooks: AuthHooks): void {
  auth = hooks;
}

// --------------------------------------------------------------------------------------- typing

export type HttpMethod = 'get' | 'post' | 'put' | 'patch' | 'delete';
type Op<P extends keyof paths, M extends HttpMethod> = NonNullable<paths[P][M]>;
/** The paths that have an operation for method M. */
export type PathsFor<M extends HttpMethod> = {
  [P in keyof paths]: [Op<P, M>] extends [never] ? never : P;
}[keyof paths];
type Params<O> = O extends { parameters: infer X } ? X : never;
type QueryOf<O> = Params<O> extends { query?: infer Q } ? ([Q] extends [never] ? never : Q) : never;
type PathParamsOf<O> = Params<O> extends { path?: infer Q } ? ([Q] extends [never] ? never : Q) : never;
type BodyOf<O> = O extends { requestBody?: { content: { 'application/json': infer B } } } ? B : never;
type JsonOf<R> = R extends { content: { 'application/json': infer J } } ? J : undefined;
type SuccessOf<O> = O extends { responses: infer R }
  ? 200 extends keyof R
    ? JsonOf<R[200]>
    : 201 extends keyof R
      ? JsonOf<R[201]>
      : 207 extends keyof R
        ? JsonOf<R[207]>
        : undefined
  : never;

/** What a call sends: query (server defaults fill what is left out), path parameters, JSON body. */
export interface Init<O> {
  query?: Partial<QueryOf<O>>;
  path?: PathParamsOf<O>;
  body?: BodyOf<O>;
  headers?: Record<string, string>;
  signal?: AbortSignal;
}
export type Req<P extends keyof paths, M extends HttpMethod> = Init<Op<P, M>>;
export type Res<P extends keyof paths, M extends HttpMethod> = SuccessOf<Op<P, M>>;
/** The JSON body type of an operation. */
export type BodyFor<P extends keyof paths, M extends HttpMethod> = BodyOf<Op<P, M>>;

// ------------------------------------------------------------------------------------ transport

export interface RawInit {
  query?: Record<string, string | number | boolean | undefined | null>;
  path?: Record<string, string>;
  body?: unknown;
  headers?: Record<string, string>;
  signal?: AbortSignal;
  /** Send the access token (default true). */
  auth?: boolean;
}

export function buildUrl(template: string, init: Pick<RawInit, 'query' | 'path'>): string {
  const path = template.replace(/\{([^}]+)\}/g, (_m, name: string) => {
    const v = init.path?.[name];
    if (v === undefined) throw new Error(`missing path parameter ${name} for ${template}`);
    return encodeURIComponent(v);
  });
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(init.query ?? {})) {
    if (v === undefined || v === null || v === '') continue;
    params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}?${qs}` : path;
}

async function parse(res: Response): Promise<unknown> {
  if (res.status === 204 || res.status === 304) return undefined;
  const text = await res.text();
  if (!text) return undefined;
  const type = res.headers.get('content-type') ?? '';
  if (type.includes('json')) {
    try {
      return JSON.parse(text);
    } catch {
      return text;
    }
  }
  return text;
}

/** Untyped transport: the typed `api` below and the hand-typed calls both go through it. */
export async function rawRequest(method: string, template: string, init: RawInit = {}): Promise<unknown> {
  const url = buildUrl(template, init);
  const send = async (token: string | null): Promise<Response> => {
    const headers: Record<string, string> = { accept: 'application/json', ...init.headers };
    if (init.body !== undefined) headers['content-type'] = 'application/json';
    if (token) headers.authorization = `Bearer ${token}`;
    try {
      return await fetch(url, {
        method: method.toUpperCase(),
        headers,
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        ...(init.signal ? { signal: init.signal } : {}),
      });
    } catch (err) {
      if ((err as Error).name === 'AbortError') throw err;
      throw new ApiError({
        status: 0,
        code: 'NETWORK',
        title: 'Network error',
        detail: 'Cannot reach the Tradeplane gateway. Check your connection; the request was not completed.',
      });
    }
  };
  const useAuth = init.auth !== false;
  let token = useAuth ? await auth.token() : null;
  let res = await send(token);
  if (res.status === 401 && useAuth && token) {
    token = await auth.refreshAfter401(token);
    if (token) res = await send(token);
  }
  const body = await parse(res);
  if (!res.ok) {
    const problem: Problem =
      body && typeof body === 'object'
        ? { status: res.status, ...(body as Record<string, unknown>) }
        : {
            status: res.status,
            title: res.statusText,
            detail: typeof body === 'string' ? body.slice(0, 300) : '',
          };
    throw new ApiError(problem, retryAfter(res));
  }
  return body;
}

function typed<M extends HttpMethod>(method: M) {
  return <P extends PathsFor<M>>(path: P, init: Req<P, M> = {} as Req<P, M>): Promise<Res<P, M>> =>
    rawRequest(method, path as string, init as RawInit) as Promise<Res<P, M>>;
}

/** Calls checked against the gateway's OpenAPI: `api.get('/v1/accounts')`. */
export const api = {
  get: typed('get'),
  post: typed('post'),
  put: typed('put'),
  patch: typed('patch'),
  delete: typed('delete'),
};
