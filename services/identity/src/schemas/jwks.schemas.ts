import { Type } from 'typebox';

/** RFC 7517 §5: public keys only (EC P-256 today; crv/x/y cover OKP too). */
export const JwksResponse = Type.Object({
  keys: Type.Array(
    Type.Object({
      kty: Type.String(),
      crv: Type.Optional(Type.String()),
      x: Type.Optional(Type.String()),
      y: Type.Optional(Type.String()),
      kid: Type.String(),
      alg: Type.String(),
      use: Type.Literal('sig'),
    }),
  ),
});
