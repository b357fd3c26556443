import { Type } from 'typebox';
import { currentUser, ProblemSchema, type ServiceApp } from '@tradeplane/kit';
import type { NotificationsDeps } from '../domain/deps.ts';
import { deleteDevice, listDevices, registerDevice } from '../domain/devices.ts';
import { DeviceBody, DeviceSchema, DevicesResponse, IdParams } from '../schemas/notifications.schemas.ts';
import { deviceView } from './views.ts';

const tags = ['devices'];
const errors = { 400: ProblemSchema, 401: ProblemSchema };

/** Devices (FCM registration tokens) that receive push notifications. */
export async function devicesRoutes(app: ServiceApp, deps: NotificationsDeps): Promise<void> {
  app.get(
    '/v1/notifications/devices',
    {
      config: { auth: 'user' },
      schema: { tags, summary: 'Registered devices', response: { 200: DevicesResponse, ...errors } },
    },
    async (req) => ({ items: (await listDevices(deps, currentUser(req).userId)).map(deviceView) }),
  );

  app.post(
    '/v1/notifications/devices',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Register a device for push (registering a token again updates it)',
        body: DeviceBody,
        response: { 201: DeviceSchema, ...errors, 409: ProblemSchema },
      },
    },
    async (req, reply) =>
      reply.code(201).send(deviceView(await registerDevice(deps, currentUser(req).userId, req.body))),
  );

  app.delete(
    '/v1/notifications/devices/:id',
    {
      config: { auth: 'user' },
      schema: {
        tags,
        summary: 'Forget a device',
        params: IdParams,
        response: { 204: Type.Null(), ...errors, 404: ProblemSchema },
      },
    },
    async (req, reply) => {
      await deleteDevice(deps, currentUser(req).userId, req.params.id);
      return reply.code(204).send(null);
    },
  );
}
