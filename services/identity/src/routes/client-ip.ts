import { isIP } from 'node:net';
import type { FastifyRequest } from '@tradeplane/kit';

/**
 * The client's address. Behind the gateway the socket peer is the gateway, which forwards the
 * client's address in x-forwarded-for; that header is believed only on a request carrying a
 * verified internal token from the gateway, since anyone else could write it.
 */
export function clientIp(req: FastifyRequest): string {
  if (req.auth?.issuer === 'gateway') {
    const header = req.headers['x-forwarded-for'];
    const first = (Array.isArray(header) ? header[0] : header)?.split(',')[0]?.trim();
    if (first && isIP(first) !== 0) return first;
  }
  return req.ip;
}
