/**
 * Generates apps/dashboard/src/api/schema.d.ts (the typed client's types) with openapi-typescript
 * from the gateway's OpenAPI documents: the gateway serves each service's document at
 * `/docs/openapi/<service>.json` (the one Swagger UI at /docs lists them all); this merges the
 * native `/v1` paths of every service that is up into one document.
 *
 *   npx tsx apps/dashboard/scripts/gen-api.ts                 # boots the embedded platform in-process
 *   npx tsx apps/dashboard/scripts/gen-api.ts --url http://127.0.0.1:8000   # reads a running one
 *
 * apps/dashboard/test/api-drift.test.ts regenerates it from a fresh embedded platform and fails
 * when the committed file differs, so an API change that the dashboard has not taken in fails the
 * build.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import process from 'node:process';
import openapiTS, { astToString, type OpenAPI3 } from 'openapi-typescript';
import { format, resolveConfig } from 'prettier';

export const SCHEMA_FILE = fileURLToPath(new URL('../src/api/schema.d.ts', import.meta.url));

const HEADER = `/**
 * GENERATED FILE — do not edit. The gateway's public API (every service's native /v1 paths) as
 * openapi-typescript types. Regenerate with \`npx tsx apps/dashboard/scripts/gen-api.ts\`;
 * apps/dashboard/test/api-drift.test.ts fails when this file is out of date.
 */
`;

async function getJson(url: string): Promise<{ status: number; body: unknown }> {
  const res = await fetch(url, { headers: { accept: 'application/json' } });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* not JSON */
  }
  return { status: res.status, body };
}

/** Waits for every required service to be ready, then lists the services the gateway knows. */
async function serviceNames(gateway: string, timeoutMs = 60_000): Promise<string[]> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const health = await getJson(`${gateway}/health`).catch(() => ({ status: 0, body: undefined }));
    const services = (health.body as { services?: Record<string, unknown> } | undefined)?.services;
    if (health.status === 200 && services) return ['gateway', ...Object.keys(services)].sort();
    if (Date.now() > deadline)
      throw new Error(`the gateway at ${gateway} is not ready (/health ${health.status})`);
    await new Promise((r) => setTimeout(r, 300));
  }
}

/** One OpenAPI document with the native paths of every service, paths sorted for a stable output. */
export async function mergedSpec(gateway: string): Promise<OpenAPI3> {
  const paths: Record<string, unknown> = {};
  for (const name of await serviceNames(gateway)) {
    const doc = await getJson(`${gateway}/docs/openapi/${name}.json`);
    if (doc.status !== 200) throw new Error(`GET /docs/openapi/${name}.json answered ${doc.status}`);
    for (const [path, item] of Object.entries(
      (doc.body as { paths?: Record<string, unknown> }).paths ?? {},
    )) {
      if (!path.startsWith('/v1/') && path !== '/health') continue;
      if (paths[path]) throw new Error(`${path} is served by two services`);
      paths[path] = item;
    }
  }
  const sorted = Object.fromEntries(
    Object.keys(paths)
      .sort()
      .map((p) => [p, paths[p]]),
  );
  return { openapi: '3.1.0', info: { title: 'Tradeplane public API', version: '1' }, paths: sorted as never };
}

export async function generateSchema(gateway: string): Promise<string> {
  const ast = await openapiTS(await mergedSpec(gateway), { silent: true });
  const text = HEADER + astToString(ast);
  const options = (await resolveConfig(SCHEMA_FILE)) ?? {};
  return format(text, { ...options, filepath: SCHEMA_FILE });
}

export function committedSchema(): string {
  try {
    return readFileSync(SCHEMA_FILE, 'utf8');
  } catch {
    return '';
  }
}

async function main(): Promise<void> {
  const i = process.argv.indexOf('--url');
  const url = i > 0 ? process.argv[i + 1] : process.env.TRADEPLANE_URL;
  let close = async () => {};
  let gateway = url;
  if (!gateway) {
    const { startEmbeddedPlatform } = await import('../../../test/e2e/embedded.ts');
    const platform = await startEmbeddedPlatform();
    gateway = platform.gateway;
    close = () => platform.close();
  }
  try {
    const text = await generateSchema(gateway);
    const changed = text !== committedSchema();
    if (changed) writeFileSync(SCHEMA_FILE, text);
    process.stdout.write(`${changed ? 'wrote' : 'unchanged:'} ${SCHEMA_FILE}\n`);
  } finally {
    await close();
  }
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  main().then(
    () => process.exit(0),
    (err: unknown) => {
      process.stderr.write(`${(err as Error).stack ?? String(err)}\n`);
      process.exit(1);
    },
  );
}
