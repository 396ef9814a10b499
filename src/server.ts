/**
 * Builds and starts a Sqynamo server from a Config. Used by main.ts and by the tests,
 * which start real servers on port 0.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AccessKeysFile } from './auth/access-keys-file.js';
import { testCredentialResolver, type CredentialResolver } from './auth/credentials.js';
import type { Config } from './config.js';
import { createControlPlane, type ControlPlane } from './control-plane/control-plane.js';
import { loadStsSecret } from './control-plane/sts-secret.js';
import { createApiHandler } from './http/api-handler.js';
import { requestIdSource } from './http/wire.js';
import { LargeBodies } from './http/large-bodies.js';
import { applyConnectionLimit, httpServerOptions } from './http/limits.js';
import { createNodeListener } from './http/node-listener.js';
import type { Logger } from './log.js';
import { SqliteStorage } from './storage/sqlite/sqlite-storage.js';
import type { Storage } from './storage/types.js';
import { startTtlSweeper } from './api/time-to-live/ttl-sweeper.js';
import { prepareDataDir, type ModeChange } from './storage/data-dir.js';

export interface RunningServer {
  readonly port: number;
  readonly host: string;
  /** e.g. http://127.0.0.1:8000 */
  readonly url: string;
  readonly storage: Storage;
  readonly accessKeys: AccessKeysFile | undefined;
  /** Root users, STS and the IAM account. */
  readonly controlPlane: ControlPlane;
  /** Stops accepting connections, finishes in-flight requests, closes the databases. */
  close(): Promise<void>;
}

export interface StartOptions {
  readonly log: Logger;
  /** Epoch milliseconds; tests inject a clock. */
  readonly now?: () => number;
  /** Run the TTL sweeper (default true; in a cluster only worker 0 sweeps). */
  readonly ttlSweeper?: boolean;
}

/** Logs each mode the data directory's preparation tightened. */
export function logModeChanges(log: Logger, changes: readonly ModeChange[]): void {
  for (const change of changes) log.warn(change, 'data directory permissions tightened');
}

export async function startServer(config: Config, options: StartOptions): Promise<RunningServer> {
  const { log } = options;
  if (!config.inMemory) logModeChanges(log, prepareDataDir(config.dataDir));
  const storage: Storage = new SqliteStorage({
    dataDir: config.dataDir,
    inMemory: config.inMemory,
    sync: config.sync,
    shared: config.workers > 1,
    onBackgroundError: (err) => log.error({ err }, 'background index work failed; retrying'),
  });
  const resolvers: CredentialResolver[] = [];
  if (config.testCredentials) resolvers.push(testCredentialResolver());
  let accessKeys: AccessKeysFile | undefined;
  if (config.accessKeysFile) {
    accessKeys = new AccessKeysFile(config.accessKeysFile, log);
    accessKeys.load();
    accessKeys.watch();
    resolvers.push(accessKeys);
  }
  const now = options.now ?? Date.now;
  let controlPlane: ControlPlane;
  try {
    const stsSecret = loadStsSecret({ secret: config.stsSecret, file: config.stsSecretFile, dataDir: config.inMemory ? undefined : config.dataDir });
    log.info({ origin: stsSecret.origin, file: stsSecret.file ?? null }, 'STS secret loaded');
    // Chain: test credentials -> access_keys.csv -> STS session tokens -> root users' keys.
    controlPlane = await createControlPlane({
      iamAccount: config.iamAccount,
      stsSecret: stsSecret.secret,
      tenant: (accountId, region) => storage.tenant(accountId, region),
      bootstrap: resolvers,
      accessKeyRecords: () => accessKeys?.records() ?? [],
      log,
      now,
      // other workers write the IAM table too: notice their commits on every key lookup
      ...(config.workers > 1 && !config.inMemory ? { foreignVersion: (accountId: string) => storage.foreignVersion(accountId) } : {}),
    });
  } catch (err) {
    accessKeys?.close();
    await storage.close();
    throw err;
  }
  const largeBodies = new LargeBodies();
  const deps = { config, storage, credentials: controlPlane.credentials, log, now, sts: controlPlane.sts, guard: controlPlane.guard, largeBodies };
  const newRequestId = requestIdSource();
  const listener = createNodeListener({
    largeBodies,
    handle: createApiHandler(deps),
    newRequestId,
    maxBodyBytes: config.maxBodyBytes,
    // The hono app answers everything but POST (the health probe); loaded on first use.
    loadFallback: async () => {
      const [{ createApp }, { getRequestListener }] = await Promise.all([import('./http/app.js'), import('@hono/node-server')]);
      return getRequestListener(createApp(newRequestId, { console: config.console }).fetch);
    },
  });

  const server: Server = await new Promise((resolve, reject) => {
    const s = createServer(httpServerOptions(config), listener);
    applyConnectionLimit(s, config);
    s.listen(config.port, config.host, () => resolve(s));
    s.once('error', reject);
  });
  const stopTtl = config.ttlIntervalMs > 0 && options.ttlSweeper !== false ? startTtlSweeper(storage, config.ttlIntervalMs, now, log) : () => {};
  const address = server.address() as AddressInfo;
  const urlHost = address.family === 'IPv6' ? `[${address.address}]` : address.address;
  const displayHost = config.host === '0.0.0.0' || config.host === '::' ? 'localhost' : urlHost;

  let closing: Promise<void> | undefined;
  return {
    port: address.port,
    host: address.address,
    url: `http://${displayHost}:${address.port}`,
    storage,
    accessKeys,
    controlPlane,
    close() {
      closing ??= new Promise<void>((resolve) => {
        stopTtl();
        largeBodies.close();
        accessKeys?.close();
        server.close(() => {
          storage.close().then(resolve, resolve);
        });
        // keep-alive connections idle between requests would hold close() open
        server.closeIdleConnections();
      });
      return closing;
    },
  };
}
