/**
 * `tsx bench/profile-summary.ts <dir or .cpuprofile…> [--top=25] [--last=20] [--all-threads]`: reads V8 CPU profiles (from
 * `npm run bench -- --profile=…`) and prints, per profile, where the samples went — by area
 * (idle, GC, the service's own code, the kit, each package, Node internals) and the functions
 * with the most self time, each as a share of the busy (non-idle) samples.
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}
interface CpuProfile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const args = process.argv.slice(2);
const top = Number(args.find((a) => a.startsWith('--top='))?.slice(6) ?? 25);
/** Only the last N seconds of each profile (the load, not the start-up that loads and compiles). */
const lastS = Number(args.find((a) => a.startsWith('--last='))?.slice(7) ?? 0);
const inputs = args.filter((a) => !a.startsWith('--'));
if (inputs.length === 0) {
  process.stderr.write('usage: tsx bench/profile-summary.ts <dir or .cpuprofile…> [--top=25]\n');
  process.exit(2);
}
/** Every .cpuprofile under a directory, with the directory it was in (the service's name). */
function walk(dir: string): string[] {
  return readdirSync(dir)
    .sort()
    .flatMap((f) => {
      const path = join(dir, f);
      if (statSync(path).isDirectory()) return walk(path);
      return f.endsWith('.cpuprofile') ? [path] : [];
    });
}
// A process writes one profile per thread; the module-loader thread of `--import tsx` only loads
// modules, so of each directory's files the largest (the main thread) is the one read, unless
// `--all-threads`.
const allThreads = args.includes('--all-threads');
const files = inputs.flatMap((p) => {
  if (!statSync(p).isDirectory()) return [p];
  const found = walk(p);
  if (allThreads) return found;
  const largest = new Map<string, string>();
  for (const f of found) {
    const d = dirname(f);
    const cur = largest.get(d);
    if (!cur || statSync(f).size > statSync(cur).size) largest.set(d, f);
  }
  return [...largest.values()];
});

/** Where a frame's code lives, coarsely: a package, the kit, a service, Node itself. */
function area(f: CallFrame): string {
  const name = f.functionName;
  if (name === '(idle)') return '(idle)';
  if (name === '(garbage collector)') return '(gc)';
  if (name === '(program)' || name === '(root)') return '(program)';
  const url = f.url;
  if (!url) return '(native)';
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + '/node_modules/'.length).split('/');
    return rest[0]!.startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0]!;
  }
  if (url.startsWith('node:')) return 'node:internal';
  const m = /\/(services\/[^/]+|packages\/[^/]+|apps\/[^/]+|scripts)\//.exec(url);
  return m ? m[1]! : url;
}

const shortUrl = (url: string) => {
  const nm = url.lastIndexOf('/node_modules/');
  if (nm >= 0) return url.slice(nm + '/node_modules/'.length);
  const m = /\/((?:services|packages|apps|scripts)\/.*)$/.exec(url);
  return m ? m[1]! : url.replace(/^file:\/\//, '');
};

const pct = (n: number, of: number) => `${((n / of) * 100).toFixed(1).padStart(5)}%`;

for (const file of files) {
  const p = JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
  const byId = new Map(p.nodes.map((n) => [n.id, n]));
  // Self time per node: the sample's time delta goes to the node that was on top of the stack.
  const selfUs = new Map<number, number>();
  const from = lastS > 0 ? p.endTime - lastS * 1e6 : -Infinity;
  let at = p.startTime;
  for (let i = 0; i < p.samples.length; i++) {
    const id = p.samples[i]!;
    const delta = Math.max(0, p.timeDeltas[i] ?? 0);
    at += delta;
    if (at < from) continue;
    selfUs.set(id, (selfUs.get(id) ?? 0) + delta);
  }
  let total = 0;
  let idle = 0;
  const areas = new Map<string, number>();
  const fns = new Map<string, number>();
  for (const [id, us] of selfUs) {
    const f = byId.get(id)!.callFrame;
    total += us;
    const a = area(f);
    if (a === '(idle)') {
      idle += us;
      continue;
    }
    areas.set(a, (areas.get(a) ?? 0) + us);
    const key = `${f.functionName || '(anonymous)'}  ${f.url ? `${shortUrl(f.url)}:${f.lineNumber + 1}` : ''}`;
    fns.set(key, (fns.get(key) ?? 0) + us);
  }
  // Inclusive time of the platform's own functions (services/, packages/): a function counts once
  // per sample however deep it recurses, so "placeOrder 60%" means 60% of busy samples ran under it.
  const parent = new Map<number, number>();
  for (const n of p.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const inclusive = new Map<string, number>();
  for (const [id, us] of selfUs) {
    if (area(byId.get(id)!.callFrame) === '(idle)') continue;
    const seen = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      if (!/\/(services|packages)\//.test(f.url) || f.url.includes('/node_modules/')) continue;
      const key = `${f.functionName || '(anonymous)'}  ${shortUrl(f.url)}:${f.lineNumber + 1}`;
      if (seen.has(key)) continue;
      seen.add(key);
      inclusive.set(key, (inclusive.get(key) ?? 0) + us);
    }
  }
  const busy = total - idle;
  const wall = (p.endTime - Math.max(p.startTime, from)) / 1e6;
  process.stdout.write(
    `\n## ${basename(dirname(file))}/${basename(file)}: ${wall.toFixed(1)} s profiled, busy ${(busy / 1e6).toFixed(1)} s (${pct(busy, total).trim()} of samples)\n\n`,
  );
  process.stdout.write('by area (share of busy time):\n');
  for (const [a, us] of [...areas].sort((x, y) => y[1] - x[1]).slice(0, 15))
    process.stdout.write(`  ${pct(us, busy)}  ${a}\n`);
  process.stdout.write(`\ntop ${top} functions by self time (share of busy time):\n`);
  for (const [k, us] of [...fns].sort((x, y) => y[1] - x[1]).slice(0, top))
    process.stdout.write(`  ${pct(us, busy)}  ${k}\n`);
  process.stdout.write(`\ntop ${top} of the platform's functions by inclusive time (share of busy time):\n`);
  for (const [k, us] of [...inclusive].sort((x, y) => y[1] - x[1]).slice(0, top))
    process.stdout.write(`  ${pct(us, busy)}  ${k}\n`);
}
