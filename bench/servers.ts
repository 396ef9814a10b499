/**
 * The servers under test, each a child process on 127.0.0.1: how to start it, what it
 * supports, and a handle that stops it by PID. A {@link ChildRegistry} remembers every
 * child so the benchmark can kill them all on exit, errors and signals.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { ScenarioName } from './scenarios.js';

export const SERVER_NAMES = ['sqynamo', 'sqynamo-auto', 'dynalite', 'ceiling'] as const;
export type ServerName = (typeof SERVER_NAMES)[number];

/** The repository root (dist/bench/ -> ../..). */
export const REPO_ROOT = join(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** How to start a server and what it can do. */
export interface ServerSpec {
  readonly name: ServerName;
  /** Human label for tables. */
  readonly label: string;
  /** Runs Sqynamo (takes `--sqynamo-args` and `--cpu-prof`). */
  readonly sqynamo: boolean;
  /** Stores data (the ceiling does not: loading is skipped). */
  readonly storesData: boolean;
  /** Scenarios it cannot run, with the reason shown instead of figures. */
  readonly unsupported: Partial<Record<ScenarioName, string>>;
  /** node arguments (script first) for a port and data directory. */
  args(port: number, dataDir: string, extra: readonly string[]): string[];
}

const sqynamoArgs = (port: number, dataDir: string, extra: readonly string[]) => [
  join(REPO_ROOT, 'dist', 'sqynamo.mjs'),
  '--port',
  String(port),
  '--host',
  '127.0.0.1',
  '--data-dir',
  dataDir,
  ...extra,
];

/** The servers, in the order they run. */
export const SERVERS: Readonly<Record<ServerName, ServerSpec>> = {
  sqynamo: {
    name: 'sqynamo',
    label: 'Sqynamo',
    sqynamo: true,
    storesData: true,
    unsupported: {},
    // As a user starts it (default configuration: one process), bound to loopback only.
    args: sqynamoArgs,
  },
  'sqynamo-auto': {
    name: 'sqynamo-auto',
    label: 'Sqynamo --workers auto',
    sqynamo: true,
    storesData: true,
    unsupported: {},
    // The same bundle with one worker process per core (a cluster); last, so it wins over a --workers in --sqynamo-args.
    args: (port, dataDir, extra) => [...sqynamoArgs(port, dataDir, extra), '--workers', 'auto'],
  },
  dynalite: {
    name: 'dynalite',
    label: 'dynalite',
    sqynamo: false,
    storesData: true,
    unsupported: { TransactWriteItems: 'n/a (dynalite lacks TransactWriteItems)' },
    args: (port, dataDir, extra) => [join(REPO_ROOT, 'node_modules', 'dynalite', 'cli.js'), '--port', String(port), '--host', '127.0.0.1', '--path', dataDir, '--createTableMs', '0', ...extra],
  },
  ceiling: {
    name: 'ceiling',
    label: 'ceiling',
    sqynamo: false,
    storesData: false,
    unsupported: {},
    args: (port, _dataDir, extra) => [join(REPO_ROOT, 'dist', 'bench', 'ceiling-server.js'), '--port', String(port), '--host', '127.0.0.1', ...extra],
  },
};

/** A free TCP port on 127.0.0.1 (asks the kernel, then releases it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const address = server.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  server.close();
  await once(server, 'close');
  if (port === 0) throw new Error('could not find a free port');
  return port;
}

/** The last bytes a stream wrote (bounded). */
class Tail {
  #text = '';
  constructor(private readonly max = 4096) {}
  push(chunk: Buffer): void {
    this.#text = (this.#text + chunk.toString('utf8')).slice(-this.max);
  }
  toString(): string {
    return this.#text;
  }
}

/** A running server child process. */
export class ServerProcess {
  readonly pid: number;
  /** process.hrtime time of the spawn, nanoseconds. */
  readonly spawnedAtNs: bigint;
  readonly #stderr = new Tail();
  #exit: { code: number | null; signal: NodeJS.Signals | null } | undefined;
  readonly #exited: Promise<void>;

  constructor(child: ChildProcess, spawnedAtNs: bigint) {
    if (child.pid === undefined) throw new Error('server process did not start');
    this.pid = child.pid;
    this.spawnedAtNs = spawnedAtNs;
    child.stderr?.on('data', (chunk: Buffer) => this.#stderr.push(chunk));
    this.#exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.#exit = { code, signal };
        resolve();
      });
    });
  }

  /** Whether it has exited, and how. */
  get exit(): { code: number | null; signal: NodeJS.Signals | null } | undefined {
    return this.#exit;
  }

  /** The last 4 KB it wrote to stderr. */
  get stderr(): string {
    return this.#stderr.toString();
  }

  /** SIGTERM, then SIGKILL if it has not exited within `graceMs`. Resolves once it has exited. */
  async stop(graceMs = 10_000): Promise<void> {
    if (this.#exit !== undefined) return;
    process.kill(this.pid, 'SIGTERM');
    const timer = setTimeout(() => {
      if (this.#exit === undefined) process.kill(this.pid, 'SIGKILL');
    }, graceMs);
    await this.#exited;
    clearTimeout(timer);
  }

  /** Immediate SIGKILL (exit paths that cannot wait). */
  killNow(): void {
    if (this.#exit !== undefined) return;
    try {
      process.kill(this.pid, 'SIGKILL');
    } catch {
      // already gone
    }
  }
}

/** Every child the benchmark started, to be killed by PID whatever happens. */
export class ChildRegistry {
  readonly #children = new Set<ServerProcess>();

  /** Spawns `node <nodeArgs> <args>` with stdout discarded and stderr kept for diagnostics. */
  spawnNode(args: readonly string[], nodeArgs: readonly string[], cwd: string): ServerProcess {
    const spawnedAtNs = process.hrtime.bigint();
    const child = spawn(process.execPath, [...nodeArgs, ...args], { cwd, stdio: ['ignore', 'ignore', 'pipe'] });
    const server = new ServerProcess(child, spawnedAtNs);
    this.#children.add(server);
    child.once('exit', () => this.#children.delete(server));
    return server;
  }

  /** SIGKILLs every child still running (synchronous: usable in an 'exit' handler). */
  killAll(): void {
    for (const child of this.#children) child.killNow();
  }
}
