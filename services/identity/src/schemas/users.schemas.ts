import { Type } from 'typebox';
import { RoleSchema } from './auth.schemas.ts';

export const ProfileResponse = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  role: RoleSchema,
  roles: Type.Array(Type.String()),
  plan: Type.String(),
  createdAt: Type.String({ format: 'date-time' }),
});

export const UserIdParams = Type.Object({ id: Type.String({ minLength: 1, maxLength: 64 }) });
