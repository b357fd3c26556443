// Bundles the launchers into dist/ so `npm start` loads one file instead of transpiling hundreds
// of TypeScript modules at every start. Only the platform's own workspace packages are bundled;
// every npm dependency stays external and loads from node_modules as usual.
import { build } from 'esbuild';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import process from 'node:process';

/** Newest modification time under the source folders, to skip a build that is already current. */
function newest(dir) {
  let t = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    if (e.name === 'node_modules' || e.name === 'test' || e.name === 'dist') continue;
    const p = join(dir, e.name);
    t = Math.max(t, e.isDirectory() ? newest(p) : statSync(p).mtimeMs);
  }
  return t;
}

const started = Date.now();
const sources = Math.max(
  ...['packages', 'services', 'scripts', 'package-lock.json'].map((d) =>
    statSync(d).isDirectory() ? newest(d) : statSync(d).mtimeMs,
  ),
);
let built = 0;
try {
  built = Math.min(statSync('dist/start.mjs').mtimeMs, statSync('dist/service.mjs').mtimeMs);
} catch {
  /* not built yet */
}
if (built > sources && !process.argv.includes('--force')) process.exit(0);
await build({
  entryPoints: { start: 'scripts/start.ts', service: 'scripts/service.ts' },
  outdir: 'dist',
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  sourcemap: 'linked',
  outExtension: { '.js': '.mjs' },
  logLevel: 'warning',
  plugins: [
    {
      name: 'external-npm-packages',
      setup(b) {
        b.onResolve({ filter: /^[^./]/ }, (args) =>
          args.path.startsWith('@tradeplane/') ? undefined : { path: args.path, external: true },
        );
      },
    },
  ],
});
process.stdout.write(`built dist/ in ${Date.now() - started} ms\n`);
