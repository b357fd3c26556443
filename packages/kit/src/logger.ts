import { pino, type Logger, type LoggerOptions } from 'pino';

/** Paths whose values never reach a log line. */
export const REDACT_PATHS = [
  'password',
  '*.password',
  'secret',
  '*.secret',
  'token',
  '*.token',
  'refreshToken',
  '*.refreshToken',
  'accessToken',
  '*.accessToken',
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["apca-api-secret-key"]',
  'req.headers["x-internal-token"]',
  'headers.authorization',
  'headers["apca-api-secret-key"]',
  'headers["x-internal-token"]',
];

export type LogLevel = 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';

export function loggerOptions(level: LogLevel, service?: string): LoggerOptions {
  return {
    level,
    base: service ? { service } : {},
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
  };
}

export function createLogger(level: LogLevel, service?: string): Logger {
  return pino(loggerOptions(level, service));
}

export type { Logger };
