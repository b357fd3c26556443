import { unauthorized, type FastifyRequest } from '@tradeplane/kit';

/**
 * Who may read market data: a signed-in user (clients reach us through the gateway, which
 * authenticates every one of them), or a platform service acting on its own behalf — the paper
 * exchange pricing fills, the scheduler watching prices — which carries no user (ARCHITECTURE §4:
 * agents → market-data, orders → market prices). Anonymous requests get a 401.
 */
export async function requireReader(req: FastifyRequest): Promise<void> {
  if (req.auth?.userId || req.auth?.via === 'service') return;
  throw unauthorized();
}

/** Route options of a market-data read: the kit's rule is 'public' and `requireReader` decides. */
export const readerRoute = { config: { auth: 'public' as const }, onRequest: requireReader };
