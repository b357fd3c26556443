import { Type } from 'typebox';
import { currentUser, type FastifyRequest, type ServiceApp } from '@tradeplane/kit';
import type { PortfolioDeps } from '../domain/deps.ts';
import { defaultAccount } from '../domain/owned.ts';
import {
  addSymbol,
  allWatchlists,
  createWatchlist,
  findWatchlist,
  removeSymbol,
  removeWatchlist,
  replaceWatchlist,
} from '../domain/watchlists.ts';
import {
  AlpacaAddSymbol,
  AlpacaWatchlist,
  AlpacaWatchlistCreate,
  AlpacaWatchlistSummary,
  AlpacaWatchlistUpdate,
  alpacaErrors,
  WatchlistIdParams,
  WatchlistNameQuery,
  WatchlistSymbolParams,
} from '../schemas/alpaca.schemas.ts';
import { alpacaWatchlist, alpacaWatchlistSummary } from './present.ts';

const tags = ['alpaca'];
const BASE = '/alpaca/v2/watchlists';
// find-my-way reads ':' as a parameter; '::' is a literal colon (Alpaca's `/v2/watchlists:by_name`).
const BY_NAME = '/alpaca/v2/watchlists::by_name';

/** Alpaca's watchlists on the user's default account: CRUD by id and by name. */
export async function watchlistRoutes(app: ServiceApp, deps: PortfolioDeps): Promise<void> {
  const account = (req: FastifyRequest) => defaultAccount(deps.db, currentUser(req).userId);
  const one = { 200: AlpacaWatchlist, ...alpacaErrors };

  app.get(
    BASE,
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Watchlists (Alpaca)',
        response: { 200: Type.Array(AlpacaWatchlistSummary), ...alpacaErrors },
      },
    },
    async (req) => (await allWatchlists(deps, await account(req))).map(alpacaWatchlistSummary),
  );

  app.post(
    BASE,
    {
      config: { auth: 'user' },
      schema: { tags, summary: 'Create a watchlist (Alpaca)', body: AlpacaWatchlistCreate, response: one },
    },
    async (req) =>
      alpacaWatchlist(await createWatchlist(deps, await account(req), req.body.name, req.body.symbols ?? [])),
  );

  app.get(
    `${BASE}/:id`,
    {
      config: { auth: 'user' },
      schema: { tags, summary: 'A watchlist (Alpaca)', params: WatchlistIdParams, response: one },
    },
    async (req) => alpacaWatchlist(await findWatchlist(deps, await account(req), { id: req.params.id })),
  );

  app.put(
    `${BASE}/:id`,
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Rename or replace the symbols (Alpaca)',
        params: WatchlistIdParams,
        body: AlpacaWatchlistUpdate,
        response: one,
      },
    },
    async (req) =>
      alpacaWatchlist(
        await replaceWatchlist(deps, await account(req), req.params.id, {
          name: req.body.name,
          symbols: req.body.symbols ?? undefined,
        }),
      ),
  );

  app.post(
    `${BASE}/:id`,
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Add a symbol (Alpaca)',
        params: WatchlistIdParams,
        body: AlpacaAddSymbol,
        response: one,
      },
    },
    async (req) => alpacaWatchlist(await addSymbol(deps, await account(req), req.params.id, req.body.symbol)),
  );

  app.delete(
    `${BASE}/:id/:symbol`,
    {
      config: { auth: 'user' },
      schema: { tags, summary: 'Remove a symbol (Alpaca)', params: WatchlistSymbolParams, response: one },
    },
    async (req) =>
      alpacaWatchlist(await removeSymbol(deps, await account(req), req.params.id, req.params.symbol)),
  );

  app.delete(
    `${BASE}/:id`,
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Delete a watchlist (Alpaca)',
        params: WatchlistIdParams,
        response: { 204: Type.Null(), ...alpacaErrors },
      },
    },
    async (req, reply) => {
      await removeWatchlist(deps, await account(req), req.params.id);
      return reply.code(204).send(null);
    },
  );

  // By name.
  app.get(
    BY_NAME,
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'A watchlist by name (Alpaca)',
        querystring: WatchlistNameQuery,
        response: one,
      },
    },
    async (req) => alpacaWatchlist(await findWatchlist(deps, await account(req), { name: req.query.name })),
  );

  app.put(
    BY_NAME,
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Update a watchlist by name (Alpaca)',
        querystring: WatchlistNameQuery,
        body: AlpacaWatchlistUpdate,
        response: one,
      },
    },
    async (req) => {
      const a = await account(req);
      const w = await findWatchlist(deps, a, { name: req.query.name });
      return alpacaWatchlist(
        await replaceWatchlist(deps, a, w.id, {
          name: req.body.name,
          symbols: req.body.symbols ?? undefined,
        }),
      );
    },
  );

  app.post(
    BY_NAME,
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Add a symbol to a watchlist by name (Alpaca)',
        querystring: WatchlistNameQuery,
        body: AlpacaAddSymbol,
        response: one,
      },
    },
    async (req) => {
      const a = await account(req);
      const w = await findWatchlist(deps, a, { name: req.query.name });
      return alpacaWatchlist(await addSymbol(deps, a, w.id, req.body.symbol));
    },
  );

  app.delete(
    BY_NAME,
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Delete a watchlist by name (Alpaca)',
        querystring: WatchlistNameQuery,
        response: { 204: Type.Null(), ...alpacaErrors },
      },
    },
    async (req, reply) => {
      const a = await account(req);
      const w = await findWatchlist(deps, a, { name: req.query.name });
      await removeWatchlist(deps, a, w.id);
      return reply.code(204).send(null);
    },
  );
}
