import { Type } from 'typebox';
import { currentUser, ProblemSchema, type ServiceApp } from '@tradeplane/kit';
import type { SchedulerDeps } from '../domain/deps.ts';
import {
  createTrigger,
  deleteTrigger,
  getTrigger,
  listTriggerRuns,
  listTriggers,
  updateTrigger,
} from '../domain/manage-triggers.ts';
import type { SchedulerRuntime } from '../domain/scheduler-runtime.ts';
import type { Trigger, TriggerRun } from '../domain/trigger.ts';
import {
  CreateTriggerBody,
  PatchTriggerBody,
  RunList,
  RunsQuery,
  SchedulerStatusSchema,
  TriggerList,
  TriggerParams,
  TriggerSchema,
} from '../schemas/triggers.schemas.ts';

const tags = ['triggers'];
const errors = { 400: ProblemSchema, 401: ProblemSchema, 404: ProblemSchema };
const iso = (d: Date | null) => (d ? d.toISOString() : null);

const view = (t: Trigger) => ({
  id: t.id,
  name: t.name,
  kind: t.kind,
  schedule: t.schedule,
  target: t.target,
  misfirePolicy: t.misfirePolicy,
  enabled: t.enabled,
  nextFireAt: iso(t.nextFireAt),
  lastFiredAt: iso(t.lastFiredAt),
  createdAt: t.createdAt.toISOString(),
});

const runView = (r: TriggerRun) => ({
  id: r.id,
  scheduledFor: r.scheduledFor.toISOString(),
  firedAt: r.firedAt.toISOString(),
  misfire: r.misfire,
  status: r.status,
  reason: r.reason,
});

/** `/v1/triggers` (docs/realtime.md, "Triggers"): a user's own triggers and their runs. */
export async function triggerRoutes(
  app: ServiceApp,
  deps: SchedulerDeps,
  runtime: SchedulerRuntime,
): Promise<void> {
  // On the leader a change reaches the price watch now; elsewhere within SCHEDULER_PRICE_REFRESH_MS.
  const changed = async (t: Trigger) => {
    if (runtime.leadership.isLeader() && (t.kind === 'price' || runtime.prices.watchedSymbols.length > 0))
      await runtime.prices.refresh();
  };

  app.post(
    '/v1/triggers',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Create a trigger (cron, market open/close, price cross, news)',
        body: CreateTriggerBody,
        response: { 201: TriggerSchema, ...errors, 409: ProblemSchema, 503: ProblemSchema },
      },
    },
    async (req, reply) => {
      const t = await createTrigger(deps, currentUser(req).userId, req.body);
      req.log.info({ triggerId: t.id, kind: t.kind }, 'trigger created');
      await changed(t);
      return reply.code(201).send(view(t));
    },
  );

  app.get(
    '/v1/triggers',
    {
      config: { auth: 'user' },
      schema: { tags, summary: 'Your triggers, newest first', response: { 200: TriggerList, ...errors } },
    },
    async (req) => ({ items: (await listTriggers(deps, currentUser(req).userId)).map(view) }),
  );

  app.get(
    '/v1/triggers/scheduler-status',
    {
      config: { auth: 'admin' },
      schema: {
        tags,
        summary: 'Leader election as the answering instance sees it (admin)',
        response: { 200: SchedulerStatusSchema, ...errors, 403: ProblemSchema },
      },
    },
    async () => runtime.status(),
  );

  app.get(
    '/v1/triggers/:id',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'One trigger',
        params: TriggerParams,
        response: { 200: TriggerSchema, ...errors },
      },
    },
    async (req) => view(await getTrigger(deps, currentUser(req).userId, req.params.id)),
  );

  app.patch(
    '/v1/triggers/:id',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Change a trigger: enable or disable it, its schedule, target, name or misfire policy',
        params: TriggerParams,
        body: PatchTriggerBody,
        response: { 200: TriggerSchema, ...errors, 409: ProblemSchema, 503: ProblemSchema },
      },
    },
    async (req) => {
      const t = await updateTrigger(deps, currentUser(req).userId, req.params.id, req.body);
      await changed(t);
      return view(t);
    },
  );

  app.delete(
    '/v1/triggers/:id',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Delete a trigger and its run history',
        params: TriggerParams,
        response: { 204: Type.Null(), ...errors },
      },
    },
    async (req, reply) => {
      await deleteTrigger(deps, currentUser(req).userId, req.params.id);
      return reply.code(204).send(null);
    },
  );

  app.get(
    '/v1/triggers/:id/runs',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Fire history of a trigger, newest first',
        params: TriggerParams,
        querystring: RunsQuery,
        response: { 200: RunList, ...errors },
      },
    },
    async (req) => {
      const page = await listTriggerRuns(deps, currentUser(req).userId, req.params.id, {
        limit: req.query.limit,
        cursor: req.query.cursor,
      });
      return { items: page.items.map(runView), nextCursor: page.nextCursor };
    },
  );
}
