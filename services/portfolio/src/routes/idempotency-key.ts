import type { FastifyRequest } from '@tradeplane/kit';
import { PortfolioErrors } from '../domain/errors.ts';

/** The request's Idempotency-Key (IETF draft "The Idempotency-Key HTTP Header Field"), trimmed; undefined when absent. */
export function idempotencyKeyOf(req: FastifyRequest): string | undefined {
  const v = req.headers['idempotency-key'];
  if (typeof v !== 'string') return undefined;
  const key = v.trim();
  if (key.length === 0) return undefined;
  if (key.length > 255) throw PortfolioErrors.invalidClose('Idempotency-Key is at most 255 characters');
  return key;
}
