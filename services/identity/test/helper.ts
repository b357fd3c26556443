import type { LightMyRequestResponse } from 'fastify';
import type { ServiceDefinition } from '@tradeplane/kit';
import { startTestService, type TestService } from '@tradeplane/kit/testing';
import type { DatabaseHandle } from '@tradeplane/kit';
import { identityService } from '../src/index.ts';

export const PASSWORD = 'correct-horse-battery';

export async function startIdentity(
  opts: { env?: Record<string, string>; database?: DatabaseHandle } = {},
): Promise<TestService> {
  return startTestService(identityService as unknown as ServiceDefinition, {
    startBackground: false,
    ...opts,
  });
}

let counter = 0;
/** A unique address per call, so tests in one file don't collide. */
export const uniqueEmail = (name = 'user') =>
  `${name}-${Date.now().toString(36)}-${(counter++).toString(36)}@example.com`;

type Json = Record<string, unknown>;

export async function post(
  t: TestService,
  url: string,
  body: unknown,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return t.service.app.inject({ method: 'POST', url, payload: body as Json, headers });
}

export async function register(
  t: TestService,
  email: string,
  password = PASSWORD,
): Promise<{ id: string; email: string; role: string }> {
  const res = await post(t, '/v1/auth/register', { email, password });
  if (res.statusCode !== 201) throw new Error(`register ${email}: ${res.statusCode} ${res.body}`);
  return res.json();
}

export interface Session {
  accessToken: string;
  refreshToken: string;
  expiresIn: number;
  tokenType: string;
}

export async function login(t: TestService, email: string, password = PASSWORD): Promise<Session> {
  const res = await post(t, '/v1/auth/login', { email, password });
  if (res.statusCode !== 200) throw new Error(`login ${email}: ${res.statusCode} ${res.body}`);
  return res.json();
}

/** Registers and logs in; returns the user id with the session. */
export async function signUp(
  t: TestService,
  email = uniqueEmail(),
): Promise<Session & { userId: string; email: string }> {
  const user = await register(t, email);
  return { ...(await login(t, email)), userId: user.id, email };
}

/** Headers of an anonymous client request forwarded by the gateway (a token without a user). */
export function viaGateway(t: TestService, clientIp: string): Record<string, string> {
  return {
    'x-internal-token': t.platform.internalAuth.mint('gateway', 'identity', {
      roles: [],
      plan: 'anonymous',
      scopes: [],
      via: 'anonymous',
    }),
    'x-forwarded-for': clientIp,
  };
}
