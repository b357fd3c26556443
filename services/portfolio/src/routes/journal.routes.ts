import { Type } from 'typebox';
import { currentUser, ProblemSchema, type ServiceApp } from '@tradeplane/kit';
import type { PortfolioDeps } from '../domain/deps.ts';
import { createEntry, getJournalEntry, listJournal, patchEntry, removeEntry } from '../domain/journal.ts';
import {
  IdParams,
  JournalCreateBody,
  JournalEntryView,
  JournalList,
  JournalPatchBody,
  JournalQuery,
} from '../schemas/portfolio.schemas.ts';
import { journalView } from './present.ts';

const tags = ['journal'];
const errors = { 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema };

/** The trade journal: notes and tags on the user's own trades. */
export async function journalRoutes(app: ServiceApp, deps: PortfolioDeps): Promise<void> {
  app.get(
    '/v1/journal',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Journal entries, newest first',
        querystring: JournalQuery,
        response: { 200: JournalList, ...errors },
      },
    },
    async (req) => {
      const page = await listJournal(deps, currentUser(req).userId, req.query);
      return { data: page.data.map(journalView), nextCursor: page.nextCursor };
    },
  );

  app.post(
    '/v1/journal',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Note a trade',
        body: JournalCreateBody,
        response: { 201: JournalEntryView, ...errors, 409: ProblemSchema },
      },
    },
    async (req, reply) =>
      reply.code(201).send(journalView(await createEntry(deps, currentUser(req).userId, req.body))),
  );

  app.get(
    '/v1/journal/:id',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'One journal entry',
        params: IdParams,
        response: { 200: JournalEntryView, ...errors },
      },
    },
    async (req) => journalView(await getJournalEntry(deps, currentUser(req).userId, req.params.id)),
  );

  app.patch(
    '/v1/journal/:id',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Change notes or tags',
        params: IdParams,
        body: JournalPatchBody,
        response: { 200: JournalEntryView, ...errors },
      },
    },
    async (req) => journalView(await patchEntry(deps, currentUser(req).userId, req.params.id, req.body)),
  );

  app.delete(
    '/v1/journal/:id',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Delete a journal entry',
        params: IdParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await removeEntry(deps, currentUser(req).userId, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
