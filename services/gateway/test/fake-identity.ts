import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeKey {
  secret: string;
  userId: string;
}

/** A stand-in identity that verifies the API key pairs it is given (`/internal/api-keys/verify`). */
export function fakeIdentity(keys: Record<string, FakeKey>): Promise<{ server: Server; url: string }> {
  const server = createServer((req, res) => {
    void readBody(req).then((body) => {
      if (req.method !== 'POST' || req.url !== '/internal/api-keys/verify') {
        res.writeHead(404).end();
        return;
      }
      const { keyId, secret } = JSON.parse(body) as { keyId?: string; secret?: string };
      const known = keyId ? keys[keyId] : undefined;
      if (known && known.secret === secret) {
        res.writeHead(200, { 'content-type': 'application/json' });
        res.end(
          JSON.stringify({
            userId: known.userId,
            email: `${known.userId}@example.com`,
            roles: ['user'],
            plan: 'free',
            apiKeyId: `key-${known.userId}`,
          }),
        );
        return;
      }
      res.writeHead(401, { 'content-type': 'application/problem+json' });
      res.end(
        JSON.stringify({
          type: 'about:blank',
          title: 'Unauthorized',
          status: 401,
          detail: 'Invalid API key',
          code: 'AUTH_INVALID_API_KEY',
        }),
      );
    });
  });
  return new Promise((resolve) =>
    server.listen(0, '127.0.0.1', () =>
      resolve({ server, url: `http://127.0.0.1:${(server.address() as AddressInfo).port}` }),
    ),
  );
}

async function readBody(req: IncomingMessage): Promise<string> {
  let body = '';
  for await (const chunk of req) body += String(chunk);
  return body;
}
