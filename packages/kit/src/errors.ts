/**
 * The one error type of the platform. `code` is stable and documented (docs/errors.md); `message`
 * is safe to show to a client; `details` carries structured, client-safe context.
 */
export class AppError extends Error {
  readonly code: string;
  readonly status: number;
  readonly details: Record<string, unknown> | undefined;
  readonly headers: Record<string, string> | undefined;

  constructor(
    code: string,
    status: number,
    message: string,
    options: { details?: Record<string, unknown>; headers?: Record<string, string>; cause?: unknown } = {},
  ) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = 'AppError';
    this.code = code;
    this.status = status;
    this.details = options.details;
    this.headers = options.headers;
  }
}

export const isAppError = (e: unknown): e is AppError => e instanceof AppError;

export const notFound = (code: string, message = 'Not found') => new AppError(code, 404, message);
export const badRequest = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(code, 400, message, details ? { details } : {});
export const conflict = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(code, 409, message, details ? { details } : {});
export const unauthorized = (message = 'Authentication required', code = 'AUTH_UNAUTHENTICATED') =>
  new AppError(code, 401, message);
export const forbidden = (message = 'Not allowed', code = 'AUTH_FORBIDDEN') =>
  new AppError(code, 403, message);
export const unprocessable = (code: string, message: string, details?: Record<string, unknown>) =>
  new AppError(code, 422, message, details ? { details } : {});
export const unavailable = (code: string, message: string) => new AppError(code, 503, message);

/** RFC 9457 problem details, with our stable `code` and the request id as extensions. */
export interface Problem {
  type: string;
  title: string;
  status: number;
  detail: string;
  code: string;
  instance?: string;
  requestId?: string;
  errorId?: string;
  errors?: unknown;
  [key: string]: unknown;
}

const TITLES: Record<number, string> = {
  400: 'Bad Request',
  401: 'Unauthorized',
  403: 'Forbidden',
  404: 'Not Found',
  405: 'Method Not Allowed',
  409: 'Conflict',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
  422: 'Unprocessable Content',
  429: 'Too Many Requests',
  500: 'Internal Server Error',
  502: 'Bad Gateway',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
};

export function statusTitle(status: number): string {
  return TITLES[status] ?? (status >= 500 ? 'Server Error' : 'Client Error');
}

export function problemType(code: string): string {
  return `https://tradeplane.dev/problems/${code.toLowerCase().replace(/_/g, '-')}`;
}

export function toProblem(err: AppError, instance?: string, requestId?: string): Problem {
  const p: Problem = {
    type: problemType(err.code),
    title: statusTitle(err.status),
    status: err.status,
    detail: err.message,
    code: err.code,
  };
  if (instance) p.instance = instance;
  if (requestId) p.requestId = requestId;
  if (err.details) Object.assign(p, err.details);
  return p;
}
