import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { Type } from 'typebox';
import { AppError, isAppError, problemType, statusTitle, toProblem, type Problem } from './errors.ts';
import { uuidv7 } from './ids.ts';
import { isTransientDbConflict } from './db.ts';

/** The problem+json schema (RFC 9457) routes declare for their error responses. */
export const ProblemSchema = Type.Object(
  {
    type: Type.String(),
    title: Type.String(),
    status: Type.Integer(),
    detail: Type.String(),
    code: Type.String(),
    instance: Type.Optional(Type.String()),
    requestId: Type.Optional(Type.String()),
    errorId: Type.Optional(Type.String()),
  },
  { additionalProperties: true, $id: 'Problem' },
);

export function sendProblem(
  reply: FastifyReply,
  problem: Problem,
  headers?: Record<string, string>,
): FastifyReply {
  if (headers) void reply.headers(headers);
  return reply.code(problem.status).type('application/problem+json').send(problem);
}

interface AjvError {
  instancePath?: string;
  message?: string;
  params?: Record<string, unknown>;
  keyword?: string;
}

function validationProblem(err: FastifyError, req: FastifyRequest): Problem {
  const errors = (err.validation as AjvError[] | undefined)?.map((v) => {
    const missing = v.params?.missingProperty as string | undefined;
    const path = `${err.validationContext ?? 'body'}${v.instancePath ?? ''}${missing ? `/${missing}` : ''}`;
    return { path, message: v.message ?? 'is invalid' };
  });
  return {
    type: problemType('VALIDATION_FAILED'),
    title: statusTitle(400),
    status: 400,
    detail: errors?.length ? `${errors[0]!.path} ${errors[0]!.message}` : err.message,
    code: 'VALIDATION_FAILED',
    instance: req.url,
    requestId: req.id,
    errors,
  };
}

/**
 * The one error handler: AppError → its status and code; schema violations → 400 with each
 * failing path; Fastify's own client errors (bad JSON, body too large, wrong content type) keep
 * their status; anything else is a 500 that hides internals and carries an error id that is in
 * the logs.
 */
export function problemFromError(
  err: FastifyError | AppError | Error,
  req: FastifyRequest,
): { problem: Problem; headers?: Record<string, string> } {
  if (isAppError(err)) {
    if (err.status >= 500) req.log.warn({ code: err.code, err }, err.message);
    return { problem: toProblem(err, req.url, req.id), ...(err.headers ? { headers: err.headers } : {}) };
  }
  const fe = err as FastifyError;
  if (fe.validation) return { problem: validationProblem(fe, req) };
  const status = fe.statusCode;
  if (status !== undefined && status >= 400 && status < 500) {
    const code =
      status === 400 && (fe.code === 'FST_ERR_CTP_INVALID_JSON_BODY' || err instanceof SyntaxError)
        ? 'INVALID_JSON'
        : status === 429
          ? 'RATE_LIMITED'
          : (fe.code ?? `HTTP_${status}`).replace(/^FST_ERR_/, 'REQUEST_');
    return {
      problem: {
        type: problemType(code),
        title: statusTitle(status),
        status,
        detail: err.message,
        code,
        instance: req.url,
        requestId: req.id,
      },
    };
  }
  if (isTransientDbConflict(err)) {
    // The transaction was rolled back whole (a deadlock, a serialization failure, a lock wait
    // cut short): nothing was written, and the same request sent again may well go through.
    req.log.warn({ err, pgCode: (err as { code?: string }).code }, 'transaction conflict; answered 503');
    return {
      problem: {
        type: problemType('TRANSACTION_CONFLICT'),
        title: statusTitle(503),
        status: 503,
        detail: 'The request met a concurrent change and nothing was saved; send it again.',
        code: 'TRANSACTION_CONFLICT',
        instance: req.url,
        requestId: req.id,
      },
      headers: { 'retry-after': '1' },
    };
  }
  const errorId = uuidv7();
  req.log.error({ err, errorId }, 'unhandled error');
  return {
    problem: {
      type: problemType('INTERNAL'),
      title: statusTitle(500),
      status: 500,
      detail: 'An internal error occurred. Quote the error id when reporting it.',
      code: 'INTERNAL',
      instance: req.url,
      requestId: req.id,
      errorId,
    },
  };
}

/** Alpaca's error body (`{"code": 40410000, "message": "…"}`): the status followed by 10000 + a detail number. */
export function alpacaErrorBody(problem: Problem): { code: number; message: string } {
  return { code: problem.status * 100_000 + 10_000, message: problem.detail };
}

export function installErrorHandling(app: FastifyInstance): void {
  app.setErrorHandler((err: FastifyError | AppError | Error, req, reply) => {
    const { problem, headers } = problemFromError(err, req);
    // The Alpaca-compatible surface answers errors the way Alpaca's clients parse them.
    if (req.url.startsWith('/alpaca/')) {
      if (headers) void reply.headers(headers);
      return reply.code(problem.status).type('application/json').send(alpacaErrorBody(problem));
    }
    return sendProblem(reply, problem, headers);
  });

  app.setNotFoundHandler((req, reply) => {
    const problem = toProblem(
      new AppError('NOT_FOUND', 404, `No route for ${req.method} ${req.url.split('?')[0]}`),
      req.url,
      req.id,
    );
    if (req.url.startsWith('/alpaca/'))
      return reply.code(404).type('application/json').send(alpacaErrorBody(problem));
    return sendProblem(reply, problem);
  });
}
