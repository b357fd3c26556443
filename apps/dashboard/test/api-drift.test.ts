import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEmbeddedPlatform, type EmbeddedPlatform } from '../../../test/e2e/embedded.ts';
import { SCHEMA_FILE, committedSchema, generateSchema } from '../scripts/gen-api.ts';

/**
 * The typed client's drift check: the OpenAPI of a fresh embedded platform, turned into types the
 * way scripts/gen-api.ts does it, must equal the committed src/api/schema.d.ts. An API change the
 * dashboard has not taken in fails here (and the typecheck then shows every call it breaks).
 */
let platform: EmbeddedPlatform;
beforeAll(async () => {
  platform = await startEmbeddedPlatform();
}, 120_000);
afterAll(async () => {
  await platform?.close();
});

describe('dashboard API types', () => {
  it('schema.d.ts matches the gateway OpenAPI', async () => {
    const fresh = await generateSchema(platform.gateway);
    const committed = committedSchema();
    if (fresh !== committed) {
      const a = committed.split('\n');
      const b = fresh.split('\n');
      const at = b.findIndex((line, i) => line !== a[i]);
      throw new Error(
        `${SCHEMA_FILE} is out of date with the gateway's OpenAPI (first difference at line ${at + 1}:\n` +
          `  committed: ${a[at] ?? '<end of file>'}\n  api:       ${b[at] ?? '<end of file>'})\n` +
          'Regenerate it with `npx tsx apps/dashboard/scripts/gen-api.ts`, then fix what the typecheck reports.',
      );
    }
    expect(fresh).toBe(committed);
  }, 60_000);
});
