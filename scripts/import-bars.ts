/**
 * `npm run import:bars -- <SYMBOL> <file.csv> [1Min|1Day]`: imports a CSV of bars (Yahoo, Alpaca
 * or Polygon columns) into a running platform through the gateway's `POST /v1/market/import`.
 *
 * The file is checked here first with the same parser the service uses, so a bad file is
 * reported by line and nothing is sent; a file larger than the gateway's 1 MiB body limit is then
 * sent in pieces of whole rows, each with the header. Signs in as TRADEPLANE_EMAIL /
 * TRADEPLANE_PASSWORD (default: the embedded demo login, the first user and so an admin), or
 * uses TRADEPLANE_TOKEN; the gateway is TRADEPLANE_URL (default http://127.0.0.1:8000).
 */
import { readFileSync } from 'node:fs';
import { Type, type Static } from 'typebox';
import { loadConfig, processEnv } from '@tradeplane/kit';
import { parseBarsCsv } from '@tradeplane/market-data';

const Config = Type.Object({
  TRADEPLANE_URL: Type.String({ default: 'http://127.0.0.1:8000' }),
  TRADEPLANE_TOKEN: Type.Optional(Type.String()),
  TRADEPLANE_EMAIL: Type.String({ default: 'demo@tradeplane.local' }),
  TRADEPLANE_PASSWORD: Type.String({ default: 'demo-password-123' }),
});

/** Below the gateway's 1 MiB limit, with room for a long header. */
const MAX_PIECE_BYTES = 900_000;

function usage(): never {
  console.error('usage: npm run import:bars -- <SYMBOL> <file.csv> [1Min|1Day]');
  process.exit(2);
}

async function token(cfg: Static<typeof Config>): Promise<string> {
  if (cfg.TRADEPLANE_TOKEN) return cfg.TRADEPLANE_TOKEN;
  const res = await fetch(`${cfg.TRADEPLANE_URL}/v1/auth/login`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ email: cfg.TRADEPLANE_EMAIL, password: cfg.TRADEPLANE_PASSWORD }),
  });
  const body = (await res.json()) as { accessToken?: string; detail?: string };
  if (!res.ok || !body.accessToken)
    throw new Error(`sign-in as ${cfg.TRADEPLANE_EMAIL} failed: ${res.status} ${body.detail ?? ''}`);
  return body.accessToken;
}

/** Whole rows, each piece under the size limit and starting with the header. */
function pieces(text: string): string[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const header = lines[0] ?? '';
  const out: string[] = [];
  let current: string[] = [];
  let size = header.length + 1;
  for (const line of lines.slice(1)) {
    if (line.trim() === '') continue;
    if (current.length > 0 && size + line.length + 1 > MAX_PIECE_BYTES) {
      out.push([header, ...current].join('\n'));
      current = [];
      size = header.length + 1;
    }
    current.push(line);
    size += line.length + 1;
  }
  if (current.length > 0) out.push([header, ...current].join('\n'));
  return out;
}

async function main(): Promise<void> {
  const [symbol, file, timeframe] = process.argv.slice(2);
  if (!symbol || !file || (timeframe !== undefined && timeframe !== '1Min' && timeframe !== '1Day')) usage();
  const cfg = loadConfig(Config, processEnv());
  const text = readFileSync(file, 'utf8');
  const checked = parseBarsCsv(text);
  if (checked.errors.length > 0) {
    console.error(`${file}: nothing imported; fix these rows first:`);
    for (const e of checked.errors) console.error(`  line ${e.line}: ${e.message}`);
    process.exit(1);
  }
  // Multi-line quoted fields cannot be split by line; such a file goes in one piece.
  const parts = /"[^"]*\n/.test(text) ? [text] : pieces(text);
  const auth = await token(cfg);
  let rows = 0;
  for (const [i, part] of parts.entries()) {
    const query = new URLSearchParams({ symbol, ...(timeframe ? { timeframe } : {}) });
    const res = await fetch(`${cfg.TRADEPLANE_URL}/v1/market/import?${query}`, {
      method: 'POST',
      headers: { 'content-type': 'text/csv', authorization: `Bearer ${auth}` },
      body: part,
    });
    const body = (await res.json()) as {
      rows?: number;
      format?: string;
      timeframe?: string;
      detail?: string;
      errors?: unknown;
    };
    if (res.status !== 201) {
      console.error(
        `piece ${i + 1}/${parts.length} refused (${res.status}): ${body.detail ?? ''}`,
        body.errors ?? '',
      );
      process.exit(1);
    }
    rows += body.rows ?? 0;
    console.log(`piece ${i + 1}/${parts.length}: ${body.rows} ${body.timeframe} bars (${body.format})`);
  }
  console.log(`imported ${rows} bars of ${symbol.toUpperCase()}`);
}

await main();
