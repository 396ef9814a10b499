/**
 * Multi-core mode (`--workers N`): this primary process forks N worker processes. Each
 * worker is a whole Sqynamo server (server.ts) over the same data directory; node's
 * cluster module shares the listening port and hands connections to the workers in turn.
 *
 * What keeps N processes correct over one set of SQLite files:
 * - every write runs under BEGIN IMMEDIATE (WAL, busy timeout), so conditional writes,
 *   batches and transactions stay atomic across processes;
 * - table definitions cached by a worker are checked against the catalog version each
 *   time a request looks a table up or a write transaction begins
 *   (storage/sqlite/account-database.ts), and a request that raced a definition change is
 *   run again (api/dispatch.ts);
 * - a write that finds another worker holding the write lock waits without blocking and
 *   runs again (storage/sqlite/tenant-store.ts);
 * - ClientRequestTokens are kept in the account's database;
 * - only worker 0 sweeps expired TTL items; index backfills are cursor-driven and
 *   transactional, so any worker may resume one;
 * - the STS secret is created here, before any worker starts, so they all load the same.
 *
 * The primary restarts a worker that dies after it started listening. If a worker fails
 * before it listens (a port in use, a bad data directory), the primary stops them all and
 * exits with status 1. SIGTERM/SIGINT stop the workers (each finishes its requests and
 * commits); SIGHUP reaches every worker (access_keys.csv reload).
 */
import cluster, { type Worker } from 'node:cluster';
import { mkdirSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import type { Config } from './config.js';
import { loadStsSecret } from './control-plane/sts-secret.js';
import type { Logger } from './log.js';

/** Environment variable that tells a forked worker its index (0 .. N-1). */
export const WORKER_INDEX_ENV = 'SQYNAMO_WORKER_INDEX';

export interface RunningCluster {
  /** Resolves, once every worker listens, with the URL they serve; rejects when one cannot start. */
  readonly ready: Promise<{ url: string; port: number }>;
  /** Stops every worker (also while they start); resolves once all have exited. */
  close(): Promise<void>;
  /** Forwards SIGHUP to every worker. */
  reload(): void;
}

/**
 * Forks `config.workers` workers, each running the script `entry` with this process's
 * arguments; `ready` resolves once every one of them is listening.
 */
export function startCluster(config: Config, log: Logger, entry: string): RunningCluster {
  cluster.setupPrimary({ exec: entry, args: process.argv.slice(2) });
  if (!config.inMemory) mkdirSync(config.dataDir, { recursive: true });
  // Create the generated STS secret once, here: workers racing to create it could read it half-written.
  // (DynamoDB Local mode serves no STS, and its data directory holds no AWS-mode files)
  if (config.compat === 'aws') loadStsSecret({ secret: config.stsSecret, file: config.stsSecretFile, dataDir: config.inMemory ? undefined : config.dataDir });

  const workers = new Map<number, Worker>();
  let stopping = false;
  let exited: () => void = () => {};
  let listening = 0;
  let address: AddressInfo | undefined;
  let resolveReady!: (where: { url: string; port: number }) => void;
  let rejectReady!: (err: Error) => void;
  const ready = new Promise<{ url: string; port: number }>((resolve, reject) => {
    resolveReady = resolve;
    rejectReady = reject;
  });
  ready.catch(() => {}); // the caller handles it; a close() during startup leaves it pending

  const displayHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : config.host.includes(':') ? `[${config.host}]` : config.host;

  const fork = (index: number): void => {
    const worker = cluster.fork({ [WORKER_INDEX_ENV]: String(index) });
    workers.set(index, worker);
    let ready = false;
    worker.once('listening', (where: AddressInfo) => {
      ready = true;
      address ??= where;
      log.info({ worker: index, pid: worker.process.pid }, 'worker listening');
      if (++listening === config.workers) resolveReady({ url: `http://${displayHost}:${address.port}`, port: address.port });
    });
    worker.once('exit', (code, signal) => {
      workers.delete(index);
      if (stopping) {
        if (workers.size === 0) exited();
        return;
      }
      if (!ready && listening < config.workers) {
        // a worker that cannot start would fail again: give up
        stopping = true;
        for (const other of workers.values()) other.process.kill('SIGTERM');
        rejectReady(new Error(`worker ${index} exited before listening (${signal ?? `status ${code}`})`));
        return;
      }
      log.error({ worker: index, code, signal }, 'worker died; starting another');
      listening--;
      fork(index);
    });
  };

  // Forked on the next turn: the caller installs its signal handlers first.
  setImmediate(() => {
    if (stopping) return;
    log.debug({ workers: config.workers }, 'starting the workers');
    for (let i = 0; i < config.workers; i++) fork(i);
  });
  return {
    ready,
    reload() {
      for (const worker of workers.values()) worker.process.kill('SIGHUP');
    },
    close() {
      stopping = true;
      if (workers.size === 0) {
        rejectReady(new Error('stopped before the workers started'));
        return Promise.resolve();
      }
      const done = new Promise<void>((r) => (exited = r));
      for (const worker of workers.values()) worker.process.kill('SIGTERM');
      return done;
    },
  };
}

/** This process's worker index: 0 .. N-1 in a cluster worker, undefined when serving alone. */
export function workerIndex(env: Record<string, string | undefined>): number | undefined {
  if (!cluster.isWorker) return undefined;
  const index = Number(env[WORKER_INDEX_ENV]);
  return Number.isInteger(index) && index >= 0 ? index : 0;
}
