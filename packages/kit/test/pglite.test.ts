import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError, createEmbeddedPlatform } from '../src/index.ts';
import type { AnyDB } from '../src/db.ts';

const dirs: string[] = [];
afterAll(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});
const dataDir = () => {
  const d = mkdtempSync(join(tmpdir(), 'tradeplane-kit-pglite-'));
  dirs.push(d);
  return d;
};
const sharedBuffers = async (db: AnyDB) =>
  (await sql<{ shared_buffers: string }>`show shared_buffers`.execute(db)).rows[0]!.shared_buffers;

describe('the embedded database', () => {
  it('opens with a 32MB buffer cache by default, and PGLITE_SHARED_BUFFERS sets it', async () => {
    const plain = await createEmbeddedPlatform({
      env: { TRADEPLANE_DATA_DIR: dataDir(), LOG_LEVEL: 'silent' },
    });
    try {
      expect(await sharedBuffers((await plain.database('kit')).db)).toBe('32MB');
    } finally {
      await plain.close();
    }
    const set = await createEmbeddedPlatform({
      env: { TRADEPLANE_DATA_DIR: dataDir(), LOG_LEVEL: 'silent', PGLITE_SHARED_BUFFERS: '16MB' },
    });
    try {
      expect(await sharedBuffers((await set.database('kit')).db)).toBe('16MB');
    } finally {
      await set.close();
    }
  });

  it('refuses a shared_buffers value PostgreSQL would not read, before opening anything', async () => {
    await expect(
      createEmbeddedPlatform({ env: { TRADEPLANE_DATA_DIR: dataDir(), PGLITE_SHARED_BUFFERS: 'lots' } }),
    ).rejects.toBeInstanceOf(ConfigError);
  });
});
