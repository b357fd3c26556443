import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { cpuProfileArgs, createLogger, Supervisor } from '../src/index.ts';

async function until(check: () => boolean, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    if (check()) return;
    await new Promise((r) => setTimeout(r, 50));
  }
  throw new Error('condition not met');
}

describe('supervisor', () => {
  it('restarts a child that dies and stops every child on stop()', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'tp-sup-'));
    const counter = join(dir, 'starts');
    writeFileSync(counter, '');
    const crasher = join(dir, 'crasher.mjs');
    // Dies at once on its first two starts, then stays up.
    writeFileSync(
      crasher,
      `import { appendFileSync, readFileSync } from 'node:fs';
       appendFileSync(${JSON.stringify(counter)}, 'x');
       if (readFileSync(${JSON.stringify(counter)}, 'utf8').length < 3) process.exit(3);
       setInterval(() => {}, 1000);`,
    );
    const sup = new Supervisor({
      processes: [{ name: 'crasher', entry: crasher }],
      log: createLogger('silent'),
      baseEnv: {},
      minBackoffMs: 20,
      execArgv: [],
      graceMs: 2000,
    });
    sup.start();
    await until(() => readFileSync(counter, 'utf8').length >= 3, 10_000);
    expect(sup.restarts('crasher')).toBe(2);
    const pid = sup.pids().crasher!;
    await until(() => {
      try {
        process.kill(pid, 0);
        return true;
      } catch {
        return false;
      }
    }, 5000);
    await sup.stop();
    expect(() => process.kill(pid, 0)).toThrow();
  });
});

describe('cpu profiles of chosen children', () => {
  it('adds --cpu-prof for the services named, each into its own directory', () => {
    const env = { CPU_PROF_SERVICES: 'orders, risk', CPU_PROF_DIR: '/profiles' };
    expect(cpuProfileArgs('orders', env)).toEqual(['--cpu-prof', '--cpu-prof-dir=/profiles/orders']);
    expect(cpuProfileArgs('gateway', env)).toEqual([]);
    expect(cpuProfileArgs('gateway', { CPU_PROF_SERVICES: '*', CPU_PROF_DIR: '/p' })).toEqual([
      '--cpu-prof',
      '--cpu-prof-dir=/p/gateway',
    ]);
    expect(cpuProfileArgs('orders', {})).toEqual([]);
  });
});
