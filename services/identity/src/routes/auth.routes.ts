import { Type } from 'typebox';
import { ProblemSchema, type ServiceApp } from '@tradeplane/kit';
import type { IdentityDeps } from '../domain/deps.ts';
import { registerUser } from '../domain/register-user.ts';
import { logIn } from '../domain/log-in.ts';
import { refreshSession } from '../domain/refresh-session.ts';
import { logOut } from '../domain/log-out.ts';
import {
  LoginBody,
  RefreshBody,
  RegisterBody,
  RegisteredUser,
  TokenPairResponse,
} from '../schemas/auth.schemas.ts';
import { clientIp } from './client-ip.ts';

const tags = ['auth'];
// These routes are how a client gets credentials, so they take none.
const noCredentials: never[] = [];

export async function authRoutes(app: ServiceApp, deps: IdentityDeps): Promise<void> {
  app.post(
    '/v1/auth/register',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'Create an account',
        security: noCredentials,
        body: RegisterBody,
        response: { 201: RegisteredUser, 400: ProblemSchema, 401: ProblemSchema, 409: ProblemSchema },
      },
    },
    async (req, reply) => {
      const user = await registerUser(deps, req.body);
      return reply.code(201).send({ id: user.id, email: user.email, role: user.role });
    },
  );

  app.post(
    '/v1/auth/login',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'Exchange email and password for an access and a refresh token',
        description:
          'Attempts are limited per email and per client IP; over the limit the answer is 429 with Retry-After.',
        security: noCredentials,
        body: LoginBody,
        response: { 200: TokenPairResponse, 400: ProblemSchema, 401: ProblemSchema, 429: ProblemSchema },
      },
    },
    async (req) =>
      logIn(deps, { email: req.body.email, password: req.body.password, clientIp: clientIp(req) }),
  );

  app.post(
    '/v1/auth/refresh',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: 'Exchange a refresh token for a new token pair',
        description:
          'The presented token is spent. Presenting a spent token revokes every token of its session.',
        security: noCredentials,
        body: RefreshBody,
        response: { 200: TokenPairResponse, 400: ProblemSchema, 401: ProblemSchema },
      },
    },
    async (req) => refreshSession(deps, req.body.refreshToken),
  );

  app.post(
    '/v1/auth/logout',
    {
      config: { auth: 'public' },
      schema: {
        tags,
        summary: "Revoke the refresh token's session",
        security: noCredentials,
        body: RefreshBody,
        response: { 204: Type.Null(), 400: ProblemSchema, 401: ProblemSchema },
      },
    },
    async (req, reply) => {
      await logOut(deps, req.body.refreshToken);
      return reply.code(204).send(null);
    },
  );
}
