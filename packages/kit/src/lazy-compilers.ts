import ValidatorSelector from '@fastify/ajv-compiler';
import SerializerSelector from '@fastify/fast-json-stringify-compiler';

/**
 * Fastify's own validator (Ajv) and serializer (fast-json-stringify) compilers, made lazy: a
 * route's schema is compiled the first time a request needs it rather than when the server
 * starts. Compiling every schema of every service up front was a large share of an embedded
 * start; a route pays a few milliseconds once instead. Schemas are still checked at start by the
 * type provider and in every route test, which hit each schema.
 */
type Compile<F> = (route: unknown) => F;
type Factory<F> = (externalSchemas: unknown, options?: unknown) => Compile<F>;

interface Validator {
  (data: unknown): unknown;
  errors?: unknown;
}

function lazyValidators(build: Factory<Validator>): Factory<Validator> {
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options);
    return (route) => {
      let fn: Validator | undefined;
      const validate = ((data: unknown) => (fn ??= compile(route))(data)) as Validator;
      // Fastify reads `errors` off the function after a failed validation.
      Object.defineProperty(validate, 'errors', { get: () => fn?.errors });
      return validate;
    };
  };
}

function lazySerializers(build: Factory<(data: unknown) => string>): Factory<(data: unknown) => string> {
  return (externalSchemas, options) => {
    const compile = build(externalSchemas, options);
    return (route) => {
      let fn: ((data: unknown) => string) | undefined;
      return (data: unknown) => (fn ??= compile(route))(data);
    };
  };
}

export function lazyCompilersFactory() {
  return {
    buildValidator: lazyValidators(ValidatorSelector() as unknown as Factory<Validator>),
    buildSerializer: lazySerializers(SerializerSelector() as unknown as Factory<(data: unknown) => string>),
  };
}
