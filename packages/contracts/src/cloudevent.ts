import { Type, type Static, type TSchema } from 'typebox';

/** CloudEvents 1.0 JSON envelope (structured mode) with our three extensions. */
export const CloudEventEnvelope = Type.Object({
  specversion: Type.Literal('1.0'),
  id: Type.String({ minLength: 1 }),
  source: Type.String({ minLength: 1 }),
  type: Type.String({ minLength: 1 }),
  time: Type.String(),
  subject: Type.Optional(Type.String()),
  datacontenttype: Type.Literal('application/json'),
  data: Type.Unknown(),
  correlationid: Type.Optional(Type.String()),
  causationid: Type.Optional(Type.String()),
  userid: Type.Optional(Type.String()),
});

export interface CloudEvent<T = unknown> extends Omit<Static<typeof CloudEventEnvelope>, 'data'> {
  data: T;
}

/** A catalog entry: the event type name and the schema of its `data`. */
export interface EventDefinition<S extends TSchema = TSchema> {
  type: string;
  data: S;
}

export const defineEvent = <S extends TSchema>(type: string, data: S): EventDefinition<S> => ({ type, data });
