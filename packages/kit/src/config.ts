import { Type, type Static, type TObject, type TProperties } from 'typebox';
import { Value } from 'typebox/value';

/**
 * Configuration is read from the environment once, at boot, validated against a TypeBox schema,
 * converted to its types and frozen. A bad or missing value stops the boot with the list of every
 * key that is wrong. This is the only module of the platform that reads `process.env`.
 */
export class ConfigError extends Error {
  readonly problems: string[];
  constructor(problems: string[]) {
    super(`invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
    this.problems = problems;
  }
}

export type Env = Record<string, string | undefined>;

/** The process environment, as a plain copy. Only boot code calls this. */
export function processEnv(): Env {
  return { ...process.env };
}

/**
 * Schema property names are the environment variable names (UPPER_SNAKE). Values are converted
 * (strings to numbers/booleans) and defaults applied before checking.
 */
export function loadConfig<T extends TProperties>(
  schema: TObject<T>,
  env: Env = processEnv(),
): Readonly<Static<TObject<T>>> {
  const raw: Record<string, unknown> = {};
  for (const key of Object.keys(schema.properties)) {
    const v = env[key];
    if (v !== undefined && v !== '') raw[key] = v;
  }
  const withDefaults = Value.Default(schema, raw);
  const converted = Value.Convert(schema, withDefaults);
  if (!Value.Check(schema, converted)) {
    const problems = new Map<string, string>();
    for (const e of Value.Errors(schema, converted)) {
      const key = errorKey(e.instancePath, e.params);
      if (!problems.has(key)) problems.set(key, `${key}: ${e.message}${describeValue(converted, key)}`);
    }
    throw new ConfigError([...problems.values()]);
  }
  return Object.freeze(converted as Static<TObject<T>>);
}

function errorKey(instancePath: string, params: unknown): string {
  const fromPath = instancePath.replace(/^\//, '').split('/')[0];
  if (fromPath) return fromPath;
  const p = params as { requiredProperties?: string[]; missingProperty?: string } | undefined;
  return p?.requiredProperties?.[0] ?? p?.missingProperty ?? '(root)';
}

function describeValue(obj: unknown, key: string): string {
  const v = (obj as Record<string, unknown>)[key];
  if (v === undefined) return ' (missing)';
  if (/SECRET|PASSWORD|TOKEN|KEY/.test(key)) return '';
  return ` (got ${JSON.stringify(v)})`;
}

/** Helpers for common config shapes. */
export const Cfg = {
  port: (dflt: number) => Type.Integer({ minimum: 0, maximum: 65535, default: dflt }),
  url: () => Type.String({ pattern: '^[a-z][a-z0-9+.-]*://' }),
  bool: (dflt: boolean) => Type.Boolean({ default: dflt }),
  int: (dflt: number, min = 0, max = Number.MAX_SAFE_INTEGER) =>
    Type.Integer({ minimum: min, maximum: max, default: dflt }),
  str: (dflt: string) => Type.String({ default: dflt }),
  optional: <S extends Parameters<typeof Type.Optional>[0]>(s: S) => Type.Optional(s),
};
