import { currentUser, type FastifyRequest } from '@tradeplane/kit';
import type { Actor } from '../domain/types.ts';

/** The user a request acts for, as handed on to risk and market-data. */
export function actorOf(req: FastifyRequest): Actor {
  const u = currentUser(req);
  return { userId: u.userId, roles: u.roles, plan: u.plan };
}

export function idempotencyKeyOf(req: FastifyRequest): string | undefined {
  const v = req.headers['idempotency-key'];
  if (typeof v !== 'string') return undefined;
  const key = v.trim();
  return key.length > 0 && key.length <= 255 ? key : undefined;
}
