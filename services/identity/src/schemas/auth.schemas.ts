import { Type } from 'typebox';
import { EMAIL_MAX_LENGTH, PASSWORD_MAX_LENGTH, PASSWORD_MIN_LENGTH } from '../domain/accounts.ts';

export const RoleSchema = Type.Union([Type.Literal('user'), Type.Literal('admin')]);

export const RegisterBody = Type.Object(
  {
    email: Type.String({
      format: 'email',
      maxLength: EMAIL_MAX_LENGTH,
      description: 'Compared case-insensitively; stored lowercase.',
    }),
    password: Type.String({ minLength: PASSWORD_MIN_LENGTH, maxLength: PASSWORD_MAX_LENGTH }),
  },
  { additionalProperties: false },
);

export const RegisteredUser = Type.Object({
  id: Type.String({ format: 'uuid' }),
  email: Type.String(),
  role: RoleSchema,
});

// No format or policy checks on login: any wrong pair gets the one 401, whatever its shape.
export const LoginBody = Type.Object(
  {
    email: Type.String({ minLength: 1, maxLength: EMAIL_MAX_LENGTH }),
    password: Type.String({ minLength: 1, maxLength: PASSWORD_MAX_LENGTH }),
  },
  { additionalProperties: false },
);

export const TokenPairResponse = Type.Object({
  accessToken: Type.String({ description: 'ES256 JWT; verify with /.well-known/jwks.json' }),
  refreshToken: Type.String({ description: 'Opaque; single use: each refresh returns a new one' }),
  expiresIn: Type.Integer({ description: 'Access token lifetime in seconds' }),
  tokenType: Type.Literal('Bearer'),
});

export const RefreshBody = Type.Object(
  { refreshToken: Type.String({ minLength: 1, maxLength: 512 }) },
  { additionalProperties: false },
);
