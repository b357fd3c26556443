import { ProblemSchema, type ServiceApp } from '@tradeplane/kit';
import { Type } from 'typebox';
import {
  closeAccount,
  createAccount,
  findAccount,
  listUserAccounts,
  resetAccount,
} from '../domain/accounts.ts';
import type { OrdersDeps } from '../domain/deps.ts';
import { requestHash, withIdempotencyKey } from '../domain/idempotency.ts';
import { publicAccount } from '../store/accounts.store.ts';
import {
  AccountListResponse,
  AccountParams,
  AccountSchema,
  CreateAccountBody,
  ResetAccountBody,
} from '../schemas/accounts.schemas.ts';
import { actorOf, idempotencyKeyOf } from './actor.ts';
import { sendKept } from './orders.routes.ts';
import { accountView } from './presenters.ts';

const tags = ['accounts'];
const errors = {
  400: ProblemSchema,
  401: ProblemSchema,
  404: ProblemSchema,
  409: ProblemSchema,
  422: ProblemSchema,
  503: ProblemSchema,
};

/** `/v1/accounts`: a user's trading accounts (paper by default, or Alpaca with the user's keys). */
export async function accountsRoutes(app: ServiceApp, deps: OrdersDeps): Promise<void> {
  app.get(
    '/v1/accounts',
    {
      config: { auth: 'user' },
      schema: { tags, summary: "The user's accounts", response: { 200: AccountListResponse, ...errors } },
    },
    async (req) => ({ data: (await listUserAccounts(deps, actorOf(req).userId)).map(accountView) }),
  );

  app.post(
    '/v1/accounts',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Open an account',
        body: CreateAccountBody,
        response: { 201: AccountSchema, ...errors },
      },
    },
    async (req, reply) => {
      const b = req.body;
      const account = await createAccount(deps, actorOf(req).userId, {
        name: b.name,
        cash: b.cash,
        broker: b.broker,
        marginEnabled: b.marginEnabled,
        commission: b.commission
          ? {
              perShare: b.commission.perShare ?? '0',
              perOrder: b.commission.perOrder ?? '0',
              bps: b.commission.bps ?? '0',
              min: b.commission.min ?? '0',
            }
          : undefined,
        alpaca: b.alpaca,
      });
      return reply.code(201).send(accountView(account));
    },
  );

  app.get(
    '/v1/accounts/:accountId',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'An account',
        params: AccountParams,
        response: { 200: AccountSchema, ...errors },
      },
    },
    async (req) =>
      accountView(publicAccount(await findAccount(deps, actorOf(req).userId, req.params.accountId))),
  );

  app.post(
    '/v1/accounts/:accountId/reset',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Reset a paper account to a cash amount (cancels its open orders); accepts Idempotency-Key',
        params: AccountParams,
        headers: Type.Object({ 'idempotency-key': Type.Optional(Type.String({ maxLength: 255 })) }),
        body: ResetAccountBody,
        response: { 200: AccountSchema, ...errors },
      },
    },
    async (req, reply) => {
      const actor = actorOf(req);
      const run = async () => ({
        status: 200,
        body: accountView(await resetAccount(deps, actor.userId, req.params.accountId, req.body.cash)),
      });
      const key = idempotencyKeyOf(req);
      if (!key) return reply.send((await run()).body);
      const path = `/v1/accounts/${req.params.accountId}/reset`;
      return sendKept(
        reply,
        await withIdempotencyKey(
          deps,
          { userId: actor.userId, key, hash: requestHash('POST', path, req.body), instance: req.url },
          run,
        ),
      );
    },
  );

  app.post(
    '/v1/accounts/:accountId/close',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Close an account without positions (cancels its open orders)',
        params: AccountParams,
        response: { 200: AccountSchema, ...errors },
      },
    },
    async (req) => accountView(await closeAccount(deps, actorOf(req), req.params.accountId)),
  );
}
