import { fork, type ChildProcess } from 'node:child_process';
import { join, resolve } from 'node:path';
import type { Logger } from './logger.ts';

/**
 * A small process supervisor: one child per service, restarted with exponential backoff when it
 * dies, all stopped on SIGTERM/SIGINT (TERM first, KILL after a grace period). A child that ran
 * long enough resets its backoff, so a service that crashes once an hour restarts at once.
 */
export interface SupervisedProcess {
  name: string;
  /** Module to run with `node --import tsx`. */
  entry: string;
  args?: string[];
  env?: Record<string, string>;
}

export interface SupervisorOptions {
  processes: SupervisedProcess[];
  log: Logger;
  baseEnv: Record<string, string | undefined>;
  minBackoffMs?: number;
  maxBackoffMs?: number;
  /** A child alive this long has its backoff reset. */
  stableAfterMs?: number;
  graceMs?: number;
  execArgv?: string[];
}

interface Slot {
  spec: SupervisedProcess;
  child: ChildProcess | undefined;
  restarts: number;
  backoffMs: number;
  startedAt: number;
  timer: NodeJS.Timeout | undefined;
}

export class Supervisor {
  readonly #opts: Required<Omit<SupervisorOptions, 'execArgv'>> & { execArgv: string[] };
  readonly #slots = new Map<string, Slot>();
  #stopping = false;

  constructor(opts: SupervisorOptions) {
    this.#opts = {
      minBackoffMs: 250,
      maxBackoffMs: 15_000,
      stableAfterMs: 30_000,
      graceMs: 10_000,
      execArgv: ['--import', 'tsx'],
      ...opts,
    };
  }

  start(): void {
    for (const spec of this.#opts.processes) {
      const slot: Slot = {
        spec,
        child: undefined,
        restarts: 0,
        backoffMs: this.#opts.minBackoffMs,
        startedAt: 0,
        timer: undefined,
      };
      this.#slots.set(spec.name, slot);
      this.#spawn(slot);
    }
  }

  /** Pids of the running children, by name. */
  pids(): Record<string, number | undefined> {
    return Object.fromEntries([...this.#slots].map(([name, s]) => [name, s.child?.pid]));
  }

  restarts(name: string): number {
    return this.#slots.get(name)?.restarts ?? 0;
  }

  #spawn(slot: Slot): void {
    const { spec } = slot;
    const env = { ...this.#opts.baseEnv, ...spec.env };
    const child = fork(spec.entry, spec.args ?? [], {
      env: env as NodeJS.ProcessEnv,
      execArgv: [...this.#opts.execArgv, ...cpuProfileArgs(spec.name, env)],
      stdio: 'inherit',
    });
    slot.child = child;
    slot.startedAt = Date.now();
    this.#opts.log.info({ process: spec.name, pid: child.pid }, 'process started');
    child.once('exit', (code, signal) => {
      slot.child = undefined;
      if (this.#stopping) return;
      const ranMs = Date.now() - slot.startedAt;
      if (ranMs >= this.#opts.stableAfterMs) slot.backoffMs = this.#opts.minBackoffMs;
      const delay = slot.backoffMs;
      slot.backoffMs = Math.min(slot.backoffMs * 2, this.#opts.maxBackoffMs);
      slot.restarts += 1;
      this.#opts.log.warn(
        { process: spec.name, code, signal, restartInMs: delay },
        'process exited; restarting',
      );
      slot.timer = setTimeout(() => {
        slot.timer = undefined;
        if (!this.#stopping) this.#spawn(slot);
      }, delay);
    });
  }

  async stop(): Promise<void> {
    this.#stopping = true;
    const exits: Promise<void>[] = [];
    for (const slot of this.#slots.values()) {
      if (slot.timer) clearTimeout(slot.timer);
      const child = slot.child;
      if (!child || child.exitCode !== null) continue;
      exits.push(
        new Promise<void>((resolve) => {
          const kill = setTimeout(() => child.kill('SIGKILL'), this.#opts.graceMs);
          child.once('exit', () => {
            clearTimeout(kill);
            resolve();
          });
          child.kill('SIGTERM');
        }),
      );
    }
    await Promise.all(exits);
  }
}

/**
 * Opt-in CPU profiling of chosen children (the bench's `--profile`): `CPU_PROF_SERVICES` names
 * them (comma-separated, or `*` for all) and V8 writes their profiles under
 * `CPU_PROF_DIR/<name>/` when the child exits cleanly (a SIGTERM through closeOnSignals). A child
 * writes one file per thread (the module-loader thread of `--import tsx` included), so the file
 * names are V8's own (pid, thread id) and the directory says which service it was.
 */
export function cpuProfileArgs(name: string, env: Record<string, string | undefined>): string[] {
  const wanted = env.CPU_PROF_SERVICES?.split(',').map((s) => s.trim());
  if (!wanted || !(wanted.includes('*') || wanted.includes(name))) return [];
  return ['--cpu-prof', `--cpu-prof-dir=${join(resolve(env.CPU_PROF_DIR ?? 'cpu-profiles'), name)}`];
}
